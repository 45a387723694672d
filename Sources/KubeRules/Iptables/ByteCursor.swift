/// A write position in memory reserved by ``RestoreTextWriter/withLine(maxBytes:_:)``: each
/// write stores its bytes and moves on, with no capacity or uniqueness check, so a rule line
/// costs one reservation instead of one array append per word.
///
/// Invariant (the caller's): everything written through one cursor fits in the bytes reserved
/// for it; ``RestoreTextWriter/withLine(maxBytes:_:)`` traps after the fact if it did not.
/// Tokens are quoted exactly as ``IptablesRenderer/quoted(_:)`` quotes them.
struct ByteCursor: RuleTokenSink {
    private(set) var position: UnsafeMutablePointer<UInt8>

    init(_ position: UnsafeMutablePointer<UInt8>) {
        self.position = position
    }

    /// The most bytes ``token(_:)`` writes for a token of `count` UTF-8 bytes: the space, two
    /// quotes and an escape before every byte.
    static func tokenBound(_ count: Int) -> Int { 3 + 2 * count }

    /// The most bytes ``number(_:)`` writes (a space, the sign and 19 digits).
    static let numberBound = 21

    /// The most bytes ``address(_:)`` writes for an IPv4 address (IPv6 goes through ``token(_:)``).
    static let ipv4Bound = 1 + IPv4Text.maxBytes

    @inline(__always) mutating func put(_ byte: UInt8) {
        position.initialize(to: byte)
        position += 1
    }

    @inline(__always) mutating func put(_ text: StaticString) {
        let count = text.utf8CodeUnitCount
        position.initialize(from: text.utf8Start, count: count)
        position += count
    }

    @inline(__always) mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        position.initialize(from: base, count: bytes.count)
        position += bytes.count
    }

    /// `text`'s UTF-8 bytes, read in place when the string is native (always, for the names
    /// and comments kuberules builds).
    @inline(__always) mutating func put(_ text: String) {
        let done = text.utf8.withContiguousStorageIfAvailable { put($0) } != nil
        if !done {
            for byte in text.utf8 { put(byte) }
        }
    }

    /// `value` in decimal, `-` first when negative, as `String(value)` writes it.
    mutating func decimal(_ value: Int) {
        if value < 0 { put(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits = 1
        var scale: UInt = 1
        while magnitude / scale >= 10 {
            scale *= 10
            digits += 1
        }
        for _ in 0..<digits {
            put(UInt8(ascii: "0") + UInt8(magnitude / scale))
            magnitude %= scale
            scale /= 10
        }
    }

    /// `a.b.c.d`, then `separator` and `value` when `separator` is not 0 (``IPv4Text``).
    mutating func ipv4(_ address: UInt32, separator: UInt8 = 0, value: Int = 0) {
        position += IPv4Text.write(
            address, separator: separator, value: value,
            into: UnsafeMutableBufferPointer(start: position, count: IPv4Text.maxBytes))
    }

    // MARK: RuleTokenSink: each word after a space.

    mutating func keyword(_ token: StaticString) {
        put(0x20)
        put(token)
    }

    mutating func token(_ token: String) {
        put(0x20)
        let done = token.utf8.withContiguousStorageIfAvailable { quoted($0) } != nil
        if !done {
            var token = token
            _ = token.withUTF8 { quoted($0) }
        }
    }

    /// ``token(_:)`` of `utf8`; false when the token holds a line break or NUL, which no
    /// quoting makes safe on a restore line (``CheckedLineCursor``).
    mutating func checkedToken(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        put(0x20)
        return quoted(utf8)
    }

    /// `IptablesRenderer.needsQuotes` and `quoted`, on bytes: every character they look for
    /// is ASCII. False when `utf8` holds a line break or NUL (bytes that need quotes anyway,
    /// so they are looked for only then).
    @discardableResult
    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var needsQuotes = utf8.isEmpty
        for byte in utf8 where byte <= 0x20 || byte == 0x7F || byte == 0x22 || byte == 0x27 || byte == 0x5C {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            put(utf8)
            return true
        }
        var isClean = true
        put(0x22)
        for byte in utf8 {
            if byte == 0x22 || byte == 0x5C { put(0x5C) }
            if byte == 0x0A || byte == 0x0D || byte == 0x00 { isClean = false }
            put(byte)
        }
        put(0x22)
        return isClean
    }

    /// IPv4 written straight from the address bits (its text never needs quotes).
    mutating func address(_ address: AddressMatch) {
        guard let (value, prefixLength) = IPv4Text.parts(address) else { return token(address.description) }
        put(0x20)
        ipv4(value, separator: prefixLength == nil ? 0 : UInt8(ascii: "/"), value: prefixLength ?? 0)
    }

    mutating func number(_ value: Int) {
        put(0x20)
        decimal(value)
    }
}
