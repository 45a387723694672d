import Foundation
import KubeRules

/// An in-memory netfilter for tests of everything above the kernel: tables per family, nfacct
/// counters, and the checks the kernel and iptables-restore make. A transaction is applied to a
/// copy and swapped in only if every step and the final checks pass — the atomicity a real table
/// commit has — so a rejected transaction leaves the tables exactly as they were.
///
/// Checks, with the real tool's wording where it has one: a rule's chain and jump target exist;
/// `-D` finds its rule; `-X` only deletes an existing, empty, unreferenced user chain; chain names
/// fit the kernel's 28 characters; at commit, targets sit in their table and are reachable only
/// from their hooks (DNAT: PREROUTING/OUTPUT; MASQUERADE: POSTROUTING; REJECT: filter
/// INPUT/FORWARD/OUTPUT), jumps have no loops, and nfacct counters exist. Tests can add a fault
/// with `rejecting`. It takes typed transactions (``commit(_:)``) or restore text
/// (``restore(_:family:)``), and prints its tables as `iptables-save` does (``save(family:)``);
/// ``FakeIptablesRunner`` puts it behind the iptables commands.
public final class FakeNetfilter: TableBackend, NfacctCounters, @unchecked Sendable {
    private let lock = NSLock()
    private var tables: [IPFamily: [TableName: Table]] = [:]
    private var counters = Set<String>()
    private var log: [TableTransaction] = []
    private let extraCheck: (@Sendable (TableName, String, Rule) -> String?)?

    /// - Parameter rejecting: a fault to inject — return a message to make the kernel refuse
    ///   that rule (table, chain, rule).
    public init(rejecting: (@Sendable (TableName, String, Rule) -> String?)? = nil) {
        self.extraCheck = rejecting
    }

    // MARK: state for tests

    /// Puts `table` in place as if the user had loaded it (their own chains and rules).
    public func install(_ table: Table, family: IPFamily = .ipv4) {
        lock.withLock { tables[family, default: [:]][table.name] = table }
    }

    /// The table as it is now, if it exists.
    public func table(_ name: TableName, family: IPFamily = .ipv4) -> Table? {
        lock.withLock { tables[family]?[name] }
    }

    /// Every transaction committed so far, in order.
    public var committed: [TableTransaction] { lock.withLock { log } }

    /// Every table of `family`, as `iptables-save` would print them (in table-name order).
    public func save(family: IPFamily = .ipv4) -> String {
        let present: [TableName: Table] = lock.withLock { self.tables[family] ?? [:] }
        return IptablesRenderer.render(Ruleset(family: family, tables: present.keys.sorted().map { present[$0]! }))
    }

    /// nfacct counters that exist now.
    public var nfacctCounters: Set<String> { lock.withLock { counters } }

    // MARK: TableBackend

    public func existingTables(family: IPFamily) throws(ApplyError) -> [TableName] {
        lock.withLock { (tables[family] ?? [:]).keys.sorted() }
    }

    public func read(_ table: TableName, family: IPFamily) throws(ApplyError) -> Table {
        lock.withLock { tables[family]?[table] ?? .empty(table) }
    }

    public func commit(_ transaction: TableTransaction) throws(ApplyError) {
        let (current, known) = lock.withLock { (tables[transaction.family]?[transaction.table], counters) }
        var table = current ?? .empty(transaction.table)
        for (index, operation) in transaction.operations.enumerated() {
            if let message = FakeKernelChecks.step(operation, on: &table, extraCheck: extraCheck) {
                throw rejection(transaction, operationIndex: index, message)
            }
        }
        if let (chain, rule, message) = FakeKernelChecks.atCommit(table, counters: known, extraCheck: extraCheck) {
            let index = transaction.operations.lastIndex { operation in
                if case .append(chain, rule) = operation { return true }
                if case .insert(chain, rule) = operation { return true }
                return false
            }
            throw rejection(transaction, operationIndex: index, message)
        }
        lock.withLock {
            tables[transaction.family, default: [:]][transaction.table] = table
            log.append(transaction)
        }
    }

    private func rejection(_ transaction: TableTransaction, operationIndex: Int?, _ message: String) -> ApplyError {
        let lines = transaction.restoreLines
        // Line 1 is `*table`; operation i is line i + 2; a whole-table refusal points at COMMIT.
        let line = operationIndex.map { $0 + 2 } ?? lines.count
        return .rejected(
            RejectedTable(table: transaction.table, line: line, lineText: lines[line - 1], message: message))
    }

    // MARK: NfacctCounters

    public func ensure(_ names: [String], in target: NetworkNamespaceTarget) throws(ApplyError) {
        lock.withLock { counters.formUnion(names) }
    }

    public func remove(_ names: [String], in target: NetworkNamespaceTarget) throws(ApplyError) {
        lock.withLock {
            let used = Set(tables.values.flatMap(\.values).flatMap(\.chains).flatMap(\.rules).flatMap { rule in
                rule.arguments.compactMap { if case .nfacct(let name) = $0 { return name } else { return nil } }
            })
            counters.subtract(Set(names).subtracting(used))
        }
    }
}

/// A ``RulesetApplier`` over a ``FakeNetfilter``: the applier every test above the kernel uses.
public typealias FakeApplier = RulesetApplier<FakeNetfilter>

extension RulesetApplier where Backend == FakeNetfilter {
    /// An applier programming `fake` (which also keeps the nfacct counters).
    public init(fake: FakeNetfilter) {
        self.init(backend: fake, counters: fake)
    }
}
