import KubeRules

/// Something that programs a rendered ruleset onto a host, a network namespace, or a fake of one.
///
/// Every applier keeps the same promises (ARCHITECTURE.md, "Apply, safely"): only kube-proxy's
/// chains and jump rules are touched; each table is one atomic commit; a rejected table keeps
/// its previous rules, tables committed earlier in the same apply are put back, and the error
/// names the rejected rule; `apply` then `cleanup` leaves the tables as they were.
///
/// The jump rules from the built-in chains are the ruleset's ``Table/hooks`` (the compiler adds
/// kube-proxy's with `compile(_:hooks: true)`); each is inserted only when missing.
public protocol DataplaneApplier: Sendable {
    /// What `apply` would do, computed against the current state, without changing anything.
    func plan(_ ruleset: Ruleset) throws(ApplyError) -> ApplyPlan
    /// Replaces kube-proxy's chains with `ruleset`'s and makes sure its hooks exist; returns
    /// what it committed.
    @discardableResult
    func apply(_ ruleset: Ruleset) throws(ApplyError) -> ApplyPlan
    /// Removes every kube-proxy chain, and every one of `hooks` found in a built-in chain, from
    /// `family`'s tables.
    @discardableResult
    func cleanup(family: IPFamily, hooks: [TableName: [HookRule]]) throws(ApplyError) -> ApplyPlan
    /// ``apply(_:)``, also returning what ``revert(_:)`` needs to put the tables back: for a
    /// larger change (IPVS mode's ipsets, rules and virtual servers) whose later steps can fail
    /// after the tables were committed.
    func applyReversibly(_ ruleset: Ruleset) throws(ApplyError) -> AppliedRuleset
    /// Puts the tables `applied` committed back to their kube-proxy part as it was before (latest
    /// table first), as a rejected later table does within ``apply(_:)``.
    func revert(_ applied: AppliedRuleset) throws(ApplyError)
}

/// What ``DataplaneApplier/applyReversibly(_:)`` committed: the plan, and per committed table its
/// transaction and the table as it was before.
public struct AppliedRuleset: Hashable, Sendable {
    public var plan: ApplyPlan
    /// In commit order.
    public var committed: [CommittedTable]

    public init(plan: ApplyPlan, committed: [CommittedTable]) {
        self.plan = plan
        self.committed = committed
    }

    /// One committed table.
    public struct CommittedTable: Hashable, Sendable {
        public var transaction: TableTransaction
        public var before: Table

        public init(transaction: TableTransaction, before: Table) {
            self.transaction = transaction
            self.before = before
        }
    }
}

extension DataplaneApplier {
    /// ``cleanup(family:hooks:)`` removing kube-proxy's iptables-mode jump rules.
    @discardableResult
    public func cleanup(family: IPFamily) throws(ApplyError) -> ApplyPlan {
        try cleanup(family: family, hooks: KubeProxyChains.iptablesModeHooks)
    }
}
