@testable import KubeRules

/// Builders for typed objects in graph tests, in the spirit of kube-proxy's `makeTestService` /
/// `makeTestEndpointSlice`, using kube-proxy's test address plan.
enum T {
    static let here = SourceLocation(file: "test.yaml", line: 1, column: 1)

    static func ip(_ text: String) -> IPAddress {
        guard let ip = IPAddress(text) else { fatalError("bad test IP \(text)") }
        return ip
    }

    static func cidr(_ text: String) -> CIDR {
        guard let cidr = CIDR(text) else { fatalError("bad test CIDR \(text)") }
        return cidr
    }

    static func port(
        _ name: String = "", _ proto: TransportProtocol = .tcp, _ port: Int,
        target: IntOrString? = nil, nodePort: Int = 0
    ) -> Service.Port {
        Service.Port(name: name, protocol: proto, port: port, targetPort: target, nodePort: nodePort, location: here)
    }

    /// A single-stack IPv4 ClusterIP Service, adjusted by `configure`.
    static func service(
        _ namespace: String, _ name: String, clusterIP: String = "172.30.0.41",
        ports: [Service.Port] = [port("p80", .tcp, 80)], configure: (inout Service) -> Void = { _ in }
    ) -> Service {
        var service = Service(
            metadata: ObjectMeta(name: name, namespace: namespace), clusterIP: clusterIP,
            clusterIPs: IPAddress(clusterIP).map { [$0] } ?? [],
            ipFamilies: IPAddress(clusterIP).map { [$0.family] } ?? [], ports: ports, location: here)
        configure(&service)
        return service
    }

    static func endpoint(
        _ address: String, node: String? = nil, ready: Bool? = nil, serving: Bool? = nil,
        terminating: Bool? = nil, zoneHints: [String] = [], nodeHints: [String] = [],
        hostname: String? = nil
    ) -> EndpointSlice.Endpoint {
        EndpointSlice.Endpoint(
            addresses: [address], ready: ready, serving: serving, terminating: terminating,
            hostname: hostname, nodeName: node, zoneHints: zoneHints, nodeHints: nodeHints, location: here)
    }

    static func slicePort(_ name: String = "", _ proto: TransportProtocol = .tcp, _ port: Int?) -> EndpointSlice.Port {
        EndpointSlice.Port(name: name, protocol: proto, port: port, location: here)
    }

    static func slice(
        _ namespace: String, _ name: String, service: String?, type: EndpointSlice.AddressType = .ipv4,
        ports: [EndpointSlice.Port] = [slicePort("p80", .tcp, 80)], endpoints: [EndpointSlice.Endpoint]
    ) -> EndpointSlice {
        EndpointSlice(
            metadata: ObjectMeta(
                name: name, namespace: namespace,
                labels: service.map { ["kubernetes.io/service-name": $0] } ?? [:]),
            addressType: type, endpoints: endpoints, ports: ports, location: here)
    }

    static func node(
        _ name: String, addresses: [(String, String)] = [("InternalIP", "192.168.0.2")],
        labels: [String: String] = [:]
    ) -> Node {
        Node(
            metadata: ObjectMeta(name: name, namespace: "", labels: labels),
            addresses: addresses.map { Node.Address(type: $0.0, address: $0.1) }, location: here)
    }

    /// Options rendering `test-node` (IPv4 unless given).
    static func options(
        hostname: String? = "test-node", family: IPFamily = .ipv4, gates: [String: Bool] = [:]
    ) -> ProxyOptions {
        var options = ProxyOptions()
        options.hostname = hostname
        options.ipFamily = family
        options.featureGates = gates
        return options
    }

    static func build(
        _ manifests: Manifests, _ options: ProxyOptions = options()
    ) throws -> (ServiceGraph, [Diagnostic]) {
        var diagnostics = DiagnosticCollector()
        let graph = try ServiceGraphBuilder(options: options).build(manifests, diagnostics: &diagnostics)
        return (graph, diagnostics.diagnostics)
    }

    static func addresses(_ endpoints: [EndpointInfo]) -> [String] { endpoints.map(\.description) }
}
