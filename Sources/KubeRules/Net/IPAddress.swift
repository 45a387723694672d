/// An IPv4 or IPv6 address, parsed the way Kubernetes parses them (`netutils.ParseIPSloppy`:
/// IPv4 octets may carry leading zeros, which are dropped; an IPv4-mapped IPv6 address is IPv4)
/// and printed in Go's canonical form (`net.IP.String()`: RFC 5952 for IPv6).
///
/// Chain-name hashes are computed over the canonical text, so two spellings of one address must
/// give the same `KUBE-SEP-` chain, as they do in kube-proxy.
public struct IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Storage: Hashable, Sendable {
        case v4(UInt32)
        case v6(high: UInt64, low: UInt64)
    }

    public var storage: Storage

    public init(v4 value: UInt32) { storage = .v4(value) }
    public init(v6High high: UInt64, low: UInt64) { storage = .v6(high: high, low: low) }

    public var family: IPFamily {
        if case .v4 = storage { return .ipv4 }
        return .ipv6
    }

    /// Parses `text`; nil when it is not an address (no zone, no brackets, no prefix).
    public init?(_ text: some StringProtocol) {
        // IPv4 straight from the UTF-8 view: no copy for the common case (every endpoint
        // address of a large cluster is parsed once).
        // Contiguous bytes when the text has them (a native String or Substring): byte-by-byte
        // iteration of a UTF-8 view costs more than the parse.
        let contiguous = text.utf8.withContiguousStorageIfAvailable { Self.parseV4($0) }
        if let v4 = contiguous ?? Self.parseV4(text.utf8) {
            storage = .v4(v4)
            return
        }
        guard let (high, low) = Self.parseV6(Array(text.utf8)) else { return nil }
        if high == 0, low >> 32 == 0xFFFF {
            storage = .v4(UInt32(truncatingIfNeeded: low))
        } else {
            storage = .v6(high: high, low: low)
        }
    }

    /// Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed).
    public var description: String {
        switch storage {
        case .v4(let value):
            return Self.formatV4(value)
        case .v6(let high, let low):
            return Self.formatV6(high: high, low: low)
        }
    }

    /// The address as it appears in `ip:port` (bracketed for IPv6), as kube-proxy's
    /// `net.JoinHostPort` writes it.
    public func joined(port: Int) -> String {
        guard case .v4 = storage else { return "[\(self)]:\(port)" }
        var text = description
        text.append(":")
        text.append(String(port))
        return text
    }

    public var isLoopback: Bool {
        switch storage {
        case .v4(let value): return value >> 24 == 127
        case .v6(let high, let low): return high == 0 && low == 1
        }
    }

    public var isUnspecified: Bool {
        switch storage {
        case .v4(let value): return value == 0
        case .v6(let high, let low): return high == 0 && low == 0
        }
    }

    /// The 16 network-order bytes (IPv4 as 4 bytes).
    public var bytes: [UInt8] {
        switch storage {
        case .v4(let value):
            return (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) }
        case .v6(let high, let low):
            return (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
                + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
        }
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        switch (a.storage, b.storage) {
        case (.v4(let x), .v4(let y)): return x < y
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        case (.v6(let ah, let al), .v6(let bh, let bl)): return (ah, al) < (bh, bl)
        }
    }

    // MARK: parsing

    static func parseV4<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32? {
        var value: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var parts = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | octet
                octet = 0
                digits = 0
                parts += 1
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                octet = octet * 10 + UInt32(byte - UInt8(ascii: "0"))
                digits += 1
                guard digits <= 3, octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | octet
    }

    static func parseV6(_ bytes: [UInt8]) -> (UInt64, UInt64)? {
        guard bytes.count >= 2, bytes.count <= 45 else { return nil }
        var groups: [UInt16] = []
        var compressAt: Int? = nil
        var index = 0
        if bytes[0] == UInt8(ascii: ":") {
            guard bytes[1] == UInt8(ascii: ":") else { return nil }
            compressAt = 0
            index = 2
        }
        while index < bytes.count {
            // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4).
            var end = index
            while end < bytes.count, bytes[end] != UInt8(ascii: ":") { end += 1 }
            let piece = bytes[index..<end]
            if piece.contains(UInt8(ascii: ".")) {
                guard end == bytes.count, let v4 = parseV4(piece) else { return nil }
                groups.append(UInt16(v4 >> 16))
                groups.append(UInt16(v4 & 0xFFFF))
                index = end
                break
            }
            guard !piece.isEmpty, piece.count <= 4 else { return nil }
            var group: UInt16 = 0
            for byte in piece {
                guard let nibble = hexValue(byte) else { return nil }
                group = group << 4 | UInt16(nibble)
            }
            groups.append(group)
            index = end
            if index < bytes.count {
                // at a colon
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                    guard compressAt == nil else { return nil }
                    compressAt = groups.count
                    index += 1
                } else if index == bytes.count {
                    return nil  // trailing single colon
                }
            }
        }
        if let compressAt {
            guard groups.count <= 7 else { return nil }
            groups.insert(
                contentsOf: repeatElement(0, count: 8 - groups.count), at: compressAt)
        }
        guard groups.count == 8 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for i in 0..<4 { high = high << 16 | UInt64(groups[i]) }
        for i in 4..<8 { low = low << 16 | UInt64(groups[i]) }
        return (high, low)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    static func formatV6(high: UInt64, low: UInt64) -> String {
        let groups: [UInt16] =
            (0..<4).map { UInt16(truncatingIfNeeded: high >> (48 - 16 * $0)) }
            + (0..<4).map { UInt16(truncatingIfNeeded: low >> (48 - 16 * $0)) }
        // Longest run of two or more zero groups (first one wins on a tie), as Go does.
        var bestStart = -1
        var bestLength = 1
        var i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8, groups[j] == 0 { j += 1 }
                if j - i > bestLength {
                    bestStart = i
                    bestLength = j - i
                }
                i = j
            } else {
                i += 1
            }
        }
        var text = ""
        i = 0
        while i < 8 {
            if i == bestStart {
                text += "::"
                i += bestLength
                continue
            }
            if !text.isEmpty, !text.hasSuffix(":") { text += ":" }
            text += String(groups[i], radix: 16)
            i += 1
        }
        return text
    }
}

extension IPAddress {
    /// The dotted quad, written digit by digit (at most 15 bytes: a small string, no allocation).
    static func formatV4(_ value: UInt32) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer in
            let count = AddressText.writeV4(value, to: buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self)
        }
    }
}
