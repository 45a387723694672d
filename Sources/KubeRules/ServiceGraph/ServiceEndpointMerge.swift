/// The general join of one service port (``ServiceEndpointJoin``): several slice ports feed it, or
/// one slice lists an address twice, so candidates are sorted by `ip:port` text and deduplicated.
extension ServiceEndpointJoin {
    /// The endpoints of the service port `name`/`protocol`: every matching slice port's usable
    /// endpoints, sorted by `ip:port` text, one per `ip:port`.
    func endpoints(
        name: String, protocol: TransportProtocol, templates: inout [[EndpointInfo?]], last: Bool
    ) -> [EndpointInfo] {
        var candidates: [Candidate] = []
        // Whether any slice has two ports matching (then a template may be used twice).
        var slicePortTwice = false
        var lastSlice = -1
        forEachSlicePort(name: name, protocol: `protocol`) { slicePosition, portPosition, number in
            if lastSlice == slicePosition { slicePortTwice = true }
            lastSlice = slicePosition
            if candidates.isEmpty { candidates.reserveCapacity(templates[slicePosition].count) }
            templates[slicePosition].withUnsafeBufferPointer { sliceTemplates in
                for endpointPosition in sliceTemplates.indices {
                    // The address alone, read in place (a copy of the template retains it all).
                    guard let ip = (sliceTemplates.baseAddress! + endpointPosition).pointee?.ip else { continue }
                    candidates.append(
                        Candidate(
                            key: EndpointTextKey(ip: ip, port: number), slice: Int32(slicePosition),
                            port: Int32(portPosition), endpoint: Int32(endpointPosition), number: number))
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
}
