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

    /// The sets rendered concurrently (a large cluster's cluster-IP set alone holds tens of
    /// thousands of entries), joined in order.
    public static func render(_ sets: [IPSet]) -> String {
        let pieces = ParallelChunks.map(sets.indices.map { $0..<($0 + 1) }) { range -> String in
            let set = sets[range.lowerBound]
            var out = createLine(set)
            out.reserveCapacity(out.utf8.count + 1 + set.entries.count * (set.name.utf8.count + 32))
            out += "\n"
            for entry in set.entries {
                out += "add "
                out += set.name
                out += " "
                out += entry.description
                out += "\n"
            }
            return out
        }
        return pieces.joined()
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
