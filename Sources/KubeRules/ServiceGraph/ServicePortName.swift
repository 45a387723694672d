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

    /// `a < b` (the same order), without building the two descriptions: when every byte of both
    /// is ASCII (always, for names validated as Kubernetes validates them), String order is byte
    /// order, so the texts are written side by side into stack memory and compared as bytes.
    /// Anything else (a non-ASCII byte: String order normalizes Unicode first; a text longer
    /// than validation allows) falls back to `<`.
    static func precedes(_ a: Self, _ b: Self) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * maxTextLength) { buffer in
            let x = UnsafeMutableBufferPointer(rebasing: buffer[..<maxTextLength])
            let y = UnsafeMutableBufferPointer(rebasing: buffer[maxTextLength...])
            guard let xCount = a.writeDescription(into: x), let yCount = b.writeDescription(into: y) else {
                return a < b
            }
            var bits: UInt8 = 0
            var order = 0
            for index in 0..<min(xCount, yCount) {
                bits |= x[index] | y[index]
                if order == 0, x[index] != y[index] { order = x[index] < y[index] ? -1 : 1 }
            }
            for index in min(xCount, yCount)..<max(xCount, yCount) { bits |= xCount > yCount ? x[index] : y[index] }
            if bits >= 0x80 { return a < b }
            // A text that is a prefix of the other sorts first.
            if order == 0 { order = xCount < yCount ? -1 : xCount > yCount ? 1 : 0 }
            return order != 0 ? order < 0 : a.protocol < b.protocol
        }
    }

    /// Room for one description in ``precedes(_:_:)``: a namespace and a name of at most 253
    /// bytes, a port name of at most 15, and the separators.
    private static let maxTextLength = 528

    /// Writes ``description``'s UTF-8 into `buffer`; its length, or nil when it does not fit.
    private func writeDescription(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let parts = port.isEmpty ? 2 : 3
        let length = namespace.utf8.count + 1 + name.utf8.count + (parts == 3 ? 1 + port.utf8.count : 0)
        guard length <= buffer.count else { return nil }
        var count = 0
        func append(_ text: String) {
            count = UnsafeMutableBufferPointer(rebasing: buffer[count...]).initialize(fromContentsOf: text.utf8) + count
        }
        append(namespace)
        buffer[count] = UInt8(ascii: "/")
        count += 1
        append(name)
        if parts == 3 {
            buffer[count] = UInt8(ascii: ":")
            count += 1
            append(port)
        }
        return count
    }
}
