/// Prints ipsets as `ipset restore` input: each set's `create` line, then one `add` line per
/// entry — the commands kube-proxy runs (`pkg/proxy/ipvs/ipset/ipset.go`, `createSet` and
/// `AddEntry`):
///
///     create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536
///     add KUBE-CLUSTER-IP 172.30.0.41,tcp:80
///     create KUBE-NODE-PORT-TCP bitmap:port range 0-65535
///
/// Sets are created without ipset's `comment` extension, as kube-proxy creates them; the
/// purpose text of each set lives in the `-m comment` of the iptables rule that matches it.
/// Every set is written, empty or not (kube-proxy ensures all of them on every sync).
public enum IPSetRenderer {
    public static func render(_ config: IPVSConfig) -> String {
        render(config.ipsets)
    }

    /// The text of `sets` (``renderChunks(_:)`` joined).
    public static func render(_ sets: [IPSet]) -> String {
        ParallelChunks.text(joining: renderChunks(sets))
    }

    /// ``render(_:)``'s bytes in consecutive pieces, handed to `emit` in order.
    public static func renderChunks(_ config: IPVSConfig, _ emit: ([UInt8]) -> Void) {
        for piece in renderChunks(config.ipsets) { emit(piece) }
    }

    /// One piece per set, rendered concurrently (a large cluster's cluster-IP set alone holds
    /// tens of thousands of entries); written one after the other they are the text.
    public static func renderChunks(_ sets: [IPSet]) -> [[UInt8]] {
        ParallelChunks.map(sets.indices.map { $0..<($0 + 1) }) { range -> [UInt8] in
            let set = sets[range.lowerBound]
            // `add NAME `, the start of every entry line.
            let prefix = Array("add \(set.name) ".utf8)
            var out: [UInt8] = []
            out.reserveCapacity(64 + set.entries.count * (prefix.count + 32))
            out += createLine(set).utf8
            out.append(UInt8(ascii: "\n"))
            set.entries.withUnsafeBufferPointer { entries in
                for entry in entries.indices {
                    out += prefix
                    entries[entry].appendText(to: &out)
                    out.append(UInt8(ascii: "\n"))
                }
            }
            return out
        }
    }

    /// `create NAME TYPE …` with the options kube-proxy passes for the type.
    public static func createLine(_ set: IPSet) -> String {
        switch set.type {
        case .bitmapPort:
            return "create \(set.name) \(set.type.rawValue) range \(set.portRange.lowerBound)-\(set.portRange.upperBound)"
        case .hashIP, .hashIPPort, .hashIPPortIP, .hashIPPortNet:
            return "create \(set.name) \(set.type.rawValue) family \(set.familyKeyword) hashsize \(set.hashSize) maxelem \(set.maxElements)"
        }
    }
}
