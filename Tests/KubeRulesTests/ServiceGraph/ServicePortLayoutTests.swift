import Testing

@testable import KubeRules

/// The graph's service ports are written by concurrent chunks straight into the graph's array
/// and closed up in place (``ServicePortOrder``): whatever Services are skipped (leaving gaps in
/// the chunks' regions) and whatever names need sorting, the ports are exactly the proxied
/// Services' ports in ``ServicePortName`` order, each with its own Service's fields.
@Suite struct ServicePortLayoutTests {
    @Test(arguments: 1...30)
    func portsOfRandomServicesWithGaps(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var services: [Service] = []
        var expected: [(name: ServicePortName, clusterIP: String, port: Int)] = []
        // Names where text order and namespace/name order differ ("a" < "a-b" < "a.b" < "a/..."),
        // in some seeds, so the sorting path runs too.
        let stems = seed % 3 == 0 ? ["a", "a-b", "a.b", "ab"] : ["svc"]
        for index in 0..<(40 + random.int(200)) {
            let name = "\(random.pick(stems))\(index % 7 == 0 ? "" : "-\(index)")"
            let namespace = "ns-\(index % 3)"
            guard !services.contains(where: { $0.metadata.name == name && $0.metadata.namespace == namespace })
            else { continue }
            let clusterIP = "172.30.\(index / 250).\(index % 250)"
            let ports = (0..<random.pick([0, 1, 1, 2, 3])).map { T.port("p\($0)", random.pick([.tcp, .udp]), 80 + $0) }
            let service: Service
            switch random.int(6) {
            case 0: service = T.service(namespace, name, clusterIP: "None", ports: ports)
            case 1: service = T.service(namespace, name, clusterIP: "2001:db8::\(index)", ports: ports)
            case 2:
                service = T.service(namespace, name, clusterIP: "", ports: ports) {
                    $0.type = .externalName
                    $0.externalName = "db.example.com"
                }
            default:
                service = T.service(namespace, name, clusterIP: clusterIP, ports: ports)
                for port in ports {
                    expected.append(
                        (ServicePortName(namespace: namespace, name: name, port: port.name, protocol: port.protocol),
                         clusterIP, port.port))
                }
            }
            services.append(service)
        }
        let (graph, _) = try T.build(Manifests(services: random.shuffled(services), nodes: [T.node("test-node")]))
        expected.sort { $0.name < $1.name }
        #expect(graph.servicePorts.map(\.name) == expected.map(\.name), "seed \(seed)")
        #expect(graph.servicePorts.map(\.clusterIP) == expected.map { T.ip($0.clusterIP) }, "seed \(seed)")
        #expect(graph.servicePorts.map(\.port) == expected.map(\.port), "seed \(seed)")
        #expect(graph.services.count == services.count)
    }
}
