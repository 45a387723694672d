import KubeRules

/// A random but valid cluster for the property tests: the model the generator decides (which
/// the oracle reads to know which endpoints each destination must reach) and its manifests as
/// kubectl prints them (which the pipeline reads).
///
/// Every address is unique per service, so an endpoint reached through a service can only have
/// come from that service. No topology hints, so every usable endpoint is eligible.
struct GeneratedCluster {
    var family: IPFamily
    var services: [GeneratedService]

    static let node = "test-node"
    static let otherNode = "node-2"

    /// The rendered node's address, the other node's, and a pod / an outside client to send from.
    var nodeIP: String { family == .ipv4 ? "192.168.0.2" : "2001:db8::1" }
    var otherNodeIP: String { family == .ipv4 ? "192.168.0.3" : "2001:db8::2" }
    var podClient: String { family == .ipv4 ? "10.99.0.7" : "fd00:10:99::7" }
    var outsideClient: String { family == .ipv4 ? "203.0.113.9" : "2001:db8:203::9" }
    static let clusterCIDRs = ["10.0.0.0/8", "fd00:10::/32"]

    init(random: inout SeededRandom) {
        let family: IPFamily = random.chance(25) ? .ipv6 : .ipv4
        var services: [GeneratedService] = []
        for index in 0..<(1 + random.int(6)) {
            services.append(GeneratedService(index: index, family: family, random: &random))
        }
        self.family = family
        self.services = services
    }

    /// The manifests as YAML documents (one per object), in `order` (indices into ``documents``).
    func yaml(order: [Int]? = nil) -> String {
        let all = documents
        return (order ?? Array(all.indices)).map { "---\n" + all[$0] }.joined()
    }

    /// One YAML document per object: the two Nodes, then per service the Service and its slice.
    var documents: [String] {
        [nodeYAML(Self.node, nodeIP), nodeYAML(Self.otherNode, otherNodeIP)]
            + services.flatMap { [$0.serviceYAML, $0.sliceYAML] }
    }

    private func nodeYAML(_ name: String, _ address: String) -> String {
        """
        apiVersion: v1
        kind: Node
        metadata:
          name: \(name)
        status:
          addresses:
          - address: \(address)
            type: InternalIP

        """
    }
}

/// One generated Service with its EndpointSlice.
struct GeneratedService {
    enum Kind: String { case clusterIP = "ClusterIP", nodePort = "NodePort", loadBalancer = "LoadBalancer" }

    struct Port {
        var name: String
        var `protocol`: TransportProtocol
        var port: Int
        var targetPort: Int
        var nodePort: Int?
    }

    struct Endpoint {
        var address: String
        var node: String?
        var ready: Bool
        var serving: Bool
        var terminating: Bool
        var isLocal: Bool { node == GeneratedCluster.node }
    }

    var name: String
    var namespace: String
    var kind: Kind
    var family: IPFamily
    var clusterIP: String
    var ports: [Port]
    var externalIP: String?
    var loadBalancerIP: String?
    var externalPolicyLocal: Bool
    /// The API server allocates one for LoadBalancer/NodePort services with policy Local.
    var healthCheckNodePort: Int?
    var internalPolicyLocal: Bool
    var affinity: Bool
    var endpoints: [Endpoint]

    init(index: Int, family: IPFamily, random: inout SeededRandom) {
        let v4 = family == .ipv4
        self.family = family
        name = "svc-\(index)"
        namespace = random.pick(["ns1", "ns2"])
        kind = random.pick([.clusterIP, .clusterIP, .nodePort, .loadBalancer])
        clusterIP = v4 ? "172.30.\(index / 200).\(index % 200 + 1)" : "fd00:172:30::\(index + 1)"
        let protocols = random.shuffled([TransportProtocol.tcp, .udp, .sctp])
        let portCount = 1 + random.int(3)
        let external = kind != .clusterIP
        ports = (0..<portCount).map { number in
            Port(
                name: "p\(number)", protocol: protocols[number % protocols.count], port: 80 + number,
                targetPort: 8000 + number, nodePort: external ? 30000 + index * 4 + number : nil)
        }
        externalIP = random.chance(20) ? (v4 ? "192.168.99.\(index + 1)" : "2001:db8:99::\(index + 1)") : nil
        loadBalancerIP = kind == .loadBalancer && random.chance(70) ? (v4 ? "5.6.\(index).8" : "2001:db8:5::\(index + 1)") : nil
        externalPolicyLocal = (external || externalIP != nil) && random.chance(40)
        healthCheckNodePort = externalPolicyLocal && kind == .loadBalancer ? 32100 + index : nil
        internalPolicyLocal = random.chance(25)
        affinity = random.chance(20)
        endpoints = (0..<random.int(5)).map { number in
            let ready = random.chance(70)
            let terminating = !ready && random.chance(60)
            return Endpoint(
                address: v4 ? "10.180.\(index).\(number + 1)" : "fd00:10:180:\(index)::\(number + 1)",
                node: random.pick([GeneratedCluster.node, GeneratedCluster.otherNode, nil]),
                ready: ready, serving: ready || random.chance(60), terminating: terminating)
        }
    }

    var serviceYAML: String {
        var lines = [
            "apiVersion: v1", "kind: Service", "metadata:", "  name: \(name)", "  namespace: \(namespace)", "spec:",
            "  type: \(kind.rawValue)", "  clusterIP: \(clusterIP)", "  clusterIPs:", "  - \(clusterIP)",
            "  ipFamilies:", "  - \(family == .ipv4 ? "IPv4" : "IPv6")", "  ports:",
        ]
        for port in ports {
            lines += ["  - name: \(port.name)", "    port: \(port.port)", "    protocol: \(port.protocol.apiValue)",
                      "    targetPort: \(port.targetPort)"]
            if let nodePort = port.nodePort { lines.append("    nodePort: \(nodePort)") }
        }
        if let externalIP { lines += ["  externalIPs:", "  - \(externalIP)"] }
        if externalPolicyLocal {
            lines.append("  externalTrafficPolicy: Local")
            if let healthCheckNodePort { lines.append("  healthCheckNodePort: \(healthCheckNodePort)") }
        }
        if internalPolicyLocal { lines.append("  internalTrafficPolicy: Local") }
        if affinity {
            lines += ["  sessionAffinity: ClientIP", "  sessionAffinityConfig:", "    clientIP:", "      timeoutSeconds: 300"]
        }
        if let loadBalancerIP {
            lines += ["status:", "  loadBalancer:", "    ingress:", "    - ip: \(loadBalancerIP)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var sliceYAML: String {
        var lines = [
            "apiVersion: discovery.k8s.io/v1", "kind: EndpointSlice", "addressType: \(family == .ipv4 ? "IPv4" : "IPv6")",
            "metadata:", "  name: \(name)-abc", "  namespace: \(namespace)", "  labels:",
            "    kubernetes.io/service-name: \(name)",
        ]
        lines.append(endpoints.isEmpty ? "endpoints: []" : "endpoints:")
        for endpoint in endpoints {
            lines += ["- addresses:", "  - \(endpoint.address)", "  conditions:", "    ready: \(endpoint.ready)",
                      "    serving: \(endpoint.serving)", "    terminating: \(endpoint.terminating)"]
            if let node = endpoint.node { lines.append("  nodeName: \(node)") }
        }
        lines.append("ports:")
        for port in ports {
            lines += ["- name: \(port.name)", "  port: \(port.targetPort)", "  protocol: \(port.protocol.apiValue)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
