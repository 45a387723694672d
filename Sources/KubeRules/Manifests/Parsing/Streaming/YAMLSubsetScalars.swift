/// Single-line scalars of the fast YAML reader: plain, single- and double-quoted, and `{}`/`[]`.
/// Anything that would continue on the next line is outside the subset.
extension YAMLSubsetCursor {
    /// A scalar token and whether a `:` plus blank follows it (then it is a mapping key).
    struct ScalarToken {
        var scalar: ManifestScalar
        var isKey: Bool
    }

    /// Reads the plain or quoted scalar at `pos`. After a key, `pos` is just past the `:`;
    /// otherwise just past the scalar (a quoted one may have spanned lines; a plain one is
    /// continued by ``continuePlain(_:ownerIndent:)``).
    mutating func scalarToken() throws(YAMLSubsetUnsupported) -> ScalarToken {
        let start = pos
        let startLine = line
        let location = self.location(start)
        let scalar: ManifestScalar
        switch bytes[pos] {
        case UInt8(ascii: "\""):
            scalar = ManifestScalar(text: try quoted(double: true), kind: .string, style: .doubleQuoted, location: location)
        case UInt8(ascii: "'"):
            scalar = ManifestScalar(text: try quoted(double: false), kind: .string, style: .singleQuoted, location: location)
        default:
            let text = try plain()
            scalar = ManifestScalar(text: text, kind: .string, style: .plain, location: location)
        }
        // A key: `:` then a blank, on the scalar's own (single) line.
        if pos < end, bytes[pos] == UInt8(ascii: ":"), isBlankOrEnd(pos + 1) {
            guard line == startLine, pos - start <= 1_000 else { throw unsupported("multi-line or overlong key") }
            pos += 1
            return ScalarToken(scalar: scalar, isKey: true)
        }
        return ScalarToken(scalar: scalar, isKey: false)
    }

    /// The plain text from `pos` to `: `, ` #` or the end of the line, trailing spaces
    /// excluded. Its first byte has been checked by the caller (no indicator).
    private mutating func plain() throws(YAMLSubsetUnsupported) -> String {
        let start = pos
        try scanPlainLine()
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
    }

    /// Moves `pos` past the plain text on this line (to just after its last non-space byte).
    mutating func scanPlainLine() throws(YAMLSubsetUnsupported) {
        var last = pos
        while pos < end {
            let byte = bytes[pos]
            if byte == 0x0A { break }
            if byte == UInt8(ascii: ":"), isBlankOrEnd(pos + 1) { break }
            if byte == 0x20 {
                if pos + 1 < end, bytes[pos + 1] == UInt8(ascii: "#") { break }
            } else if byte == 0x09 {
                throw unsupported("tab in a plain scalar")
            } else {
                last = pos + 1
            }
            pos += 1
        }
        pos = last
    }

