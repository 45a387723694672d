/// One ipset as kube-proxy creates it (`pkg/proxy/ipvs/ipset/ipset.go`, `IPSet` and `createSet`):
/// a name, a type, the family, the fixed sizes, and its entries.
public struct IPSet: Hashable, Sendable {
    public var name: String
    public var type: IPSetType
    public var family: IPFamily
    /// `hashsize` of hash types; kube-proxy never changes the default 1024.
    public var hashSize: Int
    /// `maxelem` of hash types; kube-proxy's default 65536.
    public var maxElements: Int
    /// `range` of `bitmap:port` sets; kube-proxy's `DefaultPortRange`.
    public var portRange: ClosedRange<Int>
    /// kube-proxy's purpose text; it goes into the `-m comment` of the rules that match the
    /// set, never into the set itself (kube-proxy creates sets without the comment extension).
    public var comment: String
    /// Entries sorted by their text, the order kube-proxy adds them (`sets.List`).
    public var entries: [IPSetEntry]

    public init(
        name: String, type: IPSetType, family: IPFamily, comment: String,
        entries: [IPSetEntry] = [], hashSize: Int = 1024, maxElements: Int = 65536,
        portRange: ClosedRange<Int> = 0...65535
    ) {
        self.name = name
        self.type = type
        self.family = family
        self.comment = comment
        self.entries = entries
        self.hashSize = hashSize
        self.maxElements = maxElements
        self.portRange = portRange
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// ipset's family keyword: `inet` or `inet6`.
    public var familyKeyword: String { family == .ipv4 ? "inet" : "inet6" }
}

/// The ipset types kube-proxy uses (`pkg/proxy/ipvs/ipset/types.go`).
public enum IPSetType: String, Hashable, Sendable, CaseIterable {
    case hashIPPort = "hash:ip,port"
    case hashIPPortIP = "hash:ip,port,ip"
    case hashIPPortNet = "hash:ip,port,net"
    case bitmapPort = "bitmap:port"
    case hashIP = "hash:ip"

    /// The `--match-set` flags kube-proxy pairs with a set of this type when it matches the
    /// destination: one `dst` per destination dimension.
    public var destinationDirections: [SetMatch.Direction] {
        switch self {
        case .hashIP, .bitmapPort: return [.dst]
        case .hashIPPort: return [.dst, .dst]
        case .hashIPPortIP, .hashIPPortNet: return [.dst, .dst, .src]
        }
    }
}

/// One ipset member, printed exactly as kube-proxy's `Entry.String()` prints it.
public enum IPSetEntry: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// `hash:ip` — `192.168.1.1`
    case ip(IPAddress)
    /// `hash:ip,port` — `192.168.1.1,udp:53`
    case ipPort(IPAddress, TransportProtocol, Int)
    /// `hash:ip,port,ip` — `192.168.1.1,udp:53,10.0.0.1`
    case ipPortIP(IPAddress, TransportProtocol, Int, IPAddress)
    /// `hash:ip,port,net` — `192.168.1.2,udp:80,10.0.1.0/24`
    case ipPortNet(IPAddress, TransportProtocol, Int, CIDR)
    /// `bitmap:port` — `53`
    case port(Int)

    public var description: String {
        var bytes: [UInt8] = []
        appendText(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The set type an entry of this shape belongs to.
    public var setType: IPSetType {
        switch self {
        case .ip: return .hashIP
        case .ipPort: return .hashIPPort
        case .ipPortIP: return .hashIPPortIP
        case .ipPortNet: return .hashIPPortNet
        case .port: return .bitmapPort
        }
    }

    /// Ordered by text, byte for byte, as Go's `sort.Strings` orders kube-proxy's entries.
    public static func < (a: Self, b: Self) -> Bool {
        a.description.utf8.lexicographicallyPrecedes(b.description.utf8)
    }

    /// Whether a packet's fields match this entry under `-m set` with the given directions: the
    /// tracer's view of the kernel lookup. A `bitmap:port` entry stores no protocol (kube-proxy
    /// pairs those sets with a `-p` match in the rule instead).
    public func matches(
        source: IPAddress, destination: IPAddress, protocol packetProtocol: TransportProtocol,
        sourcePort: Int, destinationPort: Int, directions: [SetMatch.Direction]
    ) -> Bool {
        func address(_ i: Int) -> IPAddress? {
            guard i < directions.count else { return nil }
            return directions[i] == .src ? source : destination
        }
        func port(_ i: Int) -> Int? {
            guard i < directions.count else { return nil }
            return directions[i] == .src ? sourcePort : destinationPort
        }
        switch self {
        case .ip(let ip):
            return address(0) == ip
        case .port(let p):
            return port(0) == p
        case .ipPort(let ip, let proto, let p):
            return address(0) == ip && proto == packetProtocol && port(1) == p
        case .ipPortIP(let ip, let proto, let p, let ip2):
            return address(0) == ip && proto == packetProtocol && port(1) == p && address(2) == ip2
        case .ipPortNet(let ip, let proto, let p, let net):
            guard let third = address(2) else { return false }
            return address(0) == ip && proto == packetProtocol && port(1) == p && net.contains(third)
        }
    }
}
