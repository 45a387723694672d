import KubeRules

/// Which chains belong to kube-proxy, and so may be flushed and deleted by kuberules.
///
/// Everything else in a table — the built-in chains' own rules, user chains, even user chains
/// whose names start with `KUBE-` but are not kube-proxy's — is never touched.
public enum KubeProxyChains {
    /// Per-service chains (`isServiceChainName` in `pkg/proxy/iptables/proxier.go`): the ones a
    /// resync deletes when their service or endpoint is gone.
    public static let servicePrefixes = ["KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-SEP-"]

    /// The fixed chains kube-proxy writes, iptables and IPVS mode, current and retired names.
    public static let fixedNames: Set<String> = [
        "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ",
        "KUBE-MARK-DROP", "KUBE-FORWARD", "KUBE-PROXY-FIREWALL", "KUBE-PROXY-CANARY", "KUBE-FIREWALL",
        // IPVS mode
        "KUBE-NODE-PORT", "KUBE-LOAD-BALANCER", "KUBE-SOURCE-RANGES-FIREWALL", "KUBE-IPVS-FILTER",
        "KUBE-IPVS-OUT-FILTER",
    ]

    /// kube-proxy's iptables-mode jump rules per table (``KubeProxyHooks``): what cleanup removes.
    public static var iptablesModeHooks: [TableName: [HookRule]] {
        [.filter: KubeProxyHooks.rules(in: .filter), .nat: KubeProxyHooks.rules(in: .nat)]
    }

    /// A chain re-created per service or endpoint; stale ones are deleted on apply.
    public static func isServiceChain(_ name: String) -> Bool {
        servicePrefixes.contains { name.hasPrefix($0) }
    }

    /// A chain kuberules may flush and delete.
    public static func isOwned(_ name: String) -> Bool {
        fixedNames.contains(name) || isServiceChain(name)
    }
}
