import KubeRules

/// Turns "what the table holds now" and "what kube-proxy's part of it should hold" into the one
/// `--noflush` restore that gets there, touching only kube-proxy's chains and jump rules.
///
/// It mirrors kube-proxy's full sync (`syncProxyRules` in `pkg/proxy/iptables/proxier.go`):
/// every chain of the new ruleset is declared (created or flushed) and refilled; per-service
/// chains present in the table but absent from the ruleset are flushed and deleted (`-X`);
/// fixed chains that are not rewritten are left alone; the jump rules from the built-in chains are
/// inserted only when missing.
public enum TransactionPlanner {
    /// The transaction that makes `current` hold `desired`'s chains and `jumps`.
    public static func apply(
        desired: Table, current: Table, jumps: [JumpRule], family: IPFamily
    ) throws(ApplyError) -> TableTransaction {
        let table = desired.name
        for chain in desired.chains {
            guard !chain.isBuiltin, !table.builtinChains.contains(chain.name) else {
                throw .invalidRuleset("table \(table.rawValue) declares built-in chain \(chain.name); kuberules only writes kube-proxy's chains and inserts its jump rules")
            }
            guard KubeProxyChains.isOwned(chain.name) else {
                throw .invalidRuleset("table \(table.rawValue) declares chain \(chain.name), which is not one of kube-proxy's chains; kuberules never touches other chains")
            }
        }
        let desiredNames = Set(desired.chains.map(\.name))
        let stale = current.chains.map(\.name).filter { KubeProxyChains.isServiceChain($0) && !desiredNames.contains($0) }
        let rewritten = desiredNames.union(stale)
        try checkUnreferenced(Set(stale), in: current, except: rewritten)

        var operations: [RestoreOperation] = desired.chains.map { .declareChain($0.name) }
        operations += stale.map { .declareChain($0) }
        for jump in jumps where jump.table == table {
            let present = current[chain: jump.chain]?.rules.contains(jump.rule) ?? false
            if !present { operations.append(.insert(chain: jump.chain, rule: jump.rule)) }
        }
        for chain in desired.chains {
            operations += chain.rules.map { .append(chain: chain.name, rule: $0) }
        }
        operations += stale.map { .deleteChain($0) }
        return TableTransaction(family: family, table: table, operations: operations)
    }

    /// The transaction that removes every kube-proxy chain of `current` and every rule of `jumps`
    /// found in its built-in chains (each occurrence), leaving all other rules and chains as they are.
    public static func cleanup(current: Table, jumps: [JumpRule], family: IPFamily) throws(ApplyError) -> TableTransaction {
        let owned = current.chains.map(\.name).filter { !current.name.builtinChains.contains($0) && KubeProxyChains.isOwned($0) }
        var deletions: [RestoreOperation] = []
        var removedJumps: [String: [Rule]] = [:]
        for chain in current.chains where current.name.builtinChains.contains(chain.name) {
            for rule in chain.rules where jumps.contains(where: { $0.table == current.name && $0.chain == chain.name && $0.rule == rule }) {
                deletions.append(.delete(chain: chain.name, rule: rule))
                removedJumps[chain.name, default: []].append(rule)
            }
        }
        // A remaining reference (a user's own jump into KUBE-SERVICES, say) would make `-X` fail.
        var remaining = current
        for index in remaining.chains.indices {
            for rule in removedJumps[remaining.chains[index].name] ?? [] {
                if let position = remaining.chains[index].rules.firstIndex(of: rule) {
                    remaining.chains[index].rules.remove(at: position)
                }
            }
        }
        try checkUnreferenced(Set(owned), in: remaining, except: Set(owned))

        let operations = owned.map { RestoreOperation.declareChain($0) } + deletions + owned.map { .deleteChain($0) }
        return TableTransaction(family: family, table: current.name, operations: operations)
    }

    /// The transaction that undoes `transaction` (an ``apply(desired:current:jumps:family:)``
    /// result, already committed) and returns the table to `before`'s kube-proxy part.
    public static func rollback(of transaction: TableTransaction, before: Table) -> TableTransaction {
        var declares: [RestoreOperation] = []
        var removals: [RestoreOperation] = []
        var appends: [RestoreOperation] = []
        var deletes: [RestoreOperation] = []
        for chain in transaction.declaredChains {
            declares.append(.declareChain(chain))
            if let previous = before[chain: chain] {
                appends += previous.rules.map { .append(chain: chain, rule: $0) }
            } else {
                deletes.append(.deleteChain(chain))
            }
        }
        for case .insert(let chain, let rule) in transaction.operations {
            removals.append(.delete(chain: chain, rule: rule))
        }
        return TableTransaction(
            family: transaction.family, table: transaction.table, operations: declares + removals + appends + deletes)
    }

    /// Throws if a rule outside `except` jumps to one of `chains`.
    private static func checkUnreferenced(_ chains: Set<String>, in table: Table, except: Set<String>) throws(ApplyError) {
        guard !chains.isEmpty else { return }
        for chain in table.chains where !except.contains(chain.name) {
            for rule in chain.rules {
                if case .jump(let target) = rule.target, chains.contains(target) {
                    throw .chainInUse(table: table.name, chain: target, referencedBy: "-A \(chain.name) … -j \(target)")
                }
            }
        }
    }
}
