import KubeRules

/// Reads the current tables of a dataplane.
public protocol TableReader: Sendable {
    /// The tables that exist now (reading one that does not exist would create it, in legacy
    /// xtables, so cleanup asks first).
    func existingTables(family: IPFamily) throws(ApplyError) -> [TableName]
    /// The table as it is now (its built-in chains, with no rules, if it does not exist yet).
    func read(_ table: TableName, family: IPFamily) throws(ApplyError) -> Table
}

/// The few things an applier needs from a dataplane: read a table, commit a transaction to it.
/// ``RulesetApplier`` does the rest (planning, counters, ordering, rollback) the same way for the
/// iptables-restore backend, the libiptc backend and the in-memory fake.
public protocol TableBackend: TableReader {
    /// Commits `transaction` as one atomic change, or throws ``ApplyError/rejected(_:)`` having
    /// changed nothing.
    func commit(_ transaction: TableTransaction) throws(ApplyError)
}

extension Table {
    /// A table with only its built-in chains (policy ACCEPT) and no rules, as a fresh kernel has it.
    public static func empty(_ name: TableName) -> Table {
        Table(name: name, chains: name.builtinChains.map { Chain(name: $0, policy: "ACCEPT") })
    }
}
