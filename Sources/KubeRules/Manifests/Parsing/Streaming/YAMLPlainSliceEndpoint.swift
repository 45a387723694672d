#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fast YAML reader's exact matcher for the endpoint kubectl prints for nearly every
/// endpoint of an IPv4 EndpointSlice (100,000 of them in a 10k-Service dump, most of its lines):
///
///     - addresses:
///       - 10.11.0.0
///       conditions:
///         ready: true
///       nodeName: node-11
///
/// One pass over those bytes, without the general reader's key tables, scalar strings and
/// resolver calls (``rawSliceEndpoint()``), and with the checks the slice shortcut would repeat
/// done on the bytes (``RawSliceEndpoint/vettedIPv4``).
///
/// EXACT or step aside: it takes only input on which the general reader gives this same
/// endpoint and leaves the cursor in the same state, and returns nil with the cursor unchanged
/// for anything else (another key or order, a comment, a blank line, other spacing, a quoted or
/// non-canonical value, a second address), which ``rawSliceEndpoint()`` then reads.
extension YAMLSubsetCursor {
    /// The endpoint at `pos` (a `-` at column ``indent``) when it has exactly the layout above
    /// (`conditions` and `nodeName` each optional, conditions `ready`, `serving`, `terminating`
    /// in any order, once each); nil with the cursor unchanged otherwise.
    mutating func plainSliceEndpoint() -> RawSliceEndpoint? {
        let saved = (pos, line, lineStart, indent)
        if let endpoint = matchPlainSliceEndpoint() { return endpoint }
        (pos, line, lineStart, indent) = saved
        return nil
    }

    /// ``plainSliceEndpoint()`` without the restore: nil leaves the cursor anywhere.
    private mutating func matchPlainSliceEndpoint() -> RawSliceEndpoint? {
        // The general reader: `-`, spaces, then the first key, whose column the entry's other
        // keys line up with. Exactly one space here, so the key column is the dash's + 2.
        let keyColumn = indent + 2
        guard matches("- addresses:\n", at: pos) else { return nil }
        var endpoint = RawSliceEndpoint(location: location(pos + 2))
        var index = pos + 13
        var lines = 1
        // The address: an indentless sequence of one entry at the key column. Only digits and
        // dots, three of them, so ``YAMLScalarResolver`` makes it a string (two dots are never
        // a number), and canonical, so the shortcut's parse and respelling are identities.
        guard indentation(at: index) == keyColumn, matches("- ", at: index + keyColumn) else { return nil }
        let addressStart = index + keyColumn + 2
        guard let (value, addressEnd) = canonicalIPv4(at: addressStart), byte(addressEnd) == 0x0A else { return nil }
        endpoint.addresses = [asciiString(addressStart, addressEnd)]
        endpoint.vettedIPv4 = value
        index = addressEnd + 1
        lines += 1
        if indentation(at: index) == keyColumn, matches("conditions:\n", at: index + keyColumn) {
            index += keyColumn + 12
            lines += 1
            // A block mapping more indented than its key, each line `name: true|false`.
            let column = indentation(at: index)
            guard column > keyColumn else { return nil }
            var seen: UInt8 = 0
            while indentation(at: index) == column {
                var at = index + column
                let bit: UInt8
                if matches("ready: ", at: at) {
                    (bit, at) = (1, at + 7)
                } else if matches("serving: ", at: at) {
                    (bit, at) = (2, at + 9)
                } else if matches("terminating: ", at: at) {
                    (bit, at) = (4, at + 13)
                } else {
                    return nil
                }
                let value: Bool
                if matches("true\n", at: at) {
                    (value, at) = (true, at + 5)
                } else if matches("false\n", at: at) {
                    (value, at) = (false, at + 6)
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
                index = at
                lines += 1
            }
            guard seen != 0 else { return nil }
        }
        if indentation(at: index) == keyColumn, matches("nodeName: ", at: index + keyColumn) {
            let start = index + keyColumn + 10
            guard let nameEnd = plainSubdomain(at: start), byte(nameEnd) == 0x0A else { return nil }
            endpoint.nodeName = asciiString(start, nameEnd)
            index = nameEnd + 1
            lines += 1
        }
        // The line after the endpoint, as the general reader reaches it after the last value
        // (``plainLineScalar(ownerIndent:)``): it must close the entry's mapping, else that
        // reader decides (another key, a continuation line, an error).
        pos = index
        line += lines
        lineStart = index
        do { try skipToContent() } catch { return nil }
        guard indent < keyColumn else { return nil }
        return endpoint
    }

    /// `literal`'s bytes at `offset` (within the region).
    @inline(__always) private func matches(_ literal: StaticString, at offset: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= end else { return false }
        // memcmp of a literal of known length: the compiler makes it a few word compares.
        return memcmp(bytes.baseAddress! + offset, literal.utf8Start, count) == 0
    }

    /// How many spaces the line starting at `offset` begins with.
    @inline(__always) private func indentation(at offset: Int) -> Int {
        var index = offset
        while index < end, bytes[index] == 0x20 { index += 1 }
        return index - offset
    }

    /// A dotted quad in Go's canonical spelling at `offset` (``PlainEndpointBytes/canonicalIPv4(_:at:end:)``).
    @inline(__always) private func canonicalIPv4(at offset: Int) -> (UInt32, Int)? {
        PlainEndpointBytes.canonicalIPv4(bytes, at: offset, end: end)
    }

    /// A node name at `offset` that ``YAMLScalarResolver`` makes a string and that is a valid
    /// DNS-1123 subdomain (``NameValidation/isValidSubdomainBytes(_:)``): the offset just past
    /// it, or nil. Its bytes run to the first one outside `[a-z0-9.-]` (so no space, `: ` or `#`
    /// is in it: the plain scalar is all of it, if the line ends there); its first byte is a
    /// letter, which outside `y n t f o` (the null and boolean spellings) always resolves to a
    /// string, and inside them only when longer than 5 bytes (`false` is the longest).
    private func plainSubdomain(at offset: Int) -> Int? {
        let first = byte(offset)
        guard first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z"),
            let index = PlainEndpointBytes.subdomainRun(bytes, at: offset, end: end)
        else { return nil }
        let count = index - offset
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "o"):
            guard count > 5 else { return nil }
        default:
            break
        }
        return index
    }

    /// The bytes `start..<end` as a string; they are ASCII (checked by the caller's match).
    @inline(__always) private func asciiString(_ start: Int, _ stop: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)
    }
}
