import Testing
@testable import KubeRules

/// `ipset restore` text and kube-proxy's set names and entry formats (`Entry.String()`).
@Suite("ipset restore text")
struct IPSetRendererTests {
    @Test("entry formats", arguments: [
        (IPSetEntry.ip(IPAddress("172.30.0.41")!), "172.30.0.41"),
        (.ipPort(IPAddress("192.168.1.1")!, .udp, 53), "192.168.1.1,udp:53"),
        (.ipPortIP(IPAddress("10.180.0.1")!, .tcp, 80, IPAddress("10.180.0.1")!), "10.180.0.1,tcp:80,10.180.0.1"),
        (.ipPortNet(IPAddress("1.2.3.4")!, .tcp, 80, CIDR("203.0.113.7/25")!), "1.2.3.4,tcp:80,203.0.113.0/25"),
        (.ipPort(IPAddress("2001:db8::1")!, .sctp, 30001), "2001:db8::1,sctp:30001"),
        (.port(30000), "30000"),
    ])
    func entries(entry: IPSetEntry, text: String) {
        #expect(entry.description == text)
    }

    @Test("create lines: hash types with family and sizes, bitmap:port with its range")
    func createLines() {
        let text = IPSetRenderer.render([
            IPSet(name: "KUBE-CLUSTER-IP", type: .hashIPPort, family: .ipv4, comment: "c",
                  entries: [.ipPort(IPAddress("172.30.0.41")!, .tcp, 80)]),
            IPSet(name: "KUBE-NODE-PORT-TCP", type: .bitmapPort, family: .ipv4, comment: "c", entries: [.port(30001)]),
            IPSet(name: "KUBE-6-IPVS-IPS", type: .hashIP, family: .ipv6, comment: "c"),
        ])
        #expect(text == """
            create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536
            add KUBE-CLUSTER-IP 172.30.0.41,tcp:80
            create KUBE-NODE-PORT-TCP bitmap:port range 0-65535
            add KUBE-NODE-PORT-TCP 30001
            create KUBE-6-IPVS-IPS hash:ip family inet6 hashsize 1024 maxelem 65536

            """)
    }

    @Test("IPv6 names take the KUBE-6- prefix and are cut to ipset's 31 bytes")
    func ipv6Names() {
        #expect(KubeIPSet.loadBalancerSourceCIDR.name(for: .ipv6) == "KUBE-6-LOAD-BALANCER-SOURCE-CID")
        #expect(KubeIPSet.nodePortLocalSCTP.name(for: .ipv6) == "KUBE-6-NODE-PORT-LOCAL-SCTP-HAS")
        #expect(KubeIPSet.clusterIP.name(for: .ipv6) == "KUBE-6-CLUSTER-IP")
        #expect(KubeIPSet.clusterIP.name(for: .ipv4) == "KUBE-CLUSTER-IP")
        #expect(KubeIPSet.allCases.allSatisfy { $0.name(for: .ipv6).utf8.count <= 31 })
    }

    @Test("every set is written, in kube-proxy's ipsetInfo order, entries sorted by text")
    func allSetsSorted() {
        let config = IPVSTestGraph.compile([
            TestServicePort(clusterIP: "172.30.0.41", port: 80), TestServicePort(name: "svc2", clusterIP: "172.30.0.5", port: 8080),
        ])
        #expect(config.ipsets.map(\.name) == KubeIPSet.allCases.map(\.rawValue))
        #expect(config[set: .clusterIP]?.entries.map(\.description) == ["172.30.0.41,tcp:80", "172.30.0.5,tcp:8080"])
    }
}
