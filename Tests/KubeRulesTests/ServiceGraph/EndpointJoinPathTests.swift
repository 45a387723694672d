import Testing

@testable import KubeRules

/// ``ServiceEndpointJoin``'s direct path (a port fed by one slice port with distinct addresses
/// takes the slice's address order, ``SliceAddressOrder``) against its general join (candidates
/// sorted by ``EndpointTextKey`` and deduplicated), which the direct path must agree with
/// exactly, field by field: on every fixture, and on random Services and slices that mix both
/// cases (one or several slices, ports matched twice in one slice, duplicate and sloppy
/// addresses, FQDN slices, both families, hints, conditions).
@Suite struct EndpointJoinPathTests {
    @Test(arguments: FixtureCase.all())
    func directPathMatchesTheGeneralJoinOnFixtures(_ fixture: FixtureCase) throws {
        let (options, manifests) = try fixture.load()
        // The expectations are in `compareBothPaths`, one per Service.
        _ = compareBothPaths(manifests, options: options)
    }

    @Test(arguments: 0..<60)
    func directPathMatchesTheGeneralJoinOnRandomInputs(seed: UInt64) {
        var random = SeededRandom(seed: 7000 + seed)
        let family: IPFamily = seed % 3 == 2 ? .ipv6 : .ipv4
        var services: [Service] = []
        var slices: [EndpointSlice] = []
        for serviceIndex in 0..<8 {
            let name = "svc-\(serviceIndex)"
            let ports = [T.port("http", .tcp, 80), T.port("dns", .udp, 53), T.port("http", .udp, 81)]
                .filter { _ in random.chance(60) }
            services.append(T.service("ns", name, ports: ports.isEmpty ? [T.port("http", .tcp, 80)] : ports))
            for sliceIndex in 0..<random.int(4) {
                let endpoints = (0..<random.pick([0, 1, 3, 9, 40])).map { _ in randomEndpoint(&random, family: family) }
                var slicePorts = [
                    T.slicePort("http", .tcp, random.pick([8080, 80, 10000, 7])),
                    T.slicePort("dns", .udp, random.chance(20) ? nil : random.pick([5353, 53])),
                    T.slicePort("http", .udp, random.pick([81, 0])),
                ].filter { _ in random.chance(75) }
                // Sometimes one slice feeds a port twice (two numbers for one name).
                if random.chance(15) { slicePorts.append(T.slicePort("http", .tcp, 9090)) }
                slices.append(
                    T.slice(
                        "ns", "\(name)-\(["b", "a", "c", "ab"][sliceIndex])", service: name,
                        type: random.chance(10) ? .fqdn : (family == .ipv4 ? .ipv4 : .ipv6),
                        ports: slicePorts, endpoints: endpoints))
            }
        }
        let manifests = Manifests(services: services, endpointSlices: random.shuffled(slices))
        var options = T.options(hostname: "node-a", family: family, gates: ["PreferSameTrafficDistribution": true])
        options.nodeIPs = [family == .ipv4 ? T.ip("192.168.0.2") : T.ip("fd00::2")]
        let (ports, nonEmpty) = compareBothPaths(manifests, options: options)
        #expect(ports > 0)
        // Not vacuous: some ports got endpoints (the seeds give plenty).
        if seed % 10 == 0 { #expect(nonEmpty > 0) }
    }

    /// Joins every Service's ports both ways and expects the same lists; the number of ports
    /// compared and how many had endpoints.
    private func compareBothPaths(_ manifests: Manifests, options: ProxyOptions) -> (ports: Int, nonEmpty: Int) {
        var diagnostics = DiagnosticCollector()
        let nodeName = options.hostname ?? ""
        let order = ServiceGraphBuilder.sortedOrder(manifests.services)
        let index = EndpointIndex(
            manifests: manifests, order: order, family: options.ipFamily, nodeName: nodeName,
            zoneHintsEnabled: options.isEnabled("TopologyAwareHints"),
            nodeHintsEnabled: options.isEnabled("PreferSameTrafficDistribution"), diagnostics: &diagnostics)
        var (ports, nonEmpty) = (0, 0)
        for (slot, position) in order.enumerated() {
            let service = manifests.services[position]
            let direct = index.endpoints(of: service, slot: slot)
            let general = index.endpoints(of: service, slot: slot, generalOnly: true)
            #expect(direct == general, "\(service.metadata.namespace)/\(service.metadata.name)")
            ports += direct.count
            nonEmpty += direct.filter { !$0.isEmpty }.count
        }
        return (ports, nonEmpty)
    }

    /// Mostly distinct addresses (the direct path), sometimes a duplicate or a sloppy spelling
    /// of one (the general path), sometimes one of the other family or two addresses.
    private func randomEndpoint(_ random: inout SeededRandom, family: IPFamily) -> EndpointSlice.Endpoint {
        let address: String
        switch (family, random.int(10)) {
        case (.ipv4, 0): address = random.pick(["10.0.0.1", "010.0.0.1", "fd00::1", "not-an-ip"])
        case (.ipv4, _): address = "10.\(random.int(3)).\(random.pick([0, 1, 9, 10, 99, 100, 255])).\(random.int(256))"
        case (.ipv6, 0): address = random.pick(["fd00::1", "fd00:0::1", "10.0.0.1", "::ffff:10.0.0.1"])
        case (.ipv6, _): address = "fd00::\(String(random.int(0x10000), radix: 16)):\(random.int(10))"
        }
        var addresses = [address]
        if random.chance(10) { addresses.append("10.9.9.9") }
        return EndpointSlice.Endpoint(
            addresses: addresses, ready: random.chance(20) ? false : random.chance(50) ? true : nil,
            serving: random.chance(30) ? random.chance(50) : nil, terminating: random.chance(20) ? true : nil,
            hostname: random.chance(30) ? "h\(random.int(100))" : nil,
            nodeName: random.pick(["node-a", "node-b", "a-very-long-node-name-that-is-not-small-0001"]),
            zone: random.chance(30) ? "zone-a" : nil,
            zoneHints: random.chance(30) ? ["zone-b", "zone-a", "zone-b"] : [],
            nodeHints: random.chance(20) ? ["node-a"] : [], location: T.here)
    }
}
