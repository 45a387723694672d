/// Builds ``ExplainDocument`` for the rendered node: per Service, the facts of
/// ``ServiceExplanation`` from the Service object, its endpoints, the graph's policy decisions
/// (``ServicePortInfo``) and the rules compiled for the node (chains or virtual servers).
public struct ExplanationBuilder: Sendable {
    public var graph: ServiceGraph
    public var options: ProxyOptions
    /// Every node of the input with its addresses (the rendered node when there are no Node
    /// objects): node ports open on all of them.
    public var nodes: [(name: String, addresses: [IPAddress])]
    /// The DNS domain of the cluster (kubelet's `--cluster-domain`).
    public var clusterDomain: String
    let ruleset: Ruleset?
    let ipvs: IPVSConfig?

    public init(graph: ServiceGraph, manifests: Manifests, options: ProxyOptions, clusterDomain: String = "cluster.local") {
        self.graph = graph
        self.options = options
        self.clusterDomain = clusterDomain
        let listed = manifests.nodes.map { (name: $0.metadata.name, addresses: $0.ipAddresses) }
            .sorted { $0.name < $1.name }
        nodes = listed.isEmpty ? [(graph.node.name, graph.node.allAddresses)] : listed
        switch options.proxyMode {
        case .iptables:
            ruleset = IptablesCompiler(options: options).compile(graph)
            ipvs = nil
        case .ipvs:
            ruleset = nil
            ipvs = IPVSCompiler(options: options).compile(graph)
        }
    }

    public func explain() -> ExplainDocument {
        ExplainDocument(
            node: graph.node.name, mode: options.proxyMode.rawValue,
            services: graph.services.map(explain))
    }

    func explain(_ summary: ServiceSummary) -> ServiceExplanation {
        let service = summary.service
        let ports = graph.servicePorts.filter {
            $0.name.namespace == service.metadata.namespace && $0.name.name == service.metadata.name
        }
        let context = ServiceContext(builder: self, summary: summary, ports: ports)
        return ServiceExplanation(
            namespace: service.metadata.namespace, name: service.metadata.name, type: context.typeName,
            meaning: context.meaning, selector: context.selector,
            clusterIPs: context.clusterIPs.map(\.description), dns: context.dnsNames, reach: context.accessPoints,
            ports: context.portMappings, endpoints: context.endpointStates, trafficPolicies: context.trafficPolicies,
            sessionAffinity: context.affinity, implementation: context.implementation, notes: context.notes)
    }
}

/// One Service being explained: its object, its summary, its proxied ports on this node.
struct ServiceContext {
    let builder: ExplanationBuilder
    let summary: ServiceSummary
    let ports: [ServicePortInfo]

    var service: Service { summary.service }
    var namespace: String { service.metadata.namespace }
    var name: String { service.metadata.name }
    var fqdn: String { "\(name).\(namespace).svc.\(builder.clusterDomain)" }
    var isHeadless: Bool { service.type != .externalName && service.isHeadless }

    var typeName: String {
        isHeadless ? "ClusterIP (headless)" : service.type.rawValue
    }

    var clusterIPs: [IPAddress] {
        service.clusterIPs.isEmpty ? (service.clusterIP.flatMap { IPAddress($0) }.map { [$0] } ?? []) : service.clusterIPs
    }

