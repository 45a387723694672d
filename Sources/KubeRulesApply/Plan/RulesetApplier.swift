import KubeRules

/// The one apply algorithm, over any ``TableBackend``:
///
/// 1. take the apply lock (``ApplyExclusion``), so no other kuberules apply interleaves;
/// 2. read each table of the ruleset and plan its transaction (``TransactionPlanner``);
/// 3. create the nfacct counters the rules use (the kernel refuses the rules otherwise);
/// 4. commit the tables one by one, in the ruleset's order (kube-proxy's: filter, then nat), with
///    SIGTERM/SIGINT/SIGHUP deferred (``TerminationDeferral``);
/// 5. if a table fails, or a signal arrives, put back the tables committed before it and report.
///
/// What is guaranteed: each table changes atomically (the kernel swaps it whole), so it holds
/// either its old or its new rules, never a mix; across tables, a failure or a deferred signal is
/// undone by rollback, so the apply leaves all of the new ruleset or all of the old — unless the
/// rollback itself fails, which ``ApplyError/rollbackFailed(original:rollback:)`` says loudly. Only
/// SIGKILL (or a crash) between two commits can leave filter new and nat old — each still
/// consistent on its own (no jumps cross tables) — and the next apply converges.
public struct RulesetApplier<Backend: TableBackend>: DataplaneApplier {
    public let backend: Backend
    public let counters: any NfacctCounters
    public let namespace: NetworkNamespaceTarget
    /// The lock held from the first read to the last commit; nil: none (a private fake).
    public let exclusion: ApplyExclusion?
    /// How termination signals are deferred during the commits (real handlers by default).
    public let termination: TerminationDeferral

    public init(
        backend: Backend, counters: any NfacctCounters, namespace: NetworkNamespaceTarget = .current,
        exclusion: ApplyExclusion? = nil, termination: TerminationDeferral = .process
    ) {
        self.backend = backend
        self.counters = counters
        self.namespace = namespace
        self.exclusion = exclusion
        self.termination = termination
    }

    public func plan(_ ruleset: Ruleset) throws(ApplyError) -> ApplyPlan {
        try planWithState(ruleset).plan
    }

    @discardableResult
    public func apply(_ ruleset: Ruleset) throws(ApplyError) -> ApplyPlan {
        let held = try exclusion?.acquire()
        defer { withExtendedLifetime(held) {} }
        return try applyReversibly(ruleset).plan
    }

    /// ``apply(_:)`` without taking the apply lock (``exclusion``): a caller that runs several
    /// steps (IPVS mode's ipsets, rules and virtual servers) holds the lock around all of them.
    public func applyReversibly(_ ruleset: Ruleset) throws(ApplyError) -> AppliedRuleset {
        let (plan, before) = try planWithState(ruleset)
        try counters.ensure(plan.nfacctCounters, in: namespace)
        return try termination.run { (interrupted) throws(ApplyError) -> AppliedRuleset in
            var committed: [(TableTransaction, Table)] = []
            for transaction in plan.transactions where !transaction.isEmpty {
                let previous = before[transaction.table] ?? .empty(transaction.table)
                if let signal = interrupted() {
                    throw rollingBack(committed, after: .interrupted(signal: signal, rolledBack: []))
                }
                do throws(ApplyError) {
                    try backend.commit(transaction)
                } catch {
                    // A tool killed by a signal or by its time bound may have died after its
                    // commit: then this table holds the new rules and is put back too.
                    var undo = committed
                    if Self.outcomeUncertain(error), changed(transaction.table, since: previous, family: plan.family) {
                        undo.append((transaction, previous))
                    }
                    let reported: ApplyError = interrupted().map { .interrupted(signal: $0, rolledBack: []) } ?? error
                    throw rollingBack(undo, after: reported, failedTable: transaction.table)
                }
                committed.append((transaction, previous))
            }
            // A signal during the last commit: the caller asked to stop before apply returned.
            if let signal = interrupted() {
                throw rollingBack(committed, after: .interrupted(signal: signal, rolledBack: []))
            }
            return AppliedRuleset(
                plan: plan, committed: committed.map { AppliedRuleset.CommittedTable(transaction: $0.0, before: $0.1) })
        }
    }

    public func revert(_ applied: AppliedRuleset) throws(ApplyError) {
        for table in applied.committed.reversed() {
            try backend.commit(TransactionPlanner.rollback(of: table.transaction, before: table.before))
        }
    }

