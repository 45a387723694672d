import KubeRules

/// One line of an `iptables-restore --noflush` input, typed. A ``TableTransaction`` is a list of
/// these; the restore backend prints them, the fake applies them, the libiptc backend calls the
/// matching libiptc functions — so all three commit exactly the same change.
public enum RestoreOperation: Hashable, Sendable {
    /// `:NAME - [0:0]` — creates the chain, or empties it if it exists (`--noflush`).
    case declareChain(String)
    /// `-A CHAIN rule`
    case append(chain: String, rule: Rule)
    /// `-I CHAIN rule` — at the top, as kube-proxy's `EnsureRule(Prepend, …)` does.
    case insert(chain: String, rule: Rule)
    /// `-D CHAIN rule` — deletes the first rule equal to `rule`.
    case delete(chain: String, rule: Rule)
    /// `-X CHAIN` — the chain must be empty and unreferenced by then.
    case deleteChain(String)

    /// The restore line (rules printed by ``IptablesRenderer``, so quoting is identical).
    public var line: String {
        switch self {
        case .declareChain(let chain): return ":\(chain) - [0:0]"
        case .append(let chain, let rule): return Self.ruleLine("-A", chain, rule)
        case .insert(let chain, let rule): return Self.ruleLine("-I", chain, rule)
        case .delete(let chain, let rule): return Self.ruleLine("-D", chain, rule)
        case .deleteChain(let chain): return "-X \(chain)"
        }
    }

    private static func ruleLine(_ command: String, _ chain: String, _ rule: Rule) -> String {
        ([command, chain] + rule.tokens.map(IptablesRenderer.quoted)).joined(separator: " ")
    }

    /// The rule an `-A`, `-I` or `-D` line carries.
    public var rule: Rule? {
        switch self {
        case .append(_, let rule), .insert(_, let rule), .delete(_, let rule): return rule
        case .declareChain, .deleteChain: return nil
        }
    }
}

/// Everything one apply or cleanup changes in one table: one `*table … COMMIT` block, committed
/// atomically by the kernel (legacy: one `IPT_SO_SET_REPLACE`; nft: one netlink batch).
public struct TableTransaction: Hashable, Sendable {
    public var family: IPFamily
    public var table: TableName
    public var operations: [RestoreOperation]

    public init(family: IPFamily, table: TableName, operations: [RestoreOperation] = []) {
        self.family = family
        self.table = table
        self.operations = operations
    }

    /// Nothing to change: no restore is run for this table.
    public var isEmpty: Bool { operations.isEmpty }

    /// The restore input lines: `*table`, one line per operation, `COMMIT`. Line `n` (1-based) of
    /// iptables-restore's error messages is `restoreLines[n - 1]`.
    public var restoreLines: [String] {
        ["*\(table.rawValue)"] + operations.map(\.line) + ["COMMIT"]
    }

    /// The restore input as one text (each line newline-terminated).
    public var restoreText: String {
        restoreLines.map { $0 + "\n" }.joined()
    }

    /// Chains this transaction empties or creates.
    public var declaredChains: [String] {
        operations.compactMap { if case .declareChain(let chain) = $0 { return chain } else { return nil } }
    }

    /// Chains this transaction deletes.
    public var deletedChains: [String] {
        operations.compactMap { if case .deleteChain(let chain) = $0 { return chain } else { return nil } }
    }
}

/// What an apply did (or, for a dry run, would do): per table, the transaction and the table as
/// it was before, so a failed later table can put earlier ones back.
public struct ApplyPlan: Hashable, Sendable {
    public var family: IPFamily
    /// In commit order (the ruleset's table order: kube-proxy writes filter, then nat).
    public var transactions: [TableTransaction]
    /// nfacct counters the rules need (created before any table is committed).
    public var nfacctCounters: [String]

    public init(family: IPFamily, transactions: [TableTransaction], nfacctCounters: [String] = []) {
        self.family = family
        self.transactions = transactions
        self.nfacctCounters = nfacctCounters
    }

    /// Every non-empty table's restore input, one after the other: exactly what is (or would be)
    /// fed to iptables-restore, one invocation per table.
    public var restoreText: String {
        transactions.filter { !$0.isEmpty }.map(\.restoreText).joined()
    }
}
