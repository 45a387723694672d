/// The namespace, service name and name of every EndpointSlice, read concurrently and in place
/// (a copy of a slice retains everything in it), so ``EndpointIndex`` sorts and merges plain
/// strings.
struct SliceKeys {
    struct Key {
        var namespace: String
        /// The `kubernetes.io/service-name` label (``EndpointSlice/serviceName``); "" when the
        /// label is missing or empty.
        var service: String
        var name: String
    }

    /// One per slice, in slice order.
    let keys: [Key]
    /// Positions of the slices without a service name, in slice order.
    let unlabelled: [Int32]

    init(_ slices: [EndpointSlice]) {
        let count = slices.count
        let ranges = ParallelChunks.ranges(count: count) { _ in 1 }
        var unlabelled: [[Int32]] = []
        keys = [Key](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            // Each chunk initializes exactly the slots of its range.
            let slots = GraphSlots(base: base, capacity: count)
            unlabelled = ParallelChunks.map(ranges) { range in
                slices.withUnsafeBufferPointer { slices in
                    var unlabelled: [Int32] = []
                    for position in range {
                        let slice = slices.baseAddress! + position
                        // `EndpointSlice.serviceName`, looked up on the labels in place: calling
                        // the computed property on the pointee copies the whole slice first.
                        let service = slice.pointee.metadata.labels["kubernetes.io/service-name"] ?? ""
                        if service.isEmpty { unlabelled.append(Int32(position)) }
                        slots.initialize(
                            position,
                            to: Key(
                                namespace: slice.pointee.metadata.namespace, service: service,
                                name: slice.pointee.metadata.name))
                    }
                    return unlabelled
                }
            }
            initialized = count
        }
        self.unlabelled = unlabelled.flatMap { $0 }
    }
}
