/// kube-proxy's fixed chain names (`pkg/proxy/iptables/proxier.go`, the `kube*Chain` constants).
public enum KubeChain {
    public static let services = "KUBE-SERVICES"
    public static let externalServices = "KUBE-EXTERNAL-SERVICES"
    public static let nodePorts = "KUBE-NODEPORTS"
    public static let postrouting = "KUBE-POSTROUTING"
    public static let markMasq = "KUBE-MARK-MASQ"
    public static let forward = "KUBE-FORWARD"
    public static let proxyFirewall = "KUBE-PROXY-FIREWALL"
    /// kubelet's anti-martian chain, duplicated by kube-proxy.
    public static let firewall = "KUBE-FIREWALL"

    /// Chains that may exist without being jumped to (kube-proxy's `checkIPTablesRuleJumps`).
    public static let fixed: Set<String> = [
        services, externalServices, nodePorts, postrouting, forward, markMasq, proxyFirewall, firewall,
    ]

    /// Prefixes of the per-service chains (`isServiceChainName`).
    public static let servicePrefixes = ["KUBE-SVC-", "KUBE-SVL-", "KUBE-SEP-", "KUBE-FW-", "KUBE-EXT-"]

    /// Whether `name` is one of kube-proxy's per-service or per-endpoint chains.
    public static func isServiceChain(_ name: String) -> Bool {
        servicePrefixes.contains { name.hasPrefix($0) }
    }
}

/// The per-service-port chain names, hashed exactly as kube-proxy does: the prefix plus the first
/// 16 characters of base32(sha256(servicePortName + protocol)) (`portProtoHash`), so names stay
/// within iptables' 28-character limit.
public struct ServiceChainNames: Hashable, Sendable {
    /// `KUBE-SVC-…`: endpoints for Cluster traffic policy.
    public var cluster: String
    /// `KUBE-SVL-…`: endpoints for Local traffic policy.
    public var local: String
    /// `KUBE-FW-…`: loadBalancerSourceRanges filtering.
    public var firewall: String
    /// `KUBE-EXT-…`: external destinations (NodePort, external IPs, LB IPs).
    public var external: String

    public init(_ name: ServicePortName) {
        self.init(name, description: name.description)
    }

    /// With `description`, `name.description` already made (one per service port in a large
    /// cluster): the input is hashed once from a stack buffer and each name written straight
    /// from the digest (``ChainHash/names(_:hashing:)``), without intermediate strings.
    init(_ name: ServicePortName, description: String) {
        assert(description == name.description, "ServiceChainNames: description is not the port's name")
        let proto = name.protocol.rawValue
        let count = description.utf8.count + proto.utf8.count
        let names = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer in
            var cursor = ByteCursor(buffer.baseAddress!)
            cursor.put(description)
            cursor.put(proto)
            return ChainHash.names(
                ("KUBE-SVC-", "KUBE-SVL-", "KUBE-FW-", "KUBE-EXT-"), hashing: UnsafeRawBufferPointer(buffer))
        }
        (cluster, local, firewall, external) = names
    }

    /// `KUBE-SEP-…` for one endpoint (`servicePortEndpointChainName`): the hash also covers the
    /// endpoint's `ip:port` text (`[ip]:port` for IPv6).
    public static func endpoint(_ name: ServicePortName, _ endpoint: EndpointInfo) -> String {
        "KUBE-SEP-" + hash(name.description + name.protocol.rawValue + endpoint.description)
    }

    static func hash(_ text: String) -> String {
        var text = text
        return text.withUTF8 { ChainHash.name("", hashing: UnsafeRawBufferPointer($0)) }
    }
}
