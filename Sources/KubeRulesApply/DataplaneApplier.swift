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
}

extension DataplaneApplier {
    /// ``cleanup(family:hooks:)`` removing kube-proxy's iptables-mode jump rules.
    @discardableResult
    public func cleanup(family: IPFamily) throws(ApplyError) -> ApplyPlan {
        try cleanup(family: family, hooks: KubeProxyChains.iptablesModeHooks)
    }
}
