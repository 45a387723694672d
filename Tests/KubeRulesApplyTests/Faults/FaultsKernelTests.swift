import Foundation
import KubeRules
import Testing
@testable import KubeRulesApply

/// Faults during apply against the real kernel, in namespaces the tests create and delete, with
/// the user's own rules loaded first: after each fault, `iptables-save` is exactly what it was
/// before the failed apply (the previous kube-proxy rules and the user's), and the error says
/// what happened. The xtables lock used is a private file (`XTABLES_LOCKFILE`), never the host's.
@Suite struct FaultsKernelTests {
    /// The previous ruleset (one service) and the new one (kube-proxy's whole-dump test).
    static let old = SampleRulesets.oneService(endpoints: ["10.180.0.1:80"])

    struct Setup {
        let namespace: ScratchNamespace
        let variant: IptablesVariant
        /// `iptables-save` with the user's rules and `old` applied.
        let before: String

        func applier(
            _ runner: any CommandRunner = ProcessCommandRunner(), lockWaitSeconds: Int = 5,
            exclusion: ApplyExclusion? = nil
        ) -> RestoreApplier {
            let backend = RestoreBackend(
                variant: variant, namespace: namespace.target, runner: runner, lockWaitSeconds: lockWaitSeconds,
                locator: RejectedRuleLocator())
            return RestoreApplier(backend: backend, counters: NetlinkNfacct(), namespace: namespace.target, exclusion: exclusion)
        }

        func save() throws -> String { try KernelFixtures.save(namespace, variant) }
    }

    static func setUp(_ variant: IptablesVariant) throws -> Setup {
        let namespace = try ScratchNamespace(purpose: "faults")
        try KernelFixtures.load(KernelFixtures.userRules, into: namespace, variant)
        let setup = Setup(namespace: namespace, variant: variant, before: "")
        try setup.applier().apply(old)
        return Setup(namespace: namespace, variant: variant, before: try setup.save())
    }

