/// The endpoints of one Service's ports, joined from its slices (the rules are on
/// ``EndpointIndex``).
///
/// Each slice's usable endpoints are read and put in address order once per Service, however
/// many ports it feeds (``SliceAddressOrder``). A port fed by one slice port whose addresses are
/// distinct (the usual case) builds its endpoints straight from the slice in that order; any
/// other port goes through the general join (``endpoints(name:protocol:templates:last:)``: every
/// slice endpoint read once into an ``EndpointInfo`` template, candidates ordered by an
/// ``EndpointTextKey`` and deduplicated). No String is built here. Slices and their endpoints are
/// read in place through pointers: a copy of either retains every String and array in it.
struct ServiceEndpointJoin {
    /// Every slice of the index, borrowed for the duration of one ``EndpointIndex/endpoints(of:)``.
    let slices: UnsafeBufferPointer<EndpointSlice>
    /// The Service's slices: positions in ``slices``, sorted by slice name.
    let positions: ArraySlice<Int32>
    let family: IPFamily
    let nodeName: String
    let zoneHintsEnabled: Bool
    let nodeHintsEnabled: Bool
    /// Every port through the general join (the differential test compares the two ways).
    var generalOnly = false

    /// One usable slice endpoint for one port: where it is, and its sort key.
    struct Candidate {
        var key: EndpointTextKey
        /// Position of the slice among the Service's slices, of the port in the slice, of the
        /// endpoint in the slice: the visiting order, except between endpoints of one slice
        /// port (see ``visitOrdered(_:)``).
        var slice: Int32
        var port: Int32
        var endpoint: Int32
        var number: Int
    }

    /// The endpoint lists of `ports` (a Service's ports), position by position.
    func endpoints(of ports: [Service.Port]) -> [[EndpointInfo]] {
        guard !positions.isEmpty else { return Array(repeating: [], count: ports.count) }
        let orders = positions.map { SliceAddressOrder(slice(at: $0), family: family, nodeName: nodeName) }
        // The general join's templates, made when a port first needs them.
        var templates: [[EndpointInfo?]]?
        return ports.indices.map { position in
            let (name, `protocol`) = (ports[position].name, ports[position].protocol)
            if !generalOnly, let only = soleSlicePort(name: name, protocol: `protocol`), orders[only.slice].distinct {
                return direct(orders[only.slice], of: slice(at: positions[positions.startIndex + only.slice]), number: only.number)
            }
            if templates == nil { templates = positions.map { makeTemplates(slice(at: $0)) } }
            // The last port may move the templates into its list instead of copying them.
            return endpoints(
                name: name, protocol: `protocol`, templates: &templates!, last: position == ports.count - 1)
        }
    }

    func slice(at position: Int32) -> UnsafePointer<EndpointSlice> {
        slices.baseAddress! + Int(position)
    }

    /// Calls `body` with each slice port feeding the service port `name`/`protocol`, in visiting
    /// order: slice position (among the Service's slices), port position in the slice, and the
    /// port's number. kube-proxy skips FQDN slices and ports without a number (or 0).
    func forEachSlicePort(
        name: String, protocol: TransportProtocol, _ body: (_ slice: Int, _ port: Int, _ number: Int) -> Void
    ) {
        for slicePosition in 0..<positions.count {
            let slice = slice(at: positions[positions.startIndex + slicePosition])
            if slice.pointee.addressType == .fqdn { continue }
            slice.pointee.ports.withUnsafeBufferPointer { ports in
                for portPosition in ports.indices {
                    let port = ports.baseAddress! + portPosition
                    guard port.pointee.name == name, port.pointee.protocol == `protocol`,
                        let number = port.pointee.port, number != 0
                    else { continue }
                    body(slicePosition, portPosition, number)
                }
            }
        }
    }

    /// The one slice port feeding `name`/`protocol` (slice position among the Service's slices,
    /// and number); nil when none or several do.
    private func soleSlicePort(name: String, protocol: TransportProtocol) -> (slice: Int, number: Int)? {
        var found: (slice: Int, number: Int)?
        var count = 0
        forEachSlicePort(name: name, protocol: `protocol`) { slice, _, number in
            found = (slice, number)
            count += 1
        }
        return count == 1 ? found : nil
    }

