import KubeRules

/// Finds which rule a kernel refused when all it said was "the table" (legacy xtables reports
/// `line N failed` at COMMIT; libiptc's `iptc_commit` returns one errno for the whole table).
///
/// The rules are replayed into a scratch network namespace that kuberules creates and deletes:
/// every chain declared, kube-proxy's jump rules into them (the real table has them already),
/// then the first `k` rule lines of the transaction, for a binary search over `k` with
/// `iptables-legacy-restore`. Adding a rule never makes a refused table acceptable, so the
/// smallest refused prefix ends at the culprit: about log2(rules) restores, each into an empty
/// table, never touching the real one. Lines that only make sense against the real table's
/// contents (`-D`, `-X`) are left out.
public struct RejectedRuleLocator: Sendable {
    public let runner: any CommandRunner
    public let counters: any NfacctCounters

    public init(runner: any CommandRunner = ProcessCommandRunner(), counters: any NfacctCounters = NetlinkNfacct()) {
        self.runner = runner
        self.counters = counters
    }

    /// The 1-based line of `transaction`'s restore input holding the refused rule, or nil when the
    /// search cannot run (no root, no tools) or finds nothing (the table fails only in context).
    public func locate(_ transaction: TableTransaction) -> Int? {
        guard transaction.family == .ipv4 || transaction.family == .ipv6,
            HostCapabilities.kernelTestsUnavailable(needing: ["ip", IptablesVariant.legacy.command(.restore, family: transaction.family)]) == nil
        else { return nil }
        let deleted = Set(transaction.deletedChains)
        let declared = transaction.declaredChains.filter { !deleted.contains($0) }
        // The real table already holds kube-proxy's jump rules (the transaction only inserts the
        // missing ones); without them the replay would not reach the chains the kernel checked.
        let context = KubeProxyHooks.rules(in: transaction.table).filter { hook in
            hook.rule.target.jumpedChain.map(declared.contains) ?? false
        }.sorted { ($0.position ?? 0) > ($1.position ?? 0) }.map { RestoreOperation.insert(chain: $0.chain, rule: $0.rule).line }
        let rules: [(line: Int, text: String)] = transaction.operations.enumerated().compactMap { index, operation in
            switch operation {
            case .append, .insert: return (index + 2, operation.line)
            case .declareChain, .delete, .deleteChain: return nil
            }
        }
        guard !rules.isEmpty, let namespace = try? ScratchNamespace(purpose: "diag", runner: runner) else { return nil }
        defer { namespace.delete() }
        let names = KubeProxyNfacctCounters.used(by: Ruleset(
            family: transaction.family,
            tables: [Table(name: transaction.table, chains: [Chain(name: "-", rules: transaction.operations.compactMap(\.rule))])]))
        guard (try? counters.ensure(names, in: namespace.target)) != nil else { return nil }

        func refused(_ count: Int) -> Bool {
            var text = "*\(transaction.table.rawValue)\n" + declared.map { ":\($0) - [0:0]\n" }.joined()
            text += context.map { $0 + "\n" }.joined()
            text += rules.prefix(count).map { $0.text + "\n" }.joined() + "COMMIT\n"
            let restore = IptablesVariant.legacy.command(.restore, family: transaction.family)
            let arguments = [restore, "-w", "5", "--noflush"]
            guard let result = try? namespace.exec(arguments, input: text, timeout: .seconds(30)) else { return false }
            return !result.succeeded
        }
        guard refused(rules.count) else { return nil }
        var low = 1
        var high = rules.count
        while low < high {
            let middle = (low + high) / 2
            if refused(middle) { high = middle } else { low = middle + 1 }
        }
        return rules[low - 1].line
    }
}
