import Testing
@testable import KubeRules

/// kube-proxy's IPVS endpoint tests (`TestEndpointSliceE2E`, `TestTestInternalTrafficPolicyE2E`,
/// `Test_EndpointSlice{Only,}ReadyAndTerminating{Cluster,Local}`,
/// `TestLoadBalancerIngressRouteTypeProxy` in `pkg/proxy/ipvs/proxier_test.go`): which endpoints
/// become real servers, and the hairpin (`KUBE-LOOP-BACK`) entries.
@Suite("kube-proxy IPVS endpoint tests")
struct KubeProxyIPVSEndpointTests {
    let local = IPVSTestGraph.nodeName

    /// The service these tests share: 172.20.1.1, an unnamed port (port 0, targetPort 80).
    func service(_ endpoints: [IPVSTestEndpoint], externalLocal: Bool = false, internalLocal: Bool = false,
                 externalIPs: [String] = []) -> TestServicePort {
        TestServicePort(portName: "", clusterIP: "172.20.1.1", port: 0, externalIPs: externalIPs,
                        externalLocal: externalLocal, internalLocal: internalLocal, endpoints: endpoints)
    }

    func realServers(_ config: IPVSConfig, _ address: String) -> [String] {
        config.virtualServers.first { $0.address == IPAddress(address) }?.realServers.map(\.description) ?? ["(no virtual server)"]
    }

    func loopBack(_ config: IPVSConfig) -> [String] {
        config[set: .loopBack]?.entries.map(\.description) ?? []
    }

    @Test("TestEndpointSliceE2E: ready endpoints become real servers; the local one is a hairpin entry")
    func endpointSliceE2E() {
        let endpoints: [IPVSTestEndpoint] = [
            .init(ip: "10.0.1.1", node: local), .init(ip: "10.0.1.2", node: "node2"), .init(ip: "10.0.1.3", node: "node3"),
            .init(ip: "10.0.1.4", node: "node3", ready: false, serving: false),
        ]
        let config = IPVSTestGraph.compile([service(endpoints)])
        #expect(loopBack(config) == ["10.0.1.1,tcp:80,10.0.1.1"])
        #expect(config.virtualServers.count == 1)
        #expect(realServers(config, "172.20.1.1") == ["10.0.1.1:80", "10.0.1.2:80", "10.0.1.3:80"])
        // After the slice is deleted the virtual server stays, without real servers.
        let deleted = IPVSTestGraph.compile([service([])])
        #expect(loopBack(deleted).isEmpty)
        #expect(realServers(deleted, "172.20.1.1").isEmpty)
    }

    @Test(
        "TestTestInternalTrafficPolicyE2E",
        arguments: [
            (false, [IPVSTestGraph.nodeName, "node1", "node2"], 1, ["10.0.1.1:80", "10.0.1.2:80", "10.0.1.3:80"]),
            (false, ["node0", "node1", "node2"], 0, ["10.0.1.1:80", "10.0.1.2:80", "10.0.1.3:80"]),
            (true, [IPVSTestGraph.nodeName, "node1", "node2"], 1, ["10.0.1.1:80"]),
            (true, ["node0", "node1", "node2"], 0, []),
        ])
    func internalTrafficPolicy(internalLocal: Bool, nodes: [String], loopBackEntries: Int, expected: [String]) {
        let endpoints = nodes.enumerated().map { IPVSTestEndpoint(ip: "10.0.1.\($0.offset + 1)", node: $0.element) }
        let config = IPVSTestGraph.compile([service(endpoints, internalLocal: internalLocal)])
        #expect(loopBack(config).count == loopBackEntries)
        #expect(realServers(config, "172.20.1.1") == expected)
    }