    /// The endpoints of `slice` listed by `order`, in that order, with port `number`: each built
    /// in its place in the list (invariant: exactly `count` slots initialized).
    private func direct(_ order: SliceAddressOrder, of slice: UnsafePointer<EndpointSlice>, number: Int) -> [EndpointInfo] {
        let count = order.entries.count
        return slice.pointee.endpoints.withUnsafeBufferPointer { endpoints in
            order.entries.withUnsafeBufferPointer { entries in
                [EndpointInfo](unsafeUninitializedCapacity: count) { result, initialized in
                    for index in 0..<count {
                        (result.baseAddress! + index).initialize(
                            to: info(
                                endpoints.baseAddress! + Int(entries[index].position), ip: entries[index].ip, port: number,
                                mayBeLocal: order.anyLocal))
                    }
                    initialized = count
                }
            }
        }
    }

    /// The address an endpoint stands for: its first one, when it is an address of `family`
    /// (kube-proxy: `newBaseEndpointInfo` from `endpoint.Addresses[0]`); nil when the endpoint is
    /// unusable.
    static func address(of endpoint: UnsafePointer<EndpointSlice.Endpoint>, family: IPFamily) -> IPAddress? {
        guard let first = endpoint.pointee.addresses.first, let ip = IPAddress(first), ip.family == family else {
            return nil
        }
        return ip
    }

    /// `newBaseEndpointInfo` for `endpoint` (whose address is `ip`), read in place; `mayBeLocal`
    /// false when the endpoint is known not to be on the node (no comparison then).
    private func info(
        _ endpoint: UnsafePointer<EndpointSlice.Endpoint>, ip: IPAddress, port: Int, mayBeLocal: Bool = true
    ) -> EndpointInfo {
        let isLocal = mayBeLocal && !nodeName.isEmpty && endpoint.pointee.nodeName == nodeName
        let (ready, serving, terminating) =
            (endpoint.pointee.ready ?? true, endpoint.pointee.serving ?? true, endpoint.pointee.terminating ?? false)
        // Most endpoints carry none of the rarely set fields (checked in place, no copy).
        if endpoint.pointee.zone == nil, endpoint.pointee.hostname == nil, endpoint.pointee.targetRef == nil,
            !zoneHintsEnabled || endpoint.pointee.zoneHints.isEmpty, !nodeHintsEnabled || endpoint.pointee.nodeHints.isEmpty
        {
            return EndpointInfo(
                ip: ip, port: port, isLocal: isLocal, ready: ready, serving: serving, terminating: terminating,
                nodeName: endpoint.pointee.nodeName)
        }
        return EndpointInfo(
            ip: ip, port: port, isLocal: isLocal, ready: ready, serving: serving, terminating: terminating,
            nodeName: endpoint.pointee.nodeName, zone: endpoint.pointee.zone,
            zoneHints: zoneHintsEnabled ? Self.normalized(endpoint.pointee.zoneHints) : [],
            nodeHints: nodeHintsEnabled ? Self.normalized(endpoint.pointee.nodeHints) : [],
            hostname: endpoint.pointee.hostname, targetRef: endpoint.pointee.targetRef)
    }

    /// `newBaseEndpointInfo` for every endpoint of `slice`, port still 0 (nil: its first address
    /// is missing, not an address or of the other family). Made once per slice endpoint, however
    /// many ports use it, reading the endpoint in place.
    private func makeTemplates(_ slice: UnsafePointer<EndpointSlice>) -> [EndpointInfo?] {
        if slice.pointee.addressType == .fqdn { return [] }
        return slice.pointee.endpoints.withUnsafeBufferPointer { endpoints in
            // Each template built in its place in the array (a `map` builds it aside, then
            // copies it in and destroys the original: two retains and releases per field).
            [EndpointInfo?](unsafeUninitializedCapacity: endpoints.count) { templates, count in
                for position in endpoints.indices {
                    let endpoint = endpoints.baseAddress! + position
                    let ip = Self.address(of: endpoint, family: family)
                    (templates.baseAddress! + position).initialize(to: ip.map { info(endpoint, ip: $0, port: 0) })
                }
                count = endpoints.count
            }
        }
    }

    /// Hints sorted and deduplicated (most endpoints have none or one: nothing to do).
    private static func normalized(_ hints: [String]) -> [String] {
        hints.count <= 1 ? hints : Array(Set(hints)).sorted()
    }
}
