/// The iptables rules IPVS mode writes next to the IPVS table (`writeIptablesRules` and
/// `createAndLinkKubeChain` in `pkg/proxy/ipvs/proxier.go`).
///
/// The rules never name a service: they test kube-proxy's ipsets, so the rule count does not
/// grow with the cluster. kube-proxy writes `*nat` then `*filter`, declaring its chains in the
/// order of its `iptablesChains` table; the rules of each chain keep kube-proxy's order.
/// (kube-proxy's restore text interleaves rules of different chains as it writes them; the
/// ruleset groups them per chain, which `iptables-restore` treats identically and which is how
/// the normalized comparison of KUBE-PROXY.md reads both.)
struct IPVSIptablesCompiler {
    var options: ProxyOptions
    var node: NodeInfo
    var family: IPFamily

    /// kube-proxy's chains, by table, in declaration order (`iptablesChains`).
    static let natChains = ["KUBE-SERVICES", "KUBE-POSTROUTING", "KUBE-NODE-PORT", "KUBE-LOAD-BALANCER", "KUBE-MARK-MASQ"]
    static let filterChains = [
        "KUBE-FORWARD", "KUBE-NODE-PORT", "KUBE-PROXY-FIREWALL", "KUBE-SOURCE-RANGES-FIREWALL",
        "KUBE-IPVS-FILTER", "KUBE-IPVS-OUT-FILTER",
    ]

    /// `ipsetWithIptablesChain`: sets matched from a fixed rule each, in kube-proxy's order (the
    /// local node-port sets come before the general ones so ETP Local ports RETURN first).
    private static let setRules: [(set: KubeIPSet, table: TableName, from: String, to: Target, flags: [SetMatch.Direction], proto: TransportProtocol?)] = [
        (.loopBack, .nat, "KUBE-POSTROUTING", .masquerade(randomFully: false), [.dst, .dst, .src], nil),
        (.loadBalancer, .nat, "KUBE-SERVICES", .jump("KUBE-LOAD-BALANCER"), [.dst, .dst], nil),
        (.loadBalancerLocal, .nat, "KUBE-LOAD-BALANCER", .return, [.dst, .dst], nil),
        (.nodePortLocalTCP, .nat, "KUBE-NODE-PORT", .return, [.dst], .tcp),
        (.nodePortTCP, .nat, "KUBE-NODE-PORT", .jump("KUBE-MARK-MASQ"), [.dst], .tcp),
        (.nodePortLocalUDP, .nat, "KUBE-NODE-PORT", .return, [.dst], .udp),
        (.nodePortUDP, .nat, "KUBE-NODE-PORT", .jump("KUBE-MARK-MASQ"), [.dst], .udp),
        (.nodePortLocalSCTP, .nat, "KUBE-NODE-PORT", .return, [.dst, .dst], .sctp),
        (.nodePortSCTP, .nat, "KUBE-NODE-PORT", .jump("KUBE-MARK-MASQ"), [.dst, .dst], .sctp),
        (.loadBalancerFW, .filter, "KUBE-PROXY-FIREWALL", .jump("KUBE-SOURCE-RANGES-FIREWALL"), [.dst, .dst], nil),
        (.loadBalancerSourceCIDR, .filter, "KUBE-SOURCE-RANGES-FIREWALL", .return, [.dst, .dst, .src], nil),
        (.loadBalancerSourceIP, .filter, "KUBE-SOURCE-RANGES-FIREWALL", .return, [.dst, .dst, .src], nil),
    ]

    /// The local-traffic detector kube-proxy builds for the family (`IfNotLocal` masquerades
    /// off-cluster traffic to cluster IPs).
    var detector: LocalTrafficDetector { LocalTrafficDetector(options: options, node: node, family: family) }

    /// `1 << --iptables-masquerade-bit`.
    var mark: UInt32 { UInt32(1) << UInt32(options.masqueradeBit) }

