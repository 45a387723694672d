/// The fast YAML reader's shortcut for an EndpointSlice's `endpoints`: the block sequence is
/// read straight into ``RawSliceEndpoint``s with the cursor's own scalar and line primitives
/// (so positions and scalar resolution are the tree's), without building its tree.
///
/// Only kubectl's shape is taken: each entry a compact mapping of plain keys `addresses`
/// (a block sequence of strings), `conditions` (a block mapping of booleans `ready`, `serving`,
/// `terminating`), `nodeName`, `hostname`, `zone` (strings). Anything else — another key, a
/// duplicate, a quoted key, a comment after a key, a null, a flow collection — returns nil; the
/// caller then restores the cursor and parses the sequence as a tree, which decides.
extension YAMLSubsetCursor {
    /// The endpoints of the block sequence after `endpoints:` (`pos` just past the colon of a key
    /// at column `keyIndent`); leaves the cursor on the first content line after the sequence,
    /// as ``mapping(firstKey:lazyItems:regions:)`` would after the value. Nil (cursor state
    /// undefined) when outside the shape above.
    mutating func rawSliceEndpoints(keyIndent: Int) throws(YAMLSubsetUnsupported) -> [RawSliceEndpoint]? {
        guard try nextLineStartsBlock(), indent >= keyIndent, atSequenceEntry else { return nil }
        let column = indent
        var endpoints: [RawSliceEndpoint] = []
        while true {
            // kubectl's common layout in one pass; anything else through the general reader.
            if let endpoint = plainSliceEndpoint() {
                endpoints.append(endpoint)
            } else {
                guard let endpoint = try rawSliceEndpoint() else { return nil }
                endpoints.append(endpoint)
            }
            if indent == column, atSequenceEntry { continue }
            if indent > column { return nil }
            return endpoints
        }
    }

    /// After a key's colon: true when nothing but spaces follow on the line, with the cursor
    /// moved to the next content line (where a block value would start).
    mutating func nextLineStartsBlock() throws(YAMLSubsetUnsupported) -> Bool {
        try skipSpaces()
        guard pos < end, bytes[pos] == 0x0A else { return false }
        nextLine()
        try skipToContent()
        return true
    }

    /// After a key's colon: true when a value follows on the same line (the cursor at it).
    mutating func valueOnSameLine() throws(YAMLSubsetUnsupported) -> Bool {
        try skipSpaces()
        return pos < end && bytes[pos] != 0x0A && bytes[pos] != UInt8(ascii: "#")
    }

    /// A plain key at `pos` (its first byte checked as ``mapping(firstKey:lazyItems:regions:)``
    /// checks it, its end as ``scalarToken()`` finds a key's), matched against `keys` by its
    /// bytes without making a string: the index of the key, or nil for anything else. `pos` is
    /// then just past the colon.
    private mutating func plainKey(_ keys: [StaticString]) throws(YAMLSubsetUnsupported) -> Int? {
        guard let (start, length) = try plainKeyBytes() else { return nil }
        search: for (index, key) in keys.enumerated() where key.utf8CodeUnitCount == length {
            for offset in 0..<length where bytes[start + offset] != key.utf8Start[offset] { continue search }
            return index
        }
        return nil
    }

    /// A plain key at `pos` (checked as ``plainKey(_:)`` checks it): where its bytes start and
    /// how many there are, with `pos` just past the colon; nil for anything else.
    mutating func plainKeyBytes() throws(YAMLSubsetUnsupported) -> (start: Int, count: Int)? {
        guard pos < end, bytes[pos] != 0x0A, bytes[pos] != UInt8(ascii: "\""), bytes[pos] != UInt8(ascii: "'"),
            canStartPlain
        else { return nil }
        let start = pos
        try scanPlainLine()
        guard pos < end, bytes[pos] == UInt8(ascii: ":"), isBlankOrEnd(pos + 1) else { return nil }
        let length = pos - start
        pos += 1
        return (start, length)
    }

    private static let endpointKeys: [StaticString] = ["addresses", "conditions", "nodeName", "hostname", "zone"]
    private static let conditionKeys: [StaticString] = ["ready", "serving", "terminating"]

    /// A string value on the key's line.
    private mutating func inlineString(ownerIndent: Int) throws(YAMLSubsetUnsupported) -> String? {
        try rawScalar(ownerIndent: ownerIndent)?.string
    }

    /// One `- addresses: …` entry at `pos` (column ``indent``).
    mutating func rawSliceEndpoint() throws(YAMLSubsetUnsupported) -> RawSliceEndpoint? {
        pos += 1
        try skipSpaces()
        let keyColumn = pos - lineStart
        let location = self.location(pos)
        guard var key = try plainKey(Self.endpointKeys) else { return nil }
        // A compact mapping: its keys line up with this first one.
        indent = keyColumn
        var endpoint = RawSliceEndpoint(location: location)
        // Keys read so far (a duplicate goes to the tree reader, which rejects it).
        var seen: UInt8 = 0
        while true {
            let bit: UInt8 = 1 << key
            guard seen & bit == 0 else { return nil }
            seen |= bit
            switch key {
            case 0:  // addresses
                guard try nextLineStartsBlock(), indent >= keyColumn, atSequenceEntry else { return nil }
                let column = indent
                while true {
                    guard let address = try rawSequenceScalar()?.string else { return nil }
                    endpoint.addresses.append(address)
                    if indent == column, atSequenceEntry { continue }
                    if indent > column { return nil }
                    break
                }
            case 1:  // conditions
                guard try rawConditions(into: &endpoint, keyIndent: keyColumn) else { return nil }
            case 2:  // nodeName
                guard let text = try inlineString(ownerIndent: keyColumn) else { return nil }
                endpoint.nodeName = text
            case 3:  // hostname
                guard let text = try inlineString(ownerIndent: keyColumn) else { return nil }
                endpoint.hostname = text
            default:  // zone
                guard let text = try inlineString(ownerIndent: keyColumn) else { return nil }
                endpoint.zone = text
            }
            if indent == keyColumn {
                guard !atSequenceEntry, let next = try plainKey(Self.endpointKeys) else { return nil }
                key = next
                continue
            }
            if indent > keyColumn { return nil }
            return endpoint
        }
    }

    /// `conditions:` followed by a block mapping of booleans.
    private mutating func rawConditions(into endpoint: inout RawSliceEndpoint, keyIndent: Int) throws(YAMLSubsetUnsupported) -> Bool {
        guard try nextLineStartsBlock(), indent > keyIndent, !atSequenceEntry else { return false }
        let column = indent
        var seen: UInt8 = 0
        while true {
            guard let key = try plainKey(Self.conditionKeys) else { return false }
            let bit: UInt8 = 1 << key
            guard seen & bit == 0, let value = try rawScalar(ownerIndent: column)?.booleanValue else { return false }
            seen |= bit
            switch bit {
            case 1: endpoint.ready = value
            case 2: endpoint.serving = value
            default: endpoint.terminating = value
            }
            if indent == column {
                if atSequenceEntry { return false }
                continue
            }
            if indent > column { return false }
            return true
        }
    }
}
