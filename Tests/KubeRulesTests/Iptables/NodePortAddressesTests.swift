import Testing

@testable import KubeRules

/// kube-proxy's `pkg/proxy/util/nodeport_addresses_test.go` cases, with the host's addresses
/// being the node's addresses plus loopback.
@Suite struct NodePortAddressesTests {
    static func setting(_ cidrs: [String]) -> ProxyOptions.NodePortAddresses {
        cidrs.isEmpty ? .all : .cidrs(cidrs.map { CIDR($0)! })
    }

    @Test(arguments: [
        ("empty", [String](), true),
        ("all zeros ipv4", ["224.0.0.0/24", "192.168.0.0/16", "fd00:1:d::/64", "0.0.0.0/0"], true),
        ("all zeros ipv6", ["224.0.0.0/24", "192.168.0.0/16", "fd00:1:d::/64", "::/0"], false),
        ("ipv4 loopback", ["224.0.0.0/24", "192.168.0.0/16", "fd00:1:d::/64", "127.0.0.0/8"], true),
        ("ipv6 loopback", ["224.0.0.0/24", "192.168.0.0/16", "fd00:1:d::/64", "::1/128"], false),
        ("ipv4 loopback smaller range", ["224.0.0.0/24", "192.168.0.0/16", "fd00:1:d::/64", "127.0.2.0/28"], true),
        ("ipv4 loopback within larger range", ["224.0.0.0/24", "192.168.0.0/16", "fd00:1:d::/64", "64.0.0.0/2"], true),
        ("non loop loopback", ["128.0.2.0/28", "224.0.0.0/24", "192.168.0.0/16", "fd00:1:d::/64"], false),
    ])
    func containsIPv4Loopback(name: String, cidrs: [String], want: Bool) {
        let node = NodeInfo(name: "n", addresses: [])
        #expect(NodePortAddresses(Self.setting(cidrs), family: .ipv4, node: node).containsIPv4Loopback == want, "\(name)")
        #expect(!NodePortAddresses(Self.setting(cidrs), family: .ipv6, node: node).containsIPv4Loopback, "\(name)")
    }

    /// kube-proxy's fake networks give some cases no `lo`; every real host (and so kuberules'
    /// model of one) has 127.0.0.1 and ::1, so they appear wherever a CIDR covers them.
    @Test(arguments: [
        ("IPv4 single", ["10.20.30.0/24"], ["10.20.30.51", "100.200.201.1"], false, ["10.20.30.51"], true, ["::1"]),
        ("IPv4 zero CIDR", ["0.0.0.0/0"], ["10.20.30.51"], true, ["10.20.30.51", "127.0.0.1"], true, ["::1"]),
        ("IPv6 multiple", ["2001:db8::/64", "::1/128"], ["2001:db8::1"], true, ["127.0.0.1"], false, ["2001:db8::1", "::1"]),
        ("IPv4 localhost exact", ["127.0.0.1/32"], ["10.20.30.51"], false, ["127.0.0.1"], true, ["::1"]),
        ("IPv4 multiple, no match", ["10.20.30.0/24", "100.200.201.0/24"], ["192.168.1.2"], false, [], true, ["::1"]),
        ("IPv4 redundant CIDRs", ["1.2.3.0/24", "0.0.0.0/0"], ["1.2.3.4"], true, ["1.2.3.4", "127.0.0.1"], true, ["::1"]),
        ("Dual-stack, redundant IPv4", ["0.0.0.0/0", "1.2.3.0/24", "2001:db8::1/128"], ["1.2.3.4", "2001:db8::1"],
         true, ["1.2.3.4", "127.0.0.1"], false, ["2001:db8::1"]),
        ("Dual-stack, redundant IPv6", ["::/0", "1.2.3.0/24", "2001:db8::1/128"], ["1.2.3.4", "2001:db8::1"],
         false, ["1.2.3.4"], true, ["2001:db8::1", "::1"]),
    ])
    func nodeAddresses(
        name: String, cidrs: [String], host: [String], matchAll4: Bool, ips4: [String], matchAll6: Bool, ips6: [String]
    ) {
        let node = NodeInfo(name: "n", addresses: [], allAddresses: host.map { IPAddress($0)! })
        for (family, matchAll, ips) in [(IPFamily.ipv4, matchAll4, ips4), (.ipv6, matchAll6, ips6)] {
            let addresses = NodePortAddresses(Self.setting(cidrs), family: family, node: node)
            #expect(addresses.matchAll == matchAll, "\(name) \(family)")
            #expect(Set(addresses.nodeIPs(of: node, family: family)) == Set(ips.map { IPAddress($0)! }), "\(name) \(family)")
        }
    }

    @Test func primaryIsTheFirstNodeAddressOfTheFamily() {
        let node = NodeInfo(name: "n", addresses: [], allAddresses: ["192.168.0.2", "192.168.1.2", "2001:db8::1"].map { IPAddress($0)! })
        let v4 = NodePortAddresses(.primary, family: .ipv4, node: node)
        #expect(v4.cidrs == [CIDR("192.168.0.2/32")!])
        #expect(!v4.matchAll && !v4.containsIPv4Loopback)
        #expect(NodePortAddresses(.primary, family: .ipv6, node: node).cidrs == [CIDR("2001:db8::1/128")!])
    }
}
