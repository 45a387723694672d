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
        var count = 0
        for shift in stride(from: 24, through: 0, by: -8) {
            count += writeDecimal(Int((address >> UInt32(shift)) & 0xFF), into: output, at: count)
            if shift > 0 {
                output[count] = UInt8(ascii: ".")
                count += 1
            }
        }
        guard separator != 0 else { return count }
        output[count] = separator
        count += 1
        return count + writeDecimal(value, into: output, at: count)
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
        let digitsStart = count
        repeat {
            output[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            count += 1
        } while magnitude > 0
        // Digits were written least significant first.
        var (low, high) = (digitsStart, count - 1)
        while low < high {
            output.swapAt(low, high)
            low += 1
            high -= 1
        }
        return count - start
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
        var count = value < 0 ? 2 : 1
        var magnitude = value.magnitude / 10
        while magnitude > 0 {
            count += 1
            magnitude /= 10
        }
        return count
    }
}
