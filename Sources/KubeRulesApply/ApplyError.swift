import KubeRules

/// Why applying or cleaning up failed. One enum, one `description` switch: every message says
/// what happened, where, and what still holds (the previous rules, after a rejected table).
public enum ApplyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A program could not be run (missing, or killed after its time bound).
    case command(CommandError)
    /// A program ran but failed (`iptables-save`, `iptables -V`, …).
    case toolFailed(command: String, status: Int32, message: String)
    /// The xtables lock stayed busy for the whole wait bound.
    case lockBusy(command: String, message: String)
    /// The kernel or iptables-restore refused a table. The table still holds its previous rules
    /// (one table is one atomic commit); `rolledBack` lists tables of the same apply that had
    /// already been committed and were put back.
    case rejected(RejectedTable)
    /// A rejected table, and putting back the tables committed before it failed as well.
    indirect case rollbackFailed(original: ApplyError, rollback: ApplyError)
    /// `iptables-save` printed something kuberules cannot read.
    case unreadableState(table: TableName, message: String)
    /// A rule kuberules does not own refers to a chain it must delete.
    case chainInUse(table: TableName, chain: String, referencedBy: String)
    /// The ruleset holds something an applier will not write (a built-in chain, a non-KUBE chain).
    case invalidRuleset(String)
    /// A `--netns` name `ip netns` cannot use.
    case invalidNamespace(name: String)
    /// Entering a network namespace failed.
    case namespace(NetworkNamespaceTarget, reason: String)
    /// Creating or deleting an nfacct counter failed.
    case nfacct(name: String, reason: String)
    /// The backend cannot do this (libiptc and IPv6, say).
    case unsupported(String)
    /// A libiptc call failed; `message` is `iptc_strerror(errno)`.
    case libiptc(operation: String, table: TableName, chain: String?, message: String)
    /// Committing `table` failed for a reason other than a refusal (the tool missing, killed,
    /// timed out); the tables committed before it were put back (`rolledBack`).
    indirect case failedDuringApply(table: TableName, cause: ApplyError, rolledBack: [TableName])
    /// SIGTERM, SIGINT or SIGHUP arrived while the tables were being committed: the apply
    /// stopped and put back every table it had committed (``TerminationDeferral``).
    case interrupted(signal: String, rolledBack: [TableName])
    /// Another kuberules apply or cleanup held the apply lock for the whole wait (``ApplyExclusion``).
    case anotherApply(lockFile: String, waitedSeconds: Int64)
    /// IPVS mode: the kernel of the target namespace has no IPVS; nothing was changed.
    case noIPVS(NetworkNamespaceTarget, detail: String)
    /// What the host holds conflicts with what kube-proxy would create there (an ipset of another
    /// type under one of kube-proxy's names, say); found before anything was changed.
    case conflictingState(String)
    /// A tool printed something kuberules cannot read (`ipset save`, `ipvsadm -S`, `ip`).
    case unreadableOutput(command: String, message: String)
    /// IPVS mode: a step of `operation` (apply, cleanup) failed. An apply undoes the steps
    /// before it (`undone`, latest first); a cleanup does not (`undone` is nil).
    indirect case stepFailed(operation: String, step: String, error: ApplyError, undone: [String]?)
    /// IPVS mode: a step failed, and undoing an earlier step failed too.
    indirect case undoFailed(step: String, error: ApplyError, undoing: String, undoError: ApplyError)

    public var description: String {
        switch self {
        case .command(let error):
            return error.description
        case .toolFailed(let command, let status, let message):
            return "`\(command)` failed (exit status \(status))" + Self.detail(message)
        case .lockBusy(let command, let message):
            return "`\(command)`: the xtables lock is held by another program; nothing was changed; retry when it is free"
                + Self.detail(message)
        case .rejected(let rejected):
            return rejected.description
        case .rollbackFailed(let original, let rollback):
            return "\(original)\nputting back the tables committed before it failed too, so they hold the NEW rules: \(rollback)"
        case .unreadableState(let table, let message):
            return "cannot read the current \(table.rawValue) table: \(message)"
        case .chainInUse(let table, let chain, let rule):
            return "cannot delete chain \(chain) in table \(table.rawValue): it is used by a rule kuberules does not own: \(rule)"
                + " (remove that rule first; nothing was changed)"
        case .invalidRuleset(let message):
            return "refusing to apply: \(message)"
        case .invalidNamespace(let name):
            return "invalid network namespace name \"\(name)\" (expected 1-64 characters from A-Z a-z 0-9 . _ -)"
        case .namespace(let target, let reason):
            return "cannot enter \(target): \(reason)"
        case .nfacct(let name, let reason):
            return "nfacct counter \"\(name)\": \(reason); nothing was changed"
                + " (a kernel without nfnetlink_acct cannot load kube-proxy's counter rules: render them away with --nfacct=false)"
        case .unsupported(let message):
            return message
        case .libiptc(let operation, let table, let chain, let message):
            let place = chain.map { " chain \($0) of" } ?? ""
            return "libiptc \(operation) failed on\(place) table \(table.rawValue): \(message)"
        case .failedDuringApply(let table, let cause, let rolledBack):
            return "applying the \(table.rawValue) table failed: \(cause)\nthe \(table.rawValue) table still holds its previous rules"
                + Self.putBack(rolledBack) + "; nothing was changed: fix the cause and run apply again"
        case .interrupted(let signal, let rolledBack):
            return "interrupted by \(signal) while committing the tables; every table holds its previous rules"
                + Self.putBack(rolledBack) + "; run apply again to program the new rules"
        case .anotherApply(let lockFile, let waited):
            return "another kuberules apply or cleanup is changing the tables (it holds \(lockFile)); "
                + "waited \(waited) s, nothing was changed; retry when it has finished"
        case .noIPVS(let target, let detail):
            return "the kernel has no IPVS (ip_vs module) in \(target): \(detail); load it with `modprobe ip_vs`"
                + " or use --proxy-mode iptables; nothing was changed"
        case .conflictingState(let message):
            return "refusing to change anything: \(message)"
        case .unreadableOutput(let command, let message):
            return "cannot read what `\(command)` printed: \(message)"
        case .stepFailed(let operation, let step, let error, let undone):
            let rest: String
            switch undone {
            case nil: rest = "the steps before it stay done; fix the cause and run the \(operation) again"
            case let undone? where undone.isEmpty: rest = "no step before it had changed anything"
            case let undone?: rest = "undone, latest first: " + undone.joined(separator: ", ")
            }
            return "IPVS-mode \(operation) failed at step \"\(step)\": \(error)\n\(rest)"
        case .undoFailed(let step, let error, let undoing, let undoError):
            return "IPVS-mode apply failed at step \"\(step)\": \(error)\nundoing step \"\(undoing)\" failed too,"
                + " so it and the steps before it keep what this apply wrote: \(undoError)"
        }
    }

    private static func putBack(_ tables: [TableName]) -> String {
        tables.isEmpty ? "" : " (already-committed tables put back: " + tables.map(\.rawValue).joined(separator: ", ") + ")"
    }

    private static func detail(_ message: String) -> String {
        let trimmed = message.trimmingTrailingWhitespace
        return trimmed.isEmpty ? "" : ":\n" + trimmed
    }
}

