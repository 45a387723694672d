import KubeRules

/// The rules the kernel and iptables-restore enforce, as ``FakeNetfilter`` applies them.
enum FakeKernelChecks {
    /// `XT_EXTENSION_MAXNAMELEN` (29) minus the terminating NUL.
    static let maximumChainNameLength = 28

    /// Standard verdicts are not chains; everything else after `-j` that is not a chain is a target.
    static let standardTargets: Set<String> = ["ACCEPT", "DROP", "RETURN", "QUEUE"]

    /// Applies one operation to `table`; returns the error message if the tool would refuse it.
    static func step(
        _ operation: RestoreOperation, on table: inout Table,
        extraCheck: (@Sendable (TableName, String, Rule) -> String?)?
    ) -> String? {
        switch operation {
        case .declareChain(let name):
            guard name.utf8.count <= maximumChainNameLength else {
                return "chain name `\(name)' too long (must be under \(maximumChainNameLength + 1) chars)"
            }
            if let index = table.chains.firstIndex(where: { $0.name == name }) {
                table.chains[index].rules = []
            } else {
                table.chains.append(Chain(name: name))
            }
        case .append(let chainName, let rule), .insert(let chainName, let rule):
            guard let index = table.chains.firstIndex(where: { $0.name == chainName }) else {
                return "Chain '\(chainName)' does not exist"
            }
            if case .jump(let target) = rule.target {
                guard let destination = table[chain: target], !destination.isBuiltin else {
                    return "Couldn't load target `\(target)':No such file or directory"
                }
            }
            if let message = extraCheck?(table.name, chainName, rule) { return message }
            if case .insert = operation {
                table.chains[index].rules.insert(rule, at: 0)
            } else {
                table.chains[index].rules.append(rule)
            }
        case .delete(let chainName, let rule):
            guard let index = table.chains.firstIndex(where: { $0.name == chainName }),
                let position = table.chains[index].rules.firstIndex(of: rule)
            else {
                return "Bad rule (does a matching rule exist in that chain?)"
            }
            table.chains[index].rules.remove(at: position)
        case .deleteChain(let name):
            guard let index = table.chains.firstIndex(where: { $0.name == name }), !table.chains[index].isBuiltin else {
                return "No chain/target/match by that name"
            }
            guard table.chains[index].rules.isEmpty else { return "Directory not empty" }
            let referenced = table.chains.contains { chain in chain.rules.contains { $0.target == .jump(name) } }
            guard !referenced else { return "Too many links" }
            table.chains.remove(at: index)
        }
        return nil
    }

    /// The checks the kernel makes when the table is swapped in; returns the offending rule.
    static func atCommit(
        _ table: Table, counters: Set<String>, extraCheck: (@Sendable (TableName, String, Rule) -> String?)?
    ) -> (chain: String, rule: Rule, message: String)? {
        let hooks: [String: Set<String>]
        switch reachingHooks(table) {
        case .success(let reached): hooks = reached
        case .failure(let loop): return (loop.chain, loop.rule, "Too many levels of symbolic links (a jump loop)")
        }
        for chain in table.chains {
            let reachedFrom = hooks[chain.name] ?? []
            for rule in chain.rules {
                for case .nfacct(let name) in rule.arguments where !counters.contains(name) {
                    return (chain.name, rule, "No such file or directory (nfacct counter \(name) does not exist)")
                }
                if let (tableName, allowedHooks) = restriction(of: rule.target) {
                    guard table.name == tableName else {
                        return (chain.name, rule, "Invalid argument (target allowed only in the \(tableName.rawValue) table)")
                    }
                    guard reachedFrom.isSubset(of: allowedHooks) else {
                        return (chain.name, rule, "Invalid argument (target used from hook \(reachedFrom.subtracting(allowedHooks).sorted().joined(separator: ",")))")
                    }
                }
            }
        }
        return nil
    }

    /// Where a target may be used (kernel `xt_target.table` and `.hooks`).
    static func restriction(of target: Target) -> (TableName, Set<String>)? {
        switch target {
        case .dnat: return (.nat, ["PREROUTING", "OUTPUT"])
        case .masquerade: return (.nat, ["POSTROUTING"])
        case .reject: return (.filter, ["INPUT", "FORWARD", "OUTPUT"])
        default: return nil
        }
    }

    struct Loop: Error {
        var chain: String
        var rule: Rule
    }

    /// For each chain, the built-in chains (hooks) that reach it through jumps.
    static func reachingHooks(_ table: Table) -> Result<[String: Set<String>], Loop> {
        var reached: [String: Set<String>] = [:]
        for builtin in table.chains where builtin.isBuiltin {
            var path: [String] = []
            if let loop = walk(builtin.name, hook: builtin.name, table, &reached, &path) { return .failure(loop) }
        }
        return .success(reached)
    }

    private static func walk(
        _ name: String, hook: String, _ table: Table, _ reached: inout [String: Set<String>], _ path: inout [String]
    ) -> Loop? {
        guard let chain = table[chain: name] else { return nil }
        if reached[name]?.contains(hook) == true { return nil }
        reached[name, default: []].insert(hook)
        path.append(name)
        defer { path.removeLast() }
        for rule in chain.rules {
            guard case .jump(let target) = rule.target else { continue }
            if path.contains(target) { return Loop(chain: name, rule: rule) }
            if let loop = walk(target, hook: hook, table, &reached, &path) { return loop }
        }
        return nil
    }
}
