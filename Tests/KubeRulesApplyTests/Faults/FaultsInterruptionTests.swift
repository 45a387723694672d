import Foundation
import KubeRules
import Testing
@testable import KubeRulesApply

/// A termination signal during the commits, and a second apply racing the first, against the
/// in-memory netfilter behind the real restore backend. Signals are simulated here (they are
/// process-wide, and other tests apply side by side); FaultsKernelTests sends a real SIGTERM to a
/// real `kuberules apply` process.
@Suite struct FaultsInterruptionTests {
    let netfilter = FakeNetfilter()
    static let namespace = NetworkNamespaceTarget.named("kr-faults")

    init() throws {
        for table in SampleRulesets.userTables() { netfilter.install(table) }
        try applier(FakeIptablesRunner(netfilter: netfilter)).apply(FaultsFakeTests.old)
    }

    func applier(
        _ runner: any CommandRunner, exclusion: ApplyExclusion? = nil, termination: TerminationDeferral = .process
    ) -> RestoreApplier {
        RestoreApplier(
            backend: RestoreBackend(variant: .legacy, namespace: Self.namespace, runner: runner),
            counters: netfilter, namespace: Self.namespace, exclusion: exclusion, termination: termination)
    }

    @Test(arguments: [1, 2])
    func aSignalDuringTheCommitsPutsEveryCommittedTableBack(restore: Int) throws {
        let before = netfilter.save()
        let signals = SimulatedSignals()
        let runner = FaultInjectingRunner(
            FakeIptablesRunner(netfilter: netfilter), restoreNumber: restore,
            fault: .around(before: { signals.send("SIGTERM") }, after: {}))
        let error = try #require(throws: ApplyError.self) {
            try applier(runner, termination: .simulated(signals)).apply(FaultsFakeTests.new)
        }
        // During filter's commit: filter lands, nat is never started, filter goes back. During
        // nat's (the last): both land, then both go back — the apply had not returned yet.
        let expected: [TableName] = restore == 1 ? [.filter] : [.nat, .filter]
        #expect(error == .interrupted(signal: "SIGTERM", rolledBack: expected))
        #expect(error.description.hasPrefix("interrupted by SIGTERM while committing the tables; every table holds its previous rules"))
        #expect(netfilter.save() == before)
        #expect(runner.restoreCount == (restore == 1 ? 2 : 4))
    }

    /// The real deferral catches SIGTERM while committing (other tests in this process may be
    /// applying at the same time, so only the "during" side is checked here; the kernel test runs
    /// a real `kuberules apply` process and signals it).
    @Test func realHandlersAreInstalledDuringTheCommits() throws {
        @Sendable func handler(_ signal: Int32) -> UInt {
            var current = sigaction()
            sigaction(signal, nil, &current)
            return unsafeBitCast(current.__sigaction_handler.sa_handler, to: UInt.self)
        }
        let during = LockedBox<[UInt]>()
        let runner = FaultInjectingRunner(
            FakeIptablesRunner(netfilter: netfilter), restoreNumber: 1,
            fault: .around(before: { during.value = TerminationDeferral.signals.map(handler) }, after: {}))
        try applier(runner).apply(FaultsFakeTests.new)
        let defaultOrIgnore = [unsafeBitCast(SIG_DFL, to: UInt.self), unsafeBitCast(SIG_IGN, to: UInt.self)]
        #expect(during.value?.count == 3)
        for value in during.value ?? [] { #expect(!defaultOrIgnore.contains(value)) }
    }

    /// Apply A reads the tables, then stalls before its first commit while apply B runs; with the
    /// apply lock B waits for A and then applies against what A left, so the end state is B's
    /// ruleset exactly, every jump rule once.
    @Test func aSecondApplyWaitsForTheFirst() throws {
        let lockFile = FileManager.default.temporaryDirectory.appendingPathComponent("kr-apply-\(UUID().uuidString).lock").path
        defer { try? FileManager.default.removeItem(atPath: lockFile) }
        let final = try race(exclusion: ApplyExclusion(path: lockFile, wait: .seconds(20)))
        let reference = FakeNetfilter()
        for table in SampleRulesets.userTables() { reference.install(table) }
        try RulesetApplier(fake: reference).apply(Self.rulesetB)
        #expect(final == reference.save())
    }

    /// The same interleaving without the lock: B's jump rules are inserted again by A, which
    /// planned against the tables before B — the duplicate the lock exists to prevent.
    @Test func withoutTheApplyLockTheSameInterleavingDuplicatesJumpRules() throws {
        let final = try race(exclusion: nil)
        let jumps = final.split(separator: "\n").filter { $0 == "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES" }
        #expect(jumps.count == 2)
    }

    @Test func aHeldApplyLockIsReportedAfterItsWaitAndChangesNothing() throws {
        let lockFile = FileManager.default.temporaryDirectory.appendingPathComponent("kr-apply-\(UUID().uuidString).lock").path
        defer { try? FileManager.default.removeItem(atPath: lockFile) }
        let exclusion = ApplyExclusion(path: lockFile, wait: .milliseconds(300))
        let held = try exclusion.acquire()
        defer { withExtendedLifetime(held) {} }
        let before = netfilter.save()
        let start = ContinuousClock.now
        let error = try #require(throws: ApplyError.self) {
            try applier(FakeIptablesRunner(netfilter: netfilter), exclusion: exclusion).apply(FaultsFakeTests.new)
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(error == .anotherApply(lockFile: lockFile, waitedSeconds: 0))
        #expect(error.description.contains("nothing was changed; retry when it has finished"))
        #expect(netfilter.save() == before)
    }

    static let rulesetA = SampleRulesets.oneService(endpoints: ["10.180.0.2:80"])
    static let rulesetB = SampleRulesets.oneService(endpoints: ["10.180.0.3:80", "10.180.0.4:80"])

    /// Starts A on a thread over a fresh netfilter (user tables only); A's first restore waits
    /// (at most 2 s) for B, which starts once A has read the tables. Returns the final tables.
    func race(exclusion: ApplyExclusion?) throws -> String {
        let fresh = FakeNetfilter()
        for table in SampleRulesets.userTables() { fresh.install(table) }
        let aHasRead = DispatchSemaphore(value: 0)
        let bDone = DispatchSemaphore(value: 0)
        let gate = FaultInjectingRunner(
            FakeIptablesRunner(netfilter: fresh), restoreNumber: 1,
            fault: .around(before: { aHasRead.signal(); _ = bDone.wait(timeout: .now() + 2) }, after: {}))
        @Sendable func applier(_ runner: any CommandRunner) -> RestoreApplier {
            RestoreApplier(
                backend: RestoreBackend(variant: .legacy, namespace: Self.namespace, runner: runner), counters: fresh,
                namespace: Self.namespace, exclusion: exclusion)
        }
        let results = LockedBox<[String: String]>()
        let group = DispatchGroup()
        group.enter()
        Thread.detachNewThread {
            do { try applier(gate).apply(Self.rulesetA) } catch { results.update { $0["A", default: ""] += "\(error)" } }
            group.leave()
        }
        #expect(aHasRead.wait(timeout: .now() + 10) == .success)
        group.enter()
        Thread.detachNewThread {
            do { try applier(FakeIptablesRunner(netfilter: fresh)).apply(Self.rulesetB) } catch {
                results.update { $0["B", default: ""] += "\(error)" }
            }
            bDone.signal()
            group.leave()
        }
        #expect(group.wait(timeout: .now() + 30) == .success)
        #expect(results.value == nil, "\(results.value ?? [:])")
        return fresh.save()
    }
}

/// A value shared between threads of a test.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }

    func update(_ change: (inout Value) -> Void) where Value: ExpressibleByDictionaryLiteral {
        lock.withLock {
            var current = stored ?? [:]
            change(&current)
            stored = current
        }
    }
}