    var selector: String? {
        guard let selector = service.selector, !selector.isEmpty else { return nil }
        return selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// Whether the Service has node ports (NodePort, or LoadBalancer with node ports allocated).
    var nodePorts: [Int] { service.ports.map(\.nodePort).filter { $0 != 0 } }

    var meaning: [String] {
        let clusterIP = "one stable virtual IP (the cluster IP), reachable only from inside the cluster (pods and nodes); kube-proxy on every node sends each new connection to it on to one ready endpoint"
        switch service.type {
        case .externalName:
            return ["ExternalName: a DNS alias: \(fqdn) is a CNAME for \(service.externalName ?? "?"); no cluster IP, no endpoints, no proxying (kube-proxy programs nothing)"]
        case _ where isHeadless:
            return [
                "headless (clusterIP: None): no cluster IP and no proxying (kube-proxy programs nothing); DNS returns the pod IPs directly, one A record per ready endpoint, and clients connect to the pods themselves",
                "pods with a hostname also get their own name, <hostname>.\(name).\(namespace).svc.\(builder.clusterDomain), as StatefulSets use for stable per-pod addresses",
            ]
        case .clusterIP:
            var lines = ["ClusterIP (the default type): " + clusterIP]
            if !service.externalIPs.isEmpty { lines.append(externalIPsMeaning) }
            return lines
        case .nodePort:
            var lines = [
                "NodePort: everything ClusterIP gives (" + clusterIP + "), plus node port \(nodePortList) opened on every node's IP for clients outside the cluster: <NodeIP>:<NodePort> (node ports come from \(rangeText))",
            ]
            if !service.externalIPs.isEmpty { lines.append(externalIPsMeaning) }
            return lines
        case .loadBalancer:
            var lines: [String] = []
            if nodePorts.isEmpty {
                lines.append("LoadBalancer without node ports (allocateLoadBalancerNodePorts: false): the load balancer must reach the pods directly; the cluster IP still works inside the cluster")
            } else {
                lines.append("LoadBalancer: a cloud load balancer in front of the node ports: creating it also allocates node port \(nodePortList) on every node (the load balancer sends client traffic to <NodeIP>:\(nodePortList), where the node's rules DNAT it to a pod) and a cluster IP; it needs a load-balancer controller (a cloud provider) to get an external IP")
            }
            lines.append(loadBalancerStatus)
            if !service.externalIPs.isEmpty { lines.append(externalIPsMeaning) }
            return lines
        }
    }

    var nodePortList: String { nodePorts.map(String.init).joined(separator: ", ") }

    var rangeText: String {
        let range = builder.options.serviceNodePortRange
        return "\(range.lowerBound)-\(range.upperBound)"
    }

    var externalIPsMeaning: String {
        "externalIPs \(service.externalIPs.map(\.description).joined(separator: ", ")): a node that receives traffic for them on a Service port handles it like the cluster IP (routing those addresses to a node is up to the network, not Kubernetes)"
    }

    var loadBalancerStatus: String {
        let ingress = service.loadBalancerIngress
        if ingress.isEmpty {
            let fallback = nodePorts.isEmpty ? "via its cluster IP" : "as a NodePort service on \(nodePortList) and via its cluster IP"
            return "status: no load balancer yet: EXTERNAL-IP stays <pending> (no controller has provisioned one, e.g. no cloud provider); the Service still works \(fallback)"
        }
        let items = ingress.map { entry -> String in
            let address = entry.ip?.description ?? entry.hostname ?? "?"
            if entry.hostname != nil, entry.ip == nil { return "\(address) (a hostname: clients resolve it, nodes do not capture it)" }
            return entry.ipMode == .proxy
                ? "\(address) (ipMode Proxy: traffic goes through the load balancer, nodes do not short-cut it)"
                : "\(address) (ipMode VIP: nodes also capture traffic to it themselves)"
        }
        return "status: load balancer ready at " + items.joined(separator: ", ")
    }

    var notes: [String] {
        var notes: [String] = []
        if service.type != .externalName, selector == nil {
            let all = summary.endpointsByPort.values.flatMap { $0 }.map(\.description)
            let found = all.isEmpty ? "none found" : Array(Set(all)).sorted().joined(separator: ", ")
            notes.append("no selector: Kubernetes creates no endpoints for this Service; they come from Endpoints or EndpointSlice objects someone manages by hand (here: \(found))")
        }
        if service.publishNotReadyAddresses {
            notes.append("publishNotReadyAddresses: true: DNS also returns endpoints that are not ready")
        }
        for port in ports where !port.hasAnyEndpoints {
            notes.append("\(port.name) has no usable endpoint: connections to \(port.clusterIP.joined(port: port.port))/\(port.protocol.apiValue) are rejected (ICMP port unreachable) until a pod is Ready")
        }
        if let reason = summary.notProxiedReason, reason != .headless, reason != .externalName {
            notes.append("not proxied on this node: \(reason.rawValue)")
        }
        return notes
    }
}
