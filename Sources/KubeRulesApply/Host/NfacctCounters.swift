import KubeRules

/// The nfacct counter objects that kube-proxy's rules name with `-m nfacct --nfacct-name NAME`.
///
/// The kernel's `nfacct` match refuses a rule whose counter does not exist, so the whole table
/// would be rejected at commit. kube-proxy creates its counters over netlink before it loads the
/// rules (`pkg/proxy/iptables/proxier.go`, "ensure the nfacct counters"; the client is
/// `pkg/proxy/util/nfacct/nfacct_linux.go`); the appliers do the same through this protocol.
public protocol NfacctCounters: Sendable {
    /// Creates each counter in `target` unless it already exists.
    func ensure(_ names: [String], in target: NetworkNamespaceTarget) throws(ApplyError)
    /// Deletes each counter that exists and no rule uses any more (a counter still in use is kept).
    func remove(_ names: [String], in target: NetworkNamespaceTarget) throws(ApplyError)
}

extension KubeProxyNfacctCounters {
    /// The counter names a ruleset's rules use, sorted, each once.
    public static func used(by ruleset: Ruleset) -> [String] {
        var names = Set<String>()
        for table in ruleset.tables {
            for chain in table.chains {
                for rule in chain.rules {
                    for case .nfacct(let name) in rule.arguments { names.insert(name) }
                }
            }
        }
        return names.sorted()
    }
}

/// Which nfacct counters apply creates (those its rules name) and cleanup removes (kube-proxy's,
/// ``KubeProxyCounters``).
public enum KubeProxyNfacctCounters {
    public static var all: [String] { KubeProxyCounters.all }
    /// `NFACCT_NAME_MAX` is 32 bytes including the terminating NUL.
    public static let maximumNameLength = 31
}
