import KubeRules

/// Something that programs a rendered ruleset onto a host, a network namespace, or a fake of one.
///
/// Every applier keeps the same promises (ARCHITECTURE.md, "Apply, safely"): only kube-proxy's
/// chains and jump rules are touched; each table is one atomic commit; a rejected table keeps
/// its previous rules, tables committed earlier in the same apply are put back, and the error
/// names the rejected rule; `apply` then `cleanup` leaves the tables as they were.
public protocol DataplaneApplier: Sendable {
    /// What `apply` would do, computed against the current state, without changing anything.
    func plan(_ ruleset: Ruleset, jumps: [JumpRule]) throws(ApplyError) -> ApplyPlan
    /// Replaces kube-proxy's chains with `ruleset`'s and makes sure `jumps` exist; returns what
    /// it committed.
    @discardableResult
    func apply(_ ruleset: Ruleset, jumps: [JumpRule]) throws(ApplyError) -> ApplyPlan
    /// Removes every kube-proxy chain and every rule of `jumps` from `family`'s tables.
    @discardableResult
    func cleanup(family: IPFamily, jumps: [JumpRule]) throws(ApplyError) -> ApplyPlan
}

extension DataplaneApplier {
    /// ``plan(_:jumps:)`` with kube-proxy's iptables-mode jump rules for the ruleset's chains.
    public func plan(_ ruleset: Ruleset) throws(ApplyError) -> ApplyPlan {
        try plan(ruleset, jumps: KubeProxyJumpRules.needed(by: ruleset))
    }

    /// ``apply(_:jumps:)`` with kube-proxy's iptables-mode jump rules for the ruleset's chains.
    @discardableResult
    public func apply(_ ruleset: Ruleset) throws(ApplyError) -> ApplyPlan {
        try apply(ruleset, jumps: KubeProxyJumpRules.needed(by: ruleset))
    }

    /// ``cleanup(family:jumps:)`` removing kube-proxy's iptables-mode jump rules.
    @discardableResult
    public func cleanup(family: IPFamily) throws(ApplyError) -> ApplyPlan {
        try cleanup(family: family, jumps: KubeProxyJumpRules.iptablesMode)
    }
}
