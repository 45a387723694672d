/// The graph's service ports in ``ServicePortName`` order, moved out of the chunks' port slots.
///
/// The chunks' ports, joined in chunk order, are the Services' ports in namespace/name order;
/// that is usually already ``ServicePortName`` order (text order differs only where a name is a
/// prefix of another followed by a byte below `/` or `:`, such as `a` and `a-b`), so the join
/// first checks, without building any text, and sorts only when needed.
enum ServicePortOrder {
    /// Moves every port in `regions` (initialized slots of `slots`, in chunk order) into one
    /// array, sorted. Afterwards no slot is initialized.
    /// `increasing` tells which regions are strictly increasing already.
    static func join(
        _ slots: GraphSlots<ServicePortInfo>, regions: [Range<Int>], increasing: [Bool]
    ) -> [ServicePortInfo] {
        let total = regions.reduce(0) { $0 + $1.count }
        if !increasing.contains(false), boundariesIncrease(slots, regions: regions) {
            return [ServicePortInfo](unsafeUninitializedCapacity: total) { buffer, count in
                for region in regions where !region.isEmpty {
                    (buffer.baseAddress! + count).moveInitialize(from: slots.base + region.lowerBound, count: region.count)
                    count += region.count
                }
            }
        }
        // `ServicePortName` order, with each name's text made once instead of per comparison.
        let positions = regions.flatMap { $0 }
        let sortKeys = positions.map { (slots[$0].name.description, slots[$0].name.protocol) }
        let sorted = sortKeys.indices.sorted { a, b in
            let (x, y) = (sortKeys[a], sortKeys[b])
            if x.0 != y.0 { return x.0 < y.0 }
            return x.1 < y.1
        }
        return [ServicePortInfo](unsafeUninitializedCapacity: total) { buffer, count in
            for index in sorted {
                (buffer.baseAddress! + count).moveInitialize(from: slots.base + positions[index], count: 1)
                count += 1
            }
        }
    }

    /// Whether each non-empty region's first port follows the previous non-empty region's last
    /// (with increasing regions: whether the whole is strictly increasing; equal names, which
    /// the decoder rejects, take the sorting path).
    private static func boundariesIncrease(_ slots: GraphSlots<ServicePortInfo>, regions: [Range<Int>]) -> Bool {
        var previous: Int?
        for region in regions where !region.isEmpty {
            if let previous, !ServicePortName.precedes(slots[previous].name, slots[region.lowerBound].name) {
                return false
            }
            previous = region.upperBound - 1
        }
        return true
    }
}
