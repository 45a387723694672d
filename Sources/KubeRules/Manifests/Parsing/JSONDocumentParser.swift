/// Parses JSON (RFC 8259, strictly: no comments, no trailing commas, no leading zeros, no
/// unescaped control characters) into ``ManifestValue`` trees with line and column of every node.
///
/// Hand-written because Foundation's `JSONSerialization` and `JSONDecoder` report no positions,
/// and every error and every object here must point at its line. Columns count Unicode scalars,
/// as libyaml's do, so YAML and JSON diagnostics line up the same way.
///
/// Several top-level values in one input (`{…} {…}`, what `kubectl get a -o json; kubectl get b
/// -o json` writes) are read as consecutive documents, as kubectl's YAML-or-JSON decoder does.
/// Duplicate keys are an error, as they are in YAML, rather than Go's silent last-one-wins.
public struct JSONDocumentParser: Sendable {
    /// Deeper nesting than this is rejected instead of risking the stack on hostile input.
    public static let maximumDepth = 512

    public init() {}

    public func parse(_ source: SourceText) -> (documents: [ManifestValue], errors: [Diagnostic]) {
        var scanner = JSONScanner(source: source)
        var documents: [ManifestValue] = []
        do {
            while true {
                scanner.skipWhitespace()
                if scanner.atEnd { break }
                documents.append(try scanner.value(depth: 0, expected: "a JSON value"))
            }
        } catch {
            return (documents, [error.diagnostic])
        }
        return (documents, [])
    }
}

/// The cursor over the UTF-8 bytes; tracks line and column incrementally so that minified
/// single-line JSON stays linear.
private struct JSONScanner {
    let source: SourceText
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var column = 1

    init(source: SourceText) {
        self.source = source
        self.bytes = Array(source.text.utf8)
    }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    var location: SourceLocation { source.location(line: line, column: column) }

    mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    mutating func skipWhitespace() {
        while let byte = peek,
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r")
        {
            advance()
        }
    }

    func fail(_ expected: String) -> ConversionError {
        let found: String
        if peek != nil {
            let scalarEnd = bytes[index...].dropFirst().firstIndex { $0 & 0xC0 != 0x80 } ?? bytes.count
            let text = String(decoding: bytes[index..<scalarEnd], as: UTF8.self)
            found = "unexpected \(ManifestDiagnostics.quote(text))"
        } else {
            found = "unexpected end of input"
        }
        return ConversionError(diagnostic: ManifestDiagnostics.jsonSyntax(found, expected: expected, at: location))
    }

