/// A JSON-shaped value the cluster generator builds, printed as kubectl prints objects:
/// YAML through ``YAMLEmitter`` (sigs.k8s.io/yaml over go-yaml v2: keys sorted, indentless
/// sequences, go-yaml's quoting) and JSON through ``JSONEmitter`` (`json.MarshalIndent` with
/// four spaces, keys in Go struct order).
indirect enum GenValue {
    /// Keys in Go struct-field order (what `-o json` prints); YAML sorts them.
    case map([(String, GenValue)])
    case list([GenValue])
    case string(String)
    case int(Int)
    case bool(Bool)
}

/// Writes ``GenValue``s as `kubectl get -o yaml` does.
struct YAMLEmitter {
    private(set) var output: [UInt8] = []

    init(reserving capacity: Int) {
        output.reserveCapacity(capacity)
    }

    /// A whole document: the top-level mapping at column 0.
    mutating func document(_ value: GenValue) {
        guard case .map(let entries) = value else { return }
        mapping(entries, indent: 0, firstLineIndented: true)
    }

    private mutating func spaces(_ count: Int) {
        for _ in 0..<count { output.append(0x20) }
    }

    private mutating func text(_ string: String) {
        output.append(contentsOf: string.utf8)
    }

    /// `entries` at `indent`; the first key is not indented when it follows `- ` on its line.
    private mutating func mapping(_ entries: [(String, GenValue)], indent: Int, firstLineIndented: Bool) {
        let sorted = entries.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
        for (index, (key, value)) in sorted.enumerated() {
            if index > 0 || firstLineIndented { spaces(indent) }
            text(Self.scalarText(key))
            text(":")
            switch value {
            case .map(let children) where !children.isEmpty:
                text("\n")
                mapping(children, indent: indent + 2, firstLineIndented: true)
            case .list(let items) where !items.isEmpty:
                text("\n")
                // go-yaml v2 writes a sequence under a key without extra indentation.
                sequence(items, indent: indent)
            case .string(let string) where string.contains("\n"):
                text(" ")
                blockLiteral(string, indent: indent + 2)
            default:
                text(" ")
                inline(value)
                text("\n")
            }
        }
    }

    private mutating func sequence(_ items: [GenValue], indent: Int) {
        for item in items {
            spaces(indent)
            text("- ")
            switch item {
            case .map(let entries) where !entries.isEmpty:
                mapping(entries, indent: indent + 2, firstLineIndented: false)
            case .list(let inner) where !inner.isEmpty:
                text("\n")
                sequence(inner, indent: indent + 2)
            default:
                inline(item)
                text("\n")
            }
        }
    }

    private mutating func inline(_ value: GenValue) {
        switch value {
        case .map: text("{}")
        case .list: text("[]")
        case .string(let string): text(Self.scalarText(string))
        case .int(let number): text(String(number))
        case .bool(let flag): text(flag ? "true" : "false")
        }
    }

    /// `|` (text ending in one newline) or `|-` (no final newline), as go-yaml writes
    /// multi-line strings.
    private mutating func blockLiteral(_ string: String, indent: Int) {
        text(string.hasSuffix("\n") ? "|\n" : "|-\n")
        var body = Substring(string)
        if body.hasSuffix("\n") { body = body.dropLast() }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.isEmpty { spaces(indent) }
            text(String(line))
            text("\n")
        }
    }

    /// A string plain when go-yaml would read it back as the same string, else double-quoted.
    static func scalarText(_ string: String) -> String {
        needsQuotes(string) ? "\"" + string.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : string
    }

    private static func needsQuotes(_ string: String) -> Bool {
        guard let first = string.unicodeScalars.first else { return true }
        if "-?:,[]{}#&*!|>'\"%@` ".unicodeScalars.contains(first) { return true }
        if string.hasSuffix(" ") || string.contains(": ") || string.contains(" #") { return true }
        if ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"].contains(string.lowercased()) {
            return true
        }
        // Numbers, and timestamps/dates (go-yaml resolves "2024-05-01..." as a timestamp).
        // What go-yaml would resolve as a number: integers (with `_`, base prefixes) and floats.
        let body = string.hasPrefix("-") || string.hasPrefix("+") ? String(string.dropFirst()) : string
        if !body.isEmpty, body.allSatisfy({ $0.isNumber || $0 == "_" }) { return true }
        if body.hasPrefix("0x") || body.hasPrefix("0o") || body.hasPrefix("0b") { return true }
        if body.filter({ $0 == "." }).count == 1, body.contains(where: \.isNumber),
            body.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+" })
        {
            return true
        }
        if string.count >= 5, string.prefix(4).allSatisfy(\.isNumber), string.dropFirst(4).first == "-" { return true }
        return false
    }
}

/// Writes ``GenValue``s as `kubectl get -o json` does (`json.MarshalIndent`, four spaces).
struct JSONEmitter {
    private(set) var output: [UInt8] = []

    init(reserving capacity: Int) {
        output.reserveCapacity(capacity)
    }

    mutating func document(_ value: GenValue) {
        emit(value, indent: 0)
        output.append(0x0A)
    }

    private mutating func text(_ string: String) {
        output.append(contentsOf: string.utf8)
    }

    private mutating func newline(_ indent: Int) {
        output.append(0x0A)
        for _ in 0..<indent { output.append(0x20) }
    }

    private mutating func emit(_ value: GenValue, indent: Int) {
        switch value {
        case .map(let entries):
            guard !entries.isEmpty else { return text("{}") }
            text("{")
            for (index, (key, child)) in entries.enumerated() {
                if index > 0 { text(",") }
                newline(indent + 4)
                string(key)
                text(": ")
                emit(child, indent: indent + 4)
            }
            newline(indent)
            text("}")
        case .list(let items):
            guard !items.isEmpty else { return text("[]") }
            text("[")
            for (index, item) in items.enumerated() {
                if index > 0 { text(",") }
                newline(indent + 4)
                emit(item, indent: indent + 4)
            }
            newline(indent)
            text("]")
        case .string(let value): string(value)
        case .int(let number): text(String(number))
        case .bool(let flag): text(flag ? "true" : "false")
        }
    }

    /// Go's encoder escapes quotes, backslashes, control characters and `<`, `>`, `&`.
    private mutating func string(_ value: String) {
        output.append(0x22)
        for byte in value.utf8 {
            switch byte {
            case 0x22: text("\\\"")
            case 0x5C: text("\\\\")
            case 0x0A: text("\\n")
            case 0x3C: text("\\u003c")
            case 0x3E: text("\\u003e")
            case 0x26: text("\\u0026")
            case 0..<0x20:
                text("\\u00")
                let hex = Array("0123456789abcdef".utf8)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0xF)])
            default: output.append(byte)
            }
        }
        output.append(0x22)
    }
}
