/// The graph's service ports in ``ServicePortName`` order, in the array the chunks wrote them
/// into.
///
/// The chunks' ports, joined in chunk order, are the Services' ports in namespace/name order;
/// that is usually already ``ServicePortName`` order (text order differs only where a name is a
/// prefix of another followed by a byte below `/` or `:`, such as `a` and `a-b`), so the join
/// first checks, without building any text, and sorts only when needed.
enum ServicePortOrder {
    /// Closes the gaps between `regions` (initialized slots of `base`, in chunk order, each
    /// starting where the previous one's slots ended at the earliest) by moving each region down
    /// to follow the previous one; returns how many ports there are. When every Service was
    /// proxied with all its ports (the usual case) there are no gaps and nothing moves.
    static func compact(_ base: UnsafeMutablePointer<ServicePortInfo>, regions: [Range<Int>]) -> Int {
        var count = 0
        for region in regions where !region.isEmpty {
            if region.lowerBound != count {
                // Regions only move down (memmove semantics: the ranges may overlap).
                (base + count).moveInitialize(from: base + region.lowerBound, count: region.count)
            }
            count += region.count
        }
        return count
    }

    /// `ports` (the compacted regions, in chunk order) sorted by ``ServicePortName``.
    /// `increasing` tells which regions are strictly increasing already; `boundaries` are the
    /// positions in `ports` where each non-empty region after the first starts.
    static func sort(_ ports: inout [ServicePortInfo], increasing: [Bool], boundaries: [Int]) {
        if !increasing.contains(false),
            boundaries.allSatisfy({ ServicePortName.precedes(ports[$0 - 1].name, ports[$0].name) })
        {
            return
        }
        // Equal names, which the decoder rejects, take this path too.
        // `ServicePortName` order, with each name's text made once instead of per comparison.
        let sortKeys = ports.map { ($0.name.description, $0.name.protocol) }
        let sorted = sortKeys.indices.sorted { a, b in
            let (x, y) = (sortKeys[a], sortKeys[b])
            if x.0 != y.0 { return x.0 < y.0 }
            return x.1 < y.1
        }
        ports = sorted.map { ports[$0] }
    }
}
