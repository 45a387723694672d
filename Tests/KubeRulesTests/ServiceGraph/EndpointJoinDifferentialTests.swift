import Testing

@testable import KubeRules

/// The builder's endpoint join (``ServiceEndpointJoin``: sort keys instead of `ip:port` text,
/// deduplication after sorting) against the straightforward sequential join it replaced, kept
/// here as the oracle: on random Services and slices with duplicates across and inside slices,
/// multi-address endpoints, both families and local endpoints, both give the same endpoints.
@Suite struct EndpointJoinDifferentialTests {
    @Test(arguments: 0..<40)
    func joinMatchesTheSequentialJoin(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let family: IPFamily = seed % 4 == 3 ? .ipv6 : .ipv4
        var services: [Service] = []
        var slices: [EndpointSlice] = []
        for serviceIndex in 0..<6 {
            let name = "svc-\(serviceIndex)"
            let ports = [T.port("http", .tcp, 80), T.port("dns", .udp, 53)].filter { _ in random.next() % 3 != 0 }
            services.append(T.service("ns", name, ports: ports.isEmpty ? [T.port("http", .tcp, 80)] : ports))
            for sliceIndex in 0..<Int(random.next() % 4) {
                let endpoints = (0..<Int(random.next() % 9)).map { _ in randomEndpoint(&random, family: family) }
                let slicePorts = [
                    T.slicePort("http", .tcp, [8080, 8081, 80][Int(random.next() % 3)]),
                    T.slicePort("dns", .udp, random.next() % 5 == 0 ? nil : 5353),
                ].filter { _ in random.next() % 4 != 0 }
                slices.append(
                    T.slice(
                        "ns", "\(name)-\(["b", "a", "c", "ab"][sliceIndex])", service: name,
                        type: random.next() % 9 == 0 ? .fqdn : (family == .ipv4 ? .ipv4 : .ipv6),
                        ports: slicePorts, endpoints: endpoints))
            }
        }
        let manifests = Manifests(services: services, endpointSlices: slices.shuffled(using: &random))
        var options = ProxyOptions()
        options.hostname = "node-a"
        options.ipFamily = family
        options.nodeIPs = [family == .ipv4 ? T.ip("192.168.0.2") : T.ip("fd00::2")]
        let graph = try ServiceGraphBuilder(options: options).build(manifests)
        let oracle = SequentialJoin(slices: manifests.endpointSlices, family: family, nodeName: "node-a")
        for summary in graph.services {
            for port in summary.service.ports {
                let expected = oracle.endpoints(
                    namespace: "ns", service: summary.service.metadata.name, portName: port.name,
                    protocol: port.protocol)
                #expect(summary.endpointsByPort[port.name] == expected, "\(summary.service.metadata.name) \(port.name)")
            }
        }
    }

    /// Addresses drawn from a small pool so that duplicates are frequent; sometimes two
    /// addresses, sometimes one of the other family or not an address.
    private func randomEndpoint(_ random: inout SeededRandom, family: IPFamily) -> EndpointSlice.Endpoint {
        let pool =
            family == .ipv4
            ? ["10.0.0.1", "10.0.0.10", "10.0.0.2", "10.0.1.1", "10.0.0.100", "010.0.0.2", "fd00::1"]
            : ["fd00::1", "fd00::10", "fd00::a", "fd00:0::1", "2001:db8::1", "10.0.0.1", "::ffff:10.0.0.1"]
        var addresses = [pool[Int(random.next() % UInt64(pool.count))]]
        if random.next() % 5 == 0 { addresses.append(pool[Int(random.next() % UInt64(pool.count))]) }
        return EndpointSlice.Endpoint(
            addresses: addresses, ready: random.next() % 3 == 0 ? false : nil,
            hostname: "h\(random.next() % 100)", nodeName: random.next() % 2 == 0 ? "node-a" : "node-b",
            location: T.here)
    }
}

/// The sequential join as the graph did it before ``ServiceEndpointJoin``: per service port,
/// slices by name, matching ports, endpoints by their address list's text; first one of an
/// `ip:port` kept unless a later one is local; sorted by `ip:port` text.
private struct SequentialJoin {
    let slices: [EndpointSlice]
    let family: IPFamily
    let nodeName: String

    func endpoints(
        namespace: String, service: String, portName: String, protocol: TransportProtocol
    ) -> [EndpointInfo] {
        let own = slices.filter { $0.metadata.namespace == namespace && $0.serviceName == service }
            .sorted { $0.metadata.name < $1.metadata.name }
        var slot: [String: Int] = [:]
        var found: [EndpointInfo] = []
        for slice in own where slice.addressType != .fqdn {
            for port in slice.ports where port.name == portName && port.protocol == `protocol` {
                guard let number = port.port, number != 0 else { continue }
                let ordered = slice.endpoints.sorted {
                    $0.addresses.joined(separator: ",") < $1.addresses.joined(separator: ",")
                }
                for endpoint in ordered {
                    guard let first = endpoint.addresses.first, let ip = IPAddress(first), ip.family == family
                    else { continue }
                    let info = EndpointInfo(
                        ip: ip, port: number, isLocal: endpoint.nodeName == nodeName,
                        ready: endpoint.ready ?? true, serving: endpoint.serving ?? true,
                        terminating: endpoint.terminating ?? false, nodeName: endpoint.nodeName,
                        zone: endpoint.zone, hostname: endpoint.hostname, targetRef: endpoint.targetRef)
                    if let existing = slot[info.description] {
                        if info.isLocal { found[existing] = info }
                    } else {
                        slot[info.description] = found.count
                        found.append(info)
                    }
                }
            }
        }
        return found.sorted { $0.description < $1.description }
    }
}
