/// The order `ipvsadm-save -n` prints services and destinations in.
///
/// ipvsadm sorts with libipvs' `ipvs_cmp_services` / `ipvs_cmp_dests`: by address family, then
/// protocol number (TCP 6, UDP 17, SCTP 132), then address, then port. The address is compared
/// one 32-bit word at a time as `int r = ntohl(a) - ntohl(b)`: the unsigned difference read as a
/// signed int, so two words more than 2^31 apart compare the "wrong" way round (1.2.3.4 sorts
/// after 172.30.0.1, because 0x01020304 - 0xAC1E0001 wraps to a positive number).
///
/// That comparison is a cyclic ("serial number") order. Whenever the words being compared all
/// lie within one half of the circle it is a consistent total order — a rotation of the numeric
/// order — and every correct sort yields the same sequence; kuberules reproduces exactly that
/// sequence. When the words are spread over more than half the circle the comparison is not
/// transitive and ipvsadm's output depends on glibc's `qsort` and the kernel's hash order; then
/// kuberules falls back to numeric order (comparisons such as `kuberules diff` must therefore
/// treat an IPVS dump as a set of services, not a sequence).
public enum IPVSSaveOrder {
    /// Virtual servers in `ipvsadm-save` order, each with its real servers in order too.
    public static func sorted(_ servers: [VirtualServer]) -> [VirtualServer] {
        var result: [VirtualServer] = []
        for proto in TransportProtocol.allCases.sorted(by: { protocolNumber($0) < protocolNumber($1) }) {
            let group = servers.filter { $0.protocol == proto }
            let order = cyclicOrder(group.map { (words($0.address), $0.port) })
            result += order.map { index in
                var server = group[index]
                server.realServers = sorted(server.realServers)
                return server
            }
        }
        return result
    }

    /// Real servers in `ipvsadm-save` order (`ipvs_cmp_dests`: address, then port).
    public static func sorted(_ servers: [RealServer]) -> [RealServer] {
        cyclicOrder(servers.map { (words($0.address), $0.port) }).map { servers[$0] }
    }

    /// `IPPROTO_*` of a protocol, the second sort key.
    public static func protocolNumber(_ proto: TransportProtocol) -> Int {
        switch proto {
        case .tcp: return 6
        case .udp: return 17
        case .sctp: return 132
        }
    }

    /// The address as the 32-bit words libipvs compares (one for IPv4, four for IPv6).
    static func words(_ address: IPAddress) -> [UInt32] {
        switch address.storage {
        case .v4(let value):
            return [value]
        case .v6(let high, let low):
            return [UInt32(high >> 32), UInt32(truncatingIfNeeded: high), UInt32(low >> 32),
                    UInt32(truncatingIfNeeded: low)]
        }
    }

    /// Indexes of `keys` in libipvs order: word by word in cyclic order, then port.
    static func cyclicOrder(_ keys: [(words: [UInt32], port: Int)]) -> [Int] {
        order(Array(keys.indices), keys: keys, word: 0)
    }

    private static func order(_ indexes: [Int], keys: [(words: [UInt32], port: Int)], word: Int) -> [Int] {
        guard indexes.count > 1 else { return indexes }
        guard word < (keys[indexes[0]].words.count) else {
            return indexes.sorted { keys[$0].port < keys[$1].port }
        }
        // Group by this word; order the distinct values cyclically; recurse into each group.
        var groups: [UInt32: [Int]] = [:]
        for index in indexes { groups[keys[index].words[word], default: []].append(index) }
        return rotated(Array(groups.keys)).flatMap { value in
            order(groups[value]!, keys: keys, word: word + 1)
        }
    }

    /// Distinct words in the order `Int32(bitPattern: a &- b) < 0` puts them, when that order is
    /// consistent (all words within a half circle, i.e. one gap between neighbours on the
    /// circle wider than 2^31); numeric order otherwise.
    static func rotated(_ values: [UInt32]) -> [UInt32] {
        let numeric = values.sorted()
        guard numeric.count > 1 else { return numeric }
        // The start of the window is the value after the widest circular gap.
        var widest: UInt64 = 0
        var start = 0
        for i in numeric.indices {
            let previous = numeric[(i + numeric.count - 1) % numeric.count]
            let gap = UInt64(numeric[i] &- previous)
            if gap > widest {
                widest = gap
                start = i
            }
        }
        guard widest > UInt64(1) << 31 else { return numeric }
        return Array(numeric[start...] + numeric[..<start])
    }
}
