import KubeRules
import Testing
@testable import KubeRulesApply

/// The iptables-restore backend end to end — the exact text it writes, read back by the parser —
/// against the in-memory netfilter, with no root: the same promises as the kernel tests.
@Suite struct FakeIptablesRunnerTests {
    let netfilter = FakeNetfilter()

    init() {
        for table in SampleRulesets.userTables() { netfilter.install(table) }
    }

    func applier(namespace: NetworkNamespaceTarget = .named("kr-fake")) throws -> RestoreApplier {
        try RestoreApplier(
            variant: .auto, family: .ipv4, namespace: namespace, runner: FakeIptablesRunner(netfilter: netfilter),
            counters: netfilter)
    }

    @Test func applyReapplyAndCleanupThroughTheText() throws {
        let before = netfilter.save()
        let ruleset = try KernelFixtures.kubeProxyOverall()
        try applier().apply(ruleset)
        let applied = netfilter.save()
        #expect(applied.contains("-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment \"ns5/svc5:p80 -> 10.180.0.3:80\" -m recent --name KUBE-SEP-I77PXRDZVX7PMWMN --rcheck --seconds 10800 --reap -j KUBE-SEP-I77PXRDZVX7PMWMN"))
        #expect(applied.contains("-A USER-CHAIN -s 198.51.100.0/24 -j DROP"))
        try applier().apply(ruleset)
        #expect(netfilter.save() == applied)
        try applier().cleanup(family: .ipv4)
        #expect(netfilter.save() == before)
    }

    @Test func theDryRunTextLoadsAsIs() throws {
        let plan = try applier().plan(SampleRulesets.oneService(endpoints: ["10.180.0.1:80"]))
        try netfilter.ensure(KubeProxyCounters.all, in: .current)
        #expect(netfilter.restore(plan.restoreText) == nil)
        #expect(netfilter.table(.nat)?[chain: "KUBE-SVC-XPGD46QRK7WJZT7O"]?.rules.count == 1)
    }

    @Test func aRefusedRuleIsNamedFromTheToolsLineNumber() throws {
        let refusing = FakeNetfilter { _, chain, _ in chain == "KUBE-MARK-MASQ" ? "Invalid argument" : nil }
        let applier = try RestoreApplier(
            variant: .legacy, family: .ipv4, runner: FakeIptablesRunner(netfilter: refusing), counters: refusing)
        let error = try #require(throws: ApplyError.self) {
            try applier.apply(SampleRulesets.oneService(endpoints: ["10.180.0.1:80"]))
        }
        guard case .rejected(let rejected) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(rejected.table == .nat)
        #expect(rejected.lineText == "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000")
        #expect(rejected.rolledBack == [.filter])
        #expect(refusing.table(.filter)?.chains.allSatisfy { $0.isBuiltin && $0.rules.isEmpty } == true)
    }
}
