/// A `v1 Node`: its name, labels (topology zone) and addresses.
public struct Node: Hashable, Sendable {
    public struct Address: Hashable, Sendable {
        /// `InternalIP`, `ExternalIP`, `Hostname`, `InternalDNS`, `ExternalDNS`.
        public var type: String
        /// Raw text; only `*IP` types that parse as addresses are node IPs.
        public var address: String

        public init(type: String, address: String) {
            self.type = type
            self.address = address
        }
    }

    public var metadata: ObjectMeta
    public var addresses: [Address]
    public var podCIDRs: [CIDR]
    public var location: SourceLocation

    public init(
        metadata: ObjectMeta, addresses: [Address] = [], podCIDRs: [CIDR] = [],
        location: SourceLocation
    ) {
        self.metadata = metadata
        self.addresses = addresses
        self.podCIDRs = podCIDRs
        self.location = location
    }

    /// The node's IP addresses in kubelet's order of preference: InternalIP first, then
    /// ExternalIP (the order kube-proxy's `GetNodeIPs` returns them in).
    public var ipAddresses: [IPAddress] {
        let internalIPs = addresses.filter { $0.type == "InternalIP" }.compactMap { IPAddress($0.address) }
        let external = addresses.filter { $0.type == "ExternalIP" }.compactMap { IPAddress($0.address) }
        return internalIPs + external
    }

    /// `topology.kubernetes.io/zone`, used by topology-aware routing.
    public var zone: String? { metadata.labels["topology.kubernetes.io/zone"] }
}
