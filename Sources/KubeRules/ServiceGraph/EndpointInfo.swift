/// One endpoint of one service port, as kube-proxy's `BaseEndpointInfo` sees it.
///
/// A large cluster has hundreds of thousands of these, and the graph copies them between its
/// lists: the fields most endpoints leave empty (zone, hints, hostname, target) live in one
/// shared immutable box, absent when they are all empty, so a copy retains at most the node
/// name and the box instead of six references. The properties read and write as plain stored
/// ones; equality and hashing are over every property.
public struct EndpointInfo: Hashable, Sendable, CustomStringConvertible {
    public var ip: IPAddress
    public var port: Int
    /// `nodeName` equals the rendered node.
    public var isLocal: Bool
    public var ready: Bool
    public var serving: Bool
    public var terminating: Bool
    public var nodeName: String?
    /// The rarely set fields; nil when every one of them is empty.
    private var details: Details?

    /// The endpoint's `zone` (for explain; topology uses the hints, not this).
    public var zone: String? {
        get { details?.zone }
        set { setDetails(zone: newValue, zoneHints: zoneHints, nodeHints: nodeHints, hostname: hostname, targetRef: targetRef) }
    }

    /// `hints.forZones[*].name`, sorted, deduplicated.
    public var zoneHints: [String] {
        get { details?.zoneHints ?? [] }
        set { setDetails(zone: zone, zoneHints: newValue, nodeHints: nodeHints, hostname: hostname, targetRef: targetRef) }
    }

    /// `hints.forNodes[*].name`, sorted, deduplicated.
    public var nodeHints: [String] {
        get { details?.nodeHints ?? [] }
        set { setDetails(zone: zone, zoneHints: zoneHints, nodeHints: newValue, hostname: hostname, targetRef: targetRef) }
    }

    /// For explain: the pod's DNS hostname.
    public var hostname: String? {
        get { details?.hostname }
        set { setDetails(zone: zone, zoneHints: zoneHints, nodeHints: nodeHints, hostname: newValue, targetRef: targetRef) }
    }

    /// For explain: the endpoint's `targetRef`.
    public var targetRef: String? {
        get { details?.targetRef }
        set { setDetails(zone: zone, zoneHints: zoneHints, nodeHints: nodeHints, hostname: hostname, targetRef: newValue) }
    }

    public init(
        ip: IPAddress, port: Int, isLocal: Bool, ready: Bool = true, serving: Bool = true,
        terminating: Bool = false, nodeName: String? = nil, zone: String? = nil, zoneHints: [String] = [],
        nodeHints: [String] = [], hostname: String? = nil, targetRef: String? = nil
    ) {
        self.init(
            ip: ip, port: port, isLocal: isLocal, ready: ready, serving: serving, terminating: terminating,
            nodeName: nodeName)
        setDetails(zone: zone, zoneHints: zoneHints, nodeHints: nodeHints, hostname: hostname, targetRef: targetRef)
    }

    /// An endpoint whose rarely set fields are all empty (what the public initializer makes when
    /// given none of them): built without looking at them.
    @inline(__always)
    init(
        ip: IPAddress, port: Int, isLocal: Bool, ready: Bool, serving: Bool, terminating: Bool, nodeName: String?
    ) {
        self.ip = ip
        self.port = port
        self.isLocal = isLocal
        self.ready = ready
        self.serving = serving
        self.terminating = terminating
        self.nodeName = nodeName
        self.details = nil
    }

    /// `ip:port` (`[ip]:port` for IPv6): the text hashed into `KUBE-SEP-` names.
    public var description: String { ip.joined(port: port) }

    public static func == (a: Self, b: Self) -> Bool {
        a.ip == b.ip && a.port == b.port && a.isLocal == b.isLocal && a.ready == b.ready && a.serving == b.serving
            && a.terminating == b.terminating && a.nodeName == b.nodeName && a.zone == b.zone
            && a.zoneHints == b.zoneHints && a.nodeHints == b.nodeHints && a.hostname == b.hostname
            && a.targetRef == b.targetRef
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ip)
        hasher.combine(port)
        hasher.combine(isLocal)
        hasher.combine(ready)
        hasher.combine(serving)
        hasher.combine(terminating)
        hasher.combine(nodeName)
        hasher.combine(zone)
        hasher.combine(zoneHints)
        hasher.combine(nodeHints)
        hasher.combine(hostname)
        hasher.combine(targetRef)
    }

    private mutating func setDetails(
        zone: String?, zoneHints: [String], nodeHints: [String], hostname: String?, targetRef: String?
    ) {
        let empty = zone == nil && zoneHints.isEmpty && nodeHints.isEmpty && hostname == nil && targetRef == nil
        details =
            empty
            ? nil
            : Details(zone: zone, zoneHints: zoneHints, nodeHints: nodeHints, hostname: hostname, targetRef: targetRef)
    }

    /// The rarely set fields, immutable (a change makes a new box), so endpoints share it safely.
    private final class Details: Sendable {
        let zone: String?
        let zoneHints: [String]
        let nodeHints: [String]
        let hostname: String?
        let targetRef: String?

        init(zone: String?, zoneHints: [String], nodeHints: [String], hostname: String?, targetRef: String?) {
            self.zone = zone
            self.zoneHints = zoneHints
            self.nodeHints = nodeHints
            self.hostname = hostname
            self.targetRef = targetRef
        }
    }
}
