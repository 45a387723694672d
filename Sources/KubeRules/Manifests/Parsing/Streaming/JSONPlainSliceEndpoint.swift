#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fast JSON reader's exact matcher for the endpoint kubectl prints for nearly every endpoint
/// of an IPv4 EndpointSlice (100,000 of them in a 10k-Service dump, most of its bytes):
///
///     {
///         "addresses": [
///             "10.36.0.0"
///         ],
///         "conditions": {
///             "ready": true
///         },
///         "nodeName": "node-36"
///     }
///
/// One pass over those bytes, without the general reader's member loop, key tables, whitespace
/// calls and strings (``rawSliceEndpoint()``), and with the checks the slice shortcut would repeat
/// done on the bytes (``RawSliceEndpoint/vettedIPv4``).
///
/// EXACT or step aside: it takes only input on which the general reader gives this same endpoint
/// and leaves the cursor in the same state (position, line, column checkpoint), and returns nil
/// with the cursor unchanged for anything else (another key, order or spacing, a tab or a `\r`,
/// an escape, a non-canonical or second address, a node name the shortcut would refuse), which
/// ``rawSliceEndpoint()`` then reads. Indentation may be any number of spaces: JSON whitespace
/// is insignificant, and the line count and column checkpoint follow the bytes.
extension JSONFastCursor {
    /// The endpoint at `pos` (a `{`) when it has exactly the layout above (`conditions` and
    /// `nodeName` each optional, in this order; conditions `ready`, `serving`, `terminating` in
    /// any order, once each, at least one); nil with the cursor unchanged otherwise.
    mutating func plainSliceEndpoint() -> RawSliceEndpoint? {
        let saved = (pos, line, checkpoint, checkpointColumn)
        if let endpoint = matchPlainSliceEndpoint() { return endpoint }
        (pos, line, checkpoint, checkpointColumn) = saved
        return nil
    }

    /// ``plainSliceEndpoint()`` without the restore: nil leaves the cursor anywhere.
    private mutating func matchPlainSliceEndpoint() -> RawSliceEndpoint? {
        guard matches("{\n", at: pos) else { return nil }
        // Where the general reader takes it: at the `{`, after the whitespace before it.
        var endpoint = RawSliceEndpoint(location: location())
        var lines = 1
        var index = spaces(pos + 2)
        guard matches("\"addresses\": [\n", at: index) else { return nil }
        lines += 1
        index = spaces(index + 15)
        // One string of digits and dots: canonical, so the shortcut's parse and respelling are
        // identities, and without escapes, so the string is its bytes.
        guard byte(index) == UInt8(ascii: "\""),
            let (value, addressEnd) = PlainEndpointBytes.canonicalIPv4(bytes, at: index + 1, end: end),
            matches("\"\n", at: addressEnd)
        else { return nil }
        endpoint.addresses = [asciiString(index + 1, addressEnd)]
        endpoint.vettedIPv4 = value
        lines += 1
        index = spaces(addressEnd + 2)
        guard byte(index) == UInt8(ascii: "]") else { return nil }
        index += 1
        // The members after `addresses`, in kubectl's (Go's struct) order.
        var nextKey = 1
        while matches(",\n", at: index) {
            lines += 1
            index = spaces(index + 2)
            if nextKey <= 1, matches("\"conditions\": {\n", at: index) {
                lines += 1
                guard let after = conditions(at: index + 16, into: &endpoint, lines: &lines) else { return nil }
                index = after
                nextKey = 2
            } else if nextKey <= 2, matches("\"nodeName\": \"", at: index) {
                let start = index + 13
                // A subdomain's bytes: no escape, no control byte, so the string is its bytes;
                // valid, so the shortcut's name check passes.
                guard let nameEnd = PlainEndpointBytes.subdomainRun(bytes, at: start, end: end),
                    byte(nameEnd) == UInt8(ascii: "\"")
                else { return nil }
                endpoint.nodeName = asciiString(start, nameEnd)
                index = nameEnd + 1
                nextKey = 3
            } else {
                return nil
            }
        }
        // The closing brace on a line of its own, where the general reader's whitespace skip
        // leaves its column checkpoint.
        guard byte(index) == 0x0A else { return nil }
        let lineStart = index + 1
        index = spaces(lineStart)
        guard byte(index) == UInt8(ascii: "}") else { return nil }
        pos = index + 1
        line += lines + 1
        checkpoint = index
        checkpointColumn = index - lineStart + 1
        return endpoint
    }

    /// The lines of a `conditions` object from just past its `{` line: `"name": true|false`
    /// members, each of `ready`, `serving`, `terminating` at most once, at least one, then the
    /// `}` on a line of its own. The offset just past the `}`, or nil.
    private func conditions(at start: Int, into endpoint: inout RawSliceEndpoint, lines: inout Int) -> Int? {
        var index = start
        var seen: UInt8 = 0
        while true {
            index = spaces(index)
            let bit: UInt8
            if matches("\"ready\": ", at: index) {
                (bit, index) = (1, index + 9)
            } else if matches("\"serving\": ", at: index) {
                (bit, index) = (2, index + 11)
            } else if matches("\"terminating\": ", at: index) {
                (bit, index) = (4, index + 15)
            } else {
                return nil
            }
            let value: Bool
            if matches("true", at: index) {
                (value, index) = (true, index + 4)
            } else if matches("false", at: index) {
                (value, index) = (false, index + 5)
            } else {
                return nil
            }
            guard seen & bit == 0 else { return nil }
            seen |= bit
            switch bit {
            case 1: endpoint.ready = value
            case 2: endpoint.serving = value
            default: endpoint.terminating = value
            }
            if matches(",\n", at: index) {
                lines += 1
                index += 2
                continue
            }
            guard byte(index) == 0x0A else { return nil }
            lines += 1
            index = spaces(index + 1)
            guard byte(index) == UInt8(ascii: "}") else { return nil }
            return index + 1
        }
    }

    /// The byte at `offset`, or 0 past the region (never a byte the matcher looks for).
    @inline(__always) private func byte(_ offset: Int) -> UInt8 { offset < end ? bytes[offset] : 0 }

    /// `literal`'s bytes at `offset` (within the region).
    @inline(__always) private func matches(_ literal: StaticString, at offset: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= end else { return false }
        // memcmp of a literal of known length: the compiler makes it a few word compares.
        return memcmp(bytes.baseAddress! + offset, literal.utf8Start, count) == 0
    }

    /// The first offset from `offset` that is not a space.
    @inline(__always) private func spaces(_ offset: Int) -> Int {
        ByteScan.skipSpaces(bytes, from: offset, to: end)
    }

    /// The bytes `start..<stop` as a string; they are ASCII (checked by the caller's match).
    @inline(__always) private func asciiString(_ start: Int, _ stop: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)
    }
}
