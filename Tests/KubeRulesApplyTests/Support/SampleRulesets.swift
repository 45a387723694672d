import KubeRules
@testable import KubeRulesApply

/// Hand-built rulesets in kube-proxy's shape (the compiler is tested elsewhere; these exercise
/// the appliers): one ClusterIP service `ns1/svc1:p80` with two endpoints, as in kube-proxy's
/// `TestOverallIPTablesRules`.
enum SampleRulesets {
    static let masqueradeMark: UInt32 = 0x4000

    static func rule(_ arguments: [RuleArgument], _ target: Target) -> Rule { Rule(arguments, target) }

    static func address(_ text: String) -> AddressMatch {
        if text.contains("/") { return .prefix(CIDR(text)!) }
        return .address(IPAddress(text)!)
    }

    /// filter + nat for one service with `endpoints` (`ip:port` on port 80), service chain names fixed.
    static func oneService(endpoints: [String], serviceChain: String = "KUBE-SVC-XPGD46QRK7WJZT7O") -> Ruleset {
        let filter = Table(name: .filter, chains: [
            Chain(name: "KUBE-NODEPORTS"),
            Chain(name: "KUBE-SERVICES"),
            Chain(name: "KUBE-EXTERNAL-SERVICES"),
            Chain(name: "KUBE-FIREWALL", rules: [
                rule([.comment("block incoming localnet connections"), .destination(address("127.0.0.0/8")),
                      .source(address("127.0.0.0/8"), negated: true),
                      .conntrackState(["RELATED", "ESTABLISHED", "DNAT"], negated: true)], .drop),
            ]),
            Chain(name: "KUBE-FORWARD", rules: [
                rule([.conntrackState(["INVALID"]), .nfacct(KubeProxyCounters.invalidDropped)], .drop),
                rule([.comment("kubernetes forwarding rules"), .mark(value: masqueradeMark, mask: masqueradeMark)], .accept),
            ]),
            Chain(name: "KUBE-PROXY-FIREWALL"),
        ])
        var natChains = [
            Chain(name: "KUBE-NODEPORTS"),
            Chain(name: "KUBE-SERVICES", rules: [
                rule([.comment("ns1/svc1:p80 cluster IP"), .protocolModule(.tcp), .protocol(.tcp),
                      .destination(address("172.30.0.41")), .destinationPort(80)], .jump(serviceChain)),
            ]),
            Chain(name: "KUBE-MARK-MASQ", rules: [rule([], .mark(.or(masqueradeMark)))]),
            Chain(name: "KUBE-POSTROUTING", rules: [
                rule([.mark(value: masqueradeMark, mask: masqueradeMark, negated: true)], .return),
                rule([], .mark(.xor(masqueradeMark))),
                rule([.comment("kubernetes service traffic requiring SNAT")], .masquerade(randomFully: true)),
            ]),
        ]
        var service = Chain(name: serviceChain)
        var endpointChains: [Chain] = []
        for (index, endpoint) in endpoints.enumerated() {
            let sep = "KUBE-SEP-\(String(repeating: "A", count: 15))\(index)"
            var arguments: [RuleArgument] = [.comment("ns1/svc1:p80 -> \(endpoint)")]
            if index < endpoints.count - 1 {
                arguments.append(.statisticRandom(probability: "0.5000000000"))
            }
            service.rules.append(rule(arguments, .jump(sep)))
            let ip = String(endpoint.split(separator: ":")[0])
            endpointChains.append(Chain(name: sep, rules: [
                rule([.comment("ns1/svc1:p80"), .source(address(ip))], .jump("KUBE-MARK-MASQ")),
                rule([.comment("ns1/svc1:p80"), .protocolModule(.tcp), .protocol(.tcp)], .dnat(toDestination: endpoint)),
            ]))
        }
        natChains.append(service)
        natChains += endpointChains
        var withHooks = filter
        withHooks.hooks = KubeProxyHooks.rules(in: .filter)
        return Ruleset(family: .ipv4, tables: [withHooks, Table(name: .nat, chains: natChains, hooks: KubeProxyHooks.rules(in: .nat))])
    }

    /// A user's own filter and nat tables: their rules in built-in chains and a chain of their own.
    static func userTables() -> [Table] {
        var filter = Table.empty(.filter)
        filter.chains[0].rules = [rule([.protocol(.tcp), .destinationPort(22)], .accept)]
        filter.chains.append(Chain(name: "USER-CHAIN", rules: [rule([.source(address("198.51.100.0/24"))], .drop)]))
        filter.chains[1].rules = [rule([], .jump("USER-CHAIN"))]
        var nat = Table.empty(.nat)
        nat.chains[3].rules = [rule([.source(address("10.99.0.0/16")), .outInterface("eth9")], .masquerade(randomFully: false))]
        return [filter, nat]
    }
}
