import Testing

@testable import KubeRules

@Suite struct RendererTests {
    @Test func quotesOnlyWhatRestoreWouldSplit() {
        #expect(IptablesRenderer.quoted("ns1/svc1:p80") == "ns1/svc1:p80")
        #expect(IptablesRenderer.quoted("ns1/svc1:p80 cluster IP") == "\"ns1/svc1:p80 cluster IP\"")
        #expect(IptablesRenderer.quoted("[fd00::1]:80") == "[fd00::1]:80")
        #expect(IptablesRenderer.quoted("RELATED,ESTABLISHED") == "RELATED,ESTABLISHED")
        #expect(IptablesRenderer.quoted("") == "\"\"")
        #expect(IptablesRenderer.quoted("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"")
    }

    @Test func rendersEveryPartInKubeProxyOrder() {
        let rule = Rule(
            [.comment("ns5/svc5:p80 -> 10.180.0.3:80"),
             .recent(RecentMatch(name: "KUBE-SEP-I77PXRDZVX7PMWMN", mode: .check(seconds: 10800, reap: true)))],
            .jump("KUBE-SEP-I77PXRDZVX7PMWMN"))
        #expect(IptablesRenderer.ruleText(chain: "KUBE-SVC-NUKIZ6OKUXPJNT4C", rule)
            == "-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment \"ns5/svc5:p80 -> 10.180.0.3:80\" -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --rcheck --seconds 10800 --reap -j KUBE-SEP-I77PXRDZVX7PMWMN")
        let masq = Rule([.comment("kubernetes service traffic requiring SNAT")], .masquerade(randomFully: true))
        #expect(IptablesRenderer.ruleText(chain: "KUBE-POSTROUTING", masq)
            == "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully")
        let v6 = Rule([.comment("ns1/svc1:p80"), .protocolModule(.tcp), .protocol(.tcp)], .dnat(toDestination: "[fd00:10:180::1]:80"))
        #expect(IptablesRenderer.ruleText(chain: "KUBE-SEP-X", v6)
            == "-A KUBE-SEP-X -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination [fd00:10:180::1]:80")
        let counter = Rule([.comment("other traffic to ns1/svc1:p80 will be dropped by KUBE-PROXY-FIREWALL")], .none)
        #expect(IptablesRenderer.ruleText(chain: "KUBE-FW-X", counter)
            == "-A KUBE-FW-X -m comment --comment \"other traffic to ns1/svc1:p80 will be dropped by KUBE-PROXY-FIREWALL\"")
        let marks = [
            (Target.mark(.or(0x4000)), "-j MARK --or-mark 0x4000"),
            (.mark(.xor(0x4000)), "-j MARK --xor-mark 0x4000"),
            (.mark(.setXMark(value: 0x4000, mask: 0xffffffff)), "-j MARK --set-xmark 0x4000/0xffffffff"),
            (.reject(with: "icmp-port-unreachable"), "-j REJECT --reject-with icmp-port-unreachable"),
        ]
        for (target, text) in marks {
            #expect(IptablesRenderer.ruleText(chain: "C", Rule([], target)) == "-A C " + text)
        }
    }

    @Test func rendersTablesWithHooksAndDeletions() {
        var table = Table(name: .nat, chains: [Chain(name: "KUBE-SERVICES"), Chain(name: "POSTROUTING", policy: "ACCEPT", packets: 3, bytes: 180)])
        table.chains[0].rules = [Rule([.addressType(AddressTypeMatch(direction: .destination, type: "LOCAL"))], .jump("KUBE-NODEPORTS"))]
        table.hooks = [HookRule(chain: "PREROUTING", position: 1, rule: Rule([.comment("kubernetes service portals")], .jump("KUBE-SERVICES")))]
        table.deletedChains = ["KUBE-SVC-OLD"]
        #expect(IptablesRenderer.render(Ruleset(family: .ipv4, tables: [table])) == """
            *nat
            :KUBE-SERVICES - [0:0]
            :POSTROUTING ACCEPT [3:180]
            -A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
            -I PREROUTING 1 -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
            -X KUBE-SVC-OLD
            COMMIT

            """)
    }

    @Test func hooksLandWhereKubeProxysPrependsLeaveThem() {
        func lines(_ table: TableName) -> [String] {
            KubeProxyHooks.rules(in: table).map { "\($0.chain) \($0.position!) " + ($0.rule.target.jumpedChain ?? "") }
        }
        #expect(lines(.filter) == [
            "INPUT 1 KUBE-FIREWALL", "INPUT 2 KUBE-PROXY-FIREWALL", "INPUT 3 KUBE-NODEPORTS",
            "INPUT 4 KUBE-EXTERNAL-SERVICES",
            "FORWARD 1 KUBE-PROXY-FIREWALL", "FORWARD 2 KUBE-FORWARD", "FORWARD 3 KUBE-SERVICES",
            "FORWARD 4 KUBE-EXTERNAL-SERVICES",
            "OUTPUT 1 KUBE-FIREWALL", "OUTPUT 2 KUBE-PROXY-FIREWALL", "OUTPUT 3 KUBE-SERVICES",
        ])
        #expect(lines(.nat) == ["PREROUTING 1 KUBE-SERVICES", "OUTPUT 1 KUBE-SERVICES", "POSTROUTING 1 KUBE-POSTROUTING"])
        let external = KubeProxyHooks.rules(in: .filter)[3].rule
        #expect(IptablesRenderer.ruleText(chain: "INPUT", external)
            == "-A INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES")
    }

    @Test func hooksDeclareKubeFirewallEvenWhenEmpty() {
        var options = KubeProxyTestCluster.options(family: .ipv6)
        options.localhostNodePorts = false
        let ruleset = IptablesCompiler(options: options).compile(KubeProxyTestCluster.graph([], family: .ipv6), hooks: true)
        let filter = ruleset[table: .filter]!
        #expect(filter[chain: KubeChain.firewall]?.rules == [])
        #expect(IptablesConsistencyCheck.problems(ruleset) == [])
        #expect(IptablesRenderer.render(ruleset).contains("-I INPUT 1 -j KUBE-FIREWALL\n"))
    }
}
