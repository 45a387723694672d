import Testing
@testable import KubeRules

/// The companion iptables rules, argument by argument, against `writeIptablesRules`.
@Suite("IPVS companion iptables rules")
struct IPVSIptablesTests {
    func rules(_ config: IPVSConfig, _ table: TableName, _ chain: String) -> [Rule] {
        config.iptables[table: table]?[chain: chain]?.rules ?? []
    }

    func set(_ name: String, _ directions: [SetMatch.Direction]) -> RuleArgument {
        .matchSet(SetMatch(name: name, directions: directions))
    }

    let clusterComment = RuleArgument.comment("Kubernetes service cluster ip + port for masquerade purpose")
    let port = TestServicePort(clusterIP: "172.30.0.41", endpoints: [.init(ip: "10.180.0.1")])

    @Test("cluster-IP masquerade: masquerade-all, a cluster-CIDR detector, or no detector")
    func clusterIPMasquerade() {
        var options = IPVSTestGraph.options
        options.masqueradeAll = true
        #expect(rules(IPVSTestGraph.compile([port], options: options), .nat, "KUBE-SERVICES")[1]
            == Rule([clusterComment, set("KUBE-CLUSTER-IP", [.dst, .dst])], .jump("KUBE-MARK-MASQ")))

        options = ProxyOptions()
        options.clusterCIDRs = [CIDR("fd00:10::/64")!, CIDR("10.0.0.0/8")!]
        #expect(rules(IPVSTestGraph.compile([port], options: options), .nat, "KUBE-SERVICES")[1]
            == Rule([clusterComment, set("KUBE-CLUSTER-IP", [.dst, .dst]), .source(.prefix(CIDR("10.0.0.0/8")!), negated: true)],
                    .jump("KUBE-MARK-MASQ")))

        options.detectLocalMode = .interfaceNamePrefix("veth")
        #expect(rules(IPVSTestGraph.compile([port], options: options), .nat, "KUBE-SERVICES")[1]
            == Rule([clusterComment, set("KUBE-CLUSTER-IP", [.dst, .dst]), .inInterface("veth+", negated: true)], .jump("KUBE-MARK-MASQ")))

        #expect(rules(IPVSTestGraph.compile([port]), .nat, "KUBE-SERVICES")[1]
            == Rule([clusterComment, set("KUBE-CLUSTER-IP", [.src, .dst])], .jump("KUBE-MARK-MASQ")))
    }

    @Test("external IPs: masquerade, then accept off-machine and node-local traffic")
    func externalIPs() {
        var p = port
        p.externalIPs = ["192.168.99.11"]
        let services = rules(IPVSTestGraph.compile([p]), .nat, "KUBE-SERVICES")
        let base: [RuleArgument] = [
            .comment("Kubernetes service external ip + port for masquerade and filter purpose"), set("KUBE-EXTERNAL-IP", [.dst, .dst]),
        ]
        #expect(Array(services[2...4]) == [
            Rule(base, .jump("KUBE-MARK-MASQ")),
            Rule(base + [.otherMatch(module: "physdev", tokens: ["!", "--physdev-is-in"]),
                         .addressType(AddressTypeMatch(direction: .source, type: "LOCAL", negated: true))], .accept),
            Rule(base + [.addressType(AddressTypeMatch(direction: .destination, type: "LOCAL"))], .accept),
        ])
    }

    @Test("an LB IP whose source ranges exclude the node is blocked for the node itself")
    func loadBalancerOutFilter() {
        var p = port
        p.loadBalancerIPs = ["1.2.3.4"]
        p.sourceRanges = ["203.0.113.0/25"]
        let blocked = IPVSTestGraph.compile([p], nodeIPs: ["192.168.0.2"])
        #expect(rules(blocked, .filter, "KUBE-IPVS-OUT-FILTER") == [
            Rule([.source(.address(IPAddress("1.2.3.4")!)),
                  .otherMatch(module: "ipvs", tokens: ["--vaddr", "1.2.3.4", "--vproto", "tcp", "--vport", "80"])], .drop),
        ])
        #expect(blocked[set: .loadBalancerSourceIP]?.entries.isEmpty == true)

        p.sourceRanges = ["203.0.113.0/25", "192.168.0.0/24"]
        let allowed = IPVSTestGraph.compile([p], nodeIPs: ["192.168.0.2"])
        #expect(rules(allowed, .filter, "KUBE-IPVS-OUT-FILTER").isEmpty)
        #expect(allowed[set: .loadBalancerSourceIP]?.entries.map(\.description) == ["1.2.3.4,tcp:80,1.2.3.4"])
        #expect(rules(allowed, .filter, "KUBE-SOURCE-RANGES-FIREWALL").map { IPVSExpect.targetName($0.target) } == ["RETURN", "RETURN", "DROP"])
    }

    @Test("a 0.0.0.0/0 source range is left out of the hash:ip,port,net set, which cannot hold it")
    func zeroSourceRange() {
        var p = port
        p.loadBalancerIPs = ["1.2.3.4"]
        p.sourceRanges = ["0.0.0.0/0"]
        let config = IPVSTestGraph.compile([p], nodeIPs: ["192.168.0.2"])
        #expect(config[set: .loadBalancerSourceCIDR]?.entries.isEmpty == true)
        #expect(config[set: .loadBalancerSourceIP]?.entries.count == 1)
    }

    @Test("fixed rules: forwarding, health checks, the IPVS access filter, postrouting, the masquerade mark")
    func fixedRules() {
        var options = IPVSTestGraph.options
        options.masqueradeBit = 14
        let config = IPVSTestGraph.compile([], options: options)
        #expect(rules(config, .filter, "KUBE-FORWARD") == [
            Rule([.comment("kubernetes forwarding rules"), .mark(value: 0x4000, mask: 0x4000)], .accept),
            Rule([.comment("kubernetes forwarding conntrack rule"), .conntrackState(["RELATED", "ESTABLISHED"])], .accept),
        ])
        #expect(rules(config, .filter, "KUBE-NODE-PORT") == [
            Rule([.comment("Kubernetes health check node port"), set("KUBE-HEALTH-CHECK-NODE-PORT", [.dst])], .accept),
        ])
        #expect(rules(config, .filter, "KUBE-IPVS-FILTER") == [
            Rule([set("KUBE-LOAD-BALANCER", [.dst, .dst])], .return), Rule([set("KUBE-CLUSTER-IP", [.dst, .dst])], .return),
            Rule([set("KUBE-EXTERNAL-IP", [.dst, .dst])], .return), Rule([set("KUBE-EXTERNAL-IP-LOCAL", [.dst, .dst])], .return),
            Rule([set("KUBE-HEALTH-CHECK-NODE-PORT", [.dst])], .return),
            Rule([.conntrackState(["NEW"]), set("KUBE-IPVS-IPS", [.dst])], .reject(with: nil)),
        ])
        #expect(rules(config, .nat, "KUBE-POSTROUTING") == [
            Rule([.mark(value: 0x4000, mask: 0x4000, negated: true)], .return), Rule([], .mark(.xor(0x4000))),
            Rule([.comment("kubernetes service traffic requiring SNAT")], .masquerade(randomFully: true)),
        ])
        #expect(rules(config, .nat, "KUBE-MARK-MASQ") == [Rule([], .mark(.or(0x4000)))])
        // No service: KUBE-SERVICES holds only the localhost return and the node-port jump.
        #expect(rules(config, .nat, "KUBE-SERVICES").map { IPVSExpect.targetName($0.target) } == ["RETURN", "KUBE-NODE-PORT"])
    }

    @Test("hairpin: local endpoints are masqueraded when they reach themselves")
    func loopBack() {
        var p = port
        p.endpoints = [.init(ip: "10.180.0.1", node: IPVSTestGraph.nodeName), .init(ip: "10.180.0.2", node: "node-2")]
        let config = IPVSTestGraph.compile([p])
        #expect(rules(config, .nat, "KUBE-POSTROUTING").first == Rule([
            .comment("Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"), set("KUBE-LOOP-BACK", [.dst, .dst, .src]),
        ], .masquerade(randomFully: false)))
        #expect(config[set: .loopBack]?.entries.map(\.description) == ["10.180.0.1,tcp:80,10.180.0.1"])
    }

    @Test("IPv6 rules name the KUBE-6- sets")
    func ipv6() {
        let config = IPVSTestGraph.compile([TestServicePort(clusterIP: "fd00:30::41", nodePort: 30080)], nodeIPs: ["2001:db8::1"], family: .ipv6)
        #expect(config.iptables.family == .ipv6)
        #expect(rules(config, .nat, "KUBE-NODE-PORT") == [
            Rule([.protocol(.tcp), .comment("Kubernetes nodeport TCP port for masquerade purpose"), set("KUBE-6-NODE-PORT-TCP", [.dst])],
                 .jump("KUBE-MARK-MASQ")),
        ])
        #expect(config[set: .ipvsAddresses]?.entries.map(\.description) == ["fd00:30::41"])
    }
}

