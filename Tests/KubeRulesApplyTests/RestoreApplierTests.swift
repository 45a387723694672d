import KubeRules
import Testing
@testable import KubeRulesApply

/// The iptables-restore applier with a scripted runner: which commands it runs, with which input,
/// and how it reads their failures. No root, no kernel.
@Suite struct RestoreApplierTests {
    static let restore = ["iptables-legacy-restore", "-w", "5", "-W", "100000", "--noflush", "--counters"]
    static let emptyFilter = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n"
    static let emptyNat = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n"
    let ruleset = SampleRulesets.oneService(endpoints: ["10.180.0.1:80"])

    func applier(_ steps: [ScriptedCommandRunner.Step], namespace: NetworkNamespaceTarget = .current)
        -> (RestoreApplier, ScriptedCommandRunner, RecordingNfacct)
    {
        let runner = ScriptedCommandRunner(steps)
        let counters = RecordingNfacct()
        let backend = RestoreBackend(variant: .legacy, namespace: namespace, runner: runner)
        return (RestoreApplier(backend: backend, counters: counters, namespace: namespace), runner, counters)
    }

    @Test func savesEachTableThenRestoresEachTableInsideTheNamespace() throws {
        let prefix = ["ip", "netns", "exec", "kr-node-a"]
        let (applier, runner, counters) = applier([
            .ok(prefix + ["iptables-legacy-save", "-t", "filter"], stdout: Self.emptyFilter),
            .ok(prefix + ["iptables-legacy-save", "-t", "nat"], stdout: Self.emptyNat),
            .ok(prefix + Self.restore),
            .ok(prefix + Self.restore),
        ], namespace: .named("kr-node-a"))
        let plan = try applier.apply(ruleset)
        #expect(runner.remainingSteps.isEmpty)
        let inputs = runner.invocations.suffix(2).map { String(decoding: $0.standardInput, as: UTF8.self) }
        #expect(inputs == plan.transactions.map(\.restoreText))
        #expect(inputs[0].hasPrefix("*filter\n:KUBE-NODEPORTS - [0:0]\n"))
        #expect(inputs[0].contains("\n-I INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES\n"))
        #expect(inputs[1].hasSuffix("COMMIT\n"))
        #expect(counters.ensured == [[KubeProxyCounters.invalidDropped]])
    }

    @Test func aRejectedLineIsNamedByItsText() throws {
        let filter = try TransactionPlanner.apply(desired: ruleset[table: .filter]!, current: .empty(.filter), family: .ipv4)
        let line = try #require(filter.restoreLines.firstIndex { $0.contains("-m nfacct") }) + 1
        let (applier, _, _) = applier([
            .ok(["iptables-legacy-save", "-t", "filter"], stdout: Self.emptyFilter),
            .ok(["iptables-legacy-save", "-t", "nat"], stdout: Self.emptyNat),
            ScriptedCommandRunner.Step(Self.restore, CommandResult(status: 2, stdout: "", stderr: """
                iptables-restore v1.8.9 (legacy): Couldn't load match `nfacct':No such file or directory

                Error occurred at line: \(line)
                Try `iptables-restore -h' or 'iptables-restore --help' for more information.

                """)),
        ])
        let error = try #require(throws: ApplyError.self) { try applier.apply(ruleset) }
        guard case .rejected(let rejected) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(rejected.table == .filter)
        #expect(rejected.line == line)
        #expect(rejected.lineText == "-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP")
        #expect(error.description.contains("the filter table still holds its previous rules"))
        #expect(error.description.contains("Couldn't load match `nfacct'"))
    }

