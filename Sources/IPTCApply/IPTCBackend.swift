#if LibIPTC
import KubeRules
import KubeRulesApply

/// The libiptc ``TableBackend``: reads the current tables with `iptables-legacy-save` (the same
/// reader and parser as the restore backend, so both plan identical transactions) and commits
/// through ``IPTCCommitter``. Legacy xtables only: libiptc speaks the `ip_tables` socket
/// options, which nf_tables-based hosts do not use for their rules.
public struct IPTCBackend: TableBackend {
    public let reader: RestoreBackend
    public let committer: IPTCCommitter

    public init(
        namespace: NetworkNamespaceTarget = .current, runner: any CommandRunner = ProcessCommandRunner(),
        locator: RejectedRuleLocator? = RejectedRuleLocator(), lockWait: Duration = .seconds(5),
        lockPath: String = XtablesLock.path
    ) {
        reader = RestoreBackend(variant: .legacy, namespace: namespace, runner: runner)
        committer = IPTCCommitter(namespace: namespace, lockWait: lockWait, lockPath: lockPath, locator: locator)
    }

    public func existingTables(family: IPFamily) throws(ApplyError) -> [TableName] {
        try Self.requireIPv4(family)
        return try reader.existingTables(family: family)
    }

    public func read(_ table: TableName, family: IPFamily) throws(ApplyError) -> Table {
        try Self.requireIPv4(family)
        return try reader.read(table, family: family)
    }

    public func commit(_ transaction: TableTransaction) throws(ApplyError) {
        try committer.commit(transaction)
    }

    static func requireIPv4(_ family: IPFamily) throws(ApplyError) {
        guard family == .ipv4 else {
            throw .unsupported("the libiptc backend drives IPv4 (libip4tc) only; use --backend restore for IPv6")
        }
    }
}

/// A ``RulesetApplier`` that programs through libiptc.
public typealias IPTCApplier = RulesetApplier<IPTCBackend>

extension RulesetApplier where Backend == IPTCBackend {
    /// A libiptc applier for `namespace`; the CLI passes ``ApplyExclusion/standard`` as `exclusion`.
    public init(
        libiptcIn namespace: NetworkNamespaceTarget, runner: any CommandRunner = ProcessCommandRunner(),
        counters: any NfacctCounters = NetlinkNfacct(), exclusion: ApplyExclusion? = nil
    ) {
        self.init(
            backend: IPTCBackend(namespace: namespace, runner: runner), counters: counters, namespace: namespace,
            exclusion: exclusion)
    }
}
#endif