/// The jumps from the built-in chains (`iptablesJumpChain`, each `EnsureRule(Prepend, …)`).
@Suite("IPVS hook rules")
struct IPVSHookTests {
    @Test("with hooks the built-in chains jump to kube-proxy's chains in prepend order")
    func hooks() {
        let ruleset = IPVSCompiler(options: IPVSTestGraph.options).compile(IPVSTestGraph.graph([]), hooks: true).iptables
        func summary(_ table: TableName) -> [String] {
            ruleset[table: table]!.hooks.map { "\($0.chain) \($0.position!) \(IPVSExpect.targetName($0.rule.target)) \($0.rule.comment!)" }
        }
        #expect(summary(.filter) == [
            "INPUT 1 KUBE-IPVS-FILTER kubernetes ipvs access filter", "INPUT 2 KUBE-PROXY-FIREWALL kube-proxy firewall rules",
            "INPUT 3 KUBE-NODE-PORT kubernetes health check rules", "FORWARD 1 KUBE-PROXY-FIREWALL kube-proxy firewall rules",
            "FORWARD 2 KUBE-FORWARD kubernetes forwarding rules", "OUTPUT 1 KUBE-IPVS-OUT-FILTER kubernetes ipvs access filter",
        ])
        #expect(summary(.nat) == [
            "PREROUTING 1 KUBE-SERVICES kubernetes service portals", "OUTPUT 1 KUBE-SERVICES kubernetes service portals",
            "POSTROUTING 1 KUBE-POSTROUTING kubernetes postrouting rules",
        ])
        let plain = IPVSCompiler(options: IPVSTestGraph.options).compile(IPVSTestGraph.graph([])).iptables
        #expect(plain.tables.map(\.hooks.count) == [0, 0])
    }
}
