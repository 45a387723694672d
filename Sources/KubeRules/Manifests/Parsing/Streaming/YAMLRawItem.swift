/// The fast YAML reader's raw records (``RawItem``): a list item of a known ``RawShape`` read
/// with the cursor's own scalar and line primitives (``inlineValue(ownerIndent:)``,
/// ``sequenceEntry()``, ``plainKeyBytes()``), so positions and scalar resolution are the tree's,
/// without building the tree.
///
/// Only block structure the tree reader would read the same way is taken: plain keys of the
/// shape, each once; scalars on their key's line; nested block mappings and block sequences of
/// compact mappings; `{}` and `[]`. Anything else — a quoted key, a comment after a key, a null,
/// an unknown key — returns nil, and the caller parses the item as a tree, which decides.
extension YAMLSubsetCursor {
    /// The sequence entry at `pos` (a `-` at column ``indent``) as a record of `shape`; nil
    /// (cursor state undefined) outside it. Leaves the cursor on the first content line after
    /// the entry's mapping.
    mutating func rawEntry(_ shape: RawShape, slots: Int) throws(YAMLSubsetUnsupported) -> RawItem? {
        pos += 1
        try skipSpaces()
        guard pos < end else { return nil }
        let keyColumn = pos - lineStart
        // A compact mapping: its keys line up with this first one, which gives its position.
        var record = RawItem(location: location(pos), slots: slots)
        indent = keyColumn
        guard try rawMapping(shape, column: keyColumn, into: &record) else { return nil }
        return record
    }

    /// A block mapping of `shape`'s keys at `column` (`pos` at its first key).
    private mutating func rawMapping(_ shape: RawShape, column: Int, into record: inout RawItem) throws(YAMLSubsetUnsupported) -> Bool {
        // Keys read so far: a duplicate goes to the tree reader, which rejects it.
        var seen: UInt64 = 0
        while true {
            guard let (start, count) = try plainKeyBytes(),
                let key = shape.index(of: bytes.baseAddress! + start, count: count)
            else { return false }
            let bit: UInt64 = 1 << UInt64(key)
            guard seen & bit == 0 else { return false }
            seen |= bit
            guard try rawValue(of: shape, key, keyIndent: column, into: &record) else { return false }
            if indent == column {
                if atSequenceEntry { return false }
                continue
            }
            return indent < column
        }
    }

    /// The value after a key's colon at `keyIndent` (`shape`'s key number `key`), into its slot.
    /// The node is read in place, not copied: a copy retains its nested shape (once per key of
    /// every item), which only mappings and lists need.
    private mutating func rawValue(of shape: RawShape, _ key: Int, keyIndent: Int, into record: inout RawItem) throws(YAMLSubsetUnsupported) -> Bool {
        let slot = shape.nodes[key].slot
        switch shape.nodes[key].kind {
        case .scalar:
            guard let scalar = try rawScalar(ownerIndent: keyIndent) else { return false }
            record.values[slot] = .scalar(scalar)
            return true
        case .mapping:
            guard let shape = shape.nodes[key].shape else { return false }
            record.values[slot] = .mapping
            if try valueOnSameLine() { return try emptyFlow(mapping: true, ownerIndent: keyIndent) }
            guard try nextLineStartsBlock(), indent > keyIndent, !atSequenceEntry else { return false }
            return try rawMapping(shape, column: indent, into: &record)
        case .pairs:
            if try valueOnSameLine() {
                record.values[slot] = .pairs([])
                return try emptyFlow(mapping: true, ownerIndent: keyIndent)
            }
            guard try nextLineStartsBlock(), indent > keyIndent, !atSequenceEntry,
                let pairs = try rawPairs(column: indent)
            else { return false }
            record.values[slot] = .pairs(pairs)
            return true
        case .list:
            let slots = shape.nodes[key].slots
            guard let shape = shape.nodes[key].shape else { return false }
            if try valueOnSameLine() {
                record.values[slot] = .list([])
                return try emptyFlow(mapping: false, ownerIndent: keyIndent)
            }
            // A block sequence may sit at its key's column (kubectl's indentless style).
            guard try nextLineStartsBlock(), indent >= keyIndent, atSequenceEntry else { return false }
            let column = indent
            var elements: [RawItem] = []
            while true {
                guard let element = try rawEntry(shape, slots: slots) else { return false }
                elements.append(element)
                if indent == column, atSequenceEntry { continue }
                if indent > column { return false }
                record.values[slot] = .list(elements)
                return true
            }
        case .scalars:
            if try valueOnSameLine() {
                record.values[slot] = .scalars([])
                return try emptyFlow(mapping: false, ownerIndent: keyIndent)
            }
            guard try nextLineStartsBlock(), indent >= keyIndent, atSequenceEntry else { return false }
            let column = indent
            var scalars: [RawItem.Scalar] = []
            while true {
                guard let scalar = try rawSequenceScalar() else { return false }
                scalars.append(scalar)
                if indent == column, atSequenceEntry { continue }
                if indent > column { return false }
                record.values[slot] = .scalars(scalars)
                return true
            }
        case .endpoints:
            if try valueOnSameLine() {
                record.values[slot] = .endpoints([])
                return try emptyFlow(mapping: false, ownerIndent: keyIndent)
            }
            guard let endpoints = try rawSliceEndpoints(keyIndent: keyIndent) else { return false }
            record.values[slot] = .endpoints(endpoints)
            return true
        }
    }

