/// Accumulates one table while the compiler writes it: chains in the order they are declared
/// (kube-proxy's `natChains`/`filterChains` buffers) and each chain's rules in the order they
/// are appended (its `natRules`/`filterRules`, grouped by chain).
///
/// Grouping by chain drops only the interleaving of `-A` lines across chains, which
/// `iptables-restore` ignores and kube-proxy's test normalization discards.
///
/// Chains live in arrays indexed through one dictionary, and the chain written last is
/// remembered: the compiler writes a chain's rules one after the other, so most appends need
/// no hashing at all (a large cluster has hundreds of thousands of chains).
struct TableBuilder {
    let name: TableName
    private var names: [String] = []
    private var ruleLists: [[Rule]] = []
    private var isDeclared: [Bool] = []
    /// Declared chains' indexes, in declaration order.
    private var order: [Int] = []
    private var index: [String: Int] = [:]
    private var last = -1

    init(_ name: TableName) {
        self.name = name
    }

    /// The index of `chain`'s slot, made on first use.
    private mutating func slot(_ chain: String) -> Int {
        if last >= 0, names[last] == chain { return last }
        if let existing = index[chain] {
            last = existing
            return existing
        }
        let new = names.count
        names.append(chain)
        ruleLists.append([])
        isDeclared.append(false)
        index[chain] = new
        last = new
        return new
    }

    /// Declares `chain` (`:CHAIN - [0:0]`) unless it already is. kube-proxy sometimes writes a
    /// chain's first rule before its declaration line (the cluster-IP masquerade rule of
    /// `KUBE-SVC-*`); declaring separately keeps its declaration order.
    mutating func declare(_ chain: String) {
        let slot = slot(chain)
        if !isDeclared[slot] {
            isDeclared[slot] = true
            order.append(slot)
        }
    }

    /// Appends `-A chain arguments -j target`.
    mutating func append(_ chain: String, _ arguments: [RuleArgument], _ target: Target) {
        ruleLists[slot(chain)].append(Rule(arguments, target))
    }

    /// Appends everything `other` declared and wrote, after what this builder has, as if
    /// `other`'s calls had been made here.
    mutating func append(contentsOf other: TableBuilder) {
        for slot in other.order { declare(other.names[slot]) }
        for (offset, rules) in other.ruleLists.enumerated() where !rules.isEmpty {
            let target = slot(other.names[offset])
            if ruleLists[target].isEmpty {
                ruleLists[target] = rules
            } else {
                ruleLists[target].append(contentsOf: rules)
            }
        }
    }

    /// The table. A chain that got rules but was never declared still appears (after the
    /// declared ones, sorted), so no rule is ever silently lost.
    func build(hooks: [HookRule] = []) -> Table {
        var chains: [Chain] = []
        chains.reserveCapacity(names.count)
        for slot in order { chains.append(Chain(name: names[slot], rules: ruleLists[slot])) }
        let undeclared = names.indices.filter { !isDeclared[$0] && !ruleLists[$0].isEmpty }
            .sorted { names[$0] < names[$1] }
        for slot in undeclared { chains.append(Chain(name: names[slot], rules: ruleLists[slot])) }
        return Table(name: name, chains: chains, hooks: hooks)
    }
}
