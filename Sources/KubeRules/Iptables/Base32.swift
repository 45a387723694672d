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
}