    /// Cleanup commits nat, then filter, with signals deferred so it is not stopped half-way (it
    /// only removes, so finishing is what any interruption would want next anyway).
    @discardableResult
    public func cleanup(family: IPFamily, hooks: [TableName: [HookRule]]) throws(ApplyError) -> ApplyPlan {
        let held = try exclusion?.acquire()
        defer { withExtendedLifetime(held) {} }
        let present = Set(try backend.existingTables(family: family))
        var transactions: [TableTransaction] = []
        // nat first: its chains are the ones traffic depends on; filter's only filter.
        for table in [TableName.nat, .filter, .mangle, .raw] where present.contains(table) {
            let current = try backend.read(table, family: family)
            transactions.append(try TransactionPlanner.cleanup(current: current, hooks: hooks[table] ?? [], family: family))
        }
        try termination.run { (_) throws(ApplyError) in
            for transaction in transactions where !transaction.isEmpty {
                try backend.commit(transaction)
            }
        }
        try counters.remove(KubeProxyNfacctCounters.all, in: namespace)
        return ApplyPlan(family: family, transactions: transactions)
    }

    private func planWithState(_ ruleset: Ruleset) throws(ApplyError) -> (plan: ApplyPlan, before: [TableName: Table]) {
        // A ruleset the kernel or iptables-restore would refuse (or misread: a newline inside a
        // word) is refused before anything is read or changed.
        let limits = RulesetLimits.problems(ruleset)
        guard limits.isEmpty else {
            throw .invalidRuleset(limits.map(\.headline).joined(separator: "\n"))
        }
        var before: [TableName: Table] = [:]
        var transactions: [TableTransaction] = []
        var seen = Set<TableName>()
        for desired in ruleset.tables {
            guard seen.insert(desired.name).inserted else {
                throw .invalidRuleset("table \(desired.name.rawValue) appears twice")
            }
            let current = try backend.read(desired.name, family: ruleset.family)
            before[desired.name] = current
            transactions.append(
                try TransactionPlanner.apply(desired: desired, current: current, family: ruleset.family))
        }
        let counters = KubeProxyNfacctCounters.used(by: ruleset)
        return (ApplyPlan(family: ruleset.family, transactions: transactions, nfacctCounters: counters), before)
    }

    /// Puts back `committed` tables (latest first) and returns the error to report: `error` with
    /// the tables put back recorded in it — a refusal or an interruption says so itself; any other
    /// failure of `failedTable`'s commit is wrapped in
    /// ``ApplyError/failedDuringApply(table:cause:rolledBack:)``, which states what the tables hold.
    private func rollingBack(
        _ committed: [(TableTransaction, Table)], after error: ApplyError, failedTable: TableName? = nil
    ) -> ApplyError {
        var restored: [TableName] = []
        for (transaction, before) in committed.reversed() {
            do {
                try backend.commit(TransactionPlanner.rollback(of: transaction, before: before))
                restored.append(transaction.table)
            } catch let rollbackError {
                return .rollbackFailed(original: error, rollback: rollbackError)
            }
        }
        switch error {
        case .rejected(var rejected):
            rejected.rolledBack = restored.filter { $0 != rejected.table }
            return .rejected(rejected)
        case .interrupted(let signal, _):
            return .interrupted(signal: signal, rolledBack: restored)
        case .lockBusy where restored.isEmpty:
            // Its own message already says nothing was changed.
            return error
        default:
            guard let failedTable else { return error }
            return .failedDuringApply(table: failedTable, cause: error, rolledBack: restored.filter { $0 != failedTable })
        }
    }

    /// Whether a failed commit might still have been applied: the tool was killed (by its time
    /// bound, or by a signal — exit status 128 and above) rather than refusing.
    static func outcomeUncertain(_ error: ApplyError) -> Bool {
        switch error {
        case .command(.timedOut): return true
        case .rejected(let rejected): return (rejected.toolStatus ?? 0) >= 128
        default: return false
        }
    }

    /// Whether kube-proxy's part of `table` now differs from `previous` (read again; a table that
    /// cannot be read is taken as unchanged, as the failed commit most likely left it).
    private func changed(_ table: TableName, since previous: Table, family: IPFamily) -> Bool {
        guard let now = try? backend.read(table, family: family) else { return false }
        func owned(_ table: Table) -> [Chain] {
            table.chains.filter { KubeProxyChains.isOwned($0.name) || table.name.builtinChains.contains($0.name) }
                .map { Chain(name: $0.name, policy: $0.policy, rules: $0.rules) }
        }
        return owned(now) != owned(previous)
    }
}
