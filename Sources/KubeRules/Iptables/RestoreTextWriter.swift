/// Writes `iptables-restore` text into one byte buffer: tokens go in directly (no per-rule
/// strings or token arrays), quoted exactly as ``IptablesRenderer/quoted(_:)`` quotes them.
public struct RestoreTextWriter: RuleTokenSink {
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Reserves `maxBytes` after the text and runs `write` on a cursor there: the text grows
    /// by what `write` wrote. One capacity check for a whole line or word, instead of one array
    /// append per piece; capacity grows geometrically, so appending stays linear.
    ///
    /// `write` must write at most `maxBytes` (checked after the fact: a trap, not a silent
    /// overrun, if a bound is wrong).
    @inline(__always) mutating func withLine(maxBytes: Int, _ write: (inout ByteCursor) -> Void) {
        withLineIfKept(maxBytes: maxBytes) { cursor in
            write(&cursor)
            return true
        }
    }

    /// ``withLine(maxBytes:_:)`` whose `write` says whether to keep what it wrote: when it
    /// returns false the text stays as it was. Returns what `write` returned.
    @inline(__always) @discardableResult
    mutating func withLineIfKept(maxBytes: Int, _ write: (inout ByteCursor) -> Bool) -> Bool {
        if bytes.capacity - bytes.count < maxBytes {
            bytes.reserveCapacity(Swift.max(bytes.capacity * 2, bytes.count + maxBytes))
        }
        var kept = false
        bytes.append(addingCapacity: maxBytes) { (span: inout OutputSpan<UInt8>) in
            span.withUnsafeMutableBufferPointer { buffer, initialized in
                let start = buffer.baseAddress! + initialized
                var cursor = ByteCursor(start)
                kept = write(&cursor)
                let written = cursor.position - start
                precondition(written <= maxBytes, "RestoreTextWriter: a line overran its reserved bytes")
                if kept { initialized += written }
            }
        }
        return kept
    }

    /// Room for `count` bytes in all, so writing up to there never reallocates.
    mutating func reserveCapacity(_ count: Int) {
        bytes.reserveCapacity(count)
        // Megabytes of text per chunk at scale, written once: huge pages (see HugePages).
        let (written, capacity) = (bytes.count, bytes.capacity)
        if capacity >= 2 * HugePages.size {
            bytes.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                HugePages.advise(UnsafeMutableRawPointer(base + written), count: capacity - written)
            }
        }
    }

    /// Raw text, no separator.
    public mutating func write(_ text: String) {
        withLine(maxBytes: text.utf8.count) { $0.put(text) }
    }

    public mutating func write(_ text: StaticString) {
        withLine(maxBytes: text.utf8CodeUnitCount) { $0.put(text) }
    }

    public mutating func newline() { bytes.append(0x0A) }

    /// The start of a rule line, `COMMAND CHAIN` (`-A KUBE-SERVICES`); its tokens follow, each
    /// after a space, then ``newline()``.
    public mutating func beginLine(_ command: StaticString, _ chain: String) {
        withLine(maxBytes: command.utf8CodeUnitCount + 1 + chain.utf8.count) { cursor in
            cursor.put(command)
            cursor.put(0x20)
            cursor.put(chain)
        }
    }

    /// A chain declaration, `:NAME POLICY [packets:bytes]` (`-` without a policy).
    public mutating func declaration(_ name: String, policy: String? = nil, packets: UInt64 = 0, bytes count: UInt64 = 0) {
        guard packets == 0, count == 0 else {
            // Counters (only in parsed text): rare, written the plain way.
            return write(":\(name) \(policy ?? "-") [\(packets):\(count)]\n")
        }
        withLine(maxBytes: name.utf8.count + (policy?.utf8.count ?? 1) + 9) { cursor in
            cursor.put(UInt8(ascii: ":"))
            cursor.put(name)
            cursor.put(0x20)
            if let policy { cursor.put(policy) } else { cursor.put(UInt8(ascii: "-")) }
            cursor.put(" [0:0]\n")
        }
    }

    /// Appends another writer's text.
    public mutating func append(_ other: RestoreTextWriter) {
        bytes.append(contentsOf: other.bytes)
    }

    public var isEmpty: Bool { bytes.isEmpty }

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
        withLine(maxBytes: 1 + token.utf8CodeUnitCount) { $0.keyword(token) }
    }

    public mutating func token(_ token: String) {
        withLine(maxBytes: ByteCursor.tokenBound(token.utf8.count)) { $0.token(token) }
    }

    /// IPv4 written straight from the address bits (its text never needs quotes).
    public mutating func address(_ address: AddressMatch) {
        guard IPv4Text.parts(address) != nil else { return token(address.description) }
        withLine(maxBytes: ByteCursor.ipv4Bound) { $0.address(address) }
    }

    public mutating func number(_ value: Int) {
        withLine(maxBytes: ByteCursor.numberBound) { $0.number(value) }
    }

    /// The text as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
