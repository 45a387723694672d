import KubeRules

/// The ``TableBackend`` that drives `iptables-save` and `iptables-restore --noflush` (or their
/// ip6tables / legacy / nft variants), optionally inside `ip netns exec NAME`.
///
/// Each table is one restore invocation: the tool commits a table at its `COMMIT` line (legacy:
/// one `IPT_SO_SET_REPLACE`; nft: one netlink batch), so one invocation per table gives exactly
/// the atomicity the kernel offers and an error line that points into that table's input.
public struct RestoreBackend: TableBackend {
    public let variant: IptablesVariant
    public let namespace: NetworkNamespaceTarget
    public let runner: any CommandRunner
    /// `-w`: how long iptables-restore waits for the xtables lock before giving up (kube-proxy: 5 s).
    public let lockWaitSeconds: Int
    /// The bound on each save or restore run.
    public let timeout: Duration
    /// Finds the refused rule when the kernel refuses a legacy table as a whole (nil: don't search).
    public let locator: RejectedRuleLocator?

    public init(
        variant: IptablesVariant, namespace: NetworkNamespaceTarget = .current,
        runner: any CommandRunner = ProcessCommandRunner(), lockWaitSeconds: Int = 5, timeout: Duration = .seconds(60),
        locator: RejectedRuleLocator? = nil
    ) {
        self.variant = variant
        self.namespace = namespace
        self.runner = runner
        self.lockWaitSeconds = lockWaitSeconds
        self.timeout = timeout
        self.locator = locator
    }

    /// The restore command line, as kube-proxy runs it (`pkg/util/iptables/iptables.go`:
    /// `-w 5 -W 100000 --noflush --counters`).
    public func restoreArguments(family: IPFamily) -> [String] {
        namespace.commandPrefix + [
            variant.command(.restore, family: family), "-w", String(lockWaitSeconds), "-W", "100000", "--noflush",
            "--counters",
        ]
    }

    public func saveArguments(family: IPFamily, table: TableName?) -> [String] {
        namespace.commandPrefix + [variant.command(.save, family: family)] + (table.map { ["-t", $0.rawValue] } ?? [])
    }

    public func existingTables(family: IPFamily) throws(ApplyError) -> [TableName] {
        let text = try save(saveArguments(family: family, table: nil))
        // Only the `*table` lines are needed here; tables kuberules has no name for (security)
        // are never touched.
        return text.split(separator: "\n").compactMap { line in
            line.hasPrefix("*") ? TableName(rawValue: String(line.dropFirst())) : nil
        }
    }

    public func read(_ table: TableName, family: IPFamily) throws(ApplyError) -> Table {
        let arguments = saveArguments(family: family, table: table)
        let text = try save(arguments)
        let ruleset: Ruleset
        do {
            ruleset = try IptablesParser(file: CommandInvocation(arguments).description).parse(text, family: family)
        } catch {
            throw .unreadableState(table: table, message: error.description)
        }
        return ruleset[table: table] ?? .empty(table)
    }

    public func commit(_ transaction: TableTransaction) throws(ApplyError) {
        let arguments = restoreArguments(family: transaction.family)
        let result = try run(CommandInvocation(arguments, input: transaction.restoreText, timeout: timeout))
        guard !result.succeeded else { return }
        let message = result.stderr.isEmpty ? result.stdout : result.stderr
        if RestoreErrorText.isLockTimeout(message) {
            throw .lockBusy(command: CommandInvocation(arguments).description, message: message)
        }
        if let program = RestoreErrorText.missingProgram(message) {
            throw .command(.notFound(program: program))
        }
        let lines = transaction.restoreLines
        let line = RestoreErrorText.failedLine(in: message).flatMap { (1...lines.count).contains($0) ? $0 : nil }
        var rejected = RejectedTable(
            table: transaction.table, line: line, lineText: line.map { lines[$0 - 1] },
            message: "`\(CommandInvocation(arguments).description)` exited with status \(result.status): \(message)")
        rejected.toolStatus = result.status
        if line == lines.count, variant == .legacy, let found = locator?.locate(transaction) {
            rejected.refusedRule = (found, lines[found - 1])
        }
        throw .rejected(rejected)
    }

    private func save(_ arguments: [String]) throws(ApplyError) -> String {
        let result = try run(CommandInvocation(arguments, timeout: timeout))
        guard result.succeeded else {
            throw .toolFailed(command: CommandInvocation(arguments).description, status: result.status, message: result.stderr)
        }
        return result.stdout
    }

    private func run(_ invocation: CommandInvocation) throws(ApplyError) -> CommandResult {
        do {
            return try runner.run(invocation)
        } catch {
            throw .command(error)
        }
    }
}

/// A ``RulesetApplier`` that programs through iptables-restore.
public typealias RestoreApplier = RulesetApplier<RestoreBackend>

extension RulesetApplier where Backend == RestoreBackend {
    /// An applier for `variant` (`auto` asks the host's `iptables -V`) in `namespace`; the CLI
    /// passes ``ApplyExclusion/standard`` as `exclusion`.
    public init(
        variant choice: IptablesVariantChoice, family: IPFamily, namespace: NetworkNamespaceTarget = .current,
        runner: any CommandRunner = ProcessCommandRunner(), counters: any NfacctCounters = NetlinkNfacct(),
        exclusion: ApplyExclusion? = nil
    ) throws(ApplyError) {
        let variant = try choice.resolve(family: family, runner: runner)
        let locator = RejectedRuleLocator(runner: runner, counters: counters)
        self.init(
            backend: RestoreBackend(variant: variant, namespace: namespace, runner: runner, locator: locator),
            counters: counters, namespace: namespace, exclusion: exclusion)
    }
}
