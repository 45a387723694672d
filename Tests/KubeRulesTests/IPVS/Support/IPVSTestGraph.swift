@testable import KubeRules

/// Builds ``ServiceGraph`` values the way kube-proxy's IPVS unit tests build their proxier input
/// (`makeTestService` + `makeTestEndpointSlice` in `pkg/proxy/ipvs/proxier_test.go`), so those
/// tests can be replayed before the manifest reader and graph builder exist.
///
/// The endpoint categorization here is kube-proxy's `CategorizeEndpoints` (`pkg/proxy/topology.go`)
/// without topology hints: usable cluster endpoints are the ready ones, else the serving and
/// terminating ones; local ones likewise among the endpoints on the node.
struct IPVSTestEndpoint {
    var ip: String
    var port: Int = 80
    var node: String? = nil
    var ready = true
    var serving = true
    var terminating = false
}

struct TestServicePort {
    var namespace = "ns1"
    var name = "svc1"
    var portName = "p80"
    var proto: TransportProtocol = .tcp
    var clusterIP: String
    var port = 80
    var nodePort = 0
    var externalIPs: [String] = []
    var loadBalancerIPs: [String] = []
    var sourceRanges: [String] = []
    var externalLocal = false
    var internalLocal = false
    var healthCheckNodePort = 0
    var sticky: Int? = nil
    var endpoints: [IPVSTestEndpoint] = []
}

enum IPVSTestGraph {
    static let nodeName = "test-node"

    static func graph(
        _ ports: [TestServicePort], nodeIPs: [String] = [], family: IPFamily = .ipv4
    ) -> ServiceGraph {
        let addresses = nodeIPs.compactMap { IPAddress($0) }.filter { $0.family == family }
        let infos = ports.compactMap { servicePort($0, family: family) }.sorted { $0.name < $1.name }
        return ServiceGraph(
            node: NodeInfo(name: nodeName, addresses: addresses), family: family,
            servicePorts: infos, services: [])
    }

    static func servicePort(_ p: TestServicePort, family: IPFamily) -> ServicePortInfo? {
        guard let clusterIP = IPAddress(p.clusterIP), clusterIP.family == family else { return nil }
        let externalIPs = p.externalIPs.compactMap { IPAddress($0) }.filter { $0.family == family }
        let lbIPs = p.loadBalancerIPs.compactMap { IPAddress($0) }.filter { $0.family == family }
        let ranges = p.sourceRanges.compactMap { CIDR($0) }.filter { $0.family == family }
        var seen = Set<String>()
        let endpoints = p.endpoints.compactMap { e -> EndpointInfo? in
            guard let ip = IPAddress(e.ip), ip.family == family else { return nil }
            return EndpointInfo(
                ip: ip, port: e.port, isLocal: e.node == nodeName, ready: e.ready, serving: e.serving,
                terminating: e.terminating, nodeName: e.node)
        }
        .filter { seen.insert($0.description).inserted }
        .sorted { $0.description < $1.description }

        let externallyAccessible = p.nodePort != 0 || !lbIPs.isEmpty || !externalIPs.isEmpty
        let externalLocal = externallyAccessible && p.externalLocal
        let usesCluster = !p.internalLocal || (externallyAccessible && !externalLocal)
        let usesLocal = p.internalLocal || (externallyAccessible && externalLocal)
        func usable(_ candidates: [EndpointInfo]) -> [EndpointInfo] {
            let ready = candidates.filter(\.ready)
            return ready.isEmpty ? candidates.filter { $0.serving && $0.terminating } : ready
        }
        let cluster = usesCluster ? usable(endpoints) : []
        let local = usesLocal ? usable(endpoints.filter(\.isLocal)) : []
        let reachable = endpoints.filter { e in cluster.contains(e) || local.contains(e) }
        return ServicePortInfo(
            name: ServicePortName(namespace: p.namespace, name: p.name, port: p.portName, protocol: p.proto),
            serviceType: p.nodePort != 0 ? (lbIPs.isEmpty ? .nodePort : .loadBalancer) : .clusterIP,
            clusterIP: clusterIP, port: p.port, targetPort: .int(p.port), nodePort: p.nodePort,
            externalIPs: externalIPs, loadBalancerVIPs: lbIPs, loadBalancerSourceRanges: ranges,
            healthCheckNodePort: p.healthCheckNodePort, externalPolicyLocal: externalLocal,
            internalPolicyLocal: p.internalLocal, stickyMaxAgeSeconds: p.sticky, endpoints: endpoints,
            clusterEndpoints: cluster, localEndpoints: local, allReachableEndpoints: reachable,
            hasAnyEndpoints: !cluster.isEmpty || endpoints.contains(where: \.ready),
            location: KubeRules.SourceLocation(file: "test", line: 1, column: 1))
    }

    /// kube-proxy's fake proxier: no local-traffic detector (`NewNoOpLocalDetector`).
    static var options: ProxyOptions {
        var options = ProxyOptions()
        options.detectLocalMode = .none
        return options
    }

    static func compile(
        _ ports: [TestServicePort], nodeIPs: [String] = [], family: IPFamily = .ipv4,
        options: ProxyOptions = IPVSTestGraph.options
    ) -> IPVSConfig {
        IPVSCompiler(options: options).compile(graph(ports, nodeIPs: nodeIPs, family: family))
    }
}
