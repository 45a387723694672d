/// A `v1 Service`, as far as the dataplane (and `explain`) cares.
public struct Service: Hashable, Sendable {
    public enum ServiceType: String, Hashable, Sendable, Codable {
        case clusterIP = "ClusterIP"
        case nodePort = "NodePort"
        case loadBalancer = "LoadBalancer"
        case externalName = "ExternalName"
    }

    public enum TrafficPolicy: String, Hashable, Sendable, Codable {
        case cluster = "Cluster"
        case local = "Local"
    }

    public enum SessionAffinity: String, Hashable, Sendable, Codable {
        case none = "None"
        case clientIP = "ClientIP"
    }

    /// `ipMode` of a load-balancer ingress (KEP-1860): `VIP` (default) or `Proxy`.
    public enum IPMode: String, Hashable, Sendable, Codable {
        case vip = "VIP"
        case proxy = "Proxy"
    }

    public struct Port: Hashable, Sendable {
        public var name: String
        public var `protocol`: TransportProtocol
        public var port: Int
        /// Defaults to `port` when absent, as the API server does.
        public var targetPort: IntOrString
        /// 0 when none.
        public var nodePort: Int
        public var appProtocol: String?
        public var location: SourceLocation

        public init(
            name: String = "", protocol: TransportProtocol = .tcp, port: Int,
            targetPort: IntOrString? = nil, nodePort: Int = 0, appProtocol: String? = nil,
            location: SourceLocation
        ) {
            self.name = name
            self.protocol = `protocol`
            self.port = port
            self.targetPort = targetPort ?? .int(port)
            self.nodePort = nodePort
            self.appProtocol = appProtocol
            self.location = location
        }
    }

    public struct LoadBalancerIngress: Hashable, Sendable {
        public var ip: IPAddress?
        public var hostname: String?
        /// nil when the field is absent (treated as VIP).
        public var ipMode: IPMode?

        public init(ip: IPAddress? = nil, hostname: String? = nil, ipMode: IPMode? = nil) {
            self.ip = ip
            self.hostname = hostname
            self.ipMode = ipMode
        }
    }

    public var metadata: ObjectMeta
    public var type: ServiceType
    /// `spec.clusterIP`: nil when absent, `"None"` for headless, else an address.
    public var clusterIP: String?
    /// `spec.clusterIPs` parsed (addresses only; `None` leaves it empty).
    public var clusterIPs: [IPAddress]
    public var ipFamilies: [IPFamily]
    public var ipFamilyPolicy: String?
    public var ports: [Port]
    public var selector: [String: String]?
    public var externalIPs: [IPAddress]
    public var externalName: String?
    public var externalTrafficPolicy: TrafficPolicy
    public var internalTrafficPolicy: TrafficPolicy
    /// 0 when none.
    public var healthCheckNodePort: Int
    public var loadBalancerIP: String?
    public var loadBalancerSourceRanges: [CIDR]
    public var loadBalancerClass: String?
    public var allocateLoadBalancerNodePorts: Bool?
    public var sessionAffinity: SessionAffinity
    /// `sessionAffinityConfig.clientIP.timeoutSeconds` (default 10800 for ClientIP).
    public var sessionAffinityTimeoutSeconds: Int
    public var publishNotReadyAddresses: Bool
    public var trafficDistribution: String?
    public var loadBalancerIngress: [LoadBalancerIngress]
    public var location: SourceLocation

    public init(
        metadata: ObjectMeta, type: ServiceType = .clusterIP, clusterIP: String? = nil,
        clusterIPs: [IPAddress] = [], ipFamilies: [IPFamily] = [], ipFamilyPolicy: String? = nil,
        ports: [Port] = [], selector: [String: String]? = nil, externalIPs: [IPAddress] = [],
        externalName: String? = nil, externalTrafficPolicy: TrafficPolicy = .cluster,
        internalTrafficPolicy: TrafficPolicy = .cluster, healthCheckNodePort: Int = 0,
        loadBalancerIP: String? = nil, loadBalancerSourceRanges: [CIDR] = [],
        loadBalancerClass: String? = nil, allocateLoadBalancerNodePorts: Bool? = nil,
        sessionAffinity: SessionAffinity = .none, sessionAffinityTimeoutSeconds: Int = 10800,
        publishNotReadyAddresses: Bool = false, trafficDistribution: String? = nil,
        loadBalancerIngress: [LoadBalancerIngress] = [], location: SourceLocation
    ) {
        self.metadata = metadata
        self.type = type
        self.clusterIP = clusterIP
        self.clusterIPs = clusterIPs
        self.ipFamilies = ipFamilies
        self.ipFamilyPolicy = ipFamilyPolicy
        self.ports = ports
        self.selector = selector
        self.externalIPs = externalIPs
        self.externalName = externalName
        self.externalTrafficPolicy = externalTrafficPolicy
        self.internalTrafficPolicy = internalTrafficPolicy
        self.healthCheckNodePort = healthCheckNodePort
        self.loadBalancerIP = loadBalancerIP
        self.loadBalancerSourceRanges = loadBalancerSourceRanges
        self.loadBalancerClass = loadBalancerClass
        self.allocateLoadBalancerNodePorts = allocateLoadBalancerNodePorts
        self.sessionAffinity = sessionAffinity
        self.sessionAffinityTimeoutSeconds = sessionAffinityTimeoutSeconds
        self.publishNotReadyAddresses = publishNotReadyAddresses
        self.trafficDistribution = trafficDistribution
        self.loadBalancerIngress = loadBalancerIngress
        self.location = location
    }

    /// True for `clusterIP: None`.
    public var isHeadless: Bool { clusterIP == "None" }
}
