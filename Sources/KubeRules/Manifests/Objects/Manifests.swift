/// Everything read from the input: the typed objects kuberules understands, in input order.
public struct Manifests: Hashable, Sendable {
    public var services: [Service]
    public var endpointSlices: [EndpointSlice]
    public var endpoints: [Endpoints]
    public var nodes: [Node]

    public init(
        services: [Service] = [], endpointSlices: [EndpointSlice] = [],
        endpoints: [Endpoints] = [], nodes: [Node] = []
    ) {
        self.services = services
        self.endpointSlices = endpointSlices
        self.endpoints = endpoints
        self.nodes = nodes
    }

    public mutating func append(contentsOf other: Manifests) {
        services += other.services
        endpointSlices += other.endpointSlices
        endpoints += other.endpoints
        nodes += other.nodes
    }
}