/// A table the kernel or iptables-restore refused, with the offending rule's text when known.
public struct RejectedTable: Hashable, Sendable, CustomStringConvertible {
    public var table: TableName
    /// The restore input line the tool blamed (1-based, within this table's input).
    public var line: Int?
    /// That line's text: the rejected rule, or `COMMIT` when the kernel refused the table as a
    /// whole (legacy xtables does not say which rule).
    public var lineText: String?
    /// What the tool or kernel said.
    public var message: String
    /// Tables of this apply committed earlier and put back to their previous rules.
    public var rolledBack: [TableName]
    /// The restore tool's exit status, when a tool reported the refusal. 128 and above: the tool
    /// was killed by a signal, so it may have died after its commit (the applier then checks).
    public var toolStatus: Int32?
    /// When the kernel refused the table as a whole: the rule found to be refused by replaying the
    /// table in a scratch namespace (``RejectedRuleLocator``), with its input line.
    public var refusedRule: (line: Int, text: String)? {
        get { refusedLine.map { ($0, refusedText ?? "") } }
        set {
            refusedLine = newValue?.line
            refusedText = newValue?.text
        }
    }
    private var refusedLine: Int?
    private var refusedText: String?

    public init(table: TableName, line: Int?, lineText: String?, message: String, rolledBack: [TableName] = []) {
        self.table = table
        self.line = line
        self.lineText = lineText
        self.message = message
        self.rolledBack = rolledBack
    }

    public var description: String {
        var text = "the \(table.rawValue) table was rejected"
        if let line, let lineText {
            text += lineText == "COMMIT"
                ? " at commit (input line \(line)): the kernel refused the table as a whole"
                : " at input line \(line):\n  \(lineText)"
        }
        if let (line, rule) = refusedRule {
            text += "\nreplayed in a scratch network namespace, the refused rule is input line \(line):\n  \(rule)"
        }
        let message = message.trimmingTrailingWhitespace
        if !message.isEmpty { text += "\n" + message }
        text += "\nthe \(table.rawValue) table still holds its previous rules"
        if !rolledBack.isEmpty {
            text += "; already-committed tables put back: " + rolledBack.map(\.rawValue).joined(separator: ", ")
        }
        return text
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
