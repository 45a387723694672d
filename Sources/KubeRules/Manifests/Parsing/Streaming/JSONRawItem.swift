/// The fast JSON reader's raw records (``RawItem``): a list item of a known ``RawShape`` read
/// with the cursor's own token readers (``string()``, ``number()``, ``location()``), so
/// positions and token kinds are the tree's, without building the tree.
///
/// Only the shape's keys are taken, each once and spelled without escapes; `null`, another
/// type or anything else returns nil, and the caller parses the item as a tree, which decides
/// (syntax errors included).
extension JSONFastCursor {
    /// The object at `pos` (a `{`) as a record of `shape`; nil (cursor state undefined) outside
    /// it. `depth` is the object's nesting depth, as the tree reader counts it.
    mutating func rawObject(_ shape: RawShape, slots: Int, depth: Int) throws(Failure) -> RawItem? {
        guard peek == UInt8(ascii: "{") else { return nil }
        var record = RawItem(location: location(), slots: slots)
        guard try rawFields(shape, depth: depth, into: &record) else { return nil }
        return record
    }

    /// The fields of the object at `pos` (a `{`) into `record`; `pos` ends past the `}`.
    private mutating func rawFields(_ shape: RawShape, depth: Int, into record: inout RawItem) throws(Failure) -> Bool {
        // The tree reader nests a value one level below its object; the raw shapes are shallow,
        // but stay within its bound as it would.
        guard depth + 2 < JSONDocumentParser.maximumDepth else { return false }
        return try rawMembers(keys: shape.table, allowsEmpty: true) { (cursor: inout JSONFastCursor, key: Int) throws(Failure) -> Bool in
            try cursor.rawValue(shape.nodes[key], depth: depth + 1, into: &record)
        }
    }

    /// Calls `body` at each member of the object at `pos` (a `{`), with the index of its key in
    /// `keys` and `pos` at its value; `body` reads the value. False when the object is not one,
    /// is empty and `allowsEmpty` is not set, `body` refuses, or a key repeats; any other key, or
    /// one spelled with an escape, refuses too. `pos` ends past the `}`.
    mutating func rawMembers(
        keys: RawKeyTable, allowsEmpty: Bool, _ body: (inout JSONFastCursor, Int) throws(Failure) -> Bool
    ) throws(Failure) -> Bool {
        precondition(keys.count <= 64, "a raw shape's keys are told apart by the bits of one word")
        guard peek == UInt8(ascii: "{") else { return false }
        pos += 1
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            pos += 1
            return allowsEmpty
        }
        var seen: UInt64 = 0
        while true {
            skipWhitespace()
            guard let key = rawKey(keys) else { return false }
            let bit: UInt64 = 1 << UInt64(key)
            guard seen & bit == 0 else { return false }
            seen |= bit
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

    /// The index in `keys` of the key at `pos` (a `"`), matched by its bytes, with `pos` just
    /// past its closing quote; nil for another key or one with an escape.
    mutating func rawKey(_ keys: RawKeyTable) -> Int? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        let start = pos + 1
        var index = start
        while index < end, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20 {
            index += 1
        }
        guard index < end, bytes[index] == UInt8(ascii: "\""),
            let key = keys.index(of: bytes.baseAddress! + start, count: index - start)
        else { return nil }
        pos = index + 1
        return key
    }

    /// The value at `pos` (at nesting `depth`) into its slot.
    private mutating func rawValue(_ node: RawShape.Node, depth: Int, into record: inout RawItem) throws(Failure) -> Bool {
        let slot = node.slot
        switch node.kind {
        case .scalar:
            guard let scalar = try rawScalar() else { return false }
            record.values[slot] = .scalar(scalar)
            return true
        case .mapping:
            guard let shape = node.shape else { return false }
            record.values[slot] = .mapping
            return try rawFields(shape, depth: depth, into: &record)
        case .pairs:
            guard let pairs = try rawPairs(depth: depth) else { return false }
            record.values[slot] = .pairs(pairs)
            return true
        case .list:
            guard let shape = node.shape else { return false }
            let slots = node.slots
            var elements: [RawItem] = []
            let complete = try rawArray(depth: depth) { (cursor: inout JSONFastCursor) throws(Failure) -> Bool in
                guard let element = try cursor.rawObject(shape, slots: slots, depth: depth + 1) else { return false }
                elements.append(element)
                return true
            }
            guard complete else { return false }
            record.values[slot] = .list(elements)
            return true
        case .scalars:
            var scalars: [RawItem.Scalar] = []
            let complete = try rawArray(depth: depth) { (cursor: inout JSONFastCursor) throws(Failure) -> Bool in
                guard let scalar = try cursor.rawScalar() else { return false }
                scalars.append(scalar)
                return true
            }
            guard complete else { return false }
            record.values[slot] = .scalars(scalars)
            return true
        case .endpoints:
            guard peek == UInt8(ascii: "[") else { return false }
            let saved = self
            pos += 1
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                pos += 1
                record.values[slot] = .endpoints([])
                return true
            }
            self = saved
            guard let endpoints = try rawSliceEndpoints(depth: depth) else { return false }
            record.values[slot] = .endpoints(endpoints)
            return true
        }
    }

    /// The array at `pos` (a `[`), `element` reading each element; `pos` ends past the `]`.
    private mutating func rawArray(
        depth: Int, _ element: (inout JSONFastCursor) throws(Failure) -> Bool
    ) throws(Failure) -> Bool {
        guard depth + 2 < JSONDocumentParser.maximumDepth, peek == UInt8(ascii: "[") else { return false }
        pos += 1
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            pos += 1
            return true
        }
        while true {
            skipWhitespace()
            guard try element(&self) else { return false }
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard peek == UInt8(ascii: "]") else { return false }
            pos += 1
            return true
        }
    }

    /// A string, number or boolean token at `pos`, as the tree reader reads it (never null).
    private mutating func rawScalar() throws(Failure) -> RawItem.Scalar? {
        switch peek {
        case UInt8(ascii: "\""):
            return RawItem.Scalar(text: try string(), kind: .string)
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            guard let value = rawBoolean() else { return nil }
            return RawItem.Scalar(text: value ? "true" : "false", kind: .boolean)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let (text, isInteger) = try numberToken()
            return RawItem.Scalar(text: text, kind: isInteger ? .integer : .float)
        default:
            return nil
        }
    }

    /// An object of string keys and scalar values (labels, a selector); a repeated key
    /// refuses (the tree reader rejects it).
    private mutating func rawPairs(depth: Int) throws(Failure) -> [(key: String, value: RawItem.Scalar)]? {
        guard depth + 2 < JSONDocumentParser.maximumDepth, peek == UInt8(ascii: "{") else { return nil }
        pos += 1
        var pairs: [(key: String, value: RawItem.Scalar)] = []
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            pos += 1
            return pairs
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { return nil }
            let key = try string()
            guard !pairs.contains(where: { $0.key == key }) else { return nil }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { return nil }
            pos += 1
            skipWhitespace()
            guard let value = try rawScalar() else { return nil }
            pairs.append((key, value))
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard peek == UInt8(ascii: "}") else { return nil }
            pos += 1
            return pairs
        }
    }
}
