/// Resolves a plain (unquoted) YAML scalar to null, boolean, integer, float or string exactly as
/// Kubernetes does when it turns YAML into JSON before decoding.
///
/// kubectl and the API server convert YAML with `sigs.k8s.io/yaml`, which uses go-yaml **v2**
/// (YAML 1.1 flavoured): `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0x50` and `0o120` are
/// integers, `08` is a float (an invalid octal that matches the float pattern), timestamps stay
/// strings in the JSON. This is a transcription of go-yaml v2's `resolve()` (resolve.go, v2.4),
/// so that `port: 0x50` and `name: on` mean here what they mean to kubectl.
public enum YAMLScalarResolver {
    /// What a plain scalar resolves to; nil means null.
    public static func resolvePlain(_ text: String) -> ManifestScalar.Kind? {
        var text = text
        return text.withUTF8 { resolvePlain(utf8: $0) }
    }

    /// ``resolvePlain(_:)`` of the scalar spelled by `bytes` (UTF-8): the fast YAML reader
    /// resolves a value on its bytes, and makes a string only of what it keeps.
    static func resolvePlain(utf8 bytes: UnsafeBufferPointer<UInt8>) -> ManifestScalar.Kind? {
        // The common spellings first, without the general rules' allocations and set lookups.
        if decimalValue(bytes) != nil { return .integer }
        if spells(bytes, "true") || spells(bytes, "false") { return .boolean }
        guard let first = bytes.first else { return nil }  // "" is null
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
            // Every null and boolean spelling below has at most 5 bytes (`false`): longer
            // texts (`nodeName: node-11`, `type: NodePort`) skip the set lookups.
            if bytes.count > 5 { return .string }
            if spelledIn(bytes, nulls) { return nil }
            if booleanValue(utf8: bytes) != nil { return .boolean }
            return .string
        case UInt8(ascii: "."):
            let text = String(decoding: bytes, as: UTF8.self)
            if specialFloats.contains(text) { return .float }
            return isDecimalFloat(text) ? .float : .string
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // Special floats start with `.`, `+` or `-`: addresses and names starting with a
            // digit skip the set lookup.
            if first == UInt8(ascii: "+") || first == UInt8(ascii: "-"),
                specialFloats.contains(String(decoding: bytes, as: UTF8.self))
            {
                return .float
            }
            // Addresses, names, dates: a byte no number spelling has, or a second dot, makes
            // it a string (as the rules below would find, more slowly).
            if !couldBeNumber(bytes) { return .string }
            let text = String(decoding: bytes, as: UTF8.self)
            // go-yaml turns timestamps into time.Time, which sigs.k8s.io/yaml writes back as a
            // JSON string: for us they stay strings with their text.
            if looksLikeTimestamp(text) { return .string }
            let plain = text.filter { $0 != "_" }
            if goParseInteger(plain) != nil { return .integer }
            if isDecimalFloat(plain), let value = Double(plain), value.isFinite { return .float }
            if plain.hasPrefix("0b"), goParseUnsigned(plain.dropFirst(2), radix: 2) != nil { return .integer }
            if plain.hasPrefix("-0b"), goParseUnsigned(plain.dropFirst(3), radix: 2) != nil { return .integer }
            return .string
        default:
            return .string
        }
    }

    /// Whether `bytes` spell `literal`.
    @inline(__always) private static func spells(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for index in 0..<bytes.count where bytes[index] != expected[index] { return false }
        return true
    }

    /// The value of an integer scalar, or nil if it does not fit an `Int`.
    public static func integerValue(of text: String) -> Int? {
        if let value = decimalValue(text.utf8) { return value }
        let plain = text.filter { $0 != "_" }
        if let value = goParseInteger(plain) { return value.fitsInt }
        if plain.hasPrefix("0b") { return goParseUnsigned(plain.dropFirst(2), radix: 2).flatMap { Int(exactly: $0) } }
        if plain.hasPrefix("-0b"), let magnitude = goParseUnsigned(plain.dropFirst(3), radix: 2),
            magnitude <= UInt64(Int64.max) + 1
        {
            return magnitude == UInt64(Int64.max) + 1 ? Int.min : -Int(magnitude)
        }
        return nil
    }

    /// Whether `text` only has bytes some integer or float spelling uses (digits, hex letters,
    /// base prefixes, signs, `_`, one `.`); special floats are checked before.
    private static func couldBeNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var dots = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"),
                UInt8(ascii: "O"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                continue
            case UInt8(ascii: "."):
                dots += 1
                if dots > 1 { return false }
            default:
                return false
            }
        }
        return true
    }

    /// A plain decimal `0` or `[1-9][0-9]*` of at most 18 digits (always an `Int`): what
    /// ports and counts look like. Nil for anything else, which the general rules then read.
    @inline(__always) static func decimalValue(_ bytes: some Sequence<UInt8>) -> Int? {
        var value = 0
        var count = 0
        var leadingZero = false
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), count < 18 else { return nil }
            if count == 0 { leadingZero = byte == UInt8(ascii: "0") }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            count += 1
        }
        guard count > 0, !(leadingZero && count > 1) else { return nil }
        return value
    }

    /// The value of a boolean spelling (YAML 1.1 as go-yaml v2 reads it; JSON's true/false).
    public static func booleanValue(of text: String) -> Bool? {
        var text = text
        return text.withUTF8 { booleanValue(utf8: $0) }
    }

    /// ``booleanValue(of:)`` of the scalar spelled by `bytes`.
    static func booleanValue(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        // kubectl's spellings first.
        if spells(bytes, "true") || spelledIn(bytes, trues) { return true }
        if spells(bytes, "false") || spelledIn(bytes, falses) { return false }
        return nil
    }

    /// Whether `bytes` spell one of `spellings`: a few byte compares (lengths first), where a
    /// hashed set lookup cost more (`TCP` and `None`, on every Service, start like `True` and
    /// `No`). Every spelling is ASCII, so byte equality is string equality.
    private static func spelledIn(_ bytes: UnsafeBufferPointer<UInt8>, _ spellings: [StaticString]) -> Bool {
        spellings.contains { spells(bytes, $0) }
    }

    private static let nulls: [StaticString] = ["~", "null", "Null", "NULL"]
    private static let trues: [StaticString] = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]
    private static let falses: [StaticString] = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]
    private static let specialFloats: Set<String> = [
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    ]

    private enum ParsedInteger {
        case signed(Int64)
        case unsigned(UInt64)

        var fitsInt: Int? {
            switch self {
            case .signed(let value): return Int(exactly: value)
            case .unsigned(let value): return Int(exactly: value)
            }
        }
    }

    /// Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)`: optional sign (signed
    /// only), base prefix `0x`, `0o`, `0b` or a bare leading `0` (octal), at least one digit.
    private static func goParseInteger(_ text: String) -> ParsedInteger? {
        var body = Substring(text)
        var negative = false
        if body.first == "+" || body.first == "-" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        let radix: Int
        if body.hasPrefix("0x") || body.hasPrefix("0X") {
            radix = 16
            body = body.dropFirst(2)
        } else if body.hasPrefix("0o") || body.hasPrefix("0O") {
            radix = 8
            body = body.dropFirst(2)
        } else if body.hasPrefix("0b") || body.hasPrefix("0B") {
            radix = 2
            body = body.dropFirst(2)
        } else if body.hasPrefix("0"), body.count > 1 {
            radix = 8
            body = body.dropFirst()
        } else {
            radix = 10
        }
        guard let magnitude = goParseUnsigned(body, radix: radix) else { return nil }
        if negative {
            if magnitude <= UInt64(Int64.max) { return .signed(-Int64(magnitude)) }
            if magnitude == UInt64(Int64.max) + 1 { return .signed(Int64.min) }
            return nil
        }
        // ParseUint rejects a "+" sign, ParseInt accepts it but only within Int64.
        if magnitude <= UInt64(Int64.max) { return .signed(Int64(magnitude)) }
        return text.hasPrefix("+") ? nil : .unsigned(magnitude)
    }

    private static func goParseUnsigned(_ digits: Substring, radix: Int) -> UInt64? {
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        return UInt64(digits, radix: radix)
    }

    /// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    private static func isDecimalFloat(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        func digits() -> Int {
            var count = 0
            while let byte = bytes.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                bytes = bytes.dropFirst()
                count += 1
            }
            return count
        }
        if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                _ = digits()
            }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// go-yaml's quick test before its timestamp formats: four digits then `-`, and the rest of
    /// a date (`2006-1-2`, optionally followed by a time). Only the shape matters here: a
    /// timestamp and a non-timestamp starting this way both end up as strings.
    private static func looksLikeTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(5))
        guard bytes.count == 5, bytes[4] == UInt8(ascii: "-") else { return false }
        return bytes[0..<4].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