    /// Folds the continuation lines of a multi-line plain scalar into `text` (libyaml's
    /// `yaml_parser_scan_plain_scalar`: lines more indented than the enclosing block, joined by
    /// a space, or by n-1 newlines across n line breaks). `pos` is just past the first line's text.
    mutating func continuePlain(_ text: inout String, ownerIndent: Int) throws(YAMLSubsetUnsupported) {
        var probe = pos
        while probe < end, bytes[probe] == 0x20 { probe += 1 }
        guard probe < end, bytes[probe] == 0x0A else { return }  // a comment ends it
        var folded: [UInt8]? = nil
        while true {
            // `probe` is at a line break: look at the lines after it.
            var breaks = 0
            var lineStartCandidate = probe + 1
            var spaces = 0
            while true {
                spaces = 0
                while lineStartCandidate + spaces < end, bytes[lineStartCandidate + spaces] == 0x20 { spaces += 1 }
                let first = lineStartCandidate + spaces
                guard first < end else { break }
                if bytes[first] == 0x0A {
                    breaks += 1
                    lineStartCandidate = first + 1
                    continue
                }
                if bytes[first] == 0x09 { throw unsupported("tab after a plain scalar") }
                break
            }
            let first = lineStartCandidate + spaces
            guard first < end, spaces > ownerIndent, bytes[first] != UInt8(ascii: "#"),
                !(spaces == 0 && isDocumentMarker(first))
            else { break }
            // Indicators at the start of a continuation line are text to libyaml, but rare
            // enough to leave to it.
            let saved = pos
            pos = first
            guard canStartPlain, !atSequenceEntry else {
                pos = saved
                throw unsupported("indicator on a continuation line")
            }
            if folded == nil { folded = Array(text.utf8) }
            if breaks == 0 {
                folded!.append(0x20)
            } else {
                for _ in 0..<breaks { folded!.append(0x0A) }
            }
            // Count the lines crossed so positions stay right.
            for index in probe..<lineStartCandidate where bytes[index] == 0x0A { line += 1 }
            lineStart = lineStartCandidate
            let textStart = pos
            try scanPlainLine()
            folded!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[textStart..<pos]))
            if pos < end, bytes[pos] == UInt8(ascii: ":"), isBlankOrEnd(pos + 1) {
                throw unsupported("mapping value after a multi-line scalar")
            }
            probe = pos
            while probe < end, bytes[probe] == 0x20 { probe += 1 }
            guard probe < end, bytes[probe] == 0x0A else { break }
        }
        if let folded { text = String(decoding: folded, as: UTF8.self) }
    }

    /// A single- or double-quoted scalar, possibly over several lines, with libyaml's folding
    /// (`yaml_parser_scan_flow_scalar`) and escapes.
    private mutating func quoted(double: Bool) throws(YAMLSubsetUnsupported) -> String {
        let quote = double ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        pos += 1
        // Fast path: one line, no escapes.
        var index = pos
        while index < end {
            let byte = bytes[index]
            if byte == quote, double || index + 1 >= end || bytes[index + 1] != quote {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[pos..<index]), as: UTF8.self)
                pos = index + 1
                return text
            }
            if byte == 0x0A || byte == quote || (double && byte == UInt8(ascii: "\\")) { break }
            index += 1
        }
        var output: [UInt8] = []
        while true {
            var leadingBlanks = false
            while pos < end {
                let byte = bytes[pos]
                if byte == 0x20 || byte == 0x09 || byte == 0x0A { break }
                if !double, byte == quote {
                    guard pos + 1 < end, bytes[pos + 1] == quote else { break }
                    output.append(quote)
                    pos += 2
                    continue
                }
                if double, byte == quote { break }
                if double, byte == UInt8(ascii: "\\") {
                    if pos + 1 < end, bytes[pos + 1] == 0x0A {
                        pos += 2
                        line += 1
                        lineStart = pos
                        guard !isDocumentMarker(pos) else { throw unsupported("document marker in a scalar") }
                        leadingBlanks = true
                        break
                    }
                    pos += 1
                    try escape(into: &output)
                    continue
                }
                output.append(byte)
                pos += 1
            }
            guard pos < end else { throw unsupported("unterminated quoted scalar") }
            if bytes[pos] == quote {
                pos += 1
                return String(decoding: output, as: UTF8.self)
            }
            var whitespace: [UInt8] = []
            var leadingBreak = false
            var trailingBreaks = 0
            while pos < end, bytes[pos] == 0x20 || bytes[pos] == 0x09 || bytes[pos] == 0x0A {
                if bytes[pos] != 0x0A {
                    if !leadingBlanks { whitespace.append(bytes[pos]) }
                    pos += 1
                    continue
                }
                if !leadingBlanks {
                    whitespace.removeAll()
                    leadingBreak = true
                    leadingBlanks = true
                } else {
                    trailingBreaks += 1
                }
                pos += 1
                line += 1
                lineStart = pos
                guard !isDocumentMarker(pos) else { throw unsupported("document marker in a scalar") }
            }
            if leadingBlanks {
                if leadingBreak, trailingBreaks == 0 {
                    output.append(0x20)
                } else {
                    for _ in 0..<trailingBreaks { output.append(0x0A) }
                }
            } else {
                output += whitespace
            }
        }
    }

    /// One escape after `\` (libyaml's `yaml_parser_scan_flow_scalar` table).
    private mutating func escape(into output: inout [UInt8]) throws(YAMLSubsetUnsupported) {
        guard pos < end else { throw unsupported("escape at the end") }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "0"): 0, UInt8(ascii: "a"): 7, UInt8(ascii: "b"): 8, UInt8(ascii: "t"): 9, 0x09: 9,
            UInt8(ascii: "n"): 10, UInt8(ascii: "v"): 11, UInt8(ascii: "f"): 12, UInt8(ascii: "r"): 13,
            UInt8(ascii: "e"): 27, 0x20: 0x20, UInt8(ascii: "\""): 0x22, UInt8(ascii: "/"): 0x2F,
            UInt8(ascii: "\\"): 0x5C,
        ]
        let code = bytes[pos]
        pos += 1
        if let value = simple[code] {
            output.append(value)
            return
        }
        let digits: Int
        switch code {
        case UInt8(ascii: "N"): return append(0x85, to: &output)
        case UInt8(ascii: "_"): return append(0xA0, to: &output)
        case UInt8(ascii: "L"): return append(0x2028, to: &output)
        case UInt8(ascii: "P"): return append(0x2029, to: &output)
        case UInt8(ascii: "x"): digits = 2
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        default: throw unsupported("unknown escape")
        }
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard pos < end, let digit = Self.hexValue(bytes[pos]) else { throw unsupported("bad hex escape") }
            value = value << 4 | digit
            pos += 1
        }
        guard !(0xD800...0xDFFF).contains(value), value <= 0x10FFFF else { throw unsupported("invalid escaped code point") }
        append(value, to: &output)
    }

    private func append(_ value: UInt32, to output: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value) else { return }
        output.append(contentsOf: String(Character(scalar)).utf8)
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Whether a plain scalar may start with the byte at `pos` (not an indicator; `-` only
    /// before a non-blank, as in `-1`).
    var canStartPlain: Bool {
        switch bytes[pos] {
        case UInt8(ascii: "-"): return !isBlankOrEnd(pos + 1)
        case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"),
            UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "@"),
            UInt8(ascii: "`"), 0x09:
            return false
        default: return true
        }
    }

    /// A plain scalar value resolved as go-yaml v2 resolves it (``YAMLScalarResolver``).
    static func resolved(_ scalar: ManifestScalar) -> ManifestValue {
        guard let kind = YAMLScalarResolver.resolvePlain(scalar.text) else { return .null(scalar.location) }
        var resolved = scalar
        resolved.kind = kind
        return .scalar(resolved)
    }
}
