/// Block structure of the fast YAML reader: block mappings, block sequences (indented or
/// indentless, with compact `- key: value` mappings), block literals (`|`, `|-`) and the
/// single-line scalars of ``YAMLSubsetCursor``. Everything is built straight into
/// ``ManifestValue``s with libyaml's positions, so the tree equals the one Yams gives.
///
/// Whatever the subset does not cover — anchors, aliases, tags, complex keys, multi-line plain
/// or quoted scalars, flow collections other than `{}`/`[]`, folded scalars, tabs, odd
/// indentation, duplicate keys — throws ``YAMLSubsetUnsupported`` and the input goes to Yams.
extension YAMLSubsetCursor {
    /// The block node at `pos` (column ``indent``): a mapping or a sequence.
    mutating func blockNode() throws(YAMLSubsetUnsupported) -> ManifestValue {
        if atSequenceEntry { return .sequence(try sequence()) }
        var unused: ItemRegions? = nil
        return .mapping(try mapping(firstKey: nil, lazyItems: false, regions: &unused))
    }

    /// A block mapping whose keys are at the current indent. `firstKey` is the first key when
    /// the caller already read it (a compact mapping after `- `).
    ///
    /// With `lazyItems` (a document's root mapping), a block sequence under `items` is not
    /// parsed: its entries' regions go to `regions` and the entry's value is an empty sequence
    /// at the sequence's position, for the caller to fill or to decode item by item.
    mutating func mapping(
        firstKey: ScalarToken?, lazyItems: Bool, regions: inout ItemRegions?
    ) throws(YAMLSubsetUnsupported) -> ManifestMapping {
        try enterCollection()
        defer { depth -= 1 }
        let column = indent
        var entries: [ManifestMapping.Entry] = []
        // Most Kubernetes mappings have a few keys: one allocation instead of growing 1, 2, 4.
        entries.reserveCapacity(4)
        var location: SourceLocation? = firstKey?.scalar.location
        var pending = firstKey
        while true {
            let key: ScalarToken
            if let first = pending {
                key = first
                pending = nil
            } else {
                guard canStartPlain || bytes[pos] == UInt8(ascii: "\"") || bytes[pos] == UInt8(ascii: "'") else {
                    throw unsupported("not a key")
                }
                key = try scalarToken()
                guard key.isKey else { throw unsupported("a scalar where a key was expected") }
            }
            if location == nil { location = key.scalar.location }
            if key.scalar.style == .plain, key.scalar.text == "<<" { throw unsupported("merge key") }
            for entry in entries where entry.key.text == key.scalar.text {
                throw unsupported("duplicate key")
            }
            let lazy = lazyItems && regions == nil && key.scalar.text == "items"
            let value: ManifestValue
            if collectsSliceEndpoints, depth == 1, sliceEndpoints == nil, key.scalar.text == "endpoints",
                let endpoints = tryRawSliceEndpoints(keyIndent: column)
            {
                // Read without a tree (``SliceEndpointShortcut``); the decoder is handed them
                // instead of this empty placeholder.
                sliceEndpoints = endpoints
                value = .sequence(ManifestSequence(items: [], location: key.scalar.location))
            } else {
                value = try mappingValue(keyIndent: column, lazy: lazy, regions: &regions)
            }
            entries.append(ManifestMapping.Entry(key: key.scalar, value: value))
            if indent == column {
                if atSequenceEntry { throw unsupported("sequence entry at mapping indentation") }
                continue
            }
            if indent > column { throw unsupported("unexpected indentation") }
            return ManifestMapping(entries: entries, location: location!)
        }
    }

    /// The value after `key:` (`pos` just past the colon); leaves the cursor on the next
    /// content line. With `lazy`, a block sequence value is split into `regions` instead.
    private mutating func mappingValue(
        keyIndent: Int, lazy: Bool, regions: inout ItemRegions?
    ) throws(YAMLSubsetUnsupported) -> ManifestValue {
        // libyaml gives an empty value the position just past the `:`.
        let emptyLocation = location(pos)
        try skipSpaces()
        if pos >= end || bytes[pos] == 0x0A || bytes[pos] == UInt8(ascii: "#") {
            nextLine()
            try skipToContent()
            if indent >= keyIndent, atSequenceEntry {
                guard lazy else { return .sequence(try sequence()) }
                let location = self.location(pos)
                regions = try itemRegions()
                return .sequence(ManifestSequence(items: [], location: location))
            }
            if indent > keyIndent { return try blockNode() }
            return .null(emptyLocation)
        }
        return try inlineValue(ownerIndent: keyIndent)
    }

