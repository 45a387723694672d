/// Every diagnostic the manifest reader can produce, as named factories, so the wording lives in
/// one place and tests can assert it exactly.
///
/// Headlines follow `<what> (expected <what>)`. Field paths are spelled as the API server spells
/// them (`spec.ports[0].port`); values are quoted like Go's `%q`, so a hostile value (newline,
/// quote, escape sequence) cannot forge extra lines on the terminal.
public enum ManifestDiagnostics {
    // MARK: input and syntax

    public static func unreadable(_ path: String, reason: String) -> Diagnostic {
        Diagnostic(
            severity: .error, message: "cannot read \(quote(path)): \(reason)",
            expected: "a readable file, a directory or - for stdin")
    }

    public static func emptyDirectory(_ path: String) -> Diagnostic {
        Diagnostic(
            severity: .note, message: "directory \(quote(path)) holds no manifest files; nothing read from it",
            expected: "*.yaml, *.yml or *.json files")
    }

    public static func invalidUTF8(at location: SourceLocation) -> Diagnostic {
        Diagnostic(severity: .error, message: "input is not valid UTF-8", expected: "UTF-8 text", location: location)
    }

    public static func yamlSyntax(_ problem: String, context: String?, at location: SourceLocation) -> Diagnostic {
        var message = "YAML syntax error: \(problem)"
        if let context { message += " (\(context))" }
        return Diagnostic(severity: .error, message: message, expected: "well-formed YAML", location: location)
    }

    public static func jsonSyntax(_ problem: String, expected: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(severity: .error, message: "JSON syntax error: \(problem)", expected: expected, location: location)
    }

    public static func duplicateKey(_ key: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            severity: .error, message: "duplicate key \(quote(key))", expected: "each key at most once in an object",
            location: location)
    }

    public static func nonScalarKey(at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            severity: .error, message: "mapping key is not a scalar", expected: "a string key", location: location)
    }

    public static func aliasExpansionTooLarge(at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            severity: .error, message: "YAML aliases expand this document beyond a sane size",
            expected: "a document without excessive alias expansion", location: location)
    }

    // MARK: documents and kinds

    public static func notAnObject(_ found: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            severity: .error, message: "document is \(found), not an object",
            expected: "a Kubernetes object with apiVersion and kind", location: location)
    }

    public static func skippedKind(apiVersion: String, kind: String, name: String?, at location: SourceLocation)
        -> Diagnostic
    {
        let what = name.map { "\(apiVersion) \(kind) \(quote($0))" } ?? "\(apiVersion) \(kind)"
        return Diagnostic(
            severity: .note, message: "skipping \(what)",
            expected: "v1 Service, discovery.k8s.io/v1 EndpointSlice, v1 Endpoints or v1 Node", location: location)
    }

    // MARK: fields

    public static func wrongType(_ path: String, found: String, expected: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(severity: .error, message: "\(path) is \(found)", expected: expected, location: location)
    }

    public static func required(_ path: String, expected: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(severity: .error, message: "missing \(path)", expected: expected, location: location)
    }

    public static func invalid(
        _ path: String, value: String, problem: String? = nil, expected: String, at location: SourceLocation
    ) -> Diagnostic {
        var message = "invalid \(path) \(quote(value))"
        if let problem { message += ": \(problem)" }
        return Diagnostic(severity: .error, message: message, expected: expected, location: location)
    }

    public static func invalidNumber(_ path: String, value: Int, problem: String? = nil, expected: String, at location: SourceLocation)
        -> Diagnostic
    {
        var message = "invalid \(path) \(value)"
        if let problem { message += ": \(problem)" }
        return Diagnostic(severity: .error, message: message, expected: expected, location: location)
    }

    public static func notSupported(_ path: String, value: String, supported: [String], at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            severity: .error, message: "unsupported \(path) \(quote(value))",
            expected: oneOf(supported), location: location)
    }

    public static func duplicate(_ path: String, value: String, expected: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(severity: .error, message: "duplicate \(path) \(value)", expected: expected, location: location)
    }

    public static func forbidden(_ path: String, problem: String, expected: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(severity: .error, message: "\(path) \(problem)", expected: expected, location: location)
    }

    public static func ignoredValue(_ path: String, value: String, reason: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            severity: .warning, message: "ignoring \(path) \(quote(value)): \(reason)", expected: nil,
            location: location)
    }

    // MARK: formatting

    /// `"A"`, `"A" or "B"`, `one of "A", "B", "C"`.
    public static func oneOf(_ values: [String]) -> String {
        let quoted = values.map { quote($0) }
        switch quoted.count {
        case 0: return "nothing"
        case 1: return quoted[0]
        case 2: return "\(quoted[0]) or \(quoted[1])"
        default: return "one of " + quoted.joined(separator: ", ")
        }
    }

    /// Go `%q`-style quoting: printable ASCII as is, everything else escaped, values longer than
    /// `limit` characters cut with "…". The result is also a valid YAML double-quoted scalar.
    public static func quote(_ value: String, limit: Int = 80) -> String {
        var out = "\""
        var count = 0
        for scalar in value.unicodeScalars {
            if count == limit {
                out += "\"…"
                return out
            }
            count += 1
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case " "..."~": out.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16)
                if scalar.value <= 0xFFFF {
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
                }
            }
        }
        return out + "\""
    }
}
