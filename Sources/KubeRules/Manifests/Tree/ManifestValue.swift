/// One node of a parsed YAML or JSON document, with the position it was written at.
///
/// Both front ends (``YAMLDocumentParser`` over Yams, ``JSONDocumentParser`` by hand) produce this
/// tree, and ``ManifestDecoder`` reads typed objects from it; so parsing and decoding stay
/// separate and a faster parser only has to produce the same tree (differential-testable).
///
/// Scalars are already *resolved* (string, integer, float, boolean) the way Kubernetes' YAML→JSON
/// conversion resolves them (see ``YAMLScalarResolver``); a null is its own case, because Go's
/// JSON decoding treats `null` as "field absent" everywhere, and so does the decoder.
///
/// Not `indirect`: the recursion goes through arrays already, and unboxed cases save one
/// allocation per node (a kubectl dump has millions).
public enum ManifestValue: Hashable, Sendable {
    case mapping(ManifestMapping)
    case sequence(ManifestSequence)
    case scalar(ManifestScalar)
    case null(SourceLocation)

    /// Where the node starts (the first key of a block mapping, the `[` of a flow sequence, the
    /// opening quote of a quoted scalar).
    public var location: SourceLocation {
        switch self {
        case .mapping(let mapping): return mapping.location
        case .sequence(let sequence): return sequence.location
        case .scalar(let scalar): return scalar.location
        case .null(let location): return location
        }
    }

    /// The scalar if this is a string (no diagnostics; for peeking at a field already checked).
    public var stringScalar: ManifestScalar? {
        if case .scalar(let scalar) = self, scalar.kind == .string { return scalar }
        return nil
    }

    /// A short name of the node's type for "… is a list (expected a string)" messages.
    public var typeDescription: String {
        switch self {
        case .mapping: return "an object"
        case .sequence: return "a list"
        case .null: return "null"
        case .scalar(let scalar): return scalar.kind.typeDescription
        }
    }
}

/// A mapping (YAML block or flow mapping, JSON object) with its keys in document order.
public struct ManifestMapping: Hashable, Sendable {
    /// One `key: value` pair. Keys are scalars; their text is the key (`80:` is the key "80", as
    /// Kubernetes' YAML→JSON conversion makes it).
    public struct Entry: Hashable, Sendable {
        public var key: ManifestScalar
        public var value: ManifestValue

        public init(key: ManifestScalar, value: ManifestValue) {
            self.key = key
            self.value = value
        }
    }

    public var entries: [Entry]
    public var location: SourceLocation

    public init(entries: [Entry], location: SourceLocation) {
        self.entries = entries
        self.location = location
    }

    /// The value of `key`; both parsers reject duplicate keys, so there is at most one.
    public subscript(key: String) -> ManifestValue? {
        entries.first { $0.key.text == key }?.value
    }
}

/// A sequence (YAML block or flow sequence, JSON array).
public struct ManifestSequence: Hashable, Sendable {
    public var items: [ManifestValue]
    public var location: SourceLocation

    public init(items: [ManifestValue], location: SourceLocation) {
        self.items = items
        self.location = location
    }
}

/// A non-null scalar: its text exactly as the parser delivered it (quotes removed, escapes
/// decoded, folded lines joined) and what it resolved to.
public struct ManifestScalar: Hashable, Sendable {
    /// What the scalar is, after YAML 1.1 (go-yaml v2) resolution or from the JSON token type.
    public enum Kind: Hashable, Sendable {
        case string
        case integer
        case float
        case boolean

        var typeDescription: String {
            switch self {
            case .string: return "a string"
            case .integer: return "an integer"
            case .float: return "a number with a fraction or exponent"
            case .boolean: return "a boolean"
            }
        }
    }

    /// How the scalar was written; kept so diagnostics and a differential test can tell
    /// `80` from `"80"`.
    public enum Style: Hashable, Sendable {
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded
        /// A JSON token (string, number, `true`/`false`).
        case json
    }

    public var text: String
    public var kind: Kind
    public var style: Style
    public var location: SourceLocation

    public init(text: String, kind: Kind, style: Style, location: SourceLocation) {
        self.text = text
        self.kind = kind
        self.style = style
        self.location = location
    }

    /// The integer value of an `.integer` scalar (hex, octal and binary spellings included, as
    /// go-yaml's `strconv.ParseInt(s, 0, 64)` reads them); nil when not an integer or out of range.
    public var integerValue: Int? {
        kind == .integer ? YAMLScalarResolver.integerValue(of: text) : nil
    }

    /// The value of a `.boolean` scalar.
    public var booleanValue: Bool? {
        kind == .boolean ? YAMLScalarResolver.booleanValue(of: text) : nil
    }
}
