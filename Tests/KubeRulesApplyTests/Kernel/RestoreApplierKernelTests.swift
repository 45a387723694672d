import KubeRules
import Testing
@testable import KubeRulesApply

/// The iptables-restore applier against the real kernel, in namespaces the tests create and
/// delete: both xtables variants, a real kube-proxy ruleset, the user's own rules alongside.
@Suite struct RestoreApplierKernelTests {
    @Test(arguments: IptablesVariant.allCases)
    func applyThenCleanupLeavesIptablesSaveAsItWas(variant: IptablesVariant) throws {
        try #require(KernelFixtures.unavailable(variant) == nil, Comment(rawValue: KernelFixtures.unavailable(variant) ?? ""))
        let namespace = try ScratchNamespace(purpose: "apply")
        defer { namespace.delete() }
        try KernelFixtures.load(KernelFixtures.userRules, into: namespace, variant)
        let before = try KernelFixtures.save(namespace, variant)
        let applier = RestoreApplier(backend: RestoreBackend(variant: variant, namespace: namespace.target),
                                     counters: NetlinkNfacct(), namespace: namespace.target)
        let ruleset = try KernelFixtures.kubeProxyOverall()

        try applier.apply(ruleset)
        let applied = try KernelFixtures.save(namespace, variant)
        // Every kube-proxy rule is in, as iptables-save prints it (canonical order of options).
        #expect(applied.contains("-A KUBE-SVC-XPGD46QRK7WJZT7O ! -s 10.0.0.0/8 -d 172.30.0.41/32 -p tcp -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp --dport 80 -j KUBE-MARK-MASQ"))
        #expect(applied.contains("-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment \"ns5/svc5:p80 -> 10.180.0.3:80\" -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-I77PXRDZVX7PMWMN --mask 255.255.255.255 --rsource -j KUBE-SEP-I77PXRDZVX7PMWMN"))
        let kubeRules = applied.split(separator: "\n").filter { $0.hasPrefix("-A KUBE-") }.count
        #expect(kubeRules == ruleset.tables.reduce(0) { $0 + $1.chains.reduce(0) { $0 + $1.rules.count } })
        #expect(applied.contains("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"))
        // The user's rules are still there, below kube-proxy's jumps.
        #expect(applied.contains("-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT"))
        #expect(applied.contains("-A USER-CHAIN -s 198.51.100.0/24 -j DROP"))
        #expect(applied.contains("-A POSTROUTING -s 10.99.0.0/16 -o eth9 -j MASQUERADE"))

        // Idempotent: a second apply changes nothing, and inserts no second copy of any jump.
        let second = try applier.apply(ruleset)
        #expect(try KernelFixtures.save(namespace, variant) == applied)
        #expect(!second.transactions.flatMap(\.operations).contains { if case .insert = $0 { true } else { false } })

        try applier.cleanup(family: .ipv4)
        #expect(try KernelFixtures.save(namespace, variant) == before)
    }

    @Test(arguments: IptablesVariant.allCases)
    func staleServiceChainsAreDeletedOnReapply(variant: IptablesVariant) throws {
        try #require(KernelFixtures.unavailable(variant) == nil, Comment(rawValue: KernelFixtures.unavailable(variant) ?? ""))
        let namespace = try ScratchNamespace(purpose: "apply")
        defer { namespace.delete() }
        let applier = RestoreApplier(backend: RestoreBackend(variant: variant, namespace: namespace.target),
                                     counters: NetlinkNfacct(), namespace: namespace.target)
        try applier.apply(SampleRulesets.oneService(endpoints: ["10.180.0.1:80", "10.180.0.2:80"]))
        #expect(try KernelFixtures.save(namespace, variant).contains(":KUBE-SEP-AAAAAAAAAAAAAAA1 -"))
        try applier.apply(SampleRulesets.oneService(endpoints: ["10.180.0.1:80"]))
        let after = try KernelFixtures.save(namespace, variant)
        #expect(!after.contains("KUBE-SEP-AAAAAAAAAAAAAAA1"))
        #expect(after.contains(":KUBE-SEP-AAAAAAAAAAAAAAA0 -"))
    }