    func compile(ipsets: [IPSet], loadBalancerNoNodeAccess: [VirtualServer.Key], hooks: Bool) -> Ruleset {
        var nat = ChainRules(), filter = ChainRules()
        func set(_ s: KubeIPSet) -> IPSet { ipsets.first { $0.name == s.name(for: family) }! }
        func match(_ s: KubeIPSet, _ flags: [SetMatch.Direction]) -> RuleArgument {
            .matchSet(SetMatch(name: s.name(for: family), directions: flags))
        }
        func commented(_ s: KubeIPSet, _ flags: [SetMatch.Direction]) -> [RuleArgument] {
            [.comment(s.comment), match(s, flags)]
        }

        // Connections to localhost are never services.
        let loopback = family == .ipv4 ? CIDR("127.0.0.0/8")! : CIDR("::1/128")!
        nat.append("KUBE-SERVICES", Rule([.source(.prefix(loopback))], .return))

        for rule in Self.setRules where !set(rule.set).isEmpty {
            let args = (rule.proto.map { [RuleArgument.protocol($0)] } ?? []) + commented(rule.set, rule.flags)
            if rule.table == .nat { nat.append(rule.from, Rule(args, rule.to)) } else { filter.append(rule.from, Rule(args, rule.to)) }
        }

        if !set(.clusterIP).isEmpty {
            // Masquerade off-cluster traffic to a service VIP (it may be routed to another node).
            let masq = Target.jump("KUBE-MARK-MASQ")
            if options.masqueradeAll {
                nat.append("KUBE-SERVICES", Rule(commented(.clusterIP, [.dst, .dst]), masq))
            } else if detector.isImplemented {
                nat.append("KUBE-SERVICES", Rule(commented(.clusterIP, [.dst, .dst]) + detector.ifNotLocal, masq))
            } else {
                // No detector: masquerade node-originated traffic whose source is a VIP.
                nat.append("KUBE-SERVICES", Rule(commented(.clusterIP, [.src, .dst]), masq))
            }
        }

        // External IPs: accept off-machine traffic and traffic to addresses that are local.
        func externalIPRules(_ base: [RuleArgument]) {
            nat.append("KUBE-SERVICES", Rule(base + [
                .otherMatch(module: "physdev", tokens: ["!", "--physdev-is-in"]),
                .addressType(AddressTypeMatch(direction: .source, type: "LOCAL", negated: true)),
            ], .accept))
            nat.append("KUBE-SERVICES", Rule(base + [.addressType(AddressTypeMatch(direction: .destination, type: "LOCAL"))], .accept))
        }
        if !set(.externalIP).isEmpty {
            nat.append("KUBE-SERVICES", Rule(commented(.externalIP, [.dst, .dst]), .jump("KUBE-MARK-MASQ")))
            externalIPRules(commented(.externalIP, [.dst, .dst]))
        }
        if !set(.externalIPLocal).isEmpty {
            externalIPRules(commented(.externalIPLocal, [.dst, .dst]))
        }

        nat.append("KUBE-SERVICES", Rule([.addressType(AddressTypeMatch(direction: .destination, type: "LOCAL"))], .jump("KUBE-NODE-PORT")))
        nat.append("KUBE-LOAD-BALANCER", Rule([], .jump("KUBE-MARK-MASQ")))
        filter.append("KUBE-SOURCE-RANGES-FIREWALL", Rule([], .drop))

        // kubernetes/kubernetes#119656: the node may not reach LB IPs whose source ranges
        // exclude it; IPVS makes source and destination both the LB IP.
        for key in loadBalancerNoNodeAccess {
            filter.append("KUBE-IPVS-OUT-FILTER", Rule([
                .source(.address(key.address)),
                .otherMatch(module: "ipvs", tokens: [
                    "--vaddr", key.address.description, "--vproto", key.protocol.rawValue, "--vport", String(key.port),
                ]),
            ], .drop))
        }

        // Accept traffic to virtual services so later rules cannot break IPVS (`acceptIPVSTraffic`).
        for s in [KubeIPSet.clusterIP, .loadBalancer] where !set(s).isEmpty {
            nat.append("KUBE-SERVICES", Rule([match(s, s.type.destinationDirections)], .accept))
        }

        filter.append("KUBE-FORWARD", Rule([.comment("kubernetes forwarding rules"), .mark(value: mark, mask: mark)], .accept))
        filter.append("KUBE-FORWARD", Rule([
            .comment("kubernetes forwarding conntrack rule"), .conntrackState(["RELATED", "ESTABLISHED"]),
        ], .accept))
        filter.append("KUBE-NODE-PORT", Rule(commented(.healthCheckNodePort, [.dst]), .accept))

        // kubernetes/kubernetes#72236: VIPs on kube-ipvs0 must not expose the host's own ports.
        for s in [KubeIPSet.loadBalancer, .clusterIP, .externalIP, .externalIPLocal] {
            filter.append("KUBE-IPVS-FILTER", Rule([match(s, [.dst, .dst])], .return))
        }
        filter.append("KUBE-IPVS-FILTER", Rule([match(.healthCheckNodePort, [.dst])], .return))
        filter.append("KUBE-IPVS-FILTER", Rule([.conntrackState(["NEW"]), match(.ipvsAddresses, [.dst])], .reject(with: nil)))

        nat.append("KUBE-POSTROUTING", Rule([.mark(value: mark, mask: mark, negated: true)], .return))
        nat.append("KUBE-POSTROUTING", Rule([], .mark(.xor(mark))))
        nat.append("KUBE-POSTROUTING", Rule([.comment("kubernetes service traffic requiring SNAT")], .masquerade(randomFully: options.randomFully)))
        nat.append("KUBE-MARK-MASQ", Rule([], .mark(.or(mark))))

        return Ruleset(family: family, tables: [
            Table(
                name: .nat, chains: Self.natChains.map { Chain(name: $0, rules: nat.rules[$0] ?? []) },
                hooks: hooks ? IPVSHooks.rules(in: .nat) : []),
            Table(
                name: .filter, chains: Self.filterChains.map { Chain(name: $0, rules: filter.rules[$0] ?? []) },
                hooks: hooks ? IPVSHooks.rules(in: .filter) : []),
        ])
    }

    /// Rules collected per chain, each chain keeping its append order.
    private struct ChainRules {
        var rules: [String: [Rule]] = [:]
        mutating func append(_ chain: String, _ rule: Rule) { rules[chain, default: []].append(rule) }
    }
}
