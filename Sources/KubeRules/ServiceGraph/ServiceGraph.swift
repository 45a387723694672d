/// The normalized view of a cluster from one node, in one address family: the input of every
/// backend (iptables, IPVS), of `trace` and of `explain`.
///
/// Built once by ``ServiceGraphBuilder`` from ``Manifests`` and ``ProxyOptions``; every policy
/// decision kube-proxy makes before writing rules is already made here.
public struct ServiceGraph: Hashable, Sendable {
    public var node: NodeInfo
    public var family: IPFamily
    /// Proxied service ports, sorted by ``ServicePortName``.
    public var servicePorts: [ServicePortInfo]
    /// Every Service read, proxied or not (headless, ExternalName, other family), sorted by
    /// namespace/name; `explain` reads this.
    public var services: [ServiceSummary]

    public init(
        node: NodeInfo, family: IPFamily, servicePorts: [ServicePortInfo],
        services: [ServiceSummary]
    ) {
        self.node = node
        self.family = family
        self.servicePorts = servicePorts
        self.services = services
    }

    /// Total endpoint chains (kube-proxy's `largeClusterEndpointsThreshold` counts these).
    public var totalEndpoints: Int { servicePorts.reduce(0) { $0 + $1.allReachableEndpoints.count } }
}

/// The rendered node.
public struct NodeInfo: Hashable, Sendable {
    public var name: String
    /// The node's addresses of the rendered family; the first is primary.
    public var addresses: [IPAddress]
    /// Every address of the node, both families (for explain).
    public var allAddresses: [IPAddress]
    public var labels: [String: String]
    public var podCIDRs: [CIDR]

    public init(
        name: String, addresses: [IPAddress], allAddresses: [IPAddress]? = nil,
        labels: [String: String] = [:], podCIDRs: [CIDR] = []
    ) {
        self.name = name
        self.addresses = addresses
        self.allAddresses = allAddresses ?? addresses
        self.labels = labels
        self.podCIDRs = podCIDRs
    }

    public var primaryAddress: IPAddress? { addresses.first }
    public var zone: String? { labels["topology.kubernetes.io/zone"] }
}

/// A Service as a whole, proxied or not, with why it is not proxied.
public struct ServiceSummary: Hashable, Sendable {
    public enum NotProxiedReason: String, Hashable, Sendable {
        case headless = "headless (clusterIP: None): DNS returns the pod IPs, kube-proxy programs nothing"
        case externalName = "ExternalName: DNS returns a CNAME, kube-proxy programs nothing"
        case noClusterIPOfFamily = "no cluster IP of the rendered family"
        /// `spec.clusterIP` absent or empty: nothing allocated yet (a hand-written manifest rather
        /// than `kubectl get -o yaml` output); kube-proxy skips it (`IsServiceIPSet`).
        case noClusterIP = "no cluster IP allocated (spec.clusterIP is empty), kube-proxy skips it"
        case noPorts = "no ports"
    }

    public var service: Service
    /// nil when the Service is proxied (its ports are in ``ServiceGraph/servicePorts``).
    public var notProxiedReason: NotProxiedReason?
    /// Endpoints of every port of the service, by Service port name, for explain (headless
    /// services too).
    public var endpointsByPort: [String: [EndpointInfo]]

    public init(
        service: Service, notProxiedReason: NotProxiedReason?,
        endpointsByPort: [String: [EndpointInfo]] = [:]
    ) {
        self.service = service
        self.notProxiedReason = notProxiedReason
        self.endpointsByPort = endpointsByPort
    }
}
