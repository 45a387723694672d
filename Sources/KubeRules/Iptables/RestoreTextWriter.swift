/// Writes `iptables-restore` text into one byte buffer: tokens go in directly (no per-rule
/// strings or token arrays), quoted exactly as ``IptablesRenderer/quoted(_:)`` quotes them.
public struct RestoreTextWriter: RuleTokenSink {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Raw text, no separator.
    public mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public mutating func newline() { bytes.append(0x0A) }

    /// The start of a rule line, `COMMAND CHAIN` (`-A KUBE-SERVICES`); its tokens follow, each
    /// after a space, then ``newline()``.
    public mutating func beginLine(_ command: StaticString, _ chain: String) {
        write(command)
        bytes.append(0x20)
        write(chain)
    }

    /// A chain declaration, `:NAME POLICY [packets:bytes]` (`-` without a policy).
    public mutating func declaration(_ name: String, policy: String? = nil, packets: UInt64 = 0, bytes count: UInt64 = 0) {
        write(":")
        write(name)
        if let policy {
            write(" ")
            write(policy)
        } else {
            write(" -")
        }
        if packets == 0, count == 0 {
            write(" [0:0]")
        } else {
            write(" [\(packets):\(count)]")
        }
        newline()
    }

    /// Appends another writer's text.
    public mutating func append(_ other: RestoreTextWriter) {
        bytes.append(contentsOf: other.bytes)
    }

    /// Empties the text, keeping the buffer for reuse.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Takes the text out, leaving the writer empty.
    public mutating func take() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &bytes)
        return taken
    }

    public mutating func keyword(_ token: StaticString) {
        bytes.append(0x20)
        write(token)
    }

    public mutating func token(_ token: String) {
        bytes.append(0x20)
        var token = token
        token.withUTF8 { utf8 in
            // `IptablesRenderer.needsQuotes`, on bytes: every character it looks for is ASCII.
            var needsQuotes = utf8.isEmpty
            for byte in utf8 where byte <= 0x20 || byte == 0x7F || byte == 0x22 || byte == 0x27 || byte == 0x5C {
                needsQuotes = true
                break
            }
            guard needsQuotes else {
                bytes.append(contentsOf: utf8)
                return
            }
            bytes.append(0x22)
            for byte in utf8 {
                if byte == 0x22 || byte == 0x5C { bytes.append(0x5C) }
                bytes.append(byte)
            }
            bytes.append(0x22)
        }
    }

    /// IPv4 written straight from the address bits (its text never needs quotes).
    public mutating func address(_ address: AddressMatch) {
        guard let (value, prefixLength) = IPv4Text.parts(address) else { return token(address.description) }
        bytes.append(0x20)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: IPv4Text.maxBytes) { buffer in
            let count = IPv4Text.write(
                value, separator: prefixLength == nil ? 0 : UInt8(ascii: "/"), value: prefixLength ?? 0, into: buffer)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    public mutating func number(_ value: Int) {
        bytes.append(0x20)
        guard value > 0 else {
            write(String(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0, count < 10 {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
        }
        guard rest == 0 else {
            write(String(value))
            return
        }
        withUnsafeBytes(of: &digits) { buffer in
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    /// The text as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
