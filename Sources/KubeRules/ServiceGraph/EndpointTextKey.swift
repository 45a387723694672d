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
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { raw in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            var count = 0
            if case .v4(let value) = ip.storage, port >= 0, port <= 65535 {
                // The common case (at most 21 bytes), written digit by digit: no String is made.
                Self.decimal(Int(value >> 24), into: raw, at: &count, separator: UInt8(ascii: "."))
                Self.decimal(Int((value >> 16) & 0xFF), into: raw, at: &count, separator: UInt8(ascii: "."))
                Self.decimal(Int((value >> 8) & 0xFF), into: raw, at: &count, separator: UInt8(ascii: "."))
                Self.decimal(Int(value & 0xFF), into: raw, at: &count, separator: UInt8(ascii: ":"))
                Self.decimal(port, into: raw, at: &count, separator: nil)
            } else {
                for byte in ip.joined(port: port).utf8 where count < 64 {
                    raw[count] = byte
                    count += 1
                }
            }
            func word(_ index: Int) -> UInt64 {
                UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self))
            }
            (w0, w1, w2, w3) = (word(0), word(1), word(2), word(3))
            (w4, w5, w6, w7) = (word(4), word(5), word(6), word(7))
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

    /// Writes a number in 0...65535 in decimal, then `separator` if any (digits written from the
    /// last, by constant divisions).
    private static func decimal(
        _ value: Int, into raw: UnsafeMutableRawBufferPointer, at count: inout Int, separator: UInt8?
    ) {
        let digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : 5
        var rest = value
        for offset in stride(from: digits - 1, through: 0, by: -1) {
            raw[count + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        count += digits
        if let separator {
            raw[count] = separator
            count += 1
        }
    }
}
