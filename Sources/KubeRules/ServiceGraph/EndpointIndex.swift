/// The endpoints of every Service, joined from its EndpointSlices as kube-proxy's
/// `EndpointSliceCache` joins them (`pkg/proxy/endpointslicecache.go`).
///
/// - A slice belongs to the Service named by its `kubernetes.io/service-name` label, in the
///   slice's namespace; a slice without that label is ignored (kube-proxy logs an error).
/// - A slice port feeds the service port with the same name and protocol; its number is the
///   already-resolved target port (a named `targetPort` is resolved by the EndpointSlice
///   controller, per Pod). Ports without a number are ignored.
/// - Only the first address of an endpoint counts, and only when it is of the rendered family.
/// - Missing conditions read as ready=true, serving=true, terminating=false.
/// - An endpoint (`ip:port`) found in several slices is kept once; the first one seen wins
///   unless a later one is local. kube-proxy walks slices in Go map order; kuberules walks them
///   by name so the choice is deterministic.
/// - Legacy `v1 Endpoints` stand in for slices only for a Service that has no EndpointSlice in
///   the input (see ``LegacyEndpointsMirror``).
///
/// The index holds slice positions, not slice copies; ``ServiceEndpointJoin`` does the per-Service
/// work.
struct EndpointIndex: Sendable {
    /// The input's slices, then the slices mirrored from legacy Endpoints (rare; appending them
    /// copies the array once).
    let slices: [EndpointSlice]
    /// Each Service's slices, by the Service's place in the sorted Services: a range of
    /// ``groupedPositions``.
    private let rangeOfService: [Range<Int>]
    /// Positions in ``slices``, sorted by namespace, service name and slice name, so each
    /// Service's slices are one run sorted by name.
    private let groupedPositions: [Int32]
    let family: IPFamily
    let nodeName: String
    /// The `TopologyAwareHints` gate: zone hints are read only when on.
    let zoneHintsEnabled: Bool
    /// The `PreferSameTrafficDistribution` gate: node hints are read only when on.
    let nodeHintsEnabled: Bool

    /// `order`: positions of `manifests.services` sorted by namespace and name (names unique).
    ///
    /// Slices are matched to Services by merging the two sorted lists (no hashing): a dump
    /// lists slices sorted by name, which for the usual `<service>-<suffix>` names is already
    /// service order, so the sort is usually only a check.
    init(
        manifests: Manifests, order: [Int], family: IPFamily, nodeName: String, zoneHintsEnabled: Bool,
        nodeHintsEnabled: Bool, diagnostics: inout DiagnosticCollector
    ) {
        self.family = family
        self.nodeName = nodeName
        self.zoneHintsEnabled = zoneHintsEnabled
        self.nodeHintsEnabled = nodeHintsEnabled
        var slices = manifests.endpointSlices
        let services = manifests.services
        let sliceKeys = SliceKeys(slices)
        for position in sliceKeys.unlabelled {
            diagnostics.emit(GraphDiagnostics.sliceWithoutServiceName(slices[Int(position)]))
        }
        let keys = sliceKeys.keys
        var positions: [Int32] = []
        positions.reserveCapacity(keys.count)
        for position in keys.indices where !keys[position].service.isEmpty { positions.append(Int32(position)) }
        let less = { (a: Int32, b: Int32) -> Bool in
            let (x, y) = (Int(a), Int(b))
            if keys[x].namespace != keys[y].namespace { return keys[x].namespace < keys[y].namespace }
            if keys[x].service != keys[y].service { return keys[x].service < keys[y].service }
            return keys[x].name < keys[y].name
        }
        if zip(positions, positions.dropFirst()).contains(where: { less($1, $0) }) { positions.sort(by: less) }

        // Merge: both lists are sorted by namespace, then (service) name.
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(order.count)
        var next = 0
        for servicePosition in order {
            let namespace = services[servicePosition].metadata.namespace
            let name = services[servicePosition].metadata.name
            func compare(_ slice: Int32) -> Int {
                let slice = Int(slice)
                if keys[slice].namespace != namespace { return keys[slice].namespace < namespace ? -1 : 1 }
                if keys[slice].service != name { return keys[slice].service < name ? -1 : 1 }
                return 0
            }
            while next < positions.count, compare(positions[next]) < 0 { next += 1 }
            let start = next
            while next < positions.count, compare(positions[next]) == 0 { next += 1 }
            ranges.append(start..<next)
        }

        // kube-proxy reads only slices; Endpoints count only when no slice stands for them.
        if !manifests.endpoints.isEmpty {
            var legacy: [ServiceKey: Int] = [:]
            for (position, endpoints) in manifests.endpoints.enumerated() {
                legacy[ServiceKey(namespace: endpoints.metadata.namespace, name: endpoints.metadata.name)] = position
            }
            for (slot, servicePosition) in order.enumerated() where ranges[slot].isEmpty {
                let metadata = services[servicePosition].metadata
                guard let found = legacy[ServiceKey(namespace: metadata.namespace, name: metadata.name)] else { continue }
                let mirrored = LegacyEndpointsMirror.slices(for: manifests.endpoints[found])
                    .sorted { $0.metadata.name < $1.metadata.name }
                let start = positions.count
                for slice in mirrored {
                    positions.append(Int32(slices.count))
                    slices.append(slice)
                }
                ranges[slot] = start..<positions.count
            }
        }
        self.slices = slices
        self.rangeOfService = ranges
        self.groupedPositions = positions
    }

    /// An Endpoints object's identity, to find the one of a Service.
    private struct ServiceKey: Hashable {
        var namespace: String
        var name: String
    }

    /// The endpoints of each of `service`'s ports (in `service.ports` order), deduplicated and
    /// sorted by `ip:port` text; `slot` is the Service's place in the sorted Services.
    /// `generalOnly` joins every port the general way (for the differential test).
    func endpoints(of service: borrowing Service, slot: Int, generalOnly: Bool = false) -> [[EndpointInfo]] {
        let positions = groupedPositions[rangeOfService[slot]]
        return slices.withUnsafeBufferPointer { slices in
            ServiceEndpointJoin(
                slices: slices, positions: positions, family: family, nodeName: nodeName,
                zoneHintsEnabled: zoneHintsEnabled, nodeHintsEnabled: nodeHintsEnabled, generalOnly: generalOnly
            ).endpoints(of: service.ports)
        }
    }
}
