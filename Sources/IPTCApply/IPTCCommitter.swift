#if LibIPTC
import CIPTC
import KubeRules
import KubeRulesApply

/// Commits a ``TableTransaction`` through libiptc: every rule is encoded first (a rule that cannot
/// be encoded rejects the table before anything is touched), then, holding the xtables lock and
/// inside the target namespace, the table is opened, changed operation by operation exactly as
/// iptables-restore would, and committed in one `iptc_commit`.
public struct IPTCCommitter: Sendable {
    public let namespace: NetworkNamespaceTarget
    public let lockWait: Duration
    /// The xtables lock file (iptables' own, unless a test isolates itself with another).
    public let lockPath: String
    /// Finds the refused rule when `iptc_commit` refuses the table (nil: don't search).
    public let locator: RejectedRuleLocator?

    public init(
        namespace: NetworkNamespaceTarget = .current, lockWait: Duration = .seconds(5),
        lockPath: String = XtablesLock.path, locator: RejectedRuleLocator? = nil
    ) {
        self.namespace = namespace
        self.lockWait = lockWait
        self.lockPath = lockPath
        self.locator = locator
    }

    public func commit(_ transaction: TableTransaction) throws(ApplyError) {
        guard transaction.family == .ipv4 else {
            throw .unsupported("the libiptc backend drives IPv4 (libip4tc) only; use --backend restore for IPv6")
        }
        var encoded: [EncodedEntry?] = []
        for (index, operation) in transaction.operations.enumerated() {
            do throws(ApplyError) {
                encoded.append(try operation.rule.map { (rule) throws(ApplyError) in try RuleEncoder.encode(rule) })
            } catch {
                throw rejection(transaction, line: index + 2, error.description)
            }
        }
        do throws(ApplyError) {
            let lock = try XtablesLock(wait: lockWait, path: lockPath)
            defer { withExtendedLifetime(lock) {} }
            try NamespaceSwitch.run(in: namespace) { () throws(ApplyError) in
                let table = try IPTCTable(transaction.table)
                for (index, operation) in transaction.operations.enumerated() {
                    do throws(ApplyError) {
                        try apply(operation, encoded[index], to: table)
                    } catch {
                        throw rejection(transaction, line: index + 2, error.description)
                    }
                }
                do throws(ApplyError) {
                    try table.commit()
                } catch {
                    throw rejection(transaction, line: transaction.operations.count + 2, error.description)
                }
            }
        } catch {
            // The lock is released and this thread is back in its own namespace before the
            // (slow, scratch-namespace) search for the refused rule.
            guard case .rejected(var rejected) = error, rejected.line == transaction.operations.count + 2,
                let found = locator?.locate(transaction)
            else { throw error }
            rejected.refusedRule = (found, transaction.restoreLines[found - 1])
            throw .rejected(rejected)
        }
    }

    private func apply(_ operation: RestoreOperation, _ entry: EncodedEntry?, to table: IPTCTable) throws(ApplyError) {
        switch operation {
        case .declareChain(let chain):
            // `:CHAIN` under --noflush: flush an existing chain, create a missing one.
            if table.isChain(chain) { try table.flush(chain) } else { try table.createChain(chain) }
        case .append(let chain, _): try table.append(entry!, to: chain)
        case .insert(let chain, _): try table.insert(entry!, into: chain)
        case .delete(let chain, _): try table.delete(entry!, from: chain)
        case .deleteChain(let chain): try table.deleteChain(chain)
        }
    }

    private func rejection(_ transaction: TableTransaction, line: Int, _ message: String) -> ApplyError {
        let lines = transaction.restoreLines
        return .rejected(RejectedTable(table: transaction.table, line: line, lineText: lines[line - 1], message: message))
    }
}
#endif
