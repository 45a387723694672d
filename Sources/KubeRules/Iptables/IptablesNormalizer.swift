/// kube-proxy's notion of "the same rules": its tests' `sortIPTablesRules`
/// (`pkg/proxy/iptables/proxier_test.go`) applied to a ``Ruleset``.
///
/// Tables by name; within a table `KUBE-NODEPORTS`, then `KUBE-SERVICES`, then other `KUBE-*`
/// chains, then the rest, each group in byte order; rules stable-sorted by service name (the
/// comment up to the first space or colon) only in filter/nat `KUBE-NODEPORTS` and
/// `KUBE-SERVICES`, keeping nat `KUBE-SERVICES`' "must be the last rule" rule last; every other
/// chain keeps its rule order. Counters are zeroed: they are not part of the rules' meaning.
/// Two rulesets are the same iff their normalized texts are equal.
public enum IptablesNormalizer {
    public static func normalize(_ ruleset: Ruleset) -> Ruleset {
        var result = ruleset
        result.tables.sort { $0.name.rawValue.utf8.lexicographicallyPrecedes($1.name.rawValue.utf8) }
        for index in result.tables.indices {
            result.tables[index] = normalize(result.tables[index])
        }
        return result
    }

    /// The normalized restore text (what kube-proxy's tests compare).
    public static func normalizedText(_ ruleset: Ruleset) -> String {
        IptablesRenderer.render(normalize(ruleset))
    }

    /// Parses restore or save text (reporting errors against `file`) and normalizes it.
    public static func normalizedText(_ text: String, file: String = "-") throws(DiagnosticsError) -> String {
        normalizedText(try IptablesParser(file: file).parse(text))
    }

    static func normalize(_ table: Table) -> Table {
        var table = table
        table.chains.sort { chainPrecedes($0.name, $1.name) }
        // kube-proxy's dump prints `-X` lines walking the (sorted) chains.
        table.deletedChains.sort(by: chainPrecedes)
        for index in table.chains.indices {
            table.chains[index].packets = 0
            table.chains[index].bytes = 0
            let name = table.chains[index].name
            guard table.name == .filter || table.name == .nat,
                name == KubeChain.nodePorts || name == KubeChain.services
            else { continue }
            let keepLast = table.name == .nat && name == KubeChain.services
            table.chains[index].rules = stableSorted(table.chains[index].rules) { a, b in
                if keepLast {
                    if isLastRule(a) { return false }
                    if isLastRule(b) { return true }
                }
                return commentServiceNamePrecedes(a, b)
            }
        }
        return table
    }

    /// `KUBE-NODEPORTS` < `KUBE-SERVICES` < other `KUBE-*` < the rest; byte order within a group.
    static func chainPrecedes(_ a: String, _ b: String) -> Bool {
        func rank(_ name: String) -> Int {
            if name == KubeChain.nodePorts { return 0 }
            if name == KubeChain.services { return 1 }
            return name.hasPrefix("KUBE-") ? 2 : 3
        }
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra < rb }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// `orderByCommentServiceName`: false when either rule has no comment.
    static func commentServiceNamePrecedes(_ a: Rule, _ b: Rule) -> Bool {
        guard let x = a.comment, let y = b.comment else { return false }
        return serviceName(x).utf8.lexicographicallyPrecedes(serviceName(y).utf8)
    }

    static func serviceName(_ comment: String) -> Substring {
        comment.prefix { $0 != " " && $0 != ":" }
    }

    static func isLastRule(_ rule: Rule) -> Bool {
        rule.comment?.contains("must be the last rule") ?? false
    }

    /// A stable sort (Go's `sort.SliceStable`) whatever the standard library's sort guarantees.
    static func stableSorted<T>(_ items: [T], by precedes: (T, T) -> Bool) -> [T] {
        items.enumerated()
            .sorted { a, b in
                if precedes(a.element, b.element) { return true }
                if precedes(b.element, a.element) { return false }
                return a.offset < b.offset
            }
            .map(\.element)
    }
}
