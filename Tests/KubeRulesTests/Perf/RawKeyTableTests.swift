import Testing
@testable import KubeRules

/// ``RawKeyTable``'s word-at-a-time lookup against a plain search for the key among the table's
/// keys: the same index, or nil, for every key, every prefix and extension of a key, and keys
/// sharing their first eight bytes.
@Suite("raw key table lookup")
struct RawKeyTableTests {
    static func plainIndex(_ key: [UInt8], in keys: [StaticString]) -> Int? {
        keys.firstIndex { Array(UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)) == key }
    }

    @Test("every shape's keys, their prefixes, extensions and near misses")
    func lookups() {
        let tables: [[StaticString]] = [
            ["apiVersion", "kind", "metadata", "spec", "status", "addressType", "endpoints", "ports"],
            ["type", "clusterIP", "clusterIPs", "sessionAffinity", "sessionAffinityConfig", "externalTrafficPolicy", "externalIPs", "a", ""],
            ["addresses", "conditions", "nodeName", "hostname", "zone"],
        ]
        var checked = 0
        for keys in tables {
            let table = RawKeyTable(keys)
            #expect(table.keys.count == keys.count)
            var candidates: [[UInt8]] = []
            for key in keys {
                let bytes = Array(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
                candidates.append(bytes)
                for length in 0..<bytes.count { candidates.append(Array(bytes.prefix(length))) }
                candidates.append(bytes + [UInt8(ascii: "x")])
                for index in bytes.indices {
                    var changed = bytes
                    changed[index] ^= 0x20
                    candidates.append(changed)
                }
            }
            for candidate in candidates {
                let found = candidate.withUnsafeBufferPointer { table.index(of: $0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count) }
                #expect(found == Self.plainIndex(candidate, in: keys), "\(String(decoding: candidate, as: UTF8.self))")
                checked += 1
            }
        }
        #expect(checked > 300)
    }
}
