/// RFC 4648 base32 with the standard alphabet, as Go's `base32.StdEncoding` writes it.
///
/// Only the encoder kube-proxy's chain names need; hand-written because no dependency kuberules
/// already uses offers base32, and the whole algorithm is a dozen lines.
enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes `bytes`, padding with `=` to a multiple of 8 characters.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        var buffer: UInt64 = 0
        var bits = 0
        var count = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt64(byte)
            bits += 8
            count += 1
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt64(bits)) & 0x1F)])
            }
        }
        if bits > 0 {
            output.append(alphabet[Int((buffer << UInt64(5 - bits)) & 0x1F)])
        }
        while output.count % 8 != 0 { output.append(UInt8(ascii: "=")) }
        return String(decoding: output, as: UTF8.self)
    }

    /// The first 16 characters of `encode(bytes)` (which need only the first 10 bytes), without
    /// encoding the rest: what chain names keep.
    static func prefix16(_ bytes: some Sequence<UInt8>) -> String {
        var buffer: UInt64 = 0
        var taken = 0
        var high: UInt64 = 0
        for byte in bytes {
            if taken == 5 { high = buffer }
            if taken == 10 { break }
            buffer = (taken == 5 ? 0 : buffer) << 8 | UInt64(byte)
            taken += 1
        }
        precondition(taken == 10, "prefix16 needs at least 10 bytes")
        // Two groups of 40 bits, 8 characters each.
        var output: [UInt8] = []
        output.reserveCapacity(16)
        for group in [high, buffer] {
            for index in stride(from: 35, through: 0, by: -5) {
                output.append(alphabet[Int((group >> UInt64(index)) & 0x1F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