    /// The five endpoints the ready/terminating tests use; conditions and nodes given per test
    /// (the "Only" tests put the fourth endpoint on another node).
    func mixed(_ conditions: [(ready: Bool, serving: Bool, terminating: Bool)], fourthLocal: Bool = true) -> [IPVSTestEndpoint] {
        let nodes = [local, local, local, fourthLocal ? local : "another-node", "another-node"]
        return conditions.enumerated().map { i, c in
            IPVSTestEndpoint(ip: "10.0.1.\(i + 1)", node: nodes[i], ready: c.ready, serving: c.serving, terminating: c.terminating)
        }
    }

    @Test("Test_EndpointSliceReadyAndTerminatingCluster: only ready endpoints are used")
    func readyAndTerminatingCluster() {
        let endpoints = mixed([(true, true, false), (true, true, false), (false, true, true), (false, false, true), (true, true, false)])
        let config = IPVSTestGraph.compile([service(endpoints, externalIPs: ["1.2.3.4"])])
        #expect(loopBack(config).count == 4)
        #expect(realServers(config, "172.20.1.1") == ["10.0.1.1:80", "10.0.1.2:80", "10.0.1.5:80"])
        #expect(realServers(config, "1.2.3.4") == ["10.0.1.1:80", "10.0.1.2:80", "10.0.1.5:80"])
    }

    @Test("Test_EndpointSliceReadyAndTerminatingLocal: external traffic uses local ready endpoints")
    func readyAndTerminatingLocal() {
        let endpoints = mixed([(true, true, false), (true, true, false), (false, true, true), (false, false, true), (true, true, false)])
        let config = IPVSTestGraph.compile([service(endpoints, externalLocal: true, externalIPs: ["1.2.3.4"])])
        #expect(loopBack(config).count == 4)
        #expect(realServers(config, "172.20.1.1") == ["10.0.1.1:80", "10.0.1.2:80", "10.0.1.5:80"])
        #expect(realServers(config, "1.2.3.4") == ["10.0.1.1:80", "10.0.1.2:80"])
    }

    @Test("Test_EndpointSliceOnlyReadyAndTerminatingCluster: falls back to serving terminating endpoints")
    func onlyReadyAndTerminatingCluster() {
        let endpoints = mixed(
            [(false, true, true), (false, true, true), (false, false, true), (false, true, true), (false, false, false)], fourthLocal: false)
        let config = IPVSTestGraph.compile([service(endpoints, externalIPs: ["1.2.3.4"])])
        #expect(loopBack(config).count == 3)
        #expect(realServers(config, "172.20.1.1") == ["10.0.1.1:80", "10.0.1.2:80", "10.0.1.4:80"])
        #expect(realServers(config, "1.2.3.4") == ["10.0.1.1:80", "10.0.1.2:80", "10.0.1.4:80"])
    }

    @Test("Test_EndpointSliceOnlyReadyAndTerminatingLocal: external traffic falls back to local terminating endpoints")
    func onlyReadyAndTerminatingLocal() {
        let endpoints = mixed(
            [(false, true, true), (false, true, true), (false, false, true), (false, true, true), (true, true, false)], fourthLocal: false)
        let config = IPVSTestGraph.compile([service(endpoints, externalLocal: true, externalIPs: ["1.2.3.4"])])
        #expect(loopBack(config).count == 3)
        #expect(realServers(config, "172.20.1.1") == ["10.0.1.5:80"])
        #expect(realServers(config, "1.2.3.4") == ["10.0.1.1:80", "10.0.1.2:80"])
    }

    @Test("TestLoadBalancerIngressRouteTypeProxy: an ipMode Proxy ingress gets no virtual server")
    func ingressIPModeProxy() {
        var port = TestServicePort(clusterIP: "10.20.30.41", nodePort: 3001, endpoints: [.init(ip: "10.180.0.1")])
        var graph = IPVSTestGraph.graph([port])
        graph.servicePorts[0].proxyModeIngressIPs = [IPAddress("1.2.3.4")!]
        #expect(IPVSCompiler(options: IPVSTestGraph.options).compile(graph).virtualServers.count == 1)
        port.loadBalancerIPs = ["1.2.3.5"]
        #expect(IPVSTestGraph.compile([port]).virtualServers.count == 2)
    }
}
