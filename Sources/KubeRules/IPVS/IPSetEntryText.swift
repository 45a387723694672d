/// An ipset entry's text as bytes, and entries ordered by that text, without a `String` per
/// entry: a large cluster's `KUBE-CLUSTER-IP` alone holds tens of thousands of entries, which
/// kube-proxy adds (and kuberules writes) sorted by text (`sets.List`, Go's `sort.Strings`).
extension IPSetEntry {
    /// Appends ``description``'s bytes (kube-proxy's `Entry.String()`): the one formatter of an
    /// entry's text.
    public func appendText(to bytes: inout [UInt8]) {
        switch self {
        case .ip(let ip):
            ip.appendText(to: &bytes)
        case .ipPort(let ip, let proto, let port):
            ip.appendText(to: &bytes)
            Self.appendProtocolPort(proto, port, to: &bytes)
        case .ipPortIP(let ip, let proto, let port, let ip2):
            ip.appendText(to: &bytes)
            Self.appendProtocolPort(proto, port, to: &bytes)
            bytes.append(UInt8(ascii: ","))
            ip2.appendText(to: &bytes)
        case .ipPortNet(let ip, let proto, let port, let net):
            ip.appendText(to: &bytes)
            Self.appendProtocolPort(proto, port, to: &bytes)
            bytes.append(UInt8(ascii: ","))
            net.appendText(to: &bytes)
        case .port(let port):
            AddressText.appendDecimal(port, to: &bytes)
        }
    }

    /// `,proto:port` (the protocol's raw value is ipset's lower-case spelling).
    private static func appendProtocolPort(_ proto: TransportProtocol, _ port: Int, to bytes: inout [UInt8]) {
        switch proto {
        case .tcp: AddressText.append(",tcp:", to: &bytes)
        case .udp: AddressText.append(",udp:", to: &bytes)
        case .sctp: AddressText.append(",sctp:", to: &bytes)
        }
        AddressText.appendDecimal(port, to: &bytes)
    }

    /// `entries` in ``<`` order (by text, byte for byte), equal texts in input order.
    public static func sortedByText(_ entries: some Collection<IPSetEntry>) -> [IPSetEntry] {
        let entries = Array(entries)
        return IPSetEntryTexts(entries).order().map { entries[$0] }
    }

    /// `entries` without repeats, in ``<`` order: what a Go `sets.Set` of them lists.
    static func sortedUniqueByText(_ entries: [IPSetEntry]) -> [IPSetEntry] {
        let texts = IPSetEntryTexts(entries)
        let order = texts.order()
        var result: [IPSetEntry] = []
        result.reserveCapacity(order.count)
        var runStart = 0  // where the run of entries with the current text starts in `result`
        for (place, index) in order.enumerated() {
            if place > 0, texts.compare(order[place - 1], index) == 0 {
                // Equal texts are equal entries in practice (the text is canonical); compare the
                // values anyway, so only true repeats are dropped.
                if result[runStart...].contains(entries[index]) { continue }
            } else {
                runStart = result.count
            }
            result.append(entries[index])
        }
        return result
    }
}

/// The texts of a list of entries, one after another in one buffer, with each text's first
/// 16 bytes as two big-endian words (zero padded) so most comparisons touch no buffer.
struct IPSetEntryTexts {
    private struct Key {
        var word0: UInt64
        var word1: UInt64
        var start: Int32
        var end: Int32
    }

    private var bytes: [UInt8] = []
    private var keys: [Key] = []

    init(_ entries: [IPSetEntry]) {
        bytes.reserveCapacity(entries.count * 24)
        keys.reserveCapacity(entries.count)
        for entry in entries {
            let start = bytes.count
            entry.appendText(to: &bytes)
            let end = bytes.count
            var word0: UInt64 = 0
            var word1: UInt64 = 0
            for offset in 0..<16 {
                let byte = start + offset < end ? UInt64(bytes[start + offset]) : 0
                if offset < 8 {
                    word0 |= byte << UInt64(56 - 8 * offset)
                } else {
                    word1 |= byte << UInt64(56 - 8 * (offset - 8))
                }
            }
            keys.append(Key(word0: word0, word1: word1, start: Int32(start), end: Int32(end)))
        }
    }

    /// Positions of the entries in text order, equal texts in position order.
    func order() -> [Int] {
        keys.indices.sorted { a, b in
            let order = compare(a, b)
            return order != 0 ? order < 0 : a < b
        }
    }

    /// -1, 0 or 1 as entry `a`'s text sorts before, equal to or after entry `b`'s.
    ///
    /// Texts hold no zero byte, so equal words mean either both texts are at most 16 bytes and
    /// equal, or both are longer with equal first 16 bytes: only then is the buffer read.
    func compare(_ a: Int, _ b: Int) -> Int {
        let (x, y) = (keys[a], keys[b])
        if x.word0 != y.word0 { return x.word0 < y.word0 ? -1 : 1 }
        if x.word1 != y.word1 { return x.word1 < y.word1 ? -1 : 1 }
        let (xLength, yLength) = (Int(x.end - x.start), Int(y.end - y.start))
        if xLength > 16, yLength > 16 {
            let order = bytes.withUnsafeBufferPointer { buffer -> Int in
                var (i, j) = (Int(x.start) + 16, Int(y.start) + 16)
                while i < Int(x.end), j < Int(y.end) {
                    if buffer[i] != buffer[j] { return buffer[i] < buffer[j] ? -1 : 1 }
                    i += 1
                    j += 1
                }
                return 0
            }
            if order != 0 { return order }
        }
        return xLength == yLength ? 0 : (xLength < yLength ? -1 : 1)
    }
}
