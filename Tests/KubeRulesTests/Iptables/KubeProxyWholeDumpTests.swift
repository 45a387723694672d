import Foundation
import Testing

@testable import KubeRules

/// kube-proxy's whole-dump tests (`pkg/proxy/iptables/proxier_test.go`), with the same inputs
/// built in Swift and kube-proxy's expected text in `fixtures/kube-proxy-<Test>/expected.iptables`.
@Suite struct KubeProxyWholeDumpTests {
    static func expected(_ test: String) -> URL {
        Golden.fixtures.appendingPathComponent("kube-proxy-\(test)/expected.iptables")
    }

    static func check(_ services: [KPService], against test: String, family: IPFamily = .ipv4) throws {
        let graph = KubeProxyTestCluster.graph(services, family: family)
        let ruleset = IptablesCompiler(options: KubeProxyTestCluster.options(family: family)).compile(graph)
        Golden.assertMatches(IptablesNormalizer.normalizedText(ruleset), file: expected(test))
        #expect(IptablesConsistencyCheck.problems(ruleset) == [])
    }

    @Test func overallIPTablesRules() throws {
        try Self.check(
            [
                KPService(namespace: "ns1", name: "svc1", clusterIP: "172.30.0.41",
                            endpoints: [KPEndpoint(ip: "10.180.0.1")]),
                KPService(namespace: "ns2", name: "svc2", clusterIP: "172.30.0.42", type: .loadBalancer,
                            nodePort: 3001, externalIPs: ["192.168.99.22"], loadBalancerIPs: ["1.2.3.4"],
                            healthCheckNodePort: 30000, externalPolicyLocal: true,
                            endpoints: [KPEndpoint(ip: "10.180.0.2")]),
                KPService(namespace: "ns3", name: "svc3", clusterIP: "172.30.0.43", type: .nodePort,
                            nodePort: 3003, endpoints: [KPEndpoint(ip: "10.180.0.3")]),
                KPService(namespace: "ns4", name: "svc4", clusterIP: "172.30.0.44", type: .nodePort,
                            externalIPs: ["192.168.99.33"],
                            endpoints: [KPEndpoint(ip: "10.180.0.4"),
                                        KPEndpoint(ip: "10.180.0.5", node: KubeProxyTestCluster.nodeName)]),
                KPService(namespace: "ns5", name: "svc5", clusterIP: "172.30.0.45", type: .loadBalancer,
                            nodePort: 3002, loadBalancerIPs: ["5.6.7.8"], sourceRanges: ["203.0.113.0/25"],
                            healthCheckNodePort: 30000, affinitySeconds: 10800,
                            endpoints: [KPEndpoint(ip: "10.180.0.3")]),
                KPService(namespace: "ns6", name: "svc6", clusterIP: "172.30.0.46"),
            ], against: "TestOverallIPTablesRules")
    }

    @Test func badIPs() throws {
        // kube-proxy's input spells the addresses sloppily (172.30.0.041, 1.2.3.004, …); parsing
        // them canonical is the manifest reader's job, so here they arrive canonical.
        try Self.check(
            [
                KPService(namespace: "ns1", name: "svc1", clusterIP: "172.30.0.41", type: .loadBalancer,
                            nodePort: 3001, externalIPs: ["192.168.99.22"], loadBalancerIPs: ["1.2.3.4"],
                            sourceRanges: ["203.0.113.0/25"], endpoints: [KPEndpoint(ip: "10.180.0.1")]),
            ], against: "TestBadIPs")
    }

    /// The first (full) sync of `TestSyncProxyRulesRepeated`; the later partial syncs write only
    /// changed services, which a one-shot renderer never does.
    @Test func syncProxyRulesRepeated() throws {
        try Self.check(
            [
                KPService(namespace: "ns1", name: "svc1", clusterIP: "172.30.0.41",
                            endpoints: [KPEndpoint(ip: "10.0.1.1")]),
                KPService(namespace: "ns2", name: "svc2", portName: "p8080", clusterIP: "172.30.0.42", port: 8080,
                            endpoints: [KPEndpoint(ip: "10.0.2.1")]),
            ], against: "TestSyncProxyRulesRepeated")
    }
}
