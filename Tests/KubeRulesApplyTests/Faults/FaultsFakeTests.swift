import Foundation
import KubeRules
import Testing
@testable import KubeRulesApply

/// Faults during apply, through the iptables-restore backend driving the in-memory netfilter
/// (``FakeIptablesRunner``) with a fault injected at one restore run. After every fault the
/// tables hold exactly what they held before — the previous kube-proxy rules and the user's own
/// — and the error says what happened and what to do.
@Suite struct FaultsFakeTests {
    let netfilter = FakeNetfilter()
    static let namespace = NetworkNamespaceTarget.named("kr-faults")
    static let old = SampleRulesets.oneService(endpoints: ["10.180.0.1:80"])
    static let new = SampleRulesets.oneService(endpoints: ["10.180.0.7:80", "10.180.0.8:80", "10.180.0.9:80"])

    init() throws {
        for table in SampleRulesets.userTables() { netfilter.install(table) }
        try applier(FakeIptablesRunner(netfilter: netfilter)).apply(Self.old)
    }

    func applier(_ runner: any CommandRunner, exclusion: ApplyExclusion? = nil) -> RestoreApplier {
        RestoreApplier(
            backend: RestoreBackend(variant: .legacy, namespace: Self.namespace, runner: runner),
            counters: netfilter, namespace: Self.namespace, exclusion: exclusion)
    }

    /// Applies `new` with `fault` at restore run `number`; returns the error, having checked that
    /// the tables are exactly as before.
    func applyNew(faultAt number: Int, _ fault: FaultInjectingRunner.Fault, backend: FakeNetfilter? = nil) throws -> ApplyError {
        let before = netfilter.save()
        let runner = FaultInjectingRunner(FakeIptablesRunner(netfilter: netfilter), restoreNumber: number, fault: fault)
        let error = try #require(throws: ApplyError.self) { try applier(runner).apply(Self.new) }
        #expect(netfilter.save() == before, "the tables changed after: \(error)")
        #expect(netfilter.save().contains("-A USER-CHAIN -s 198.51.100.0/24 -j DROP"))
        return error
    }

    @Test func restoreMissingChangesNothingAndSaysToInstallIt() throws {
        let error = try applyNew(faultAt: 1, .missing)
        #expect(error == .failedDuringApply(table: .filter, cause: .command(.notFound(program: "iptables-legacy-restore")), rolledBack: []))
        #expect(error.description == """
            applying the filter table failed: iptables-legacy-restore: command not found (install it, e.g. the Debian package that provides it)
            the filter table still holds its previous rules; nothing was changed: fix the cause and run apply again
            """)
    }

    @Test func restoreMissingForTheSecondTablePutsTheFirstBack() throws {
        let error = try applyNew(faultAt: 2, .missing)
        #expect(error == .failedDuringApply(table: .nat, cause: .command(.notFound(program: "iptables-legacy-restore")), rolledBack: [.filter]))
        #expect(error.description.contains("the nat table still holds its previous rules (already-committed tables put back: filter)"))
    }

    @Test func restoreFailingForTheSecondTablePutsTheFirstBack() throws {
        let error = try applyNew(faultAt: 2, .failing(status: 1, stderr: "iptables-restore: unable to initialize table 'nat'\n"))
        guard case .rejected(let rejected) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(rejected.table == .nat)
        #expect(rejected.rolledBack == [.filter])
        #expect(rejected.toolStatus == 1)
        #expect(error.description.contains("unable to initialize table 'nat'"))
    }

    @Test func theKernelRefusingOneRuleMidTableKeepsEverythingAndNamesIt() throws {
        // The fake kernel refuses the middle endpoint's DNAT: nat is refused whole.
        let refusing = FakeNetfilter { table, _, rule in
            if table == .nat, case .dnat("10.180.0.8:80") = rule.target { return "Invalid argument" }
            return nil
        }
        for table in [TableName.filter, .nat] { refusing.install(netfilter.table(table)!) }
        try refusing.ensure(Array(netfilter.nfacctCounters), in: .current)
        let before = refusing.save()
        let runner = FakeIptablesRunner(netfilter: refusing)
        let applier = RestoreApplier(
            backend: RestoreBackend(variant: .legacy, namespace: Self.namespace, runner: runner), counters: refusing,
            namespace: Self.namespace)
        let error = try #require(throws: ApplyError.self) { try applier.apply(Self.new) }
        guard case .rejected(let rejected) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(rejected.rolledBack == [.filter])
        #expect(rejected.lineText == "-A KUBE-SEP-AAAAAAAAAAAAAAA1 -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.8:80")
        #expect(error.description.contains("the nat table still holds its previous rules; already-committed tables put back: filter"))
        #expect(refusing.save() == before)
    }

    @Test func aBusyXtablesLockForTheSecondTablePutsTheFirstBack() throws {
        let message = "Another app is currently holding the xtables lock. Stopped waiting after 5s.\n"
        let error = try applyNew(faultAt: 2, .failing(status: 4, stderr: message))
        guard case .failedDuringApply(.nat, .lockBusy, [.filter]) = error else {
            Issue.record("expected the busy lock with filter put back, got \(error)")
            return
        }
        #expect(error.description.contains("the xtables lock is held by another program"))
        #expect(error.description.contains("retry when it is free"))
    }

    @Test func aToolKilledAfterItsCommitIsDetectedAndUndone() throws {
        let error = try applyNew(faultAt: 2, .killedAfterCommit)
        guard case .rejected(let rejected) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(rejected.toolStatus == 143)
        #expect(rejected.rolledBack == [.filter])
        // Committed: old filter, old nat, new filter, new nat, then nat and filter put back.
        #expect(netfilter.committed.map(\.table) == [.filter, .nat, .filter, .nat, .nat, .filter])
    }

    @Test func aToolKilledBeforeItsCommitLeavesItsTableAlone() throws {
        _ = try applyNew(faultAt: 2, .killedBeforeCommit)
        #expect(netfilter.committed.map(\.table) == [.filter, .nat, .filter, .filter])
    }

    @Test func aToolTimedOutAfterItsCommitIsUndone() throws {
        let error = try applyNew(faultAt: 2, .timedOutAfterCommit)
        guard case .failedDuringApply(.nat, .command(.timedOut), [.filter]) = error else {
            Issue.record("expected the time-out on nat with filter put back, got \(error)")
            return
        }
        #expect(error.description.contains("did not finish within 60 s and was killed\nthe nat table still holds its previous rules"))
        #expect(netfilter.committed.map(\.table) == [.filter, .nat, .filter, .nat, .nat, .filter])
    }
}
