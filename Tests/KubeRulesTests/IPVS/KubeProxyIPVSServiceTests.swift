import Testing
@testable import KubeRules

/// kube-proxy's IPVS tests for external IPs, load balancers, health-check ports, affinity and the
/// fixed iptables skeleton (`pkg/proxy/ipvs/proxier_test.go`), replayed with the same inputs.
/// Where a test's input never reaches the proxier as written (an EndpointSlice port of another
/// protocol, or of another service), the graph simply has no endpoints for the port, which is
/// what kube-proxy's endpoint tracking hands the proxier.
@Suite("kube-proxy IPVS service tests")
struct KubeProxyIPVSServiceTests {
    typealias S = IPVSExpect.Server
    let local = IPVSTestGraph.nodeName
    let lbChains: [String: [(jump: String, set: String?)]] = [
        "KUBE-SERVICES": [
            ("RETURN", nil), ("KUBE-LOAD-BALANCER", "KUBE-LOAD-BALANCER"), ("KUBE-MARK-MASQ", "KUBE-CLUSTER-IP"),
            ("KUBE-NODE-PORT", nil), ("ACCEPT", "KUBE-CLUSTER-IP"), ("ACCEPT", "KUBE-LOAD-BALANCER"),
        ],
    ]

    @Test("TestExternalIPsNoEndpoint")
    func externalIPsNoEndpoint() {
        let config = IPVSTestGraph.compile([TestServicePort(clusterIP: "10.20.30.41", externalIPs: ["50.60.70.81"])])
        IPVSExpect.table(config, [S(service: "10.20.30.41:80/TCP"), S(service: "50.60.70.81:80/TCP")])
    }

    @Test("TestExternalIPs: IPv4 external IPs of the three get virtual servers")
    func externalIPs() {
        let config = IPVSTestGraph.compile([
            TestServicePort(clusterIP: "10.20.30.41", externalIPs: ["50.60.70.81", "2012::51", "127.0.0.1"]),
        ])
        IPVSExpect.table(config, [S(service: "10.20.30.41:80/TCP"), S(service: "50.60.70.81:80/TCP"), S(service: "127.0.0.1:80/TCP")])
    }

    @Test("TestOnlyLocalExternalIPs: external IPs use the local endpoint only")
    func onlyLocalExternalIPs() {
        let config = IPVSTestGraph.compile([
            TestServicePort(
                clusterIP: "10.20.30.41", externalIPs: ["50.60.70.81", "2012::51", "127.0.0.1"], externalLocal: true,
                endpoints: [.init(ip: "10.180.0.1", node: local), .init(ip: "10.180.1.1", node: "other-node")]),
        ])
        IPVSExpect.table(config, [
            S(service: "10.20.30.41:80/TCP", realServers: ["10.180.0.1:80", "10.180.1.1:80"]),
            S(service: "50.60.70.81:80/TCP", realServers: ["10.180.0.1:80"]),
            S(service: "127.0.0.1:80/TCP", realServers: ["10.180.0.1:80"]),
        ])
    }

    @Test("TestLoadBalancer")
    func loadBalancer() {
        let config = IPVSTestGraph.compile([TestServicePort(clusterIP: "10.20.30.41", nodePort: 3001, loadBalancerIPs: ["1.2.3.4"])])
        IPVSExpect.table(config, [S(service: "10.20.30.41:80/TCP"), S(service: "1.2.3.4:80/TCP")])
        IPVSExpect.ipsets(config, ["KUBE-LOAD-BALANCER": ["1.2.3.4,tcp:80"]])
        IPVSExpect.chains(config, lbChains.merging(["KUBE-LOAD-BALANCER": [("KUBE-MARK-MASQ", nil)]]) { a, _ in a })
    }

