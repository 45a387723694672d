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

    /// `a < b` (the same order), without building the two descriptions: when every part of both
    /// names is ASCII (always, for names validated as Kubernetes validates them), String order
    /// is byte order, so the texts are compared byte by byte as they are streamed. Any other
    /// byte falls back to `<` (String order normalizes Unicode first).
    static func precedes(_ a: Self, _ b: Self) -> Bool {
        var x = DescriptionBytes(a)
        var y = DescriptionBytes(b)
        var order = 0
        while true {
            let p = x.next()
            let q = y.next()
            if p == nil && q == nil { break }
            if let p, p >= 0x80 { return a < b }
            if let q, q >= 0x80 { return a < b }
            if order == 0, p != q {
                // A shorter text that is a prefix of the other sorts first.
                if let p, let q {
                    order = p < q ? -1 : 1
                } else {
                    order = p == nil ? -1 : 1
                }
            }
        }
        if order != 0 { return order < 0 }
        return a.protocol < b.protocol
    }
}

/// The bytes of ``ServicePortName/description`` (`namespace/name` and `:port` when named), one
/// at a time.
private struct DescriptionBytes {
    private let name: ServicePortName
    /// 0 namespace, 1 the slash, 2 name, 3 the colon, 4 port, 5 done.
    private var part = 0
    private var bytes: String.UTF8View.Iterator

    init(_ name: ServicePortName) {
        self.name = name
        bytes = name.namespace.utf8.makeIterator()
    }

    mutating func next() -> UInt8? {
        while true {
            switch part {
            case 0, 2, 4:
                if let byte = bytes.next() { return byte }
                part = part == 2 && name.port.isEmpty ? 5 : part + 1
            case 1:
                part = 2
                bytes = name.name.utf8.makeIterator()
                return UInt8(ascii: "/")
            case 3:
                part = 4
                bytes = name.port.utf8.makeIterator()
                return UInt8(ascii: ":")
            default:
                return nil
            }
        }
    }
}
