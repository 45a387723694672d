import Testing
@testable import KubeRules

/// `syncProxyRules` decisions of the IPVS compiler that kube-proxy's own tests leave implicit.
@Suite("IPVS compiler")
struct IPVSCompilerTests {
    let local = IPVSTestGraph.nodeName

    func reals(_ config: IPVSConfig, _ address: String, _ port: Int) -> [String] {
        config.virtualServers.first { $0.address == IPAddress(address) && $0.port == port }?.realServers.map(\.description) ?? ["(none)"]
    }

    @Test("ETP Local without local endpoints falls back to the cluster endpoints (syncEndpoint, kubernetes#97081)")
    func externalLocalFallback() {
        let config = IPVSTestGraph.compile(
            [TestServicePort(clusterIP: "172.30.0.41", nodePort: 30080, externalLocal: true, endpoints: [.init(ip: "10.180.1.1", node: "node-2")])],
            nodeIPs: ["192.168.0.2"])
        #expect(reals(config, "192.168.0.2", 30080) == ["10.180.1.1:80"])
        #expect(config[set: .nodePortLocalTCP]?.entries.map(\.description) == ["30080"])
    }

    @Test("ITP Local without local endpoints: no real servers (the port never uses cluster endpoints)")
    func internalLocalEmpty() {
        let config = IPVSTestGraph.compile([TestServicePort(clusterIP: "172.30.0.41", internalLocal: true, endpoints: [.init(ip: "10.180.1.1", node: "node-2")])])
        #expect(reals(config, "172.30.0.41", 80) == [])
    }

    @Test("external and LB IPs that are node addresses are not bound to kube-ipvs0")
    func binding() {
        let config = IPVSTestGraph.compile(
            [TestServicePort(clusterIP: "172.30.0.41", externalIPs: ["192.168.0.2", "192.168.99.11"], loadBalancerIPs: ["192.168.0.2", "1.2.3.4"])],
            nodeIPs: ["192.168.0.2"])
        #expect(config[set: .ipvsAddresses]?.entries.map(\.description) == ["1.2.3.4", "172.30.0.41", "192.168.99.11"])
        #expect(config.virtualServers.filter { !$0.boundToDummyDevice }.map(\.address.description) == ["192.168.0.2"])
    }

    @Test("no node address: node ports and the health-check port are skipped, as kube-proxy's `continue` does")
    func noNodeAddress() {
        let port = TestServicePort(clusterIP: "172.30.0.41", nodePort: 30080, loadBalancerIPs: ["1.2.3.4"], externalLocal: true, healthCheckNodePort: 32000)
        let without = IPVSTestGraph.compile([port])
        #expect(without.virtualServers.map(\.kind) == [.clusterIP, .loadBalancer])
        #expect(without[set: .healthCheckNodePort]?.isEmpty == true && without[set: .nodePortTCP]?.isEmpty == true)
        let with = IPVSTestGraph.compile([port], nodeIPs: ["192.168.0.2"])
        #expect(with[set: .healthCheckNodePort]?.entries.map(\.description) == ["32000"])
    }

    @Test("loopback and IPv6 link-local node addresses get no node port; the primary still decides source ranges")
    func nodeAddressFiltering() {
        let config = IPVSTestGraph.compile(
            [TestServicePort(clusterIP: "fd00:30::41", nodePort: 30080)], nodeIPs: ["fe80::1", "::1", "2001:db8::1"], family: .ipv6)
        #expect(config.virtualServers.filter { $0.kind == .nodePort }.map(\.address.description) == ["2001:db8::1"])
    }

    @Test("two service ports claiming one virtual server: the last in service-port order is kept and reported")
    func conflict() {
        let config = IPVSTestGraph.compile([
            TestServicePort(name: "a", clusterIP: "172.30.0.41", externalIPs: ["192.168.99.11"], endpoints: [.init(ip: "10.180.0.1")]),
            TestServicePort(name: "b", clusterIP: "172.30.0.42", externalIPs: ["192.168.99.11"], endpoints: [.init(ip: "10.180.0.2")]),
        ])
        #expect(reals(config, "192.168.99.11", 80) == ["10.180.0.2:80"])
        #expect(config.conflicts.map { "\($0.dropped) -> \($0.kept)" } == ["ns1/a:p80 -> ns1/b:p80"])
    }

    @Test("the mh scheduler sets the source-hash flag; affinity sets persistence", arguments: ["rr", "mh"])
    func schedulerFlags(scheduler: String) {
        var options = IPVSTestGraph.options
        options.ipvsScheduler = scheduler
        let server = IPVSTestGraph.compile([TestServicePort(clusterIP: "172.30.0.41", sticky: 600)], options: options).virtualServers[0]
        #expect(server.scheduler == scheduler && server.timeout == 600)
        #expect(server.flags == (scheduler == "mh" ? [.persistent, .sourceHash] : [.persistent]))
    }
}

@Suite("IPVS pipeline stage")
struct IPVSPipelineTests {
    @Test("Pipeline.ipvs warns about virtual-server clashes")
    func clashWarning() {
        let graph = IPVSTestGraph.graph([
            TestServicePort(name: "a", clusterIP: "172.30.0.41", externalIPs: ["192.168.99.11"]),
            TestServicePort(name: "b", clusterIP: "172.30.0.42", externalIPs: ["192.168.99.11"]),
        ])
        var diagnostics = DiagnosticCollector()
        _ = Pipeline.ipvs(graph, options: IPVSTestGraph.options, diagnostics: &diagnostics)
        #expect(diagnostics.diagnostics.map(\.headline) == [
            "warning: ns1/a:p80 and ns1/b:p80 both claim IPVS virtual server 192.168.99.11:80/TCP; ns1/b:p80 is kept (kube-proxy picks one at random)",
        ])
    }
}
