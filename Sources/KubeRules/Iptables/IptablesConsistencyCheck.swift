/// kube-proxy's rule-consistency check (`checkIPTablesRuleJumps`, `proxier_test.go`) on a
/// ``Ruleset``: per table, every jumped-to and every filled chain is declared, every jumped-to
/// chain has rules (except `KUBE-NODEPORTS`), and every declared chain is used (except kube-proxy's
/// fixed chains). Chains deleted with `-X` do not count as declared.
///
/// Hook rules are checked separately: their targets must be declared (they may be empty, as
/// `KUBE-FIREWALL` is on IPv6).
public enum IptablesConsistencyCheck {
    /// One finding, worded as kube-proxy's test reports it.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        public enum Kind: String, Hashable, Sendable {
            case usedButNotCreated = "are used but were not created"
            case jumpedToButEmpty = "are jumped to but have no rules"
            case createdButNotUsed = "are created but not used"
        }

        public var table: TableName
        public var kind: Kind
        /// Sorted chain names.
        public var chains: [String]

        public var description: String {
            "some chains in \(table.rawValue) \(kind.rawValue): [\(chains.joined(separator: " "))]"
        }
    }

    /// Every problem found, in table order; empty when consistent.
    public static func problems(_ ruleset: Ruleset) -> [Problem] {
        ruleset.tables.flatMap(problems)
    }

    static func problems(_ table: Table) -> [Problem] {
        let deleted = Set(table.deletedChains)
        let created = Set(table.chains.map(\.name)).subtracting(deleted)
        let filled = Set(table.chains.filter { !$0.rules.isEmpty }.map(\.name))
        let jumped = Set(table.chains.flatMap(\.rules).compactMap(\.target.jumpedChain))

        var result: [Problem] = []
        func report(_ kind: Problem.Kind, _ chains: Set<String>) {
            if !chains.isEmpty { result.append(Problem(table: table.name, kind: kind, chains: chains.sorted())) }
        }
        let hookTargets = Set(table.hooks.compactMap(\.rule.target.jumpedChain))
        report(.usedButNotCreated, jumped.subtracting(created).union(filled.subtracting(created)).union(
            hookTargets.subtracting(created)))
        report(.jumpedToButEmpty, jumped.subtracting(filled).subtracting([KubeChain.nodePorts]))
        report(.createdButNotUsed, created.subtracting(jumped).subtracting(hookTargets).subtracting(KubeChain.fixed))
        return result
    }
}
