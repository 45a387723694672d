/// The endpoints of one Service's ports, joined from its slices (the rules are on
/// ``EndpointIndex``).
///
/// Each slice endpoint is read once per Service (not once per port) into an ``EndpointInfo``, and a
/// port's endpoints are ordered by an ``EndpointTextKey`` instead of their `ip:port` text, so no
/// String is built here. Slices and their endpoints are read in place through pointers: a copy
/// of either retains every String and array in it.
struct ServiceEndpointJoin {
    /// Every slice of the index, borrowed for the duration of one ``EndpointIndex/endpoints(of:)``.
    let slices: UnsafeBufferPointer<EndpointSlice>
    /// The Service's slices: positions in ``slices``, sorted by slice name.
    let positions: ArraySlice<Int32>
    let family: IPFamily
    let nodeName: String
    let zoneHintsEnabled: Bool
    let nodeHintsEnabled: Bool

    /// One usable slice endpoint for one port: where it is, and its sort key.
    private struct Candidate {
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
        var templates = positions.map { makeTemplates(slice(at: $0)) }
        return ports.indices.map { position in
            // The last port may move the templates into its list instead of copying them.
            endpoints(
                name: ports[position].name, protocol: ports[position].protocol, templates: &templates,
                last: position == ports.count - 1)
        }
    }

    private func slice(at position: Int32) -> UnsafePointer<EndpointSlice> {
        slices.baseAddress! + Int(position)
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
                    let slot = templates.baseAddress! + position
                    guard let first = endpoint.pointee.addresses.first, let ip = IPAddress(first), ip.family == family
                    else {
                        slot.initialize(to: nil)
                        continue
                    }
                    slot.initialize(
                        to: EndpointInfo(
                            ip: ip, port: 0, isLocal: !nodeName.isEmpty && endpoint.pointee.nodeName == nodeName,
                            ready: endpoint.pointee.ready ?? true,
                            serving: endpoint.pointee.serving ?? true,
                            terminating: endpoint.pointee.terminating ?? false,
                            nodeName: endpoint.pointee.nodeName, zone: endpoint.pointee.zone,
                            zoneHints: zoneHintsEnabled ? Self.normalized(endpoint.pointee.zoneHints) : [],
                            nodeHints: nodeHintsEnabled ? Self.normalized(endpoint.pointee.nodeHints) : [],
                            hostname: endpoint.pointee.hostname, targetRef: endpoint.pointee.targetRef))
                }
                count = endpoints.count
            }
        }
    }

    /// The endpoints of the service port `name`/`protocol`: every matching slice port's usable
    /// endpoints, sorted by `ip:port` text, one per `ip:port`.
    private func endpoints(
        name: String, protocol: TransportProtocol, templates: inout [[EndpointInfo?]], last: Bool
    ) -> [EndpointInfo] {
        var candidates: [Candidate] = []
        // Whether any slice has two ports matching (then a template may be used twice).
        var slicePortTwice = false
        for slicePosition in 0..<positions.count {
            let slice = slice(at: positions[positions.startIndex + slicePosition])
            if slice.pointee.addressType == .fqdn { continue }
            var matched = false
            slice.pointee.ports.withUnsafeBufferPointer { ports in
                for portPosition in ports.indices {
                    let port = ports.baseAddress! + portPosition
                    guard port.pointee.name == name, port.pointee.protocol == `protocol`,
                        let number = port.pointee.port, number != 0
                    else { continue }
                    if matched { slicePortTwice = true }
                    matched = true
                    if candidates.isEmpty { candidates.reserveCapacity(templates[slicePosition].count) }
                    for endpointPosition in templates[slicePosition].indices {
                        // The address alone, read in place (a copy of the template retains it all).
                        let ip = templates[slicePosition].withUnsafeBufferPointer {
                            ($0.baseAddress! + endpointPosition).pointee?.ip
                        }
                        guard let ip else { continue }
                        candidates.append(
                            Candidate(
                                key: EndpointTextKey(ip: ip, port: number), slice: Int32(slicePosition),
                                port: Int32(portPosition), endpoint: Int32(endpointPosition), number: number))
                    }
                }
            }
        }
        if candidates.isEmpty { return [] }
        // By text, then in the order the candidates were made (slice, port, endpoint: the
        // visiting order but for ties inside one slice port, which only duplicates produce and
        // `winner(of:templates:)` settles). Indices are sorted, not the (large) candidates.
        let order = candidates.indices.sorted { a, b in
            let order = EndpointTextKey.compare(candidates[a].key, candidates[b].key)
            return order != 0 ? order < 0 : a < b
        }
        let move = last && !slicePortTwice
        var result: [EndpointInfo] = []
        result.reserveCapacity(candidates.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, candidates[order[end]].key == candidates[order[start]].key { end += 1 }
            let chosen =
                end - start == 1
                ? candidates[order[start]] : winner(of: order[start..<end].map { candidates[$0] }, templates: templates)
            // Each template is used at most once here unless a slice has two matching ports, so
            // the last port takes it (no copy, and nothing left to free).
            var info: EndpointInfo
            if move {
                info = templates[Int(chosen.slice)].withUnsafeMutableBufferPointer { templates in
                    (templates.baseAddress! + Int(chosen.endpoint)).pointee.take()!
                }
            } else {
                info = templates[Int(chosen.slice)][Int(chosen.endpoint)]!
            }
            info.port = chosen.number
            result.append(info)
            start = end
        }
        return result
    }

    /// The endpoint kept among several with one `ip:port`: in visiting order, the first, unless a
    /// later one is local (then the last local one, as each local one replaces the kept one).
    private func winner(of run: [Candidate], templates: [[EndpointInfo?]]) -> Candidate {
        let ordered = visitOrdered(run)
        return ordered.last { templates[Int($0.slice)][Int($0.endpoint)]!.isLocal } ?? ordered[0]
    }

    /// `run` (sorted by slice, port, endpoint position) in visiting order: inside one slice port,
    /// endpoints are visited by their address list's text (`byAddress`), as the sequential join
    /// sorted them.
    private func visitOrdered(_ run: [Candidate]) -> [Candidate] {
        var result: [Candidate] = []
        var start = 0
        while start < run.count {
            var end = start + 1
            while end < run.count, run[end].slice == run[start].slice, run[end].port == run[start].port { end += 1 }
            if end - start == 1 {
                result.append(run[start])
            } else {
                let rank = addressRanks(slice(at: positions[positions.startIndex + Int(run[start].slice)]).pointee.endpoints)
                result.append(contentsOf: run[start..<end].sorted { rank[Int($0.endpoint)] < rank[Int($1.endpoint)] })
            }
            start = end
        }
        return result
    }

    /// Each endpoint's place when the slice's endpoints are sorted by their addresses joined
    /// with commas (the sequential join's `byAddress` visit).
    private func addressRanks(_ endpoints: [EndpointSlice.Endpoint]) -> [Int] {
        let keys = endpoints.map { endpoint in
            endpoint.addresses.count == 1 ? endpoint.addresses[0] : endpoint.addresses.joined(separator: ",")
        }
        var rank = Array(repeating: 0, count: keys.count)
        for (place, position) in keys.indices.sorted(by: { keys[$0] < keys[$1] }).enumerated() {
            rank[position] = place
        }
        return rank
    }

    /// Hints sorted and deduplicated (most endpoints have none or one: nothing to do).
    private static func normalized(_ hints: [String]) -> [String] {
        hints.count <= 1 ? hints : Array(Set(hints)).sorted()
    }
}
