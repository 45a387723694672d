/// One finding about the input: an error that stops the run, or a note (a skipped kind, say).
///
/// Diagnostics are values, collected while reading and validating so that one run reports every
/// problem; only when the whole input has been looked at does the pipeline throw
/// ``DiagnosticsError`` if any of them is an error.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable {
        case error
        case warning
        case note
    }

    public var severity: Severity
    /// What is wrong, e.g. `invalid port 70000`.
    public var message: String
    /// What would have been accepted, e.g. `an integer in 1-65535`; printed as `(expected …)`.
    public var expected: String?
    public var location: SourceLocation?
    /// The text of the offending line, printed under the message with a caret.
    public var sourceLine: String?
    /// Where the caret goes in ``sourceLine`` (1-based) when that is not `location.column`:
    /// a very long line (minified JSON) is shown as an excerpt around the column.
    public var caretColumn: Int?

    public init(
        severity: Severity, message: String, expected: String? = nil,
        location: SourceLocation? = nil, sourceLine: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.expected = expected
        self.location = location
        self.sourceLine = sourceLine
    }

    /// The headline: `file:line:column: error: message (expected …)`.
    public var headline: String {
        var text = ""
        if let location { text += "\(location): " }
        text += "\(severity.rawValue): \(message)"
        if let expected { text += " (expected \(expected))" }
        return text
    }

    /// The full text as printed on stderr: headline, source line, caret under the column.
    public var description: String {
        guard let sourceLine, let location else { return headline }
        let caretPad = String(
            sourceLine.prefix(max(0, (caretColumn ?? location.column) - 1)).map { $0 == "\t" ? "\t" : " " })
        return "\(headline)\n\(sourceLine)\n\(caretPad)^"
    }
}

/// Thrown when input has at least one error; carries every diagnostic of the run, in input order.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// Collects diagnostics during one stage; the stage ends with ``throwIfErrors()``.
public struct DiagnosticCollector: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public mutating func emit(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public mutating func append(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    /// Throws every diagnostic collected so far if any is an error.
    public func throwIfErrors() throws(DiagnosticsError) {
        if hasErrors { throw DiagnosticsError(diagnostics) }
    }
}
