/// One proxied service port on the rendered node, for the rendered family: kube-proxy's
/// `BaseServicePortInfo` (`pkg/proxy/serviceport.go`) plus its endpoints already categorized by
/// ``EndpointCategorizer`` (`pkg/proxy/topology.go`). Backends only encode this; they never
/// re-decide policy.
public struct ServicePortInfo: Hashable, Sendable {
    public var name: ServicePortName
    public var serviceType: Service.ServiceType
    public var clusterIP: IPAddress
    public var port: Int
    /// The Service's `targetPort` as written (number or name), for explain.
    public var targetPort: IntOrString
    /// 0 when none.
    public var nodePort: Int
    /// External IPs of the rendered family.
    public var externalIPs: [IPAddress]
    /// LB ingress IPs of the rendered family that kube-proxy programs (ipMode VIP, or any when
    /// the `LoadBalancerIPMode` gate is off). Proxy-mode ingress IPs are in ``proxyModeIngressIPs``.
    public var loadBalancerVIPs: [IPAddress]
    /// LB ingress IPs with `ipMode: Proxy`: no node-local shortcut (explain mentions them).
    public var proxyModeIngressIPs: [IPAddress]
    /// `loadBalancerSourceRanges` of the rendered family (masked, as Go prints them).
    public var loadBalancerSourceRanges: [CIDR]
    /// 0 when none.
    public var healthCheckNodePort: Int
    /// ETP Local on an externally accessible service.
    public var externalPolicyLocal: Bool
    /// ITP Local.
    public var internalPolicyLocal: Bool
    /// nil unless `sessionAffinity: ClientIP`; the sticky timeout in seconds.
    public var stickyMaxAgeSeconds: Int?

    /// Every endpoint of this port (any condition), sorted as kube-proxy sorts them
    /// (by `ip:port` text, `endpointslicecache.go`).
    public var endpoints: [EndpointInfo]
    /// Usable endpoints for Cluster policy (ready, else serving+terminating; topology applied).
    /// Empty when the port never uses Cluster policy.
    public var clusterEndpoints: [EndpointInfo]
    /// Usable local endpoints for Local policy. Empty when the port never uses Local policy.
    public var localEndpoints: [EndpointInfo]
    /// The union reachable from this node (one `KUBE-SEP-` chain each), sorted like ``endpoints``.
    public var allReachableEndpoints: [EndpointInfo]
    /// Whether any usable endpoint exists anywhere in the cluster.
    public var hasAnyEndpoints: Bool

    public var location: SourceLocation

    public init(
        name: ServicePortName, serviceType: Service.ServiceType, clusterIP: IPAddress, port: Int,
        targetPort: IntOrString, nodePort: Int = 0, externalIPs: [IPAddress] = [],
        loadBalancerVIPs: [IPAddress] = [], proxyModeIngressIPs: [IPAddress] = [],
        loadBalancerSourceRanges: [CIDR] = [], healthCheckNodePort: Int = 0,
        externalPolicyLocal: Bool = false, internalPolicyLocal: Bool = false,
        stickyMaxAgeSeconds: Int? = nil, endpoints: [EndpointInfo] = [],
        clusterEndpoints: [EndpointInfo] = [], localEndpoints: [EndpointInfo] = [],
        allReachableEndpoints: [EndpointInfo] = [], hasAnyEndpoints: Bool = false,
        location: SourceLocation
    ) {
        self.name = name
        self.serviceType = serviceType
        self.clusterIP = clusterIP
        self.port = port
        self.targetPort = targetPort
        self.nodePort = nodePort
        self.externalIPs = externalIPs
        self.loadBalancerVIPs = loadBalancerVIPs
        self.proxyModeIngressIPs = proxyModeIngressIPs
        self.loadBalancerSourceRanges = loadBalancerSourceRanges
        self.healthCheckNodePort = healthCheckNodePort
        self.externalPolicyLocal = externalPolicyLocal
        self.internalPolicyLocal = internalPolicyLocal
        self.stickyMaxAgeSeconds = stickyMaxAgeSeconds
        self.endpoints = endpoints
        self.clusterEndpoints = clusterEndpoints
        self.localEndpoints = localEndpoints
        self.allReachableEndpoints = allReachableEndpoints
        self.hasAnyEndpoints = hasAnyEndpoints
        self.location = location
    }

    public var `protocol`: TransportProtocol { name.protocol }

    /// kube-proxy's `ExternallyAccessible`: a NodePort, an LB VIP or an external IP.
    public var externallyAccessible: Bool {
        nodePort != 0 || !loadBalancerVIPs.isEmpty || !externalIPs.isEmpty
    }

    /// kube-proxy's `UsesClusterEndpoints` (`pkg/proxy/serviceport.go`): Cluster policy is used
    /// for internal traffic unless ITP is Local, and whenever the port is externally accessible —
    /// even with ETP Local, because pod-originated traffic to an external address is
    /// short-circuited to the cluster endpoints.
    public var usesClusterEndpoints: Bool {
        !internalPolicyLocal || externallyAccessible
    }

    /// kube-proxy's `UsesLocalEndpoints` (`pkg/proxy/serviceport.go`).
    public var usesLocalEndpoints: Bool {
        internalPolicyLocal || (externalPolicyLocal && externallyAccessible)
    }
}
