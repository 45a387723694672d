/// A legacy `v1 Endpoints` object. kuberules reads it as the EndpointSlice the
/// EndpointSliceMirroring controller would make of it (ready addresses, not-ready addresses).
public struct Endpoints: Hashable, Sendable {
    public struct Address: Hashable, Sendable {
        public var ip: IPAddress
        public var hostname: String?
        public var nodeName: String?
        public var targetRef: String?
        public var location: SourceLocation

        public init(
            ip: IPAddress, hostname: String? = nil, nodeName: String? = nil,
            targetRef: String? = nil, location: SourceLocation
        ) {
            self.ip = ip
            self.hostname = hostname
            self.nodeName = nodeName
            self.targetRef = targetRef
            self.location = location
        }
    }

    public struct Subset: Hashable, Sendable {
        public var addresses: [Address]
        public var notReadyAddresses: [Address]
        public var ports: [EndpointSlice.Port]

        public init(
            addresses: [Address] = [], notReadyAddresses: [Address] = [],
            ports: [EndpointSlice.Port] = []
        ) {
            self.addresses = addresses
            self.notReadyAddresses = notReadyAddresses
            self.ports = ports
        }
    }

    public var metadata: ObjectMeta
    public var subsets: [Subset]
    public var location: SourceLocation

    public init(metadata: ObjectMeta, subsets: [Subset], location: SourceLocation) {
        self.metadata = metadata
        self.subsets = subsets
        self.location = location
    }
}
