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
        Self.append(other.services, to: &services)
        Self.append(other.endpointSlices, to: &endpointSlices)
        Self.append(other.endpoints, to: &endpoints)
        Self.append(other.nodes, to: &nodes)
    }

    /// `more` after `target`; an empty target takes `more`'s storage as it is, instead of
    /// copying (retaining) every object into a new buffer and then freeing the old one: the
    /// read stage joins tens of thousands of objects from its parallel chunks this way.
    private static func append<Element>(_ more: [Element], to target: inout [Element]) {
        if target.isEmpty {
            target = more
        } else {
            target += more
        }
    }
}
