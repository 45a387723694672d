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
    struct ServiceKey: Hashable {
        var namespace: String
        var name: String
    }

    /// The input's slices, then the slices mirrored from legacy Endpoints (rare; appending them
    /// copies the array once).
    let slices: [EndpointSlice]
    /// Each Service's group of slices (one array of positions for all groups, with a range per
    /// group, so no array per Service is made or freed).
    private let groupOfService: [ServiceKey: Int32]
    private let groupRanges: [Range<Int>]
    /// Positions in ``slices``, group by group, each group sorted by slice name.
    private let groupedPositions: [Int32]
    let family: IPFamily
    let nodeName: String
    /// The `TopologyAwareHints` gate: zone hints are read only when on.
    let zoneHintsEnabled: Bool
    /// The `PreferSameTrafficDistribution` gate: node hints are read only when on.
    let nodeHintsEnabled: Bool

    init(
        manifests: Manifests, family: IPFamily, nodeName: String, zoneHintsEnabled: Bool,
        nodeHintsEnabled: Bool, diagnostics: inout DiagnosticCollector
    ) {
        self.family = family
        self.nodeName = nodeName
        self.zoneHintsEnabled = zoneHintsEnabled
        self.nodeHintsEnabled = nodeHintsEnabled
        var slices = manifests.endpointSlices
        // Each slice's group (-1: no service name), read in place (a slice copy retains all of it).
        var groupOfSlice: [Int32] = []
        groupOfSlice.reserveCapacity(slices.count)
        var groupSizes: [Int] = []
        var groupOfService: [ServiceKey: Int32] = [:]
        groupOfService.reserveCapacity(slices.count)
        /// The group of `key`, made (empty) when new.
        func group(_ key: ServiceKey) -> Int32 {
            if let group = groupOfService[key] { return group }
            let group = Int32(groupSizes.count)
            groupOfService[key] = group
            groupSizes.append(0)
            return group
        }
        slices.withUnsafeBufferPointer { buffer in
            for position in buffer.indices {
                let slice = buffer.baseAddress! + position
                guard let service = slice.pointee.serviceName, !service.isEmpty else {
                    diagnostics.emit(GraphDiagnostics.sliceWithoutServiceName(slice.pointee))
                    groupOfSlice.append(-1)
                    continue
                }
                let id = group(ServiceKey(namespace: slice.pointee.metadata.namespace, name: service))
                groupSizes[Int(id)] += 1
                groupOfSlice.append(id)
            }
        }
        // kube-proxy reads only slices; Endpoints count only when no slice stands for them.
        var mirrored: [(ServiceKey, [EndpointSlice])] = []
        for endpoints in manifests.endpoints {
            let key = ServiceKey(namespace: endpoints.metadata.namespace, name: endpoints.metadata.name)
            if groupOfService[key] != nil { continue }
            mirrored.append((key, LegacyEndpointsMirror.slices(for: endpoints)))
        }
        for (key, mirroredSlices) in mirrored {
            let id = group(key)
            for slice in mirroredSlices {
                groupSizes[Int(id)] += 1
                groupOfSlice.append(id)
                slices.append(slice)
            }
        }
        // Ranges by group sizes, then positions into them in slice order.
        var next: [Int] = []
        next.reserveCapacity(groupSizes.count)
        var groupRanges: [Range<Int>] = []
        groupRanges.reserveCapacity(groupSizes.count)
        var total = 0
        for size in groupSizes {
            groupRanges.append(total..<(total + size))
            next.append(total)
            total += size
        }
        var groupedPositions = [Int32](repeating: 0, count: total)
        for (position, group) in groupOfSlice.enumerated() where group >= 0 {
            groupedPositions[next[Int(group)]] = Int32(position)
            next[Int(group)] += 1
        }
        // Most Services have one slice: nothing to sort.
        for range in groupRanges where range.count > 1 {
            groupedPositions[range].sort { slices[Int($0)].metadata.name < slices[Int($1)].metadata.name }
        }
        self.slices = slices
        self.groupOfService = groupOfService
        self.groupRanges = groupRanges
        self.groupedPositions = groupedPositions
    }

    /// Positions in ``slices`` of the slices of one Service, sorted by slice name.
    func slicePositions(namespace: String, service: String) -> ArraySlice<Int32> {
        guard let group = groupOfService[ServiceKey(namespace: namespace, name: service)] else { return [] }
        return groupedPositions[groupRanges[Int(group)]]
    }

    /// The endpoints of each of `service`'s ports (in `service.ports` order), deduplicated and
    /// sorted by `ip:port` text.
    func endpoints(of service: Service) -> [[EndpointInfo]] {
        let positions = slicePositions(namespace: service.metadata.namespace, service: service.metadata.name)
        return slices.withUnsafeBufferPointer { slices in
            ServiceEndpointJoin(
                slices: slices, positions: positions, family: family, nodeName: nodeName,
                zoneHintsEnabled: zoneHintsEnabled, nodeHintsEnabled: nodeHintsEnabled
            ).endpoints(of: service.ports)
        }
    }
}
