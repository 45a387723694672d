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

    /// Writes the first 16 characters of `encode(bytes)` into `output` (at least 16 bytes),
    /// reading only the first 10 bytes of `bytes` (at least 10): what chain names keep.
    static func writePrefix16(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) {
        precondition(bytes.count >= 10 && output.count >= 16, "writePrefix16 needs 10 bytes in, 16 out")
        // Two groups of 40 bits (5 bytes), 8 characters of 5 bits each.
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<5 {
            high = high << 8 | UInt64(bytes[index])
            low = low << 8 | UInt64(bytes[5 + index])
        }
        alphabet.withUnsafeBufferPointer { alphabet in
            for index in 0..<8 {
                let shift = UInt64(35 - 5 * index)
                output[index] = alphabet[Int((high >> shift) & 0x1F)]
                output[8 + index] = alphabet[Int((low >> shift) & 0x1F)]
            }
        }
    }
}