    @Test("TestOnlyLocalNodePorts")
    func onlyLocalNodePorts() {
        var options = IPVSTestGraph.options
        options.nodePortAddresses = .cidrs([CIDR("100.101.102.0/24")!])
        let config = IPVSTestGraph.compile([
            TestServicePort(
                clusterIP: "10.20.30.41", nodePort: 3001, externalLocal: true,
                endpoints: [.init(ip: "10.180.0.1", node: local), .init(ip: "10.180.1.1", node: "other-node")]),
        ], nodeIPs: ["100.101.102.103", "2001:db8::"], options: options)
        IPVSExpect.table(config, [
            S(service: "10.20.30.41:80/TCP", realServers: ["10.180.0.1:80", "10.180.1.1:80"]),
            S(service: "100.101.102.103:3001/TCP", realServers: ["10.180.0.1:80"]),
        ])
        IPVSExpect.ipsets(config, ["KUBE-NODE-PORT-TCP": ["3001"], "KUBE-NODE-PORT-LOCAL-TCP": ["3001"]])
        IPVSExpect.chains(config, [
            "KUBE-SERVICES": [("RETURN", nil), ("KUBE-MARK-MASQ", "KUBE-CLUSTER-IP"), ("KUBE-NODE-PORT", nil), ("ACCEPT", "KUBE-CLUSTER-IP")],
            "KUBE-NODE-PORT": [
                ("RETURN", "KUBE-NODE-PORT-LOCAL-TCP"), ("KUBE-MARK-MASQ", "KUBE-NODE-PORT-TCP"), ("ACCEPT", "KUBE-HEALTH-CHECK-NODE-PORT"),
            ],
        ])
    }

    @Test("TestHealthCheckNodePort: only ETP Local load balancers' ports (the graph gives the Cluster one none)")
    func healthCheckNodePort() {
        var options = IPVSTestGraph.options
        options.nodePortAddresses = .cidrs([CIDR("100.101.102.0/24")!])
        func lb(_ name: String, hc: Int, local: Bool) -> TestServicePort {
            TestServicePort(name: name, clusterIP: "10.20.30.41", nodePort: 3000, externalLocal: local, healthCheckNodePort: hc)
        }
        let config = IPVSTestGraph.compile(
            [lb("valid-svc1", hc: 30000, local: true), lb("valid-svc2", hc: 30001, local: true), lb("invalid-svc3", hc: 0, local: false)],
            nodeIPs: ["100.101.102.103", "2001:db8::"], options: options)
        IPVSExpect.ipsets(config, ["KUBE-HEALTH-CHECK-NODE-PORT": ["30000", "30001"]])
        IPVSExpect.chains(config, [
            "KUBE-NODE-PORT": [
                ("RETURN", "KUBE-NODE-PORT-LOCAL-TCP"), ("KUBE-MARK-MASQ", "KUBE-NODE-PORT-TCP"), ("ACCEPT", "KUBE-HEALTH-CHECK-NODE-PORT"),
            ],
        ])
    }

    @Test("TestLoadBalancerSourceRanges")
    func loadBalancerSourceRanges() {
        let config = IPVSTestGraph.compile([
            TestServicePort(clusterIP: "10.20.30.41", loadBalancerIPs: ["1.2.3.4"], sourceRanges: ["10.0.0.0/8"], endpoints: [.init(ip: "10.180.0.1")]),
        ])
        IPVSExpect.table(config, [
            S(service: "10.20.30.41:80/TCP", realServers: ["10.180.0.1:80"]), S(service: "1.2.3.4:80/TCP", realServers: ["10.180.0.1:80"]),
        ])
        IPVSExpect.ipsets(config, [
            "KUBE-LOAD-BALANCER": ["1.2.3.4,tcp:80"], "KUBE-LOAD-BALANCER-FW": ["1.2.3.4,tcp:80"],
            "KUBE-LOAD-BALANCER-SOURCE-CIDR": ["1.2.3.4,tcp:80,10.0.0.0/8"],
        ])
        IPVSExpect.chains(config, lbChains.merging([
            "KUBE-PROXY-FIREWALL": [("KUBE-SOURCE-RANGES-FIREWALL", "KUBE-LOAD-BALANCER-FW")],
            "KUBE-SOURCE-RANGES-FIREWALL": [("RETURN", "KUBE-LOAD-BALANCER-SOURCE-CIDR"), ("DROP", nil)],
        ]) { a, _ in a })
    }

    @Test("TestAcceptIPVSTraffic")
    func acceptIPVSTraffic() {
        let config = IPVSTestGraph.compile([
            TestServicePort(name: "svc1", clusterIP: "10.20.30.40", nodePort: 80, externalIPs: ["5.6.7.8"]),
            TestServicePort(name: "svc2", clusterIP: "10.20.30.41", nodePort: 80, loadBalancerIPs: ["1.2.3.4"]),
            TestServicePort(name: "svc3", clusterIP: "10.20.30.42", nodePort: 80),
        ])
        IPVSExpect.chains(config, [
            "KUBE-SERVICES": [
                ("RETURN", nil), ("KUBE-LOAD-BALANCER", "KUBE-LOAD-BALANCER"), ("KUBE-MARK-MASQ", "KUBE-CLUSTER-IP"),
                ("KUBE-MARK-MASQ", "KUBE-EXTERNAL-IP"), ("ACCEPT", "KUBE-EXTERNAL-IP"), ("ACCEPT", "KUBE-EXTERNAL-IP"),
                ("KUBE-NODE-PORT", nil), ("ACCEPT", "KUBE-CLUSTER-IP"), ("ACCEPT", "KUBE-LOAD-BALANCER"),
            ],
        ])
    }