    mutating func value(depth: Int, expected: String) throws(ConversionError) -> ManifestValue {
        guard depth < JSONDocumentParser.maximumDepth else {
            throw ConversionError(
                diagnostic: ManifestDiagnostics.jsonSyntax(
                    "nesting deeper than \(JSONDocumentParser.maximumDepth) levels", expected: "a shallower document",
                    at: location))
        }
        let start = location
        // NUL never starts a value, so it stands for "end of input" here.
        switch peek ?? 0 {
        case UInt8(ascii: "{"): return .mapping(try object(depth: depth))
        case UInt8(ascii: "["): return .sequence(try array(depth: depth))
        case UInt8(ascii: "\""):
            return .scalar(ManifestScalar(text: try string(), kind: .string, style: .json, location: start))
        case UInt8(ascii: "t"): return try literal("true", kind: .boolean, at: start)
        case UInt8(ascii: "f"): return try literal("false", kind: .boolean, at: start)
        case UInt8(ascii: "n"):
            _ = try literal("null", kind: .string, at: start)
            return .null(start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number(at: start)
        default: throw fail(expected)
        }
    }

    mutating func object(depth: Int) throws(ConversionError) -> ManifestMapping {
        let start = location
        advance()  // {
        var entries: [ManifestMapping.Entry] = []
        var seen = Set<String>()
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            advance()
            return ManifestMapping(entries: entries, location: start)
        }
        while true {
            skipWhitespace()
            let keyLocation = location
            guard peek == UInt8(ascii: "\"") else {
                throw fail(entries.isEmpty ? "a string key or '}'" : "a string key")
            }
            let key = try string()
            guard seen.insert(key).inserted else {
                throw ConversionError(diagnostic: ManifestDiagnostics.duplicateKey(key, at: keyLocation))
            }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw fail("':' after the key") }
            advance()
            skipWhitespace()
            let value = try value(depth: depth + 1, expected: "a value")
            entries.append(
                ManifestMapping.Entry(
                    key: ManifestScalar(text: key, kind: .string, style: .json, location: keyLocation), value: value))
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                advance()
                continue
            }
            guard peek == UInt8(ascii: "}") else { throw fail("',' or '}'") }
            advance()
            return ManifestMapping(entries: entries, location: start)
        }
    }

    mutating func array(depth: Int) throws(ConversionError) -> ManifestSequence {
        let start = location
        advance()  // [
        var items: [ManifestValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            advance()
            return ManifestSequence(items: items, location: start)
        }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1, expected: items.isEmpty ? "a value or ']'" : "a value"))
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                advance()
                continue
            }
            guard peek == UInt8(ascii: "]") else { throw fail("',' or ']'") }
            advance()
            return ManifestSequence(items: items, location: start)
        }
    }

    mutating func literal(_ word: String, kind: ManifestScalar.Kind, at start: SourceLocation)
        throws(ConversionError) -> ManifestValue
    {
        for expectedByte in word.utf8 {
            guard peek == expectedByte else { throw fail("a value (\"\(word)\"?)") }
            advance()
        }
        return .scalar(ManifestScalar(text: word, kind: kind, style: .json, location: start))
    }

    mutating func number(at start: SourceLocation) throws(ConversionError) -> ManifestValue {
        let first = index
        var isInteger = true
        if peek == UInt8(ascii: "-") { advance() }
        if peek == UInt8(ascii: "0") {
            advance()
            if let byte = peek, isDigit(byte) { throw fail("'.', 'e' or the end of the number (no leading zeros)") }
        } else {
            guard let byte = peek, isDigit(byte) else { throw fail("a digit") }
            while let byte = peek, isDigit(byte) { advance() }
        }
        if peek == UInt8(ascii: ".") {
            isInteger = false
            advance()
            guard let byte = peek, isDigit(byte) else { throw fail("a digit after '.'") }
            while let byte = peek, isDigit(byte) { advance() }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            isInteger = false
            advance()
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { advance() }
            guard let byte = peek, isDigit(byte) else { throw fail("a digit in the exponent") }
            while let byte = peek, isDigit(byte) { advance() }
        }
        let text = String(decoding: bytes[first..<index], as: UTF8.self)
        return .scalar(ManifestScalar(text: text, kind: isInteger ? .integer : .float, style: .json, location: start))
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// A string token with its escapes decoded. A lone surrogate escape becomes U+FFFD, as in
    /// Go's `encoding/json`.
    mutating func string() throws(ConversionError) -> String {
        advance()  // opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flush(_ end: Int) {
            if end > runStart { scalars.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).unicodeScalars) }
        }
        while true {
            guard let byte = peek else { throw fail("a closing '\"'") }
            if byte == UInt8(ascii: "\"") {
                flush(index)
                advance()
                return String(scalars)
            }
            if byte < 0x20 { throw fail("an escaped control character (\\n, \\t, \\u00XX) inside a string") }
            if byte != UInt8(ascii: "\\") {
                advance()
                continue
            }
            flush(index)
            advance()
            guard let escape = peek else { throw fail("an escape character") }
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                advance()
                let unit = try hex4()
                scalars.append(try surrogateAware(unit))
                runStart = index
                continue
            default: throw fail("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
            }
            advance()
            runStart = index
        }
    }

    private mutating func hex4() throws(ConversionError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw fail("four hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            advance()
        }
        return value
    }

    private mutating func surrogateAware(_ unit: UInt32) throws(ConversionError) -> Unicode.Scalar {
        let replacement = Unicode.Scalar(0xFFFD)!
        if (0xDC00...0xDFFF).contains(unit) { return replacement }
        guard (0xD800...0xDBFF).contains(unit) else { return Unicode.Scalar(unit) ?? replacement }
        // A high surrogate needs a following \uDC00-\uDFFF.
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
        else { return replacement }
        let saved = (index, line, column)
        advance()
        advance()
        let low = try hex4()
        guard (0xDC00...0xDFFF).contains(low) else {
            (index, line, column) = saved
            return replacement
        }
        return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) ?? replacement
    }
}