    /// A non-null scalar on the key's line, read as the tree reads it.
    mutating func rawScalar(ownerIndent: Int) throws(YAMLSubsetUnsupported) -> RawItem.Scalar? {
        guard try valueOnSameLine() else { return nil }
        if let scalar = try plainLineScalar(ownerIndent: ownerIndent) { return scalar }
        guard case .scalar(let scalar) = try inlineValue(ownerIndent: ownerIndent) else { return nil }
        return RawItem.Scalar(text: scalar.text, kind: scalar.kind)
    }

    /// `{}` (or `[]` when not `mapping`) on the key's line, read as the tree reads it.
    private mutating func emptyFlow(mapping: Bool, ownerIndent: Int) throws(YAMLSubsetUnsupported) -> Bool {
        switch try inlineValue(ownerIndent: ownerIndent) {
        case .mapping(let value): return mapping && value.entries.isEmpty
        case .sequence(let value): return !mapping && value.items.isEmpty
        default: return false
        }
    }

    /// A block mapping of plain keys and scalar values at `column` (labels, a selector).
    private mutating func rawPairs(column: Int) throws(YAMLSubsetUnsupported) -> [(key: String, value: RawItem.Scalar)]? {
        var pairs: [(key: String, value: RawItem.Scalar)] = []
        while true {
            // The tree reader leaves merge keys and overlong keys to Yams.
            guard let (start, count) = try plainKeyBytes(), count <= 1_000 else { return nil }
            let key = String(decoding: UnsafeBufferPointer(start: bytes.baseAddress! + start, count: count), as: UTF8.self)
            guard key != "<<", !pairs.contains(where: { $0.key == key }),
                let value = try rawScalar(ownerIndent: column)
            else { return nil }
            pairs.append((key, value))
            if indent == column {
                if atSequenceEntry { return nil }
                continue
            }
            return indent < column ? pairs : nil
        }
    }
}

extension YAMLSubsetCursor {
    /// The common value of a raw record — a plain scalar without spaces that is all of its line
    /// (`port: 80`, `nodeName: node-11`) — read without the tree's scalar token and node; nil
    /// (cursor unchanged) for anything else, which the caller reads with
    /// ``inlineValue(ownerIndent:)``. `pos` is at the value's first byte.
    ///
    /// Exactly what ``inlineValue(ownerIndent:)`` gives on such a line: the same text (no
    /// trailing spaces or comment to strip), the same resolution (``YAMLScalarResolver``), and
    /// the cursor on the next content line, which must not be more indented than `ownerIndent`
    /// (a continuation line, which the tree reader folds in, is left to it).
    mutating func plainLineScalar(ownerIndent: Int) throws(YAMLSubsetUnsupported) -> RawItem.Scalar? {
        let first = bytes[pos]
        guard first != UInt8(ascii: "\""), first != UInt8(ascii: "'"), canStartPlain else { return nil }
        let start = pos
        var index = pos
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A { break }
            // A space (before a comment, inside the text, trailing), a tab, or `: ` (a key).
            if byte == 0x20 || byte == 0x09 || (byte == UInt8(ascii: ":") && isBlankOrEnd(index + 1)) { return nil }
            index += 1
        }
        let value = UnsafeBufferPointer(rebasing: bytes[start..<index])
        guard let kind = YAMLScalarResolver.resolvePlain(utf8: value) else { return nil }  // null
        let (savedLine, savedLineStart, savedIndent) = (line, lineStart, indent)
        pos = index
        nextLine()
        try skipToContent()
        guard indent <= ownerIndent else {
            (pos, line, lineStart, indent) = (start, savedLine, savedLineStart, savedIndent)
            return nil
        }
        return RawItem.Scalar(text: String(decoding: value, as: UTF8.self), kind: kind)
    }

    /// A block sequence entry holding a scalar (`- 10.180.0.1`), read as ``sequenceEntry()``
    /// reads it; nil for any other entry (a null, a collection).
    mutating func rawSequenceScalar() throws(YAMLSubsetUnsupported) -> RawItem.Scalar? {
        let (column, dash) = (indent, pos)
        pos += 1
        try skipSpaces()
        if pos < end, bytes[pos] != 0x0A, bytes[pos] != UInt8(ascii: "#"), !atSequenceEntry,
            let scalar = try plainLineScalar(ownerIndent: column)
        {
            return scalar
        }
        // Back to the `-` (still on its line) for the general reader.
        pos = dash
        guard case .scalar(let scalar) = try sequenceEntry() else { return nil }
        return RawItem.Scalar(text: scalar.text, kind: scalar.kind)
    }
}
