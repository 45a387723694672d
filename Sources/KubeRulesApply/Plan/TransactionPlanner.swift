import KubeRules

/// Turns "what the table holds now" and "what kube-proxy's part of it should hold" into the one
/// `--noflush` restore that gets there, touching only kube-proxy's chains and jump rules.
///
/// It mirrors kube-proxy's full sync (`syncProxyRules` in `pkg/proxy/iptables/proxier.go`):
/// every chain of the new ruleset is declared (created or flushed) and refilled; per-service
/// chains present in the table but absent from the ruleset are flushed and deleted (`-X`);
/// fixed chains that are not rewritten are left alone; the jump rules from the built-in chains
/// (the ruleset's ``Table/hooks``) are inserted only when missing, in the order kube-proxy's
/// `EnsureRule(Prepend, …)` calls insert them.
public enum TransactionPlanner {
    /// The transaction that makes `current` hold `desired`'s chains and hooks.
    public static func apply(desired: Table, current: Table, family: IPFamily) throws(ApplyError) -> TableTransaction {
        let table = desired.name
        for chain in desired.chains {
            guard !chain.isBuiltin, !table.builtinChains.contains(chain.name) else {
                throw .invalidRuleset("table \(table.rawValue) declares built-in chain \(chain.name); kuberules only writes kube-proxy's chains and inserts its jump rules")
            }
            guard KubeProxyChains.isOwned(chain.name) else {
                throw .invalidRuleset("table \(table.rawValue) declares chain \(chain.name), which is not one of kube-proxy's chains; kuberules never touches other chains")
            }
        }
        for hook in desired.hooks {
            guard table.builtinChains.contains(hook.chain), let target = hook.rule.target.jumpedChain,
                KubeProxyChains.isOwned(target)
            else {
                throw .invalidRuleset("hook rule in \(table.rawValue) \(hook.chain) is not a jump from a built-in chain to one of kube-proxy's chains")
            }
        }
        let desiredNames = Set(desired.chains.map(\.name))
        let currentNames = Set(current.chains.map(\.name))
        for hook in desired.hooks {
            let target = hook.rule.target.jumpedChain ?? ""
            guard desiredNames.contains(target) || currentNames.contains(target) else {
                throw .invalidRuleset("the jump rule in \(table.rawValue) \(hook.chain) goes to \(target), which the ruleset does not declare (compile with hooks, which declares every chain they reach)")
            }
        }
        var stale = current.chains.map(\.name).filter { KubeProxyChains.isServiceChain($0) && !desiredNames.contains($0) }
        // A ruleset may also name chains to delete (kube-proxy's `-X` lines), when they exist.
        for name in desired.deletedChains where currentNames.contains(name) && !stale.contains(name) && !desiredNames.contains(name) {
            guard KubeProxyChains.isOwned(name) else {
                throw .invalidRuleset("table \(table.rawValue) deletes chain \(name), which is not one of kube-proxy's chains")
            }
            stale.append(name)
        }
        try checkUnreferenced(Set(stale), in: current, except: desiredNames.union(stale))

        var operations: [RestoreOperation] = desired.chains.map { .declareChain($0.name) }
        operations += stale.map { .declareChain($0) }
        operations += missingHooks(desired.hooks, in: current)
        for chain in desired.chains {
            operations += chain.rules.map { .append(chain: chain.name, rule: $0) }
        }
        operations += stale.map { .deleteChain($0) }
        return TableTransaction(family: family, table: table, operations: operations)
    }

    /// `-I` (or, for a hook without position, `-A`) for each hook not in its chain yet. Per chain,
    /// hooks go in from the highest position down, as kube-proxy's successive prepends do, so the
    /// chain ends up with them in position order above the user's own rules.
    static func missingHooks(_ hooks: [HookRule], in current: Table) -> [RestoreOperation] {
        var operations: [RestoreOperation] = []
        for chain in current.name.builtinChains {
            let existing = current[chain: chain]?.rules ?? []
            let wanted = hooks.filter { $0.chain == chain }
            let prepended = wanted.filter { $0.position != nil }.sorted { $0.position! > $1.position! }
            for hook in prepended where !existing.contains(hook.rule) {
                operations.append(.insert(chain: chain, rule: hook.rule))
            }
            for hook in wanted where hook.position == nil && !existing.contains(hook.rule) {
                operations.append(.append(chain: chain, rule: hook.rule))
            }
        }
        return operations
    }

    /// The transaction that removes every kube-proxy chain of `current` and every rule of `hooks`
    /// found in its built-in chains (each occurrence), leaving all other rules and chains as they are.
    public static func cleanup(current: Table, hooks: [HookRule], family: IPFamily) throws(ApplyError) -> TableTransaction {
        let builtins = Set(current.name.builtinChains)
        let owned = current.chains.map(\.name).filter { !builtins.contains($0) && KubeProxyChains.isOwned($0) }
        var deletions: [RestoreOperation] = []
        var remaining = current
        for index in remaining.chains.indices where builtins.contains(remaining.chains[index].name) {
            let chain = remaining.chains[index].name
            let known = Set(hooks.filter { $0.chain == chain }.map(\.rule))
            let ours = remaining.chains[index].rules.filter { known.contains($0) }
            deletions += ours.map { .delete(chain: chain, rule: $0) }
            remaining.chains[index].rules.removeAll { known.contains($0) }
        }
        // A remaining reference (a user's own jump into KUBE-SERVICES, say) would make `-X` fail.
        try checkUnreferenced(Set(owned), in: remaining, except: Set(owned))

        let operations = owned.map { RestoreOperation.declareChain($0) } + deletions + owned.map { .deleteChain($0) }
        return TableTransaction(family: family, table: current.name, operations: operations)
    }

    /// The transaction that undoes `transaction` (an ``apply(desired:current:family:)`` result,
    /// already committed) and returns the table to `before`'s kube-proxy part.
    public static func rollback(of transaction: TableTransaction, before: Table) -> TableTransaction {
        var declares: [RestoreOperation] = []
        var removals: [RestoreOperation] = []
        var appends: [RestoreOperation] = []
        var deletes: [RestoreOperation] = []
        let builtins = Set(before.name.builtinChains)
        for chain in transaction.declaredChains {
            declares.append(.declareChain(chain))
            if let previous = before[chain: chain] {
                appends += previous.rules.map { .append(chain: chain, rule: $0) }
            } else {
                deletes.append(.deleteChain(chain))
            }
        }
        for operation in transaction.operations {
            switch operation {
            case .insert(let chain, let rule): removals.append(.delete(chain: chain, rule: rule))
            case .append(let chain, let rule) where builtins.contains(chain): removals.append(.delete(chain: chain, rule: rule))
            default: break
            }
        }
        return TableTransaction(
            family: transaction.family, table: transaction.table, operations: declares + removals + appends + deletes)
    }

    /// Throws if a rule outside `except` jumps to one of `chains`.
    private static func checkUnreferenced(_ chains: Set<String>, in table: Table, except: Set<String>) throws(ApplyError) {
        guard !chains.isEmpty else { return }
        for chain in table.chains where !except.contains(chain.name) {
            for rule in chain.rules {
                if let target = rule.target.jumpedChain, chains.contains(target) {
                    throw .chainInUse(
                        table: table.name, chain: target, referencedBy: IptablesRenderer.ruleText(chain: chain.name, rule))
                }
            }
        }
    }
}
