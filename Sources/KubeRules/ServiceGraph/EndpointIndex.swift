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
struct EndpointIndex {
    struct ServiceKey: Hashable {
        var namespace: String
        var name: String
    }

    private var slicesByService: [ServiceKey: [EndpointSlice]] = [:]
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
        for slice in manifests.endpointSlices {
            guard let service = slice.serviceName, !service.isEmpty else {
                diagnostics.emit(GraphDiagnostics.sliceWithoutServiceName(slice))
                continue
            }
            let key = ServiceKey(namespace: slice.metadata.namespace, name: service)
            slicesByService[key, default: []].append(slice)
        }
        // kube-proxy reads only slices; Endpoints count only when no slice stands for them.
        let servicesWithSlices = Set(slicesByService.keys)
        for endpoints in manifests.endpoints {
            let key = ServiceKey(namespace: endpoints.metadata.namespace, name: endpoints.metadata.name)
            if servicesWithSlices.contains(key) { continue }
            slicesByService[key, default: []].append(contentsOf: LegacyEndpointsMirror.slices(for: endpoints))
        }
        for key in slicesByService.keys {
            slicesByService[key]?.sort { $0.metadata.name < $1.metadata.name }
        }
    }

    /// The endpoints of one service port, deduplicated and sorted by `ip:port` text
    /// (`byEndpoint` in `endpointslicecache.go`).
    func endpoints(
        namespace: String, service: String, portName: String, protocol: TransportProtocol
    ) -> [EndpointInfo] {
        guard let slices = slicesByService[ServiceKey(namespace: namespace, name: service)] else {
            return []
        }
        // One entry per `ip:port` (the canonical text is one-to-one with the pair, so the pair
        // is the key: no text hashed), with its text for the final order.
        var slot: [EndpointKey: Int] = [:]
        var found: [(text: String, info: EndpointInfo)] = []
        for slice in slices where slice.addressType != .fqdn {
            for port in slice.ports where port.name == portName && port.protocol == `protocol` {
                guard let number = port.port, number != 0 else { continue }
                // `byAddress`: a slice's endpoints are visited in order of their address lists
                // (each list joined once, not once per comparison).
                let keys = slice.endpoints.map { endpoint in
                    endpoint.addresses.count == 1 ? endpoint.addresses[0] : endpoint.addresses.joined(separator: ",")
                }
                let ordered = keys.indices.sorted { keys[$0] < keys[$1] }
                for index in ordered {
                    guard let info = endpointInfo(slice.endpoints[index], port: number) else { continue }
                    let key = EndpointKey(ip: info.ip, port: info.port)
                    if let existing = slot[key] {
                        // The first one seen wins unless a later one is local.
                        if info.isLocal { found[existing].info = info }
                    } else {
                        slot[key] = found.count
                        found.append((info.description, info))
                    }
                }
            }
        }
        // By `ip:port` text, each formatted once above.
        return found.sorted { $0.text < $1.text }.map(\.info)
    }

    /// An endpoint's identity for deduplication: `ip:port`.
    private struct EndpointKey: Hashable {
        var ip: IPAddress
        var port: Int
    }

    /// `newBaseEndpointInfo` for the first address, or nil when it is not of the family.
    private func endpointInfo(_ endpoint: EndpointSlice.Endpoint, port: Int) -> EndpointInfo? {
        guard let first = endpoint.addresses.first, let ip = IPAddress(first), ip.family == family
        else { return nil }
        let ready = endpoint.ready ?? true
        return EndpointInfo(
            ip: ip, port: port,
            isLocal: !nodeName.isEmpty && endpoint.nodeName == nodeName,
            ready: ready,
            serving: endpoint.serving ?? true,
            terminating: endpoint.terminating ?? false,
            nodeName: endpoint.nodeName, zone: endpoint.zone,
            zoneHints: zoneHintsEnabled ? Array(Set(endpoint.zoneHints)).sorted() : [],
            nodeHints: nodeHintsEnabled ? Array(Set(endpoint.nodeHints)).sorted() : [],
            hostname: endpoint.hostname, targetRef: endpoint.targetRef)
    }
}
