/// Which chains one service port uses and where its traffic goes: the booleans `syncProxyRules`
/// computes at the top of its per-service loop (`pkg/proxy/iptables/proxier.go`), named as there.
struct ServicePortPlan {
    /// A REJECT or DROP for traffic that has nowhere to go, with its comment.
    struct Filter {
        var target: Target
        var comment: String
    }

    let names: ServiceChainNames
    /// `ns/svc:port`, the text of most of the port's comments (made once per port).
    let name: String
    /// Some usable endpoint exists anywhere in the cluster.
    let hasEndpoints: Bool
    let usesClusterPolicyChain: Bool
    let usesLocalPolicyChain: Bool
    /// `KUBE-SVC-*`, or `KUBE-SVL-*` with internalTrafficPolicy Local.
    let internalPolicyChain: String
    let hasInternalEndpoints: Bool
    /// `KUBE-SVC-*`, or `KUBE-SVL-*` with externalTrafficPolicy Local.
    let externalPolicyChain: String
    let hasExternalEndpoints: Bool
    /// Based on `hasEndpoints`, not `hasExternalEndpoints`: the short-circuit rules for local
    /// traffic are needed even when no endpoint serves external traffic.
    let usesExternalTrafficChain: Bool
    let usesFirewallChain: Bool
    /// `KUBE-EXT-*`, or `KUBE-FW-*` when loadBalancerSourceRanges apply.
    let loadBalancerTrafficChain: String
    /// Where internal traffic goes when `hasInternalEndpoints` is false; built only for the
    /// rules that need it.
    var internalFilter: Filter { filter }
    /// Where external traffic goes when `hasExternalEndpoints` is false.
    var externalFilter: Filter { filter }
    /// REJECT without any endpoint, else DROP (only consulted when the matching
    /// has…Endpoints is false, so "no local endpoints").
    private var filter: Filter {
        hasEndpoints
            ? Filter(target: .drop, comment: "\(name) has no local endpoints")
            : Filter(target: .reject(with: nil), comment: "\(name) has no endpoints")
    }

    init(_ port: ServicePortInfo) {
        name = port.name.description
        names = ServiceChainNames(port.name, description: name)
        hasEndpoints = port.hasAnyEndpoints
        usesClusterPolicyChain = !port.clusterEndpoints.isEmpty && port.usesClusterEndpoints
        usesLocalPolicyChain = !port.localEndpoints.isEmpty && port.usesLocalEndpoints

        var internalChain = names.cluster
        var hasInternal = hasEndpoints
        if port.internalPolicyLocal {
            internalChain = names.local
            if port.localEndpoints.isEmpty { hasInternal = false }
        }
        internalPolicyChain = internalChain
        hasInternalEndpoints = hasInternal

        var externalChain = names.cluster
        var hasExternal = hasEndpoints
        if port.externalPolicyLocal {
            externalChain = names.local
            if port.localEndpoints.isEmpty { hasExternal = false }
        }
        externalPolicyChain = externalChain
        hasExternalEndpoints = hasExternal

        usesExternalTrafficChain = hasEndpoints && port.externallyAccessible
        usesFirewallChain =
            hasEndpoints && !port.loadBalancerVIPs.isEmpty && !port.loadBalancerSourceRanges.isEmpty
        loadBalancerTrafficChain = usesFirewallChain ? names.firewall : names.external
    }
}
