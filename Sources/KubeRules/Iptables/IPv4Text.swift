/// IPv4 text written as bytes: the dotted quad exactly as ``IPAddress`` prints it, optionally
/// followed by `:port` (``EndpointInfo/description``) or `/length` (``CIDR/description``),
/// without building a string. A large cluster prints one address per endpoint rule, twice
/// (limit check and rendering); tests compare every form with the string-built text.
enum IPv4Text {
    /// The most bytes ``write(_:suffix:value:into:)`` writes: `255.255.255.255` and a separator
    /// with an `Int` (at most 20 characters with its sign).
    static let maxBytes = 40

    /// Writes `a.b.c.d`, then `separator` and `value` in decimal when `separator` is not 0,
    /// at the start of `output` (at least ``maxBytes``); returns the length.
    static func write(
        _ address: UInt32, separator: UInt8 = 0, value: Int = 0, into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        precondition(output.count >= maxBytes, "IPv4Text.write needs maxBytes of room")
        let base = UnsafeMutableRawPointer(output.baseAddress!)
        var count = 0
        octets.withUnsafeBufferPointer { octets in
            for shift in stride(from: 24, through: 0, by: -8) {
                // Four bytes stored at once, the octet's digits then a dot; only the digits (and
                // the dot between octets) are kept: the rest is overwritten or past the length.
                let entry = octets[Int((address >> UInt32(shift)) & 0xFF)]
                let length = entry >> 24
                let word = (entry & 0x00FF_FFFF) | (UInt32(UInt8(ascii: ".")) &<< (8 &* length))
                base.storeBytes(of: word.littleEndian, toByteOffset: count, as: UInt32.self)
                count += Int(length) + (shift > 0 ? 1 : 0)
            }
        }
        guard separator != 0 else { return count }
        output[count] = separator
        count += 1
        return count + writeDecimal(value, into: output, at: count)
    }

    /// Each octet's decimal digits in the low three bytes (memory order), their count in the
    /// high byte.
    private static let octets: [UInt32] = (0..<256).map { octet in
        let digits = Array(String(octet).utf8)
        var entry = UInt32(digits.count) << 24
        for (index, digit) in digits.enumerated() { entry |= UInt32(digit) << (8 * UInt32(index)) }
        return entry
    }

    /// The length ``write(_:separator:value:into:)`` would write.
    static func length(_ address: UInt32, separator: Bool = false, value: Int = 0) -> Int {
        var count = 3  // the dots
        for shift in stride(from: 24, through: 0, by: -8) {
            count += decimalLength(Int((address >> UInt32(shift)) & 0xFF))
        }
        return separator ? count + 1 + decimalLength(value) : count
    }

    /// `value` in decimal (with `-` when negative, as `String(value)` writes it) at `start`.
    private static func writeDecimal(_ value: Int, into output: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var count = start
        if value < 0 {
            output[count] = UInt8(ascii: "-")
            count += 1
        }
        var magnitude = value.magnitude
        // Digits written from the last one back, without a reversal.
        let end = count + digitCount(magnitude)
        count = end
        repeat {
            count -= 1
            output[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        return end - start
    }

    /// The IPv4 address and prefix length of an address match; nil for IPv6.
    static func parts(_ match: AddressMatch) -> (address: UInt32, prefixLength: Int?)? {
        switch match {
        case .address(let address):
            if case .v4(let value) = address.storage { return (value, nil) }
        case .prefix(let cidr):
            if case .v4(let value) = cidr.network.storage { return (value, cidr.prefixLength) }
        }
        return nil
    }

    private static func decimalLength(_ value: Int) -> Int {
        (value < 0 ? 1 : 0) + digitCount(value.magnitude)
    }

    /// The number of decimal digits of `magnitude` (1 for 0).
    private static func digitCount(_ magnitude: UInt) -> Int {
        var count = 1
        var rest = magnitude / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        return count
    }
}
