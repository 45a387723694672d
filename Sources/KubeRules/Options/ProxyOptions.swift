/// kube-proxy's configuration for the node being rendered: every flag of the command-line
/// contract, already merged (flags over `--config` over defaults, see ``ProxyOptionsMerger``).
///
/// Defaults are kube-proxy's own (`pkg/proxy/apis/config/v1alpha1/defaults.go`).
public struct ProxyOptions: Hashable, Sendable {
    public enum ProxyMode: String, Hashable, Sendable, CaseIterable {
        case iptables
        case ipvs
    }

    /// How kube-proxy tells pod traffic from other traffic (`--detect-local-mode`).
    public enum LocalDetector: Hashable, Sendable {
        /// `ClusterCIDR` with the cluster CIDR(s) of the rendered family; with none, no detector.
        case clusterCIDR
        /// `NodeCIDR`: the node's `spec.podCIDRs`.
        case nodeCIDR
        /// `BridgeInterface` with `--pod-bridge-interface`.
        case bridgeInterface(String)
        /// `InterfaceNamePrefix` with `--pod-interface-name-prefix`.
        case interfaceNamePrefix(String)
        /// `None` (kuberules' spelling; kube-proxy's empty mode with no cluster CIDR).
        case none
    }

    public enum NodePortAddresses: Hashable, Sendable {
        /// Unset: every local address (`-m addrtype --dst-type LOCAL`).
        case all
        /// `primary`: the node's primary IP of each family.
        case primary
        /// Explicit CIDRs; addresses of the node inside them.
        case cidrs([CIDR])
    }

    public var proxyMode: ProxyMode = .iptables
    /// The rendered node's name (`--hostname-override`); nil when not given.
    public var hostname: String?
    /// `--node-ip`; empty means "from the Node object".
    public var nodeIPs: [IPAddress] = []
    public var clusterCIDRs: [CIDR] = []
    public var detectLocalMode: LocalDetector = .clusterCIDR
    /// `--iptables-masquerade-bit`, 0…31 (default 14 → mark 0x4000).
    public var masqueradeBit: Int = 14
    public var masqueradeAll: Bool = false
    public var nodePortAddresses: NodePortAddresses = .all
    public var localhostNodePorts: Bool = true
    public var ipFamily: IPFamily = .ipv4
    public var ipvsScheduler: String = "rr"
    /// IPVS `--ipvs-strict-arp`.
    public var ipvsStrictARP: Bool = false
    /// IPVS `--ipvs-exclude-cidrs`.
    public var ipvsExcludeCIDRs: [CIDR] = []
    public var randomFully: Bool = true
    public var nfacct: Bool = true
    public var conntrackTCPBeLiberal: Bool = false
    /// `--feature-gates`; only gates kube-proxy consults matter (see ``FeatureGates``).
    public var featureGates: [String: Bool] = [:]
    /// The API server's `--service-node-port-range`, for validating nodePorts.
    public var serviceNodePortRange: ClosedRange<Int> = 30000...32767

    public init() {}

    /// `1 << masqueradeBit` as kube-proxy prints it (`0x4000`).
    public var masqueradeMark: String { "0x" + String(UInt32(1) << UInt32(masqueradeBit), radix: 16) }

    /// Whether a feature gate is on, with kube-proxy v1.33's defaults for the gates it reads.
    public func isEnabled(_ gate: String) -> Bool {
        if let value = featureGates[gate] { return value }
        return FeatureGates.defaults[gate] ?? false
    }
}

/// Feature gates kube-proxy consults, with their v1.33 defaults.
public enum FeatureGates {
    public static let defaults: [String: Bool] = [
        "LoadBalancerIPMode": true,
        // Alpha, off by default in v1.33 (`pkg/features/kube_features.go`); beta and on from v1.34.
        "PreferSameTrafficDistribution": false,
        "TopologyAwareHints": true,
        "ServiceTrafficDistribution": true,
    ]
}