    static func privateLockFile() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kr-lock-\(UUID().uuidString)").path
    }

    @Test(arguments: IptablesVariant.allCases)
    func aMissingRestoreToolChangesNothing(variant: IptablesVariant) throws {
        try #require(KernelFixtures.unavailable(variant) == nil, Comment(rawValue: KernelFixtures.unavailable(variant) ?? ""))
        let setup = try Self.setUp(variant)
        defer { setup.namespace.delete() }
        for restore in [1, 2] {
            let runner = FaultInjectingRunner(ProcessCommandRunner(), restoreNumber: restore, fault: .renamed(to: "kr-no-such-restore"))
            let error = try #require(throws: ApplyError.self) { try setup.applier(runner).apply(KernelFixtures.kubeProxyOverall()) }
            #expect(error.description.contains("kr-no-such-restore: command not found (install it"))
            #expect(error.description.contains("still holds its previous rules"))
            #expect(try setup.save() == setup.before)
        }
    }

    @Test(arguments: IptablesVariant.allCases)
    func theKernelRefusingOneRuleMidTableKeepsThePreviousRules(variant: IptablesVariant) throws {
        try #require(KernelFixtures.unavailable(variant) == nil, Comment(rawValue: KernelFixtures.unavailable(variant) ?? ""))
        let setup = try Self.setUp(variant)
        defer { setup.namespace.delete() }
        // MASQUERADE between an endpoint chain's two rules: reachable from PREROUTING, so the
        // kernel refuses the nat table (legacy: at COMMIT; nft: that rule). filter had committed.
        var broken = try KernelFixtures.kubeProxyOverall()
        let nat = try #require(broken.tables.firstIndex { $0.name == .nat })
        let sep = try #require(broken.tables[nat].chains.firstIndex { $0.name.hasPrefix("KUBE-SEP-") && $0.rules.count == 2 })
        let chain = broken.tables[nat].chains[sep].name
        broken.tables[nat].chains[sep].rules.insert(Rule([.comment("refused mid-table")], .masquerade(randomFully: false)), at: 1)
        let error = try #require(throws: ApplyError.self) { try setup.applier().apply(broken) }
        guard case .rejected(let rejected) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(rejected.table == .nat)
        #expect(rejected.rolledBack == [.filter])
        // Both kernels refuse where the MASQUERADE becomes reachable from PREROUTING: the jump
        // into its chain (nft names that line; legacy's is found by replaying the table).
        #expect(error.description.contains("-j \(chain)\n"), "\(error)")
        #expect(error.description.contains("the nat table still holds its previous rules; already-committed tables put back: filter"))
        #expect(try setup.save() == setup.before)
    }

    /// Another program holds the xtables lock: for the whole apply (nothing is changed, after the
    /// `-w` bound), or only while nat is being restored (filter, already committed, is put back
    /// once the lock is free again).
    @Test func aHeldXtablesLockIsWaitedForWithABoundThenReported() throws {
        try #require(KernelFixtures.unavailable(.legacy) == nil, Comment(rawValue: KernelFixtures.unavailable(.legacy) ?? ""))
        let setup = try Self.setUp(.legacy)
        defer { setup.namespace.delete() }
        let lockFile = Self.privateLockFile()
        defer { try? FileManager.default.removeItem(atPath: lockFile) }
        let tools = EnvironmentRunner(base: ProcessCommandRunner(), environment: ["XTABLES_LOCKFILE": lockFile])

        do {
            let held = try XtablesLock(wait: .seconds(1), path: lockFile)
            defer { withExtendedLifetime(held) {} }
            let start = ContinuousClock.now
            let error = try #require(throws: ApplyError.self) {
                try setup.applier(tools, lockWaitSeconds: 1).apply(KernelFixtures.kubeProxyOverall())
            }
            #expect(ContinuousClock.now - start < .seconds(15))
            guard case .lockBusy = error else {
                Issue.record("expected the busy lock, got \(error)")
                return
            }
            #expect(error.description.contains("nothing was changed; retry when it is free"))
            #expect(try setup.save() == setup.before)
        }

        let holder = LockedBox<XtablesLock>()
        let duringNat = FaultInjectingRunner(
            tools, restoreNumber: 2,
            fault: .around(before: { holder.value = try? XtablesLock(wait: .seconds(1), path: lockFile) }, after: { holder.value = nil }))
        let error = try #require(throws: ApplyError.self) {
            try setup.applier(duringNat, lockWaitSeconds: 1).apply(KernelFixtures.kubeProxyOverall())
        }
        guard case .failedDuringApply(.nat, .lockBusy, [.filter]) = error else {
            Issue.record("expected the busy lock on nat with filter put back, got \(error)")
            return
        }
        #expect(try setup.save() == setup.before)
        // Free again: the same apply goes through.
        try setup.applier(tools).apply(KernelFixtures.kubeProxyOverall())
        #expect(try setup.save() != setup.before)
    }

    /// Two applies of different rulesets started together, three times: with the apply lock the
    /// tables always end up exactly as one of them alone leaves them — never a mix, never a
    /// duplicated jump rule — and the user's rules stay.
    @Test(arguments: IptablesVariant.allCases)
    func racingAppliesNeverMix(variant: IptablesVariant) throws {
        try #require(KernelFixtures.unavailable(variant) == nil, Comment(rawValue: KernelFixtures.unavailable(variant) ?? ""))
        let a = try KernelFixtures.kubeProxyOverall()
        let b = SampleRulesets.oneService(endpoints: ["10.180.0.3:80", "10.180.0.4:80"])
        var alone: [String] = []
        for ruleset in [a, b] {
            let reference = try Self.setUp(variant)
            defer { reference.namespace.delete() }
            try reference.applier().apply(ruleset)
            alone.append(try reference.save())
        }
        let setup = try Self.setUp(variant)
        defer { setup.namespace.delete() }
        let lockFile = Self.privateLockFile()
        defer { try? FileManager.default.removeItem(atPath: lockFile) }
        let exclusion = ApplyExclusion(path: lockFile, wait: .seconds(60))
        for round in 1...3 {
            let errors = LockedBox<[String: String]>()
            let group = DispatchGroup()
            for (name, ruleset) in [("A", a), ("B", b)] {
                group.enter()
                Thread.detachNewThread {
                    do { try setup.applier(exclusion: exclusion).apply(ruleset) } catch {
                        errors.update { $0[name] = "\(error)" }
                    }
                    group.leave()
                }
            }
            #expect(group.wait(timeout: .now() + 120) == .success)
            #expect(errors.value == nil, "round \(round): \(errors.value ?? [:])")
            let after = try setup.save()
            #expect(alone.contains(after), "round \(round): the tables are neither A's nor B's:\n\(after)")
        }
    }

    /// A real `kuberules apply` process gets SIGTERM while its first table's restore is waiting
    /// for the (private) xtables lock; the lock is then freed so that table commits. The signal
    /// was deferred: the apply stops before the next table, puts the first back, and says so.
    @Test func sigtermToARealApplyLeavesThePreviousRules() throws {
        try #require(KernelFixtures.unavailable(.legacy) == nil, Comment(rawValue: KernelFixtures.unavailable(.legacy) ?? ""))
        let binary = try #require(
            Bundle.main.executableURL.map { $0.deletingLastPathComponent().appendingPathComponent("kuberules") }
                .flatMap { FileManager.default.isExecutableFile(atPath: $0.path) ? $0 : nil },
            "the kuberules executable is not built next to the tests (make test builds it first)")
        let setup = try Self.setUp(.legacy)
        defer { setup.namespace.delete() }
        let lockFile = Self.privateLockFile()
        defer { try? FileManager.default.removeItem(atPath: lockFile) }
        var held: XtablesLock? = try XtablesLock(wait: .seconds(1), path: lockFile)

        let process = Process()
        process.executableURL = binary
        process.arguments = [
            "apply", KernelFixtures.repository.appendingPathComponent("fixtures/lab/manifests.yaml").path,
            "--hostname-override", "node-a", "--cluster-cidr", "10.180.0.0/16", "--netns", setup.namespace.name,
            "--iptables", "legacy",
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["XTABLES_LOCKFILE"] = lockFile
        environment["KUBERULES_LOCKFILE"] = lockFile + ".apply"
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // Wait (bounded) until its first iptables-restore is blocked on the lock.
        let deadline = Date().addingTimeInterval(20)
        while !Self.restoreIsRunning(lockFile: lockFile), Date() < deadline, process.isRunning { usleep(20_000) }
        try #require(Self.restoreIsRunning(lockFile: lockFile), "the apply never reached its first restore")
        kill(process.processIdentifier, SIGTERM)
        usleep(200_000)
        held = nil
        _ = held
        let end = Date().addingTimeInterval(60)
        while process.isRunning, Date() < end { usleep(20_000) }
        try #require(!process.isRunning, "kuberules apply did not finish within 60 s")
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit && process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.contains("interrupted by SIGTERM while committing the tables; every table holds its previous rules (already-committed tables put back: filter)"), "\(stderr)")
        #expect(try setup.save() == setup.before)
    }

    /// Whether an `iptables-legacy-restore` runs with `lockFile` as its xtables lock (its
    /// environment says so; `ip netns exec` replaces itself with the tool, so the command line no
    /// longer names the namespace).
    static func restoreIsRunning(lockFile: String) -> Bool {
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return processes.contains { pid in
            guard pid.allSatisfy(\.isNumber),
                let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
            else { return false }
            let words = command.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            let variables = environment.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return words.first?.hasSuffix("iptables-legacy-restore") == true && variables.contains("XTABLES_LOCKFILE=\(lockFile)")
        }
    }
}
