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
            guard let endpoint = try rawSliceEndpoint() else { return nil }
            endpoints.append(endpoint)
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

    /// Calls `body` at each key of the object at `pos` (a `{`), with `pos` at the key's value;
    /// `body` reads the value. Nil when the object is not one, `body` refuses, or a key repeats
    /// (key `keys[i]` has bit `1 << i`; any other key, or one spelled with an escape, refuses).
    private mutating func rawObject(
        keys: [StaticString], _ body: (inout JSONFastCursor, UInt8) throws(Failure) -> Bool
    ) throws(Failure) -> Bool {
        guard peek == UInt8(ascii: "{") else { return false }
        pos += 1
        skipWhitespace()
        guard peek != UInt8(ascii: "}") else { return false }
        var seen: UInt8 = 0
        while true {
            skipWhitespace()
            guard let index = rawKey(keys) else { return false }
            let key: UInt8 = 1 << UInt8(index)
            guard seen & key == 0 else { return false }
            seen |= key
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { return false }
            pos += 1
            skipWhitespace()
            guard try body(&self, key) else { return false }
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard peek == UInt8(ascii: "}") else { return false }
            pos += 1
            return true
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
    private mutating func rawSliceEndpoint() throws(Failure) -> RawSliceEndpoint? {
        guard peek == UInt8(ascii: "{") else { return nil }
        var endpoint = RawSliceEndpoint(location: location())
        let complete = try rawObject(keys: Self.endpointKeys) { (cursor: inout JSONFastCursor, key: UInt8) throws(Failure) -> Bool in
            switch key {
            case 1:
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
            case 2:
                return try cursor.rawObject(keys: Self.conditionKeys) { (cursor: inout JSONFastCursor, key: UInt8) throws(Failure) -> Bool in
                    guard let value = cursor.rawBoolean() else { return false }
                    switch key {
                    case 1: endpoint.ready = value
                    case 2: endpoint.serving = value
                    default: endpoint.terminating = value
                    }
                    return true
                }
            default:
                guard let text = try cursor.rawString() else { return false }
                switch key {
                case 4: endpoint.nodeName = text
                case 8: endpoint.hostname = text
                default: endpoint.zone = text
                }
                return true
            }
        }
        return complete ? endpoint : nil
    }

    private static let endpointKeys: [StaticString] = ["addresses", "conditions", "nodeName", "hostname", "zone"]
    private static let conditionKeys: [StaticString] = ["ready", "serving", "terminating"]
}
