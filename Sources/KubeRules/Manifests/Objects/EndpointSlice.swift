/// A `discovery.k8s.io/v1 EndpointSlice`.
public struct EndpointSlice: Hashable, Sendable {
    public enum AddressType: String, Hashable, Sendable {
        case ipv4 = "IPv4"
        case ipv6 = "IPv6"
        case fqdn = "FQDN"
    }

    /// One endpoint. Conditions are optional in the API; nil means "unknown", which kube-proxy
    /// reads as ready=true, serving=ready, terminating=false (`endpointslicecache.go`).
    public struct Endpoint: Hashable, Sendable {
        /// Raw address strings (FQDN slices carry names); IP slices are validated when read.
        public var addresses: [String]
        public var ready: Bool?
        public var serving: Bool?
        public var terminating: Bool?
        public var hostname: String?
        public var nodeName: String?
        public var zone: String?
        public var zoneHints: [String]
        public var nodeHints: [String]
        /// `targetRef` as `Kind/namespace/name` (e.g. `Pod/default/web-0`), for explain.
        public var targetRef: String?
        public var location: SourceLocation

        public init(
            addresses: [String], ready: Bool? = nil, serving: Bool? = nil,
            terminating: Bool? = nil, hostname: String? = nil, nodeName: String? = nil,
            zone: String? = nil, zoneHints: [String] = [], nodeHints: [String] = [],
            targetRef: String? = nil, location: SourceLocation
        ) {
            self.addresses = addresses
            self.ready = ready
            self.serving = serving
            self.terminating = terminating
            self.hostname = hostname
            self.nodeName = nodeName
            self.zone = zone
            self.zoneHints = zoneHints
            self.nodeHints = nodeHints
            self.targetRef = targetRef
            self.location = location
        }
    }

    public struct Port: Hashable, Sendable {
        /// "" when unnamed (the API's nil and "" mean the same to kube-proxy).
        public var name: String
        public var `protocol`: TransportProtocol
        /// nil when absent ("all ports", unusable by kube-proxy).
        public var port: Int?
        public var appProtocol: String?
        public var location: SourceLocation

        public init(
            name: String = "", protocol: TransportProtocol = .tcp, port: Int?,
            appProtocol: String? = nil, location: SourceLocation
        ) {
            self.name = name
            self.protocol = `protocol`
            self.port = port
            self.appProtocol = appProtocol
            self.location = location
        }
    }

    public var metadata: ObjectMeta
    public var addressType: AddressType
    public var endpoints: [Endpoint]
    public var ports: [Port]
    public var location: SourceLocation

    public init(
        metadata: ObjectMeta, addressType: AddressType, endpoints: [Endpoint], ports: [Port],
        location: SourceLocation
    ) {
        self.metadata = metadata
        self.addressType = addressType
        self.endpoints = endpoints
        self.ports = ports
        self.location = location
    }

    /// The owning Service's name (`kubernetes.io/service-name` label), if any.
    public var serviceName: String? { metadata.labels["kubernetes.io/service-name"] }
}