    /// A value that starts on the current line: a scalar, `{}`, `[]` or a block literal.
    mutating func inlineValue(ownerIndent: Int) throws(YAMLSubsetUnsupported) -> ManifestValue {
        switch bytes[pos] {
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            return try blockScalar(ownerIndent: ownerIndent)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = bytes[pos] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            guard pos + 1 < end, bytes[pos + 1] == close else { throw unsupported("non-empty flow collection") }
            let location = self.location(pos)
            pos += 2
            try finishLine()
            if indent > ownerIndent { throw unsupported("continued flow collection") }
            if close == UInt8(ascii: "}") { return .mapping(ManifestMapping(entries: [], location: location)) }
            return .sequence(ManifestSequence(items: [], location: location))
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            break
        default:
            guard canStartPlain else { throw unsupported("indicator at the start of a value") }
        }
        let token = try scalarToken()
        guard !token.isKey else { throw unsupported("mapping value inside a value") }
        return try finishScalar(token, ownerIndent: ownerIndent)
    }

    /// The rest of a scalar's line; a more indented line next would continue the scalar.
    private mutating func finishScalar(_ token: ScalarToken, ownerIndent: Int) throws(YAMLSubsetUnsupported) -> ManifestValue {
        var scalar = token.scalar
        if scalar.style == .plain { try continuePlain(&scalar.text, ownerIndent: ownerIndent) }
        try finishLine()
        if indent > ownerIndent { throw unsupported("continued scalar") }
        return scalar.style == .plain ? Self.resolved(scalar) : .scalar(scalar)
    }

    /// A block sequence whose entries are at the current indent.
    mutating func sequence() throws(YAMLSubsetUnsupported) -> ManifestSequence {
        try enterCollection()
        defer { depth -= 1 }
        let column = indent
        let location = self.location(pos)
        var items: [ManifestValue] = []
        while true {
            items.append(try sequenceEntry())
            if indent == column, atSequenceEntry { continue }
            if indent > column { throw unsupported("unexpected indentation") }
            return ManifestSequence(items: items, location: location)
        }
    }

    /// One `- …` entry at `pos`; leaves the cursor on the next content line.
    mutating func sequenceEntry() throws(YAMLSubsetUnsupported) -> ManifestValue {
        let column = indent
        pos += 1
        // libyaml gives an empty entry the position just past the `-`.
        let emptyLocation = location(pos)
        try skipSpaces()
        if pos >= end || bytes[pos] == 0x0A || bytes[pos] == UInt8(ascii: "#") {
            nextLine()
            try skipToContent()
            if indent > column { return try blockNode() }
            return .null(emptyLocation)
        }
        if atSequenceEntry { throw unsupported("nested sequence on one line") }
        switch bytes[pos] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            break
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            throw unsupported("block scalar as a sequence entry")
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return try inlineValue(ownerIndent: column)
        default:
            guard canStartPlain else { throw unsupported("indicator at the start of an entry") }
        }
        let keyColumn = pos - lineStart
        let token = try scalarToken()
        guard token.isKey else { return try finishScalar(token, ownerIndent: column) }
        // A compact mapping: its keys line up with this first one.
        indent = keyColumn
        var unused: ItemRegions? = nil
        return .mapping(try mapping(firstKey: token, lazyItems: false, regions: &unused))
    }

    /// ``rawSliceEndpoints(keyIndent:)``, or nil with the cursor back where it was.
    private mutating func tryRawSliceEndpoints(keyIndent: Int) -> [RawSliceEndpoint]? {
        let saved = self
        if let endpoints = try? rawSliceEndpoints(keyIndent: keyIndent) { return endpoints }
        self = saved
        return nil
    }

    /// Counts one more open collection; past ``maximumDepth`` the input goes to Yams.
    private mutating func enterCollection() throws(YAMLSubsetUnsupported) {
        guard depth < Self.maximumDepth else { throw unsupported("nesting deeper than \(Self.maximumDepth) levels") }
        depth += 1
    }
}
