import Testing

@testable import KubeRules

/// The example cluster's graph, checked by meaning (the golden checks it byte for byte): each
/// row of `fixtures/example/README.md` holds for node-1, and locality flips for node-2.
@Suite struct ExampleFixtureTests {
    static func example() throws -> FixtureCase {
        try #require(FixtureCase.all().first { $0.name == "example" })
    }

    func port(_ graph: ServiceGraph, _ name: String) throws -> ServicePortInfo {
        try #require(graph.servicePorts.first { $0.name.description == name }, "no service port \(name)")
    }

    @Test func nodeOneView() throws {
        let graph = try Self.example().graph()
        #expect(graph.node.name == "node-1")
        #expect(graph.node.addresses == [T.ip("192.168.0.2")])
        #expect(graph.node.zone == "zone-a")

        let backend = try port(graph, "default/backend-api")
        #expect((backend.port, backend.targetPort) == (80, .int(8080)))
        #expect(T.addresses(backend.clusterEndpoints) == ["10.180.0.10:8080", "10.180.1.10:8080"])
        #expect(backend.endpoints.contains { $0.description == "10.180.1.11:8080" && !$0.ready })

        let web = try port(graph, "default/web-app:http")
        #expect(web.nodePort == 30080 && !web.externalPolicyLocal)
        // The terminating endpoint is known but not used while ready ones exist.
        #expect(web.endpoints.contains { $0.description == "10.180.0.21:8080" && $0.terminating && $0.serving })
        #expect(!web.clusterEndpoints.contains { $0.terminating })

        let frontend = try port(graph, "default/frontend:https")
        #expect(frontend.loadBalancerVIPs == [T.ip("1.2.3.4")])
        #expect(frontend.loadBalancerSourceRanges == [T.cidr("203.0.113.0/25")])
        #expect(frontend.externalPolicyLocal && frontend.healthCheckNodePort == 32000)
        #expect(frontend.localEndpoints.isEmpty && frontend.hasAnyEndpoints)

        let pending = try port(graph, "default/my-service:web")
        #expect(pending.loadBalancerVIPs.isEmpty && pending.nodePort == 31080)
        #expect(pending.targetPort == .string("http"))
        #expect(pending.endpoints.allSatisfy { $0.port == 8080 })

        #expect(try port(graph, "default/stateful-app").stickyMaxAgeSeconds == 10800)
        #expect(try port(graph, "default/signaling:diameter").protocol == .sctp)
        #expect(try port(graph, "kube-system/kube-dns:dns").protocol == .udp)
        let reports = try port(graph, "default/reports")
        #expect(reports.endpoints.isEmpty && !reports.hasAnyEndpoints)
        #expect(T.addresses(try port(graph, "default/external-database").clusterEndpoints) == ["198.51.100.10:3306"])

        let skipped = Dictionary(uniqueKeysWithValues: graph.services.compactMap { s in
            s.notProxiedReason.map { ("\(s.service.metadata.namespace)/\(s.service.metadata.name)", $0) }
        })
        #expect(skipped == ["default/mysql": .headless, "default/external-api": .externalName])
        let mysql = try #require(graph.services.first { $0.service.metadata.name == "mysql" })
        #expect(mysql.endpointsByPort["mysql"]?.compactMap(\.hostname) == ["mysql-0", "mysql-1"])
        // 13 Services; mysql and external-api are not proxied; kube-dns has 3 ports.
        #expect(graph.services.count == 13)
        #expect(graph.servicePorts.count == 13)
    }

    @Test func nodeTwoView() throws {
        let fixture = try Self.example()
        var options = try fixture.load().0
        options.hostname = "node-2"
        let graph = try ServiceGraphBuilder(options: options).build(try fixture.load().1)
        #expect(graph.node.addresses == [T.ip("192.168.1.2")])
        let frontend = try port(graph, "default/frontend:https")
        #expect(T.addresses(frontend.localEndpoints) == ["10.180.1.40:8443"])
        let backend = try port(graph, "default/backend-api")
        #expect(backend.endpoints.filter(\.isLocal).map(\.description) == ["10.180.1.10:8080", "10.180.1.11:8080"])
    }
}
