/// The order of an endpoint's `ip:port` text (``EndpointInfo/description``), without building
/// the text: kube-proxy sorts a service port's endpoints by that string (`byEndpoint` in
/// `endpointslicecache.go`), and the graph keeps that order.
///
/// The text is ASCII, so Swift's `String` order on it is byte order. The key holds the text's
/// bytes big-endian in eight 64-bit words, zero padded: the longest possible text,
/// `[` + 39-character IPv6 + `]:` + a 20-character `Int`, is 63 bytes, so every text fits and
/// comparing the words is exactly comparing the texts (a zero pad sorts before any character,
/// as a shorter prefix sorts first). Equal keys mean equal texts, so equal `(ip, port)`.
struct EndpointTextKey: Equatable, Comparable {
    private var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    private var w4: UInt64 = 0, w5: UInt64 = 0, w6: UInt64 = 0, w7: UInt64 = 0

    /// The key of `ip.joined(port:)`.
    init(ip: IPAddress, port: Int) {
        if case .v4(let value) = ip.storage, port >= 0, port <= 65535 {
            // The common case (at most 21 bytes: three words), packed digit by digit straight
            // into the words: no buffer, no String.
            var packer = Packer()
            packer.decimal(Int(value >> 24), then: UInt8(ascii: "."))
            packer.decimal(Int((value >> 16) & 0xFF), then: UInt8(ascii: "."))
            packer.decimal(Int((value >> 8) & 0xFF), then: UInt8(ascii: "."))
            packer.decimal(Int(value & 0xFF), then: UInt8(ascii: ":"))
            packer.decimal(port, then: nil)
            (w0, w1, w2) = packer.words
            return
        }
        var text: [UInt8] = []
        ip.appendJoined(port: port, to: &text)
        func word(_ index: Int) -> UInt64 {
            var word: UInt64 = 0
            for offset in 0..<8 {
                let position = 8 * index + offset
                word = word << 8 | (position < text.count ? UInt64(text[position]) : 0)
            }
            return word
        }
        (w0, w1, w2, w3) = (word(0), word(1), word(2), word(3))
        (w4, w5, w6, w7) = (word(4), word(5), word(6), word(7))
    }

    /// Bytes packed big-endian into three words, in order (at most 24).
    private struct Packer {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0

        @inline(__always)
        mutating func put(_ byte: UInt8) {
            let shifted = UInt64(byte) << UInt64(56 - 8 * (count & 7))
            switch count >> 3 {
            case 0: words.0 |= shifted
            case 1: words.1 |= shifted
            default: words.2 |= shifted
            }
            count += 1
        }

        /// A number in 0...65535 in decimal, then `separator` if any.
        @inline(__always)
        mutating func decimal(_ value: Int, then separator: UInt8?) {
            if value >= 10000 { put(UInt8(ascii: "0") + UInt8(value / 10000)) }
            if value >= 1000 { put(UInt8(ascii: "0") + UInt8(value / 1000 % 10)) }
            if value >= 100 { put(UInt8(ascii: "0") + UInt8(value / 100 % 10)) }
            if value >= 10 { put(UInt8(ascii: "0") + UInt8(value / 10 % 10)) }
            put(UInt8(ascii: "0") + UInt8(value % 10))
            if let separator { put(separator) }
        }
    }

    /// -1, 0 or 1 as `a`'s text sorts before, equal to, or after `b`'s.
    static func compare(_ a: Self, _ b: Self) -> Int {
        if a.w0 != b.w0 { return a.w0 < b.w0 ? -1 : 1 }
        if a.w1 != b.w1 { return a.w1 < b.w1 ? -1 : 1 }
        if a.w2 != b.w2 { return a.w2 < b.w2 ? -1 : 1 }
        if a.w3 != b.w3 { return a.w3 < b.w3 ? -1 : 1 }
        if a.w4 != b.w4 { return a.w4 < b.w4 ? -1 : 1 }
        if a.w5 != b.w5 { return a.w5 < b.w5 ? -1 : 1 }
        if a.w6 != b.w6 { return a.w6 < b.w6 ? -1 : 1 }
        if a.w7 != b.w7 { return a.w7 < b.w7 ? -1 : 1 }
        return 0
    }

    static func < (a: Self, b: Self) -> Bool { compare(a, b) < 0 }
}
