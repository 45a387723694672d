/// The first packet of a new connection that `kuberules trace` follows through a node's rules.
///
/// Only what kube-proxy's rules can look at is modelled: addresses, protocol, ports, the
/// interface the packet came in on (for `--detect-local-mode BridgeInterface` /
/// `InterfaceNamePrefix`), and the client's history for ClientIP affinity.
public struct TracePacket: Hashable, Sendable, CustomStringConvertible {
    public var source: IPAddress
    /// The client's port; nil when unknown (no rule kuberules writes tests it).
    public var sourcePort: Int?
    public var destination: IPAddress
    public var destinationPort: Int
    public var `protocol`: TransportProtocol
    /// The incoming interface, for `-i` matches. nil: a packet from a pod of this node (a source
    /// inside one of the node's pod CIDRs) counts as arriving on a pod interface, anything else
    /// as arriving on a non-pod interface.
    public var inInterface: String?
    /// ClientIP affinity history: `recent` lists (named after `KUBE-SEP-*` chains) that already
    /// hold this client, as if its previous connection (less than the affinity timeout ago) had
    /// gone to that endpoint. Empty: the client is new.
    public var recentLists: Set<String>

    public init(
        source: IPAddress, sourcePort: Int? = nil, destination: IPAddress, destinationPort: Int,
        protocol: TransportProtocol = .tcp, inInterface: String? = nil, recentLists: Set<String> = []
    ) {
        self.source = source
        self.sourcePort = sourcePort
        self.destination = destination
        self.destinationPort = destinationPort
        self.protocol = `protocol`
        self.inInterface = inInterface
        self.recentLists = recentLists
    }

    /// `tcp 10.0.0.2 -> 172.30.0.41:80`
    public var description: String {
        let from = sourcePort.map { source.joined(port: $0) } ?? source.description
        return "\(`protocol`.rawValue) \(from) -> \(destination.joined(port: destinationPort))"
    }
}

/// Where the traced packet enters the node's netfilter hooks.
public enum TraceOrigin: String, Hashable, Sendable {
    /// The node itself sends it (its source is a node address or loopback): nat `OUTPUT` first.
    case node
    /// It arrives from a pod or from outside the node: nat `PREROUTING` first.
    case network
}
