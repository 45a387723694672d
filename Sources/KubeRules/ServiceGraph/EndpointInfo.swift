/// One endpoint of one service port, as kube-proxy's `BaseEndpointInfo` sees it.
public struct EndpointInfo: Hashable, Sendable, CustomStringConvertible {
    public var ip: IPAddress
    public var port: Int
    /// `nodeName` equals the rendered node.
    public var isLocal: Bool
    public var ready: Bool
    public var serving: Bool
    public var terminating: Bool
    public var nodeName: String?
    /// The endpoint's `zone` (for explain; topology uses the hints, not this).
    public var zone: String?
    /// `hints.forZones[*].name`, sorted, deduplicated.
    public var zoneHints: [String]
    /// `hints.forNodes[*].name`, sorted, deduplicated.
    public var nodeHints: [String]
    /// For explain: the pod's DNS hostname and `targetRef`.
    public var hostname: String?
    public var targetRef: String?

    public init(
        ip: IPAddress, port: Int, isLocal: Bool, ready: Bool = true, serving: Bool = true,
        terminating: Bool = false, nodeName: String? = nil, zone: String? = nil, zoneHints: [String] = [],
        nodeHints: [String] = [], hostname: String? = nil, targetRef: String? = nil
    ) {
        self.ip = ip
        self.port = port
        self.isLocal = isLocal
        self.ready = ready
        self.serving = serving
        self.terminating = terminating
        self.nodeName = nodeName
        self.zone = zone
        self.zoneHints = zoneHints
        self.nodeHints = nodeHints
        self.hostname = hostname
        self.targetRef = targetRef
    }

    /// `ip:port` (`[ip]:port` for IPv6): the text hashed into `KUBE-SEP-` names.
    public var description: String { ip.joined(port: port) }
}
