import Testing
@testable import KubeRules

/// kube-proxy's `TestNodePortIPv4`, `TestNodePortIPv6`, `TestIPv4Proxier` and `TestIPv6Proxier`
/// (`pkg/proxy/ipvs/proxier_test.go`, v1.31+), replayed case by case with the same inputs and
/// expected IPVS table, ipset entries and chain shapes. One mapping: kube-proxy's fake proxier
/// names IPv6 sets like IPv4 ones; a real IPv6 proxier (and kuberules) uses `KUBE-6-` names.
@Suite("kube-proxy IPVS node-port and proxier tests")
struct KubeProxyIPVSNodePortTests {
    typealias S = IPVSExpect.Server
    let svc = TestServicePort(clusterIP: "10.20.30.41", nodePort: 3001, endpoints: [.init(ip: "10.180.0.1"), .init(ip: "1002:ab8::2:10")])

    @Test("TestNodePortIPv4: 1 service with node port, has 2 endpoints")
    func nodePortTwoEndpoints() {
        let config = IPVSTestGraph.compile([svc], nodeIPs: ["100.101.102.103", "2001:db8::1:1"])
        IPVSExpect.table(config, [
            S(service: "10.20.30.41:80/TCP", realServers: ["10.180.0.1:80"]),
            S(service: "100.101.102.103:3001/TCP", realServers: ["10.180.0.1:80"]),
        ])
    }

    @Test("TestNodePortIPv4: 1 UDP service with node port, has endpoints")
    func nodePortUDP() {
        var udp = svc
        udp.proto = .udp
        var options = IPVSTestGraph.options
        options.nodePortAddresses = .cidrs([CIDR("0.0.0.0/0")!])
        let config = IPVSTestGraph.compile([udp], nodeIPs: ["100.101.102.103"], options: options)
        IPVSExpect.table(config, [
            S(service: "10.20.30.41:80/UDP", realServers: ["10.180.0.1:80"]),
            S(service: "100.101.102.103:3001/UDP", realServers: ["10.180.0.1:80"]),
        ])
        IPVSExpect.ipsets(config, ["KUBE-NODE-PORT-UDP": ["3001"]])
        IPVSExpect.chains(config, [
            "KUBE-NODE-PORT": [("KUBE-MARK-MASQ", "KUBE-NODE-PORT-UDP"), ("ACCEPT", "KUBE-HEALTH-CHECK-NODE-PORT")],
            "KUBE-SERVICES": [("RETURN", nil), ("KUBE-MARK-MASQ", "KUBE-CLUSTER-IP"), ("KUBE-NODE-PORT", nil), ("ACCEPT", "KUBE-CLUSTER-IP")],
        ])
    }

    @Test("TestNodePortIPv4: service has node port but no endpoints")
    func nodePortNoEndpoints() {
        var empty = svc
        empty.endpoints = []
        let config = IPVSTestGraph.compile([empty], nodeIPs: ["100.101.102.103"])
        IPVSExpect.table(config, [S(service: "10.20.30.41:80/TCP"), S(service: "100.101.102.103:3001/TCP")])
    }

    @Test("TestNodePortIPv4: node port service with protocol sctp on a node with multiple nodeIPs")
    func nodePortSCTPMultipleNodeIPs() {
        var sctp = svc
        sctp.proto = .sctp
        let nodeIPs = ["100.101.102.103", "100.101.102.104", "100.101.102.105", "2001:db8::1:1", "2001:db8::1:2", "2001:db8::1:3"]
        let config = IPVSTestGraph.compile([sctp], nodeIPs: nodeIPs)
        IPVSExpect.table(config, [
            S(service: "10.20.30.41:80/SCTP", realServers: ["10.180.0.1:80"]),
            S(service: "100.101.102.103:3001/SCTP", realServers: ["10.180.0.1:80"]),
            S(service: "100.101.102.104:3001/SCTP", realServers: ["10.180.0.1:80"]),
            S(service: "100.101.102.105:3001/SCTP", realServers: ["10.180.0.1:80"]),
        ])
        IPVSExpect.ipsets(config, [
            "KUBE-NODE-PORT-SCTP-HASH": ["100.101.102.103,sctp:3001", "100.101.102.104,sctp:3001", "100.101.102.105,sctp:3001"],
        ])
    }

