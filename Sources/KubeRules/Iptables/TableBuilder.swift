/// Accumulates one table while the compiler writes it: chains in the order they are declared
/// (kube-proxy's `natChains`/`filterChains` buffers) and each chain's rules in the order they
/// are appended (its `natRules`/`filterRules`, grouped by chain).
///
/// Grouping by chain drops only the interleaving of `-A` lines across chains, which
/// `iptables-restore` ignores and kube-proxy's test normalization discards.
struct TableBuilder {
    let name: TableName
    private var order: [String] = []
    private var rules: [String: [Rule]] = [:]

    init(_ name: TableName) {
        self.name = name
    }

    private var declared: Set<String> = []

    /// Declares `chain` (`:CHAIN - [0:0]`) unless it already is. kube-proxy sometimes writes a
    /// chain's first rule before its declaration line (the cluster-IP masquerade rule of
    /// `KUBE-SVC-*`); declaring separately keeps its declaration order.
    mutating func declare(_ chain: String) {
        if declared.insert(chain).inserted {
            order.append(chain)
        }
    }

    /// Appends `-A chain arguments -j target`.
    mutating func append(_ chain: String, _ arguments: [RuleArgument], _ target: Target) {
        rules[chain, default: []].append(Rule(arguments, target))
    }

    /// Appends everything `other` declared and wrote, after what this builder has, as if
    /// `other`'s calls had been made here.
    mutating func append(contentsOf other: TableBuilder) {
        for chain in other.order { declare(chain) }
        for (chain, chainRules) in other.rules {
            if rules[chain] == nil {
                rules[chain] = chainRules
            } else {
                rules[chain]!.append(contentsOf: chainRules)
            }
        }
    }

    /// The table. A chain that got rules but was never declared still appears (after the
    /// declared ones, sorted), so no rule is ever silently lost.
    func build(hooks: [HookRule] = []) -> Table {
        let undeclared = rules.keys.filter { !declared.contains($0) }.sorted()
        return Table(
            name: name,
            chains: (order + undeclared).map { Chain(name: $0, rules: rules[$0] ?? []) },
            hooks: hooks)
    }
}
