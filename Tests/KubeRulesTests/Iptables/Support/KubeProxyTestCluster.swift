@testable import KubeRules

/// Builds ``ServiceGraph`` values the way kube-proxy's `proxier_test.go` builds its inputs
/// (`makeTestService`, `makeTestEndpointSlice`, `NewFakeProxier`), so compiler tests can run
/// kube-proxy's own cases without the manifest reader.
///
/// Endpoint categorization mirrors `CategorizeEndpoints` (`pkg/proxy/topology.go`) without
/// topology hints, which none of these tests use; the real one lives in the graph builder.
struct KPEndpoint {
    var ip: String
    var node: String? = nil
    var ready = true
    var serving = true
    var terminating = false
}

struct KPService {
    var namespace: String
    var name: String
    var portName = "p80"
    var proto: TransportProtocol = .tcp
    var clusterIP: String
    var port = 80
    /// The endpoint port (the slice's port); defaults to `port`.
    var endpointPort: Int? = nil
    var type: Service.ServiceType = .clusterIP
    var nodePort = 0
    var externalIPs: [String] = []
    var loadBalancerIPs: [String] = []
    var sourceRanges: [String] = []
    var healthCheckNodePort = 0
    var externalPolicyLocal = false
    var internalPolicyLocal = false
    var affinitySeconds: Int? = nil
    var endpoints: [KPEndpoint] = []
}

enum KubeProxyTestCluster {
    static let nodeName = "test-node"
    /// `testNodeIPs` of proxier_test.go: what the fake network interfaces hold.
    static let nodeAddresses = ["192.168.0.2", "192.168.1.2", "192.168.99.11", "2001:db8::1", "2001:db8:1::2"]

    /// `NewFakeProxier`'s settings: cluster CIDR 10.0.0.0/8 (fd00:10::/64), mark bit 14,
    /// localhost NodePorts, nfacct counters present, and no `--random-fully` (the fake iptables
    /// does not claim support for it).
    static func options(family: IPFamily = .ipv4) -> ProxyOptions {
        var options = ProxyOptions()
        options.hostname = nodeName
        options.ipFamily = family
        options.clusterCIDRs = [CIDR(family == .ipv4 ? "10.0.0.0/8" : "fd00:10::/64")!]
        options.randomFully = false
        return options
    }

    static func graph(_ services: [KPService], family: IPFamily = .ipv4) -> ServiceGraph {
        let all = nodeAddresses.map { IPAddress($0)! }
        let addresses = all.filter { $0.family == family }
        let node = NodeInfo(name: nodeName, addresses: addresses, allAddresses: all)
        let ports = services.map { servicePort($0) }.sorted { $0.name < $1.name }
        return ServiceGraph(node: node, family: family, servicePorts: ports, services: [])
    }

    static func servicePort(_ s: KPService) -> ServicePortInfo {
        let name = ServicePortName(namespace: s.namespace, name: s.name, port: s.portName, protocol: s.proto)
        var seen = Set<String>()
        let endpoints = s.endpoints.map { e in
            EndpointInfo(
                ip: IPAddress(e.ip)!, port: s.endpointPort ?? s.port, isLocal: e.node == nodeName,
                ready: e.ready, serving: e.serving, terminating: e.terminating, nodeName: e.node)
        }
        .filter { seen.insert($0.description).inserted }
        .sorted { $0.description.utf8.lexicographicallyPrecedes($1.description.utf8) }

        let externallyAccessible = s.type == .nodePort || s.type == .loadBalancer || !s.externalIPs.isEmpty
        var port = ServicePortInfo(
            name: name, serviceType: s.type, clusterIP: IPAddress(s.clusterIP)!, port: s.port,
            targetPort: .int(s.endpointPort ?? s.port), nodePort: s.nodePort,
            externalIPs: s.externalIPs.map { IPAddress($0)! },
            loadBalancerVIPs: s.loadBalancerIPs.map { IPAddress($0)! },
            loadBalancerSourceRanges: s.sourceRanges.map { CIDR($0)! },
            // serviceport.go keeps the health-check port only when NeedsHealthCheck (LB + eTP Local).
            healthCheckNodePort: s.type == .loadBalancer && s.externalPolicyLocal ? s.healthCheckNodePort : 0,
            externalPolicyLocal: s.externalPolicyLocal && externallyAccessible,
            internalPolicyLocal: s.internalPolicyLocal, stickyMaxAgeSeconds: s.affinitySeconds,
            endpoints: endpoints, location: SourceLocation(file: "test", line: 1, column: 1))
        categorize(&port)
        return port
    }

    /// `CategorizeEndpoints` without topology.
    static func categorize(_ port: inout ServicePortInfo) {
        let all = port.endpoints
        var cluster: [EndpointInfo] = []
        var local: [EndpointInfo] = []
        var hasAny = false
        if port.usesClusterEndpoints {
            cluster = all.filter(\.ready)
            if cluster.isEmpty { cluster = all.filter { $0.serving && $0.terminating } }
            hasAny = !cluster.isEmpty
        }
        var reachable = cluster
        if port.usesLocalEndpoints {
            var localReady = false
            var localTerminating = false
            for ep in all {
                if ep.ready {
                    hasAny = true
                    if ep.isLocal { localReady = true }
                } else if ep.serving && ep.terminating {
                    hasAny = true
                    if ep.isLocal { localTerminating = true }
                }
            }
            if localReady {
                local = all.filter { $0.isLocal && $0.ready }
            } else if localTerminating {
                local = all.filter { $0.isLocal && $0.serving && $0.terminating }
            }
            if !port.usesClusterEndpoints {
                reachable = local
            } else {
                var merged: [String: EndpointInfo] = [:]
                for ep in cluster + local { merged[ep.description] = ep }
                reachable = merged.values.sorted { $0.description.utf8.lexicographicallyPrecedes($1.description.utf8) }
            }
        }
        port.clusterEndpoints = cluster
        port.localEndpoints = local
        port.allReachableEndpoints = reachable
        port.hasAnyEndpoints = hasAny
    }
}
