/// The text of one input (a file, or stdin) with a line index, so a diagnostic can quote the
/// offending line under its headline.
public struct SourceText: Sendable {
    /// The name diagnostics print: the path as the user gave it, or `-` for stdin.
    public let name: String
    public let text: String
    /// Where each line starts, found on first use: only a diagnostic quotes a line, and the
    /// scan of a tens-of-megabytes input would otherwise cost every run a serial pass.
    private let lineIndex: SourceLineIndex

    /// Decodes `bytes` as UTF-8 (a leading byte-order mark is dropped, as Go's YAML and JSON
    /// readers in kubectl accept it). Invalid UTF-8 is a positioned error: Kubernetes objects are
    /// UTF-8 JSON, and a lossy repair could smuggle U+FFFD into names.
    public init(name: String, bytes: [UInt8]) throws(DiagnosticsError) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            let offset = Self.firstInvalidUTF8Offset(body)
            let prefix = String(decoding: body[body.startIndex..<(body.startIndex + offset)], as: UTF8.self)
            let line = prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
            let column = (prefix.split(separator: "\n", omittingEmptySubsequences: false).last?.unicodeScalars.count ?? 0) + 1
            throw DiagnosticsError([
                ManifestDiagnostics.invalidUTF8(at: SourceLocation(file: name, line: line, column: column))
            ])
        }
        self.init(name: name, text: text)
    }

    /// Wraps text that is already a `String`.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
        lineIndex = SourceLineIndex(text)
    }

    /// A location in this text.
    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: name, line: line, column: column)
    }

    /// The text of line `number` (1-based) without its line break; nil past the end.
    public func line(_ number: Int) -> String? {
        let lineStarts = lineIndex.starts
        guard number >= 1, number <= lineStarts.count else { return nil }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[number - 1])
        let end =
            number < lineStarts.count
            ? utf8.index(utf8.startIndex, offsetBy: lineStarts[number] - 1) : utf8.endIndex
        var line = Substring(text[start..<end])
        if line.hasSuffix("\r") { line = line.dropLast() }
        return String(line)
    }

    /// `diagnostic` with the quoted source line filled in when it points into this text.
    ///
    /// The line is made safe to print: control characters (a hostile file could carry terminal
    /// escape sequences) become U+FFFD, one for one so the caret still lines up; a line longer
    /// than ``excerptLength`` (minified JSON) is cut to an excerpt around the column.
    public func attachingSourceLine(_ diagnostic: Diagnostic) -> Diagnostic {
        guard diagnostic.sourceLine == nil, let location = diagnostic.location,
            location.file == name, let line = line(location.line)
        else { return diagnostic }
        var scalars = Array(line.unicodeScalars.map { scalar -> Unicode.Scalar in
            let value = scalar.value
            let isControl = (value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(value)
            return isControl ? "\u{FFFD}" : scalar
        })
        var copy = diagnostic
        if scalars.count > Self.excerptLength {
            let start = max(0, min(location.column - 1 - Self.excerptLength / 2, scalars.count - Self.excerptLength))
            let end = min(scalars.count, start + Self.excerptLength)
            let excerpt = Array(scalars[start..<end])
            scalars = (start > 0 ? ["…"] : []) + excerpt + (end < scalars.count ? ["…"] : [])
            copy.caretColumn = location.column - start + (start > 0 ? 1 : 0)
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars)
        copy.sourceLine = String(text)
        return copy
    }

    /// The longest source line quoted whole under a diagnostic.
    public static let excerptLength = 160

    /// The offset of the first byte that does not start a valid UTF-8 sequence.
    private static func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int {
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            offset += UTF8.width(scalar)
        }
        return offset
    }
}
