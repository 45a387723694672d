/// kube-proxy's `ServicePortName`: `namespace/name`, plus `:port` when the port is named
/// (`ns1/svc1:p80`, `ns1/svc1`), and the protocol. Chain-name hashes are over
/// `description + protocol` (`pkg/proxy/iptables/proxier.go`, `servicePortPolicyClusterChain`).
public struct ServicePortName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var namespace: String
    public var name: String
    /// The Service port's name; "" for an unnamed (single) port.
    public var port: String
    public var `protocol`: TransportProtocol

    public init(namespace: String, name: String, port: String, protocol: TransportProtocol) {
        self.namespace = namespace
        self.name = name
        self.port = port
        self.protocol = `protocol`
    }

    /// `namespace/name` of the Service.
    public var serviceName: String { "\(namespace)/\(name)" }

    /// `ns/name:port` or `ns/name`.
    public var description: String {
        port.isEmpty ? serviceName : "\(serviceName):\(port)"
    }

    /// Ordered by their text, then protocol; this is the order services are rendered in.
    public static func < (a: Self, b: Self) -> Bool {
        let (x, y) = (a.description, b.description)
        if x != y { return x < y }
        return a.protocol < b.protocol
    }
}
