/// The rules (iptables) or virtual servers (IPVS) that implement the Service on this node.
extension ServiceContext {
    var implementation: ServiceExplanation.Implementation {
        let node = builder.graph.node.name
        let mode = builder.options.proxyMode.rawValue
        if service.type == .externalName || isHeadless {
            return .init(
                node: node, mode: mode, items: [],
                sync: service.type == .externalName
                    ? "kube-proxy programs nothing for it: cluster DNS answers the CNAME, and the client connects to \(service.externalName ?? "?") itself"
                    : "kube-proxy programs nothing for it: cluster DNS watches its EndpointSlices and answers with the current ready pod IPs")
        }
        guard !ports.isEmpty else {
            return .init(node: node, mode: mode, items: [], sync: "kube-proxy programs nothing for it on this node (\(summary.notProxiedReason?.rawValue ?? "not proxied"))")
        }
        let sync = "endpoints reach these rules by background sync, not per request: the EndpointSlice controller keeps the slices up to date as pods become Ready or go away, kube-proxy on every node watches EndpointSlices and reprograms the rules; a connection only meets the rules already in the kernel (nothing is looked up while traffic flows, so it keeps flowing even when the API server is slow)"
        var items: [String] = []
        if let ruleset = builder.ruleset {
            for port in ports { items += iptablesItems(port, ruleset) }
        } else if let ipvs = builder.ipvs {
            for port in ports { items += ipvsItems(port, ipvs) }
        }
        return .init(node: node, mode: mode, items: items, sync: sync)
    }

    /// The entry rules naming the port in kube-proxy's fixed chains, then its own chains.
    func iptablesItems(_ port: ServicePortInfo, _ ruleset: Ruleset) -> [String] {
        let label = port.name.description
        var items: [String] = []
        for table in ruleset.tables {
            for chain in table.chains where !KubeChain.isServiceChain(chain.name) {
                for rule in chain.rules {
                    guard let comment = rule.comment, ServiceAttribution.serviceName(comment) == label else { continue }
                    items.append("\(table.name.rawValue): \(IptablesRenderer.ruleText(chain: chain.name, rule))")
                }
            }
        }
        guard let nat = ruleset[table: .nat] else { return items }
        let names = ServiceChainNames(port.name)
        func has(_ chain: String) -> Bool { nat[chain: chain] != nil }
        if has(names.firewall) {
            items.append("\(names.firewall): \(label) loadBalancerSourceRanges \(port.loadBalancerSourceRanges.map(\.description).joined(separator: ", ")) continue to \(names.external); other sources are dropped by KUBE-PROXY-FIREWALL")
        }
        if has(names.external) {
            items.append(port.externalPolicyLocal
                ? "\(names.external): \(label) external traffic: to \(names.local) (local endpoints, client IP kept); pod and node traffic to \(names.cluster)"
                : "\(names.external): \(label) external traffic: marked for masquerade, then to \(names.cluster)")
        }
        if has(names.cluster) {
            items.append("\(names.cluster): \(label) picks one of \(port.clusterEndpoints.count) endpoint(s) with equal probability\(port.stickyMaxAgeSeconds.map { ", or the client's previous one within \($0) s" } ?? "")")
        }
        if has(names.local) {
            items.append("\(names.local): \(label) picks one of \(port.localEndpoints.count) local endpoint(s) with equal probability")
        }
        for endpoint in port.allReachableEndpoints {
            let chain = ServiceChainNames.endpoint(port.name, endpoint)
            if has(chain) { items.append("\(chain): \(label) DNAT to \(endpoint)") }
        }
        return items
    }

    /// The virtual servers of the port with their scheduler and real servers.
    func ipvsItems(_ port: ServicePortInfo, _ ipvs: IPVSConfig) -> [String] {
        ipvs.virtualServers.filter { $0.servicePort == port.name }.map { server in
            var text = "IPVS \(server) (\(server.kind.rawValue)) -s \(server.scheduler)"
            if server.isPersistent { text += " -p \(server.timeout)" }
            text += server.realServers.isEmpty
                ? ": no real servers, connections are refused (ICMP port unreachable)"
                : " → " + server.realServers.map(\.description).joined(separator: ", ")
            return text
        }
    }
}
