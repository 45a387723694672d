/// Where manifests come from: what the user put on the command line.
public enum ManifestInput: Hashable, Sendable {
    /// A file, or a directory whose `*.yaml`, `*.yml` and `*.json` files are read in name order
    /// (not recursively). Diagnostics name files by this path as given.
    case path(String)
    /// The bytes of standard input (`-`), read by the caller so the library never touches stdin.
    /// JSON when the first non-blank byte is `{` or `[`, else YAML. Diagnostics name it `-`.
    case standardInput([UInt8])
    /// In-memory bytes under a display name (tests, embedding); `format` nil sniffs like stdin.
    case bytes(name: String, [UInt8], format: ManifestFormat?)
}

/// The syntax of one input.
public enum ManifestFormat: String, Hashable, Sendable {
    case yaml
    case json

    /// By file name: `.json` is JSON, anything else YAML (kubectl's `.yaml`/`.yml`, and YAML is
    /// a superset of the JSON kubectl prints).
    public init(path: String) {
        self = path.lowercased().hasSuffix(".json") ? .json : .yaml
    }

    /// By content: JSON when the first non-whitespace byte opens an object or array.
    public init(sniffing bytes: [UInt8]) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let first = body.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        self = first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? .json : .yaml
    }
}

/// What a successful read produced.
public struct ManifestReadResult: Hashable, Sendable {
    /// Every Service, EndpointSlice, Endpoints and Node, in input order.
    public var manifests: Manifests
    /// Notes and warnings (skipped kinds, ignored redacted values), in input order; print them
    /// on stderr.
    public var notes: [Diagnostic]

    public init(manifests: Manifests, notes: [Diagnostic]) {
        self.manifests = manifests
        self.notes = notes
    }
}
