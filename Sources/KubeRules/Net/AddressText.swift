/// Canonical address and number text written straight into a byte buffer: the renderers of large
/// outputs (hundreds of thousands of `ip:port` texts) append bytes instead of building a
/// `String` per address and copying it.
///
/// Every function here writes exactly the UTF-8 of the matching `description` (``IPAddress``,
/// ``CIDR``, `String(Int)`, ``IPAddress/joined(port:)``); IPv4 is written digit by digit, IPv6
/// (rare in practice) goes through its text.
public enum AddressText {
    /// Writes the dotted quad of `value` at `out` (room for 15 bytes); returns the byte count.
    /// The one IPv4 formatter: ``IPAddress/description`` is made from it too.
    static func writeV4(_ value: UInt32, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var count = 0
        for shift in stride(from: 24, through: 0, by: -8) {
            let octet = UInt8(truncatingIfNeeded: value >> UInt32(shift))
            if octet >= 100 {
                out[count] = UInt8(ascii: "0") + octet / 100
                count += 1
            }
            if octet >= 10 {
                out[count] = UInt8(ascii: "0") + octet / 10 % 10
                count += 1
            }
            out[count] = UInt8(ascii: "0") + octet % 10
            count += 1
            if shift != 0 {
                out[count] = UInt8(ascii: ".")
                count += 1
            }
        }
        return count
    }

    /// Appends `String(value)`'s bytes.
    public static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        guard value >= 0 else {
            bytes.append(contentsOf: String(value).utf8)
            return
        }
        // At most 19 digits for a non-negative Int, written from the last.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var start = 20
            var rest = value
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<20]))
        }
    }

    /// Appends the bytes of a `StaticString` (a keyword or separator).
    public static func append(_ text: StaticString, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

extension IPAddress {
    /// Appends ``description``'s bytes.
    public func appendText(to bytes: inout [UInt8]) {
        switch storage {
        case .v4(let value):
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer in
                let count = AddressText.writeV4(value, to: buffer.baseAddress!)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<count]))
            }
        case .v6(let high, let low):
            bytes.append(contentsOf: Self.formatV6(high: high, low: low).utf8)
        }
    }

    /// Appends ``joined(port:)``'s bytes: `ip:port`, `[ip]:port` for IPv6.
    public func appendJoined(port: Int, to bytes: inout [UInt8]) {
        if case .v4 = storage {
            appendText(to: &bytes)
        } else {
            bytes.append(UInt8(ascii: "["))
            appendText(to: &bytes)
            bytes.append(UInt8(ascii: "]"))
        }
        bytes.append(UInt8(ascii: ":"))
        AddressText.appendDecimal(port, to: &bytes)
    }
}

extension CIDR {
    /// Appends ``description``'s bytes: `network/prefixLength`.
    public func appendText(to bytes: inout [UInt8]) {
        network.appendText(to: &bytes)
        bytes.append(UInt8(ascii: "/"))
        AddressText.appendDecimal(prefixLength, to: &bytes)
    }
}
