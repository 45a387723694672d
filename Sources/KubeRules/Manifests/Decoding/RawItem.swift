/// A list item read straight from bytes by the fast YAML or JSON reader into a flat record of
/// plain values, without a ``ManifestValue`` tree: 10,000 Services and 10,000 EndpointSlice
/// headers were half the read stage as trees (building, decoding and destroying them).
///
/// What is read is fixed by a ``RawShape``: known keys only, each at most once, values of the
/// expected structure (scalar, mapping, list of mappings, string map). Anything else — another
/// key, a null, a collection where a scalar belongs, a YAML style the readers leave to the tree
/// reader — makes the reader refuse, and the item is parsed as a tree instead. Scalars keep their
/// resolved kind (the same ``YAMLScalarResolver`` / JSON token rules the tree uses), so the
/// shortcuts (``ServiceShortcut``, ``EndpointSliceShortcut``) check types as the decoder does.
struct RawItem {
    /// A scalar as the tree would hold it: its text and resolved kind (never null).
    struct Scalar {
        var text: String
        var kind: ManifestScalar.Kind

        var string: String? { kind == .string ? text : nil }
    }

    /// One slot's value.
    enum Value {
        /// Nothing was read into the slot. A case of its own rather than an optional: records
        /// are destroyed by the runtime one slot at a time through the element type's value
        /// witnesses, and an optional's adds a second call per slot (tens of thousands of
        /// records of 33 slots each in a large dump).
        case absent
        case scalar(Scalar)
        /// A mapping was there (its fields fill their own slots of the same record).
        case mapping
        /// A `map[string]string`-like mapping: keys in document order, values scalars.
        case pairs([(key: String, value: Scalar)])
        /// A list of mappings, each its own record.
        case list([RawItem])
        /// A list of scalars.
        case scalars([Scalar])
        /// An EndpointSlice's endpoints, read by the endpoint readers (``RawSliceEndpoint``).
        case endpoints([RawSliceEndpoint])
    }

    /// Where the mapping starts, as the tree gives it (first key in YAML, `{` in JSON).
    var location: SourceLocation
    var values: [Value]

    init(location: SourceLocation, slots: Int) {
        self.location = location
        values = Array(repeating: .absent, count: slots)
    }

    /// The value in `slot`, or nil when nothing was read into it.
    subscript<Slot: RawRepresentable>(_ slot: Slot) -> Value? where Slot.RawValue == Int {
        if case .absent = values[slot.rawValue] { return nil }
        return values[slot.rawValue]
    }

    /// The scalar in `slot`, if that slot holds one.
    func scalar<Slot: RawRepresentable>(_ slot: Slot) -> Scalar? where Slot.RawValue == Int {
        if case .scalar(let scalar) = values[slot.rawValue] { return scalar }
        return nil
    }

    /// Whether anything was read into `slot`.
    func has<Slot: RawRepresentable>(_ slot: Slot) -> Bool where Slot.RawValue == Int {
        if case .absent = values[slot.rawValue] { return false }
        return true
    }
}

/// The keys a raw reader accepts in one mapping, and what each value must be.
///
/// Plain structs and a payload-free enum, not an `indirect enum`: the shape is a global kept
/// for the process's life, and the boxes of indirect cases are referenced through tagged
/// pointers that LeakSanitizer cannot follow (`make fuzz` reported them as leaks at exit).
struct RawShape: Sendable {
    /// What one key's value is.
    enum Kind: UInt8, Sendable {
        case scalar
        /// A nested mapping whose keys fill slots of the same record.
        case mapping
        case pairs
        /// A list of mappings, each a record of its own.
        case list
        case scalars
        case endpoints
    }

    /// One key's value: its kind, the slot of the record it fills, and for a mapping its
    /// shape, for a list its elements' shape and record size.
    struct Node: Sendable {
        let kind: Kind
        let slot: Int
        let shape: RawShape?
        let slots: Int

        static func scalar(slot: Int) -> Node { Node(kind: .scalar, slot: slot, shape: nil, slots: 0) }
        static func mapping(slot: Int, _ shape: RawShape) -> Node { Node(kind: .mapping, slot: slot, shape: shape, slots: 0) }
        static func pairs(slot: Int) -> Node { Node(kind: .pairs, slot: slot, shape: nil, slots: 0) }
        static func list(slot: Int, element: RawShape, slots: Int) -> Node {
            Node(kind: .list, slot: slot, shape: element, slots: slots)
        }
        static func scalars(slot: Int) -> Node { Node(kind: .scalars, slot: slot, shape: nil, slots: 0) }
        static func endpoints(slot: Int) -> Node { Node(kind: .endpoints, slot: slot, shape: nil, slots: 0) }
    }

    /// Key names, matched by their bytes (``RawKeyTable``). Two references in all, like the
    /// key and node arrays before the table: readers copy shapes (retaining each reference)
    /// for every nested mapping and list they read.
    let table: RawKeyTable
    let nodes: [Node]

    /// Key names, in order.
    var keys: [StaticString] { table.keys }

    init(_ entries: [(StaticString, Node)]) {
        table = RawKeyTable(entries.map(\.0))
        nodes = entries.map(\.1)
    }

    /// The index of the key spelled by `count` bytes at `start`, or nil.
    func index(of start: UnsafePointer<UInt8>, count: Int) -> Int? {
        table.index(of: start, count: count)
    }
}
