import KubeRules

/// The one apply algorithm, over any ``TableBackend``:
///
/// 1. read each table of the ruleset and plan its transaction (``TransactionPlanner``);
/// 2. create the nfacct counters the rules use (the kernel refuses the rules otherwise);
/// 3. commit the tables one by one, in the ruleset's order (kube-proxy's: filter, then nat);
/// 4. if a table is rejected, put back the tables committed before it and report the rejection.
///
/// What is guaranteed: each table changes atomically (the kernel swaps it whole), so it holds
/// either its old or its new rules, never a mix. Across tables, a rejection is undone by rollback;
/// only a crash between two commits can leave filter new and nat old — each still consistent on its
/// own (no jumps cross tables), and the next apply converges.
public struct RulesetApplier<Backend: TableBackend>: DataplaneApplier {
    public let backend: Backend
    public let counters: any NfacctCounters
    public let namespace: NetworkNamespaceTarget

    public init(backend: Backend, counters: any NfacctCounters, namespace: NetworkNamespaceTarget = .current) {
        self.backend = backend
        self.counters = counters
        self.namespace = namespace
    }

    public func plan(_ ruleset: Ruleset) throws(ApplyError) -> ApplyPlan {
        try planWithState(ruleset).plan
    }

    @discardableResult
    public func apply(_ ruleset: Ruleset) throws(ApplyError) -> ApplyPlan {
        try applyReversibly(ruleset).plan
    }

    public func applyReversibly(_ ruleset: Ruleset) throws(ApplyError) -> AppliedRuleset {
        let (plan, before) = try planWithState(ruleset)
        try counters.ensure(plan.nfacctCounters, in: namespace)
        var committed: [(TableTransaction, Table)] = []
        for transaction in plan.transactions where !transaction.isEmpty {
            do {
                try backend.commit(transaction)
            } catch {
                throw rollingBack(committed, after: error)
            }
            committed.append((transaction, before[transaction.table] ?? .empty(transaction.table)))
        }
        return AppliedRuleset(
            plan: plan, committed: committed.map { AppliedRuleset.CommittedTable(transaction: $0.0, before: $0.1) })
    }

    public func revert(_ applied: AppliedRuleset) throws(ApplyError) {
        for table in applied.committed.reversed() {
            try backend.commit(TransactionPlanner.rollback(of: table.transaction, before: table.before))
        }
    }

    @discardableResult
    public func cleanup(family: IPFamily, hooks: [TableName: [HookRule]]) throws(ApplyError) -> ApplyPlan {
        let present = Set(try backend.existingTables(family: family))
        var transactions: [TableTransaction] = []
        // nat first: its chains are the ones traffic depends on; filter's only filter.
        for table in [TableName.nat, .filter, .mangle, .raw] where present.contains(table) {
            let current = try backend.read(table, family: family)
            transactions.append(try TransactionPlanner.cleanup(current: current, hooks: hooks[table] ?? [], family: family))
        }
        for transaction in transactions where !transaction.isEmpty {
            try backend.commit(transaction)
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

    /// Puts back `committed` tables (latest first) and returns the error to report.
    private func rollingBack(_ committed: [(TableTransaction, Table)], after error: ApplyError) -> ApplyError {
        var restored: [TableName] = []
        for (transaction, before) in committed.reversed() {
            do {
                try backend.commit(TransactionPlanner.rollback(of: transaction, before: before))
                restored.append(transaction.table)
            } catch let rollbackError {
                return .rollbackFailed(original: error, rollback: rollbackError)
            }
        }
        guard case .rejected(var rejected) = error else { return error }
        rejected.rolledBack = restored
        return .rejected(rejected)
    }
}
