/// Chooses the node whose view is rendered and its addresses.
///
/// - The name is `--hostname-override` (kube-proxy's `nodeName`, trimmed and lower-cased as
///   `nodeutil.GetHostname` does). Without it, the input must hold exactly one Node.
/// - The addresses are `--node-ip` when given; otherwise the Node object's `status.addresses`,
///   InternalIP first, then ExternalIP, values that are not IPs skipped. kube-proxy itself keeps
///   only the first of each family (`GetNodeHostIPs`); the graph keeps them all because NodePort
///   rules on a real node match every local address (IPVS mode binds each of them).
/// - A named node with neither a Node object nor `--node-ip` is allowed, with a warning and no
///   addresses: kube-proxy also starts without finding its Node (it then assumes a loopback node
///   IP), and its iptables rules depend on node addresses only through `--nodeport-addresses`
///   (NodePorts otherwise match `--dst-type LOCAL`).
enum NodeSelector {
    static func select(
        manifests: Manifests, options: ProxyOptions, diagnostics: inout DiagnosticCollector
    ) -> NodeInfo? {
        let known = manifests.nodes.map(\.metadata.name).sorted()
        let name: String
        if let hostname = options.hostname?.trimmingWhitespace().lowercased(), !hostname.isEmpty {
            name = hostname
        } else if manifests.nodes.count == 1 {
            name = manifests.nodes[0].metadata.name
        } else {
            diagnostics.emit(known.isEmpty ? GraphDiagnostics.noNode() : GraphDiagnostics.ambiguousNode(known))
            return nil
        }
        let node = manifests.nodes.first { $0.metadata.name == name }
        var all: [IPAddress]
        if !options.nodeIPs.isEmpty {
            all = options.nodeIPs
        } else if let node {
            all = node.ipAddresses
        } else {
            diagnostics.emit(GraphDiagnostics.nodeWithoutAddresses(name, known: known))
            all = []
        }
        all = unique(all)
        return NodeInfo(
            name: name, addresses: all.filter { $0.family == options.ipFamily }, allAddresses: all,
            labels: node?.metadata.labels ?? [:], podCIDRs: node?.podCIDRs ?? [])
    }

    private static func unique(_ addresses: [IPAddress]) -> [IPAddress] {
        var seen: Set<IPAddress> = []
        return addresses.filter { seen.insert($0).inserted }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (Go's `TrimSpace` for
    /// ASCII input), without Foundation.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
