/// A JSON document with one fixed, deterministic layout: object keys in byte order, two-space
/// indentation, `"key": value`, `[]` and `{}` when empty, a final newline.
///
/// Foundation's `JSONEncoder` sorts keys too, but its pretty layout (`"key" : value`, empty
/// arrays spread over three lines) differs between Foundation versions; golden files need one
/// layout forever, so kuberules writes its JSON itself. Any `--output json` can use this.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A fraction (probabilities), printed in Swift's shortest round-trip form (`0.5`,
    /// `0.3333333333`), which is the same on every platform; not-a-number prints as `null`.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The document as text.
    public var rendered: String {
        var text = ""
        write(into: &text, indent: "")
        return text + "\n"
    }

    private func write(into text: inout String, indent: String) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .int(let value): text += String(value)
        case .double(let value): text += value.isFinite ? String(value) : "null"
        case .string(let value): Self.writeString(value, into: &text)
        case .array(let items):
            if items.isEmpty {
                text += "[]"
                return
            }
            let inner = indent + "  "
            text += "[\n"
            for (index, item) in items.enumerated() {
                text += inner
                item.write(into: &text, indent: inner)
                text += index == items.count - 1 ? "\n" : ",\n"
            }
            text += indent + "]"
        case .object(let members):
            if members.isEmpty {
                text += "{}"
                return
            }
            let inner = indent + "  "
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            text += "{\n"
            for (index, key) in keys.enumerated() {
                text += inner
                Self.writeString(key, into: &text)
                text += ": "
                members[key]!.write(into: &text, indent: inner)
                text += index == keys.count - 1 ? "\n" : ",\n"
            }
            text += indent + "}"
        }
    }

    /// RFC 8259 string: quote, backslash and control characters escaped; everything else,
    /// including `/` and non-ASCII, as is.
    private static func writeString(_ value: String, into text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}

extension JSONValue {
    /// An object without the members whose value is nil, so absent optional fields are left out.
    static func object(dropping members: [String: JSONValue?]) -> JSONValue {
        .object(members.compactMapValues { $0 })
    }

    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// A list, or nil (left out) when empty.
    static func nonEmptyStrings(_ values: [String]) -> JSONValue? {
        values.isEmpty ? nil : strings(values)
    }

    /// A number, or nil (left out) when zero.
    static func nonZero(_ value: Int) -> JSONValue? { value == 0 ? nil : .int(value) }
}
