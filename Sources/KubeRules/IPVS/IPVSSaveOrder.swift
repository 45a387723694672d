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
        order(count: servers.count, protocol: { servers[$0].protocol }, key: { SortKey(servers[$0].address, port: servers[$0].port) })
            .map { index in
                var server = servers[index]
                server.realServers = sorted(server.realServers)
                return server
            }
    }

    /// Indexes of `count` services in `ipvsadm-save` order, given each one's protocol and key:
    /// by protocol number, then in ``cyclicOrder(_:)`` (services equal in both keep their
    /// index order).
    static func order(count: Int, protocol protocolOf: (Int) -> TransportProtocol, key: (Int) -> SortKey) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(count)
        for proto in TransportProtocol.allCases.sorted(by: { protocolNumber($0) < protocolNumber($1) }) {
            let group = (0..<count).filter { protocolOf($0) == proto }
            result += cyclicOrder(group.map(key)).map { group[$0] }
        }
        return result
    }

    /// Real servers in `ipvsadm-save` order (`ipvs_cmp_dests`: address, then port).
    public static func sorted(_ servers: [RealServer]) -> [RealServer] {
        guard servers.count > 1 else { return servers }
        return cyclicOrder(servers.map { SortKey($0.address, port: $0.port) }).map { servers[$0] }
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
        let key = SortKey(address, port: 0)
        return (0..<key.wordCount).map { key.word($0) }
    }

    /// What libipvs compares: the address words, then the port. Held inline (no array per
    /// key): a large cluster sorts tens of thousands of services and their destinations.
    struct SortKey {
        var words: (UInt32, UInt32, UInt32, UInt32)
        var wordCount: Int
        var port: Int

        init(_ address: IPAddress, port: Int) {
            switch address.storage {
            case .v4(let value):
                words = (value, 0, 0, 0)
                wordCount = 1
            case .v6(let high, let low):
                words = (UInt32(high >> 32), UInt32(truncatingIfNeeded: high), UInt32(low >> 32),
                         UInt32(truncatingIfNeeded: low))
                wordCount = 4
            }
            self.port = port
        }

        /// Whether both keys are of one address and port (equal words of one family).
        func isSame(as other: SortKey) -> Bool {
            wordCount == other.wordCount && port == other.port && words.0 == other.words.0
                && words.1 == other.words.1 && words.2 == other.words.2 && words.3 == other.words.3
        }

        func word(_ index: Int) -> UInt32 {
            switch index {
            case 0: return words.0
            case 1: return words.1
            case 2: return words.2
            default: return words.3
            }
        }
    }

    /// Indexes of `keys` in libipvs order: word by word in cyclic order, then port. Keys equal
    /// in every word and the port keep their input order.
    static func cyclicOrder(_ keys: [SortKey]) -> [Int] {
        keys.allSatisfy({ $0.wordCount == 1 }) ? singleWordOrder(keys) : recursiveOrder(keys)
    }

    /// ``cyclicOrder(_:)`` of any keys, one word at a time.
    static func recursiveOrder(_ keys: [SortKey]) -> [Int] {
        var indexes = Array(keys.indices)
        order(&indexes[...], keys: keys, word: 0)
        return indexes
    }

    /// ``cyclicOrder(_:)`` of IPv4 keys (one word each) in one sort: by word, port and input
    /// order, then the runs of one word rotated. The same result as the general recursion
    /// (which sorts by word, each run of one word by port, then rotates the runs), without its
    /// per-run arrays: every virtual server's real-server list is sorted this way.
    static func singleWordOrder(_ keys: [SortKey]) -> [Int] {
        guard keys.count > 1 else { return Array(keys.indices) }
        var indexes = Array(keys.indices)
        indexes.sort { (keys[$0].words.0, keys[$0].port, $0) < (keys[$1].words.0, keys[$1].port, $1) }
        // ``rotationStart(_:)`` over the distinct words, in one pass and without arrays (every
        // virtual server's real-server list comes through here): the widest gap between
        // neighbouring distinct words, the wrap-around gap (last to first) winning ties as the
        // first one looked at there.
        let first = keys[indexes[0]].words.0
        var last = first
        var widest: UInt64 = 0
        var widestPosition = 0
        for position in indexes.indices.dropFirst() where keys[indexes[position]].words.0 != last {
            let word = keys[indexes[position]].words.0
            let gap = UInt64(word &- last)
            if gap > widest {
                widest = gap
                widestPosition = position
            }
            last = word
        }
        guard last != first else { return indexes }  // one distinct word
        let wrap = UInt64(first &- last)
        guard widest > wrap, widest > UInt64(1) << 31 else { return indexes }
        var rotated: [Int] = []
        rotated.reserveCapacity(indexes.count)
        rotated += indexes[widestPosition...]
        rotated += indexes[..<widestPosition]
        return rotated
    }

    /// Orders `indexes` in place: by this word (numerically, input order among equals), the
    /// runs of equal words each ordered by the next word, then the runs rotated into cyclic
    /// order (``rotationStart(_:)``).
    private static func order(_ indexes: inout ArraySlice<Int>, keys: [SortKey], word: Int) {
        guard indexes.count > 1 else { return }
        guard word < keys[indexes[indexes.startIndex]].wordCount else {
            indexes.sort { (keys[$0].port, $0) < (keys[$1].port, $1) }
            return
        }
        indexes.sort { (keys[$0].word(word), $0) < (keys[$1].word(word), $1) }
        // Runs of one word value, in numeric order.
        var runs: [Range<Int>] = []
        var values: [UInt32] = []
        var start = indexes.startIndex
        for position in indexes.indices.dropFirst()
        where keys[indexes[position]].word(word) != keys[indexes[start]].word(word) {
            runs.append(start..<position)
            values.append(keys[indexes[start]].word(word))
            start = position
        }
        runs.append(start..<indexes.endIndex)
        values.append(keys[indexes[start]].word(word))
        for run in runs where run.count > 1 { order(&indexes[run], keys: keys, word: word + 1) }
        let first = rotationStart(values)
        guard first > 0 else { return }
        let rotated = Array(indexes[runs[first].lowerBound...]) + Array(indexes[..<runs[first].lowerBound])
        indexes.replaceSubrange(indexes.indices, with: rotated)
    }

    /// Distinct words in the order `Int32(bitPattern: a &- b) < 0` puts them, when that order is
    /// consistent (all words within a half circle, i.e. one gap between neighbours on the
    /// circle wider than 2^31); numeric order otherwise.
    static func rotated(_ values: [UInt32]) -> [UInt32] {
        let numeric = values.sorted()
        let start = rotationStart(numeric)
        return Array(numeric[start...] + numeric[..<start])
    }

    /// Where the cyclic order of `numeric` (distinct words in increasing order) starts: after
    /// the widest circular gap when that gap exceeds 2^31, else 0 (numeric order).
    static func rotationStart(_ numeric: [UInt32]) -> Int {
        guard numeric.count > 1 else { return 0 }
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
        return widest > UInt64(1) << 31 ? start : 0
    }
}
