/// The order of IPv4 addresses' texts as they start an `ip:port` text (`a.b.c.d:`), as one
/// 32-bit number per address: four table lookups instead of writing digits.
///
/// `a.b.c.d:` is the concatenation of `a.`, `b.`, `c.` and `d:`. Each such part is digits and one
/// terminator that is not a digit, so no part is a prefix of another with the same terminator:
/// two texts first differ inside the first part where they differ, before or at the shorter
/// one's terminator. Text order is therefore the order of the parts, first to last, each part
/// by its text. The key holds, per octet, its place among the 256 octets' texts with that
/// octet's terminator (`.` sorts before the digits, `:` after them, so the last octet's order
/// differs from the others'), most significant first. Keys are equal exactly when addresses are.
enum IPv4TextOrder {
    /// The key of the address `value` (host order, first octet highest).
    @inline(__always)
    static func key(_ value: UInt32) -> UInt32 {
        ranks.withUnsafeBufferPointer { ranks in
            ranks[Int(value >> 24)] << 24 | ranks[Int(value >> 16 & 0xFF)] << 16 | ranks[Int(value >> 8 & 0xFF)] << 8
                | ranks[256 + Int(value & 0xFF)]
        }
    }

    /// Places of the octets 0...255 among the texts `0.` … `255.`, then among `0:` … `255:`.
    private static let ranks: [UInt32] = ranks(terminator: ".") + ranks(terminator: ":")

    private static func ranks(terminator: String) -> [UInt32] {
        let texts = (0..<256).map { String($0) + terminator }
        var rank = [UInt32](repeating: 0, count: 256)
        for (place, octet) in texts.indices.sorted(by: { texts[$0] < texts[$1] }).enumerated() {
            rank[octet] = UInt32(place)
        }
        return rank
    }
}