    @Test("TestOnlyLocalLoadBalancing")
    func onlyLocalLoadBalancing() {
        let config = IPVSTestGraph.compile([
            TestServicePort(
                clusterIP: "10.20.30.41", nodePort: 3001, loadBalancerIPs: ["1.2.3.4"], externalLocal: true,
                endpoints: [.init(ip: "10.180.0.1", node: local), .init(ip: "10.180.1.1", node: "other-node")]),
        ])
        IPVSExpect.table(config, [
            S(service: "10.20.30.41:80/TCP", realServers: ["10.180.0.1:80", "10.180.1.1:80"]),
            S(service: "1.2.3.4:80/TCP", realServers: ["10.180.0.1:80"]),
        ])
        IPVSExpect.ipsets(config, ["KUBE-LOAD-BALANCER": ["1.2.3.4,tcp:80"], "KUBE-LOAD-BALANCER-LOCAL": ["1.2.3.4,tcp:80"]])
        IPVSExpect.chains(config, lbChains.merging([
            "KUBE-LOAD-BALANCER": [("RETURN", "KUBE-LOAD-BALANCER-LOCAL"), ("KUBE-MARK-MASQ", nil)],
        ]) { a, _ in a })
    }

    @Test("TestSessionAffinity: every virtual server persists for the ClientIP timeout")
    func sessionAffinity() {
        let config = IPVSTestGraph.compile(
            [TestServicePort(clusterIP: "10.20.30.41", nodePort: 3001, externalIPs: ["50.60.70.81"], sticky: 10800)],
            nodeIPs: ["100.101.102.103"])
        IPVSExpect.table(config, [
            S(service: "10.20.30.41:80/TCP", timeout: 10800), S(service: "50.60.70.81:80/TCP", timeout: 10800),
            S(service: "100.101.102.103:3001/TCP", timeout: 10800),
        ])
    }

    @Test("TestMasqueradeRule: --random-fully follows the option", arguments: [false, true])
    func masqueradeRule(randomFully: Bool) {
        var options = IPVSTestGraph.options
        options.randomFully = randomFully
        let chain = IPVSTestGraph.compile([], options: options).iptables[table: .nat]?[chain: "KUBE-POSTROUTING"]
        #expect(chain?.rules.contains { $0.target == .masquerade(randomFully: randomFully) && $0.comment != nil } == true)
    }

    @Test("TestDismissLocalhostRuleExist", arguments: [(IPFamily.ipv4, "127.0.0.0/8"), (.ipv6, "::1/128")])
    func dismissLocalhost(family: IPFamily, source: String) {
        let first = IPVSTestGraph.compile([], family: family).iptables[table: .nat]?[chain: "KUBE-SERVICES"]?.rules.first
        #expect(first == Rule([.source(.prefix(CIDR(source)!))], .return))
    }

    @Test("TestCreateAndLinkKubeChain: kube-proxy's chains in declaration order")
    func createAndLinkKubeChain() {
        let ruleset = IPVSTestGraph.compile([]).iptables
        #expect(ruleset.tables.map(\.name) == [.nat, .filter])
        #expect(ruleset[table: .nat]?.chains.map(\.name) == ["KUBE-SERVICES", "KUBE-POSTROUTING", "KUBE-NODE-PORT", "KUBE-LOAD-BALANCER", "KUBE-MARK-MASQ"])
        #expect(ruleset[table: .filter]?.chains.map(\.name) == [
            "KUBE-FORWARD", "KUBE-NODE-PORT", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL", "KUBE-IPVS-FILTER", "KUBE-IPVS-OUT-FILTER",
        ])
    }

    @Test("TestMultiPortServiceBindAddr: one KUBE-IPVS-IPS entry per bound address")
    func multiPortBindAddr() {
        let config = IPVSTestGraph.compile([
            TestServicePort(portName: "port1", clusterIP: "172.16.55.4", port: 1234),
            TestServicePort(portName: "port2", clusterIP: "172.16.55.4", port: 1235),
            TestServicePort(portName: "port3", proto: .udp, clusterIP: "172.16.55.4", port: 1236),
        ])
        IPVSExpect.ipsets(config, ["KUBE-IPVS-IPS": ["172.16.55.4"]])
    }
}