    @Test("TestNodePortIPv4: node port service with protocol sctp and externalTrafficPolicy local")
    func nodePortSCTPLocal() {
        var sctp = svc
        sctp.proto = .sctp
        sctp.externalLocal = true
        sctp.endpoints = [.init(ip: "10.180.0.1", node: IPVSTestGraph.nodeName), .init(ip: "10.180.1.1", node: "other-node")]
        let config = IPVSTestGraph.compile([sctp], nodeIPs: ["100.101.102.103"])
        IPVSExpect.table(config, [
            S(service: "10.20.30.41:80/SCTP", realServers: ["10.180.0.1:80", "10.180.1.1:80"]),
            S(service: "100.101.102.103:3001/SCTP", realServers: ["10.180.0.1:80"]),
        ])
        IPVSExpect.ipsets(config, [
            "KUBE-NODE-PORT-SCTP-HASH": ["100.101.102.103,sctp:3001"],
            "KUBE-NODE-PORT-LOCAL-SCTP-HASH": ["100.101.102.103,sctp:3001"],
        ])
        IPVSExpect.chains(config, [
            "KUBE-NODE-PORT": [
                ("RETURN", "KUBE-NODE-PORT-LOCAL-SCTP-HASH"), ("KUBE-MARK-MASQ", "KUBE-NODE-PORT-SCTP-HASH"),
                ("ACCEPT", "KUBE-HEALTH-CHECK-NODE-PORT"),
            ],
        ])
    }

    @Test("TestNodePortIPv6: 1 service with node port, has 2 endpoints")
    func nodePortIPv6() {
        var v6 = svc
        v6.clusterIP = "2020::1"
        let config = IPVSTestGraph.compile([v6], nodeIPs: ["100.101.102.103", "2001:db8::1:1"], family: .ipv6)
        IPVSExpect.table(config, [
            S(service: "2001:db8::1:1:3001/TCP", realServers: ["1002:ab8::2:10:80"]),
            S(service: "2020::1:80/TCP", realServers: ["1002:ab8::2:10:80"]),
        ])
    }

    @Test("TestNodePortIPv6: 1 UDP service with node port, has endpoints (no action on IPv6 Proxier)")
    func nodePortIPv4ServiceOnIPv6() {
        var udp = svc
        udp.proto = .udp
        udp.endpoints = [.init(ip: "10.180.0.1")]
        let config = IPVSTestGraph.compile([udp], nodeIPs: ["100.101.102.103"], family: .ipv6)
        IPVSExpect.table(config, [])
    }

    @Test("TestNodePortIPv6: service has node port but no endpoints")
    func nodePortIPv6NoEndpoints() {
        var v6 = svc
        v6.clusterIP = "2020::1"
        v6.endpoints = []
        let config = IPVSTestGraph.compile([v6], nodeIPs: ["100.101.102.103", "2001:db8::1:1"], family: .ipv6)
        IPVSExpect.table(config, [S(service: "2001:db8::1:1:3001/TCP"), S(service: "2020::1:80/TCP")])
    }

    @Test("TestNodePortIPv6: node port service with protocol sctp on a node with multiple nodeIPs")
    func nodePortIPv6SCTP() {
        var v6 = svc
        v6.clusterIP = "2020::1"
        v6.proto = .sctp
        v6.endpoints = [.init(ip: "2001::1")]
        let config = IPVSTestGraph.compile([v6], nodeIPs: ["2001:db8::1:1", "2001:db8::1:2"], family: .ipv6)
        IPVSExpect.table(config, [
            S(service: "2001:db8::1:1:3001/SCTP", realServers: ["2001::1:80"]),
            S(service: "2001:db8::1:2:3001/SCTP", realServers: ["2001::1:80"]),
            S(service: "2020::1:80/SCTP", realServers: ["2001::1:80"]),
        ])
        IPVSExpect.ipsets(config, ["KUBE-6-NODE-PORT-SCTP-HASH": ["2001:db8::1:1,sctp:3001", "2001:db8::1:2,sctp:3001"]])
    }

    let twoServices = [
        TestServicePort(clusterIP: "10.20.30.41", endpoints: [.init(ip: "10.180.0.1")]),
        TestServicePort(namespace: "ns2", name: "svc2", portName: "p8080", clusterIP: "1002:ab8::2:1", port: 8080,
                        endpoints: [.init(ip: "1009:ab8::5:6", port: 8080)]),
    ]

    @Test("TestIPv4Proxier: 2 services with Cluster IP, each with endpoints")
    func ipv4Proxier() {
        IPVSExpect.table(IPVSTestGraph.compile(twoServices), [S(service: "10.20.30.41:80/TCP", realServers: ["10.180.0.1:80"])])
        IPVSExpect.table(IPVSTestGraph.compile([TestServicePort(clusterIP: "10.20.30.41")]), [S(service: "10.20.30.41:80/TCP")])
    }

    @Test("TestIPv6Proxier: 2 services with Cluster IP, each with endpoints")
    func ipv6Proxier() {
        IPVSExpect.table(
            IPVSTestGraph.compile(twoServices, family: .ipv6),
            [S(service: "1002:ab8::2:1:8080/TCP", realServers: ["1009:ab8::5:6:8080"])])
        IPVSExpect.table(
            IPVSTestGraph.compile([TestServicePort(clusterIP: "2001::1")], family: .ipv6), [S(service: "2001::1:80/TCP")])
    }
}
