/// A raw reader's keys for lookup by their bytes (``RawShape``, the endpoint readers): each key's
/// length and first eight bytes as one word, so that a lookup is one word built from the input
/// and two compares per key, instead of a byte loop per key of the same length (a lookup per
/// key of every list item: hundreds of thousands in a large dump).
struct RawKeyTable: Sendable {
    /// One key: its first `min(count, 8)` bytes (first byte lowest, zero above), its length, its bytes.
    private struct Entry: Sendable {
        let head: UInt64
        let count: Int
        let key: StaticString
    }

    /// One array (one reference to retain when a shape is copied).
    private let entries: [Entry]

    init(_ keys: [StaticString]) {
        entries = keys.map { Entry(head: Self.head($0.utf8Start, count: $0.utf8CodeUnitCount), count: $0.utf8CodeUnitCount, key: $0) }
    }

    /// The keys, in order: a key's index is its position here.
    var keys: [StaticString] { entries.map(\.key) }

    /// The first `min(count, 8)` bytes at `start` as a word, first byte lowest.
    @inline(__always) private static func head(_ start: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        var word: UInt64 = 0
        for offset in 0..<min(count, 8) { word |= UInt64(start[offset]) << UInt64(offset * 8) }
        return word
    }

    /// How many keys there are.
    var count: Int { entries.count }

    /// The index of the key spelled by the `count` bytes at `start`, or nil.
    func index(of start: UnsafePointer<UInt8>, count: Int) -> Int? {
        let head = Self.head(start, count: count)
        return entries.withUnsafeBufferPointer { entries -> Int? in
            for index in entries.indices where entries[index].head == head && entries[index].count == count {
                // Same length and first eight bytes: the rest, if any, decides.
                var offset = 8
                let key = entries[index].key.utf8Start
                while offset < count, start[offset] == key[offset] { offset += 1 }
                if offset >= count { return index }
            }
            return nil
        }
    }
}
