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

    /// Bytes packed big-endian into three words, in order (at most 24): each number's digits
    /// are made in one word and shifted in, so no byte is placed one at a time.
    private struct Packer {
        /// The bytes so far, right-aligned: `words.2` holds the last ones.
        private var high: UInt64 = 0, middle: UInt64 = 0, low: UInt64 = 0
        private var count = 0

        /// Shifts `length` bytes (`bytes`' low ones) in after the others (`length` 1...7).
        @inline(__always)
        private mutating func shiftIn(_ bytes: UInt64, length: Int) {
            let bits = UInt64(8 * length)
            high = high << bits | middle >> (64 - bits)
            middle = middle << bits | low >> (64 - bits)
            low = low << bits | bytes
            count += length
        }

        /// A number in 0...65535 in decimal, then `separator` if any.
        @inline(__always)
        mutating func decimal(_ value: Int, then separator: UInt8?) {
            let digit = { (place: Int) -> UInt64 in UInt64(UInt8(ascii: "0") + UInt8(value / place % 10)) }
            var bytes: UInt64
            var length: Int
            if value < 10 {
                (bytes, length) = (digit(1), 1)
            } else if value < 100 {
                (bytes, length) = (digit(10) << 8 | digit(1), 2)
            } else if value < 1000 {
                (bytes, length) = (digit(100) << 16 | digit(10) << 8 | digit(1), 3)
            } else if value < 10000 {
                (bytes, length) = (digit(1000) << 24 | digit(100) << 16 | digit(10) << 8 | digit(1), 4)
            } else {
                (bytes, length) = (
                    digit(10000) << 32 | digit(1000) << 24 | digit(100) << 16 | digit(10) << 8 | digit(1), 5
                )
            }
            if let separator {
                bytes = bytes << 8 | UInt64(separator)
                length += 1
            }
            shiftIn(bytes, length: length)
        }

        /// The bytes left-aligned in three words, zero padded.
        var words: (UInt64, UInt64, UInt64) {
            var (a, b, c) = (high, middle, low)
            var pad = 8 * (24 - count)  // bits of padding after the last byte
            while pad >= 64 {
                (a, b, c) = (b, c, 0)
                pad -= 64
            }
            if pad > 0 {
                let bits = UInt64(pad)
                (a, b, c) = (a << bits | b >> (64 - bits), b << bits | c >> (64 - bits), c << bits)
            }
            return (a, b, c)
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
