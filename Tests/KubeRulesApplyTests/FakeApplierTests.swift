import KubeRules
import Testing
@testable import KubeRulesApply

@Suite struct FakeApplierTests {
    let fake = FakeNetfilter()
    var applier: FakeApplier { FakeApplier(fake: fake) }

    init() {
        for table in SampleRulesets.userTables() { fake.install(table) }
    }

    @Test func firstApplyWritesChainsAndPrependsJumpRulesInKubeProxyOrder() throws {
        try applier.apply(SampleRulesets.oneService(endpoints: ["10.180.0.1:80", "10.180.0.2:80"]))
        let filter = try #require(fake.table(.filter))
        // kube-proxy prepends each jump in list order, so the last one listed ends up first.
        #expect(filter[chain: "INPUT"]?.rules.map(\.target) == [
            .jump("KUBE-FIREWALL"), .jump("KUBE-PROXY-FIREWALL"), .jump("KUBE-NODEPORTS"),
            .jump("KUBE-EXTERNAL-SERVICES"), .accept,
        ])
        let nat = try #require(fake.table(.nat))
        #expect(nat[chain: "PREROUTING"]?.rules.map(\.target) == [.jump("KUBE-SERVICES")])
        #expect(nat[chain: "KUBE-SVC-XPGD46QRK7WJZT7O"]?.rules.count == 2)
        #expect(fake.nfacctCounters == [KubeProxyCounters.invalidDropped])
    }

    @Test func userRulesAndChainsSurviveApplyAndCleanupRestoresEverything() throws {
        let before = [fake.table(.filter), fake.table(.nat)]
        try applier.apply(SampleRulesets.oneService(endpoints: ["10.180.0.1:80"]))
        let filter = try #require(fake.table(.filter))
        #expect(filter[chain: "USER-CHAIN"] == SampleRulesets.userTables()[0][chain: "USER-CHAIN"])
        #expect(filter[chain: "INPUT"]?.rules.last == SampleRulesets.userTables()[0][chain: "INPUT"]?.rules.last)
        try applier.cleanup(family: .ipv4)
        #expect([fake.table(.filter), fake.table(.nat)] == before)
        #expect(fake.nfacctCounters.isEmpty)
    }

    @Test func reapplyingIsIdempotent() throws {
        let ruleset = SampleRulesets.oneService(endpoints: ["10.180.0.1:80", "10.180.0.2:80"])
        try applier.apply(ruleset)
        let once = [fake.table(.filter), fake.table(.nat)]
        let second = try applier.apply(ruleset)
        #expect([fake.table(.filter), fake.table(.nat)] == once)
        // The jump rules exist already: the second apply inserts none.
        let inserts = second.transactions.flatMap(\.operations).filter {
            if case .insert = $0 { return true } else { return false }
        }
        #expect(inserts.isEmpty)
    }

    @Test func staleServiceChainsAreDeletedAndFixedOnesKept() throws {
        try applier.apply(SampleRulesets.oneService(endpoints: ["10.180.0.1:80", "10.180.0.2:80"]))
        // The service moved: new service chain, one endpoint; the old SVC and second SEP are stale.
        let moved = SampleRulesets.oneService(endpoints: ["10.180.0.1:80"], serviceChain: "KUBE-SVC-NEWNEWNEWNEWNEW0")
        let plan = try applier.apply(moved)
        let nat = try #require(fake.table(.nat))
        #expect(nat[chain: "KUBE-SVC-XPGD46QRK7WJZT7O"] == nil)
        #expect(nat[chain: "KUBE-SEP-AAAAAAAAAAAAAAA1"] == nil)
        #expect(nat[chain: "KUBE-SEP-AAAAAAAAAAAAAAA0"] != nil)
        #expect(nat[chain: "KUBE-SVC-NEWNEWNEWNEWNEW0"] != nil)
        #expect(plan.transactions.first { $0.table == .nat }?.deletedChains.sorted()
            == ["KUBE-SEP-AAAAAAAAAAAAAAA1", "KUBE-SVC-XPGD46QRK7WJZT7O"])
    }

    @Test func aRejectedTableKeepsItsRulesAndEarlierTablesAreRolledBack() throws {
        try applier.apply(SampleRulesets.oneService(endpoints: ["10.180.0.1:80"]))
        let before = [fake.table(.filter), fake.table(.nat)]
        // filter commits first and succeeds; nat then fails on a DNAT the fake kernel refuses.
        let refusing = FakeNetfilter() { table, _, rule in
            if table == .nat, case .dnat("10.180.0.9:80") = rule.target { return "Invalid argument" }
            return nil
        }
        refusing.install(before[0]!)
        refusing.install(before[1]!)
        try refusing.ensure(Array(fake.nfacctCounters), in: .current)
        var changed = SampleRulesets.oneService(endpoints: ["10.180.0.9:80"])
        changed.tables[0].chains.append(Chain(name: "KUBE-SVC-FILTERCHANGE00000"))
        let error = try #require(throws: ApplyError.self) { try FakeApplier(fake: refusing).apply(changed) }
        guard case .rejected(let rejected) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(rejected.table == .nat)
        #expect(rejected.rolledBack == [.filter])
        #expect(rejected.lineText == "-A KUBE-SEP-AAAAAAAAAAAAAAA0 -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.9:80")
        #expect([refusing.table(.filter), refusing.table(.nat)] == before)
    }

    @Test func missingNfacctCounterIsRefusedWithTheRuleNamed() throws {
        struct NoCounters: NfacctCounters {
            // Creates nothing, so the fake kernel finds the rule's counter missing.
            func ensure(_ names: [String], in target: NetworkNamespaceTarget) throws(ApplyError) {}
            func remove(_ names: [String], in target: NetworkNamespaceTarget) throws(ApplyError) {}
        }
        let applier = RulesetApplier(backend: fake, counters: NoCounters())
        let before = fake.table(.filter)
        let error = try #require(throws: ApplyError.self) {
            try applier.apply(SampleRulesets.oneService(endpoints: ["10.180.0.1:80"]))
        }
        guard case .rejected(let rejected) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(rejected.table == .filter)
        #expect(rejected.lineText == "-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP")
        #expect(fake.table(.filter) == before)
    }

    @Test func cleanupRefusesToBreakAUserReferenceAndChangesNothing() throws {
        try applier.apply(SampleRulesets.oneService(endpoints: ["10.180.0.1:80"]))
        var nat = try #require(fake.table(.nat))
        nat.chains[0].rules.append(SampleRulesets.rule([.inInterface("eth7")], .jump("KUBE-SERVICES")))
        fake.install(nat)
        let before = [fake.table(.filter), fake.table(.nat)]
        #expect(throws: ApplyError.self) { try applier.cleanup(family: .ipv4) }
        #expect([fake.table(.filter), fake.table(.nat)] == before)
    }

    @Test func refusesRulesetsThatWouldTouchOtherChains() {
        var ruleset = SampleRulesets.oneService(endpoints: ["10.180.0.1:80"])
        ruleset.tables[0].chains.append(Chain(name: "INPUT", policy: "ACCEPT"))
        #expect(throws: ApplyError.self) { try applier.apply(ruleset) }
        var foreign = SampleRulesets.oneService(endpoints: ["10.180.0.1:80"])
        foreign.tables[1].chains.append(Chain(name: "MY-CHAIN"))
        #expect(throws: ApplyError.self) { try applier.apply(foreign) }
    }

    @Test func aJumpRuleToAnUndeclaredChainIsRefusedBeforeAnythingRuns() throws {
        var ruleset = SampleRulesets.oneService(endpoints: ["10.180.0.1:80"])
        ruleset.tables[0].chains.removeAll { $0.name == "KUBE-FIREWALL" }
        let error = try #require(throws: ApplyError.self) { try applier.apply(ruleset) }
        #expect(error.description.contains("goes to KUBE-FIREWALL, which the ruleset does not declare"))
        #expect(fake.committed.isEmpty)
    }

    @Test func fakeKernelRefusesTargetsOutsideTheirTableOrHook() throws {
        var wrongTable = SampleRulesets.oneService(endpoints: ["10.180.0.1:80"])
        wrongTable.tables[0].chains[1].rules.append(SampleRulesets.rule([], .dnat(toDestination: "10.0.0.1:80")))
        #expect(throws: ApplyError.self) { try applier.apply(wrongTable) }
        var wrongHook = SampleRulesets.oneService(endpoints: ["10.180.0.1:80"])
        // KUBE-SERVICES is reached from PREROUTING and OUTPUT; MASQUERADE is POSTROUTING-only.
        wrongHook.tables[1].chains[1].rules.append(SampleRulesets.rule([], .masquerade(randomFully: true)))
        #expect(throws: ApplyError.self) { try applier.apply(wrongHook) }
        #expect(fake.table(.nat) == SampleRulesets.userTables()[1])
    }

    @Test func dryRunPlanChangesNothing() throws {
        let plan = try applier.plan(SampleRulesets.oneService(endpoints: ["10.180.0.1:80"]))
        #expect(plan.transactions.map(\.table) == [.filter, .nat])
        #expect(fake.committed.isEmpty)
        #expect(fake.table(.filter) == SampleRulesets.userTables()[0])
        let text = plan.restoreText
        #expect(text.hasPrefix("*filter\n:KUBE-NODEPORTS - [0:0]\n"))
        #expect(text.components(separatedBy: "COMMIT\n").count == 3)
    }
}
