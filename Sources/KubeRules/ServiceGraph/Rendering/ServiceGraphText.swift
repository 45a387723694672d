/// `kuberules graph` (text): the graph as a person reads it — the node, then each proxied
/// service port with its addresses, policies and endpoint sets, then the Services kube-proxy
/// leaves alone and why.
public enum ServiceGraphText {
    public static func render(_ graph: ServiceGraph) -> String {
        var out = TextLines()
        let node = graph.node
        out.add("node \(node.name) (\(graph.family.rawValue))")
        out.add("  addresses: \(list(node.addresses.map(\.description), empty: "none known"))")
        if let zone = node.zone { out.add("  zone: \(zone)") }
        for port in graph.servicePorts {
            out.add("")
            render(port, into: &out)
        }
        let skipped = graph.services.filter { $0.notProxiedReason != nil }
        if !skipped.isEmpty {
            out.add("")
            out.add("not proxied:")
            for summary in skipped { render(summary, into: &out) }
        }
        return out.text
    }

    private static func render(_ p: ServicePortInfo, into out: inout TextLines) {
        out.add("\(p.name) \(p.protocol.rawValue)")
        var line = "  \(p.serviceType.rawValue), cluster IP \(p.clusterIP), port \(p.port) -> target port \(p.targetPort)"
        if p.nodePort != 0 { line += ", node port \(p.nodePort)" }
        out.add(line)
        if !p.externalIPs.isEmpty { out.add("  external IPs: \(list(p.externalIPs.map(\.description)))") }
        if !p.loadBalancerVIPs.isEmpty { out.add("  load-balancer IPs: \(list(p.loadBalancerVIPs.map(\.description)))") }
        if !p.proxyModeIngressIPs.isEmpty {
            out.add("  load-balancer IPs with ipMode Proxy (no rules): \(list(p.proxyModeIngressIPs.map(\.description)))")
        }
        if !p.loadBalancerSourceRanges.isEmpty {
            out.add("  source ranges: \(list(p.loadBalancerSourceRanges.map(\.description)))")
        }
        if p.healthCheckNodePort != 0 { out.add("  health-check node port: \(p.healthCheckNodePort)") }
        let internalPolicy = "internal \(p.internalPolicyLocal ? "Local" : "Cluster")"
        // The external policy means something only where there is external traffic.
        out.add(
            p.externallyAccessible
                ? "  traffic policy: external \(p.externalPolicyLocal ? "Local" : "Cluster"), \(internalPolicy)"
                : "  traffic policy: \(internalPolicy)")
        if let seconds = p.stickyMaxAgeSeconds { out.add("  session affinity: ClientIP, \(seconds) s") }
        endpointTable(p.endpoints, title: "endpoints", into: &out)
        if p.usesClusterEndpoints {
            out.add("  cluster endpoints: \(list(p.clusterEndpoints.map(\.description), empty: "none"))")
        }
        if p.usesLocalEndpoints {
            out.add("  local endpoints: \(list(p.localEndpoints.map(\.description), empty: "none"))")
        }
        if !p.hasAnyEndpoints {
            out.add("  no usable endpoint anywhere: connections are rejected")
        } else if p.externalPolicyLocal, p.externallyAccessible, p.localEndpoints.isEmpty {
            out.add("  no local endpoint: external traffic arriving at this node is dropped")
        }
    }

    private static func render(_ s: ServiceSummary, into out: inout TextLines) {
        let service = s.service
        var line = "  \(service.metadata.namespace)/\(service.metadata.name): \(s.notProxiedReason?.rawValue ?? "")"
        if let name = service.externalName { line += " (\(name))" }
        out.add(line)
        for port in service.ports {
            let endpoints = s.endpointsByPort[port.name] ?? []
            if endpoints.isEmpty { continue }
            let label = port.name.isEmpty ? "port \(port.port)" : "port \(port.name)"
            endpointTable(endpoints, title: "    \(label) endpoints", indent: "      ", into: &out)
        }
    }

    private static func endpointTable(
        _ endpoints: [EndpointInfo], title: String, indent: String = "    ", into out: inout TextLines
    ) {
        let heading = title.hasPrefix(" ") ? title : "  \(title)"
        guard !endpoints.isEmpty else {
            out.add("\(heading): none")
            return
        }
        out.add("\(heading):")
        let rows = endpoints.map { e in
            [
                e.description, state(e),
                e.nodeName.map { "node \($0)\(e.isLocal ? " (local)" : "")" } ?? "",
                e.hostname.map { "hostname \($0)" } ?? "",
            ]
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let cells = zip(row, widths).filter { _, width in width > 0 }.map { $0.padding(to: $1) }
            out.add(indent + cells.joined(separator: "  "))
        }
    }

    /// The endpoint's conditions in words.
    static func state(_ e: EndpointInfo) -> String {
        if e.ready { return "ready" }
        if e.terminating { return e.serving ? "terminating (serving)" : "terminating" }
        return "not ready"
    }

    private static func list(_ items: [String], empty: String = "") -> String {
        items.isEmpty ? empty : items.joined(separator: ", ")
    }
}

/// Collects output lines; trailing spaces are trimmed so column padding never leaves any.
struct TextLines {
    private var lines: [String] = []

    mutating func add(_ line: String) {
        var line = line
        while line.hasSuffix(" ") { line.removeLast() }
        lines.append(line)
    }

    var text: String { lines.joined(separator: "\n") + "\n" }
}

extension String {
    /// Pads with spaces on the right to `width` characters.
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
