/// The fast JSON reader's shortcut for an EndpointSlice's `endpoints`: the array is read
/// straight into ``RawSliceEndpoint``s with the cursor's own token readers (so positions and
/// string decoding are the tree's), without building its tree.
///
/// Only the plain shape is taken: each element an object of `addresses` (a non-empty array of
/// strings), `conditions` (an object of booleans `ready`, `serving`, `terminating`), `nodeName`,
/// `hostname`, `zone` (strings). Anything else — another key, a duplicate, a null, another
/// type — returns nil; the caller restores the cursor and parses the array as a tree, which
/// decides (syntax errors included).
extension JSONFastCursor {
    /// The endpoints of the array at `pos` (a `[`), the value of the item's `endpoints` key at
    /// `depth`; leaves `pos` just past the `]`. Nil (cursor state undefined) outside the shape.
    mutating func rawSliceEndpoints(depth: Int) throws(Failure) -> [RawSliceEndpoint]? {
        // The tree reader would nest endpoint → conditions → value three levels deeper.
        guard depth + 3 < JSONDocumentParser.maximumDepth, peek == UInt8(ascii: "[") else { return nil }
        pos += 1
        var endpoints: [RawSliceEndpoint] = []
        skipWhitespace()
        guard peek != UInt8(ascii: "]") else { return nil }
        while true {
            skipWhitespace()
            // kubectl's common layout in one pass; anything else through the general reader.
            if let endpoint = plainSliceEndpoint() {
                endpoints.append(endpoint)
            } else {
                guard let endpoint = try rawSliceEndpoint() else { return nil }
                endpoints.append(endpoint)
            }
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard peek == UInt8(ascii: "]") else { return nil }
            pos += 1
            return endpoints
        }
    }

    /// A string token at `pos`.
    private mutating func rawString() throws(Failure) -> String? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        return try string()
    }

    /// `true` or `false` at `pos` (matched as ``literal(_:kind:)`` matches them, without
    /// making the scalar).
    mutating func rawBoolean() -> Bool? {
        let word: StaticString
        let value: Bool
        switch peek {
        case UInt8(ascii: "t"): (word, value) = ("true", true)
        case UInt8(ascii: "f"): (word, value) = ("false", false)
        default: return nil
        }
        let count = word.utf8CodeUnitCount
        guard pos + count <= end else { return nil }
        for index in 0..<count where bytes[pos + index] != word.utf8Start[index] { return nil }
        pos += count
        return value
    }

    /// One endpoint object at `pos`.
    mutating func rawSliceEndpoint() throws(Failure) -> RawSliceEndpoint? {
        guard peek == UInt8(ascii: "{") else { return nil }
        var endpoint = RawSliceEndpoint(location: location())
        // An empty endpoint object has no addresses: the tree decoder reports it.
        let complete = try rawMembers(keys: Self.endpointKeys, allowsEmpty: false) { (cursor: inout JSONFastCursor, key: Int) throws(Failure) -> Bool in
            switch key {
            case 0:
                guard cursor.peek == UInt8(ascii: "[") else { return false }
                cursor.pos += 1
                cursor.skipWhitespace()
                guard cursor.peek != UInt8(ascii: "]") else { return false }
                while true {
                    cursor.skipWhitespace()
                    guard let address = try cursor.rawString() else { return false }
                    endpoint.addresses.append(address)
                    cursor.skipWhitespace()
                    if cursor.peek == UInt8(ascii: ",") {
                        cursor.pos += 1
                        continue
                    }
                    guard cursor.peek == UInt8(ascii: "]") else { return false }
                    cursor.pos += 1
                    return true
                }
            case 1:
                return try cursor.rawMembers(keys: Self.conditionKeys, allowsEmpty: false) { (cursor: inout JSONFastCursor, key: Int) throws(Failure) -> Bool in
                    guard let value = cursor.rawBoolean() else { return false }
                    switch key {
                    case 0: endpoint.ready = value
                    case 1: endpoint.serving = value
                    default: endpoint.terminating = value
                    }
                    return true
                }
            default:
                guard let text = try cursor.rawString() else { return false }
                switch key {
                case 2: endpoint.nodeName = text
                case 3: endpoint.hostname = text
                default: endpoint.zone = text
                }
                return true
            }
        }
        return complete ? endpoint : nil
    }

    private static let endpointKeys = RawKeyTable(["addresses", "conditions", "nodeName", "hostname", "zone"])
    private static let conditionKeys = RawKeyTable(["ready", "serving", "terminating"])
}