    @Test func aLaterTableFailingPutsTheEarlierOneBack() throws {
        let savedFilter = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n-A KUBE-SERVICES -j RETURN\nCOMMIT\n"
        let (applier, runner, _) = applier([
            .ok(["iptables-legacy-save", "-t", "filter"], stdout: savedFilter),
            .ok(["iptables-legacy-save", "-t", "nat"], stdout: Self.emptyNat),
            .ok(Self.restore),
            ScriptedCommandRunner.Step(Self.restore, CommandResult(status: 1, stdout: "", stderr: "iptables-restore: line 22 failed\n")),
            .ok(Self.restore),
        ])
        let error = try #require(throws: ApplyError.self) { try applier.apply(ruleset) }
        guard case .rejected(let rejected) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(rejected.table == .nat)
        #expect(rejected.rolledBack == [.filter])
        let rollback = String(decoding: runner.invocations.last!.standardInput, as: UTF8.self)
        // The chain that existed gets its old rule back; chains the apply created are deleted;
        // the jump rules it inserted are removed.
        #expect(rollback.contains("\n-A KUBE-SERVICES -j RETURN\n"))
        #expect(rollback.contains("\n-X KUBE-FORWARD\n"))
        #expect(rollback.contains("\n-D INPUT -m conntrack --ctstate NEW -m comment --comment \"kubernetes externally-visible service portals\" -j KUBE-EXTERNAL-SERVICES\n"))
        #expect(!rollback.contains("-X KUBE-SERVICES"))
    }

    @Test func aBusyLockIsReportedAsSuch() throws {
        let (applier, _, _) = applier([
            .ok(["iptables-legacy-save", "-t", "filter"], stdout: Self.emptyFilter),
            .ok(["iptables-legacy-save", "-t", "nat"], stdout: Self.emptyNat),
            ScriptedCommandRunner.Step(Self.restore, CommandResult(
                status: 4, stdout: "", stderr: "Another app is currently holding the xtables lock. Stopped waiting after 5s.\n")),
        ])
        let error = try #require(throws: ApplyError.self) { try applier.apply(ruleset) }
        guard case .lockBusy = error else {
            Issue.record("expected lockBusy, got \(error)")
            return
        }
    }

    @Test func autoAsksIptablesForItsBackend() throws {
        let nft = ScriptedCommandRunner([.ok(["iptables", "-V"], stdout: "iptables v1.8.9 (nf_tables)\n")])
        #expect(try IptablesVariantChoice.auto.resolve(family: .ipv4, runner: nft) == .nft)
        let legacy = ScriptedCommandRunner([.ok(["ip6tables", "-V"], stdout: "ip6tables v1.8.9 (legacy)\n")])
        #expect(try IptablesVariantChoice.auto.resolve(family: .ipv6, runner: legacy) == .legacy)
        let old = ScriptedCommandRunner([.ok(["iptables", "-V"], stdout: "iptables v1.6.1\n")])
        #expect(try IptablesVariantChoice.auto.resolve(family: .ipv4, runner: old) == .legacy)
        #expect(IptablesVariant.nft.command(.restore, family: .ipv6) == "ip6tables-nft-restore")
    }

    @Test func cleanupReadsOnlyTablesThatExist() throws {
        let (applier, runner, counters) = applier([
            .ok(["iptables-legacy-save"], stdout: "# Generated by iptables-save\n" + Self.emptyFilter),
            .ok(["iptables-legacy-save", "-t", "filter"], stdout: Self.emptyFilter),
        ])
        let plan = try applier.cleanup(family: .ipv4)
        #expect(plan.transactions.map(\.table) == [.filter])
        #expect(plan.transactions.allSatisfy { $0.isEmpty })
        #expect(runner.remainingSteps.isEmpty)
        #expect(counters.removed == [KubeProxyCounters.all])
    }

    @Test func errorLinesAreFoundInEveryToolsWording() {
        #expect(RestoreErrorText.failedLine(in: "Error occurred at line: 4\nTry `iptables-restore -h'") == 4)
        #expect(RestoreErrorText.failedLine(in: "iptables-restore: line 7 failed\n") == 7)
        #expect(RestoreErrorText.failedLine(in: "iptables-nft-restore v1.8.9 (nf_tables): \nline 5: RULE_APPEND failed (No such file or directory): rule in chain KUBE-A\n") == 5)
        #expect(RestoreErrorText.failedLine(in: "no number here") == nil)
    }
}