    @Test(arguments: IptablesVariant.allCases)
    func aBrokenRulesetLeavesThePreviousRulesAndNamesTheRule(variant: IptablesVariant) throws {
        try #require(KernelFixtures.unavailable(variant) == nil, Comment(rawValue: KernelFixtures.unavailable(variant) ?? ""))
        let namespace = try ScratchNamespace(purpose: "apply")
        defer { namespace.delete() }
        try KernelFixtures.load(KernelFixtures.userRules, into: namespace, variant)
        let backend = RestoreBackend(variant: variant, namespace: namespace.target, locator: RejectedRuleLocator())
        let applier = RestoreApplier(backend: backend, counters: NetlinkNfacct(), namespace: namespace.target)
        try applier.apply(KernelFixtures.kubeProxyOverall())
        let good = try KernelFixtures.save(namespace, variant)

        // The filter table changes fine; the nat table then has a rule the kernel refuses
        // (MASQUERADE reached from PREROUTING), so filter must be put back as well.
        var broken = try KernelFixtures.kubeProxyOverall()
        broken.tables[0].chains[1].rules.removeAll()
        let nat = try #require(broken.tables.firstIndex { $0.name == .nat })
        let services = try #require(broken.tables[nat].chains.firstIndex { $0.name == "KUBE-SERVICES" })
        let bad = Rule([.comment("deliberately broken")], .masquerade(randomFully: false))
        broken.tables[nat].chains[services].rules.insert(bad, at: 0)

        let error = try #require(throws: ApplyError.self) { try applier.apply(broken) }
        guard case .rejected(let rejected) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(rejected.table == .nat)
        #expect(rejected.rolledBack == [.filter])
        #expect(try KernelFixtures.save(namespace, variant) == good)
        // nft names the refused rule; legacy's kernel refuses the table at COMMIT without saying
        // which, so the rule is found by replaying the table in a scratch namespace.
        let brokenLine = "-A KUBE-SERVICES -m comment --comment \"deliberately broken\" -j MASQUERADE"
        if variant == .nft {
            #expect(rejected.lineText == brokenLine)
        } else {
            #expect(rejected.lineText == "COMMIT")
            #expect(rejected.refusedRule?.text == brokenLine)
        }
        #expect(error.description.contains(brokenLine))
    }

    @Test(arguments: IptablesVariant.allCases)
    func ipv6RulesGoThroughIp6tablesAndCleanUpCompletely(variant: IptablesVariant) throws {
        let tools = ["ip", variant.command(.save, family: .ipv6), variant.command(.restore, family: .ipv6)]
        let unavailable = HostCapabilities.kernelTestsUnavailable(needing: tools)
        try #require(unavailable == nil, Comment(rawValue: unavailable ?? ""))
        let namespace = try ScratchNamespace(purpose: "apply6")
        defer { namespace.delete() }
        let userRules = "*filter\n-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT\nCOMMIT\n*nat\n-A POSTROUTING -s 2001:db8:99::/48 -j RETURN\nCOMMIT\n"
        let loaded = try namespace.exec([variant.command(.restore, family: .ipv6), "--noflush"], input: userRules)
        try #require(loaded.succeeded, "\(loaded.stderr)")
        func save() throws -> String {
            try namespace.exec([variant.command(.save, family: .ipv6)]).stdout.split(separator: "\n")
                .filter { !$0.hasPrefix("#") }.map { $0.hasPrefix(":") ? $0.split(separator: " ").prefix(2).joined(separator: " ") : String($0) }
                .joined(separator: "\n")
        }
        let before = try save()
        let path = KernelFixtures.repository.appendingPathComponent("fixtures/iptables-dual-stack/expected.ip6tables")
        var ruleset = try IptablesParser(file: path.path).parse(String(contentsOf: path, encoding: .utf8), family: .ipv6)
        for index in ruleset.tables.indices {
            ruleset.tables[index].hooks = KubeProxyHooks.rules(in: ruleset.tables[index].name)
        }
        // As `compile(_:hooks: true)` does: kube-proxy creates KUBE-FIREWALL (empty for IPv6,
        // which has no localhost NodePorts) because its jump rules point there.
        ruleset.tables[0].chains.append(Chain(name: "KUBE-FIREWALL"))
        let applier = RestoreApplier(backend: RestoreBackend(variant: variant, namespace: namespace.target),
                                     counters: NetlinkNfacct(), namespace: namespace.target)
        try applier.apply(ruleset)
        let applied = try save()
        #expect(applied.contains("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES"))
        #expect(applied.split(separator: "\n").filter { $0.hasPrefix("-A KUBE-") }.count == ruleset.tables.reduce(0) { $0 + $1.chains.reduce(0) { $0 + $1.rules.count } })
        try applier.cleanup(family: .ipv6)
        #expect(try save() == before)
    }
}
