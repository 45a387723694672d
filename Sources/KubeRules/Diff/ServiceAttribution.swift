/// Which service port a kube-proxy chain or rule belongs to: from the rendered graph (chain names
/// are hashes of the service-port name), else from the comments kube-proxy writes
/// (`"ns1/svc1:p80 cluster IP"`, `"masquerade traffic for ns1/svc1:p80 external destinations"`).
struct ServiceAttribution {
    private var chains: [String: String] = [:]

    init(graph: ServiceGraph?, rulesets: [Ruleset]) {
        if let graph {
            for port in graph.servicePorts {
                let name = port.name.description
                let names = ServiceChainNames(port.name)
                for chain in [names.cluster, names.local, names.external, names.firewall] { chains[chain] = name }
                for endpoint in port.endpoints { chains[ServiceChainNames.endpoint(port.name, endpoint)] = name }
            }
        }
        for ruleset in rulesets {
            for table in ruleset.tables {
                for chain in table.chains where chains[chain.name] == nil && KubeChain.isServiceChain(chain.name) {
                    if let name = chain.rules.lazy.compactMap({ $0.comment.flatMap(Self.serviceName) }).first {
                        chains[chain.name] = name
                    }
                }
                // A chain without comments (large-cluster mode) is named by the rule jumping to it.
                for chain in table.chains {
                    for rule in chain.rules {
                        guard case .jump(let target) = rule.target, chains[target] == nil,
                            KubeChain.isServiceChain(target), let name = rule.comment.flatMap(Self.serviceName)
                        else { continue }
                        chains[target] = name
                    }
                }
            }
        }
    }

    /// The service port owning `chain`.
    func service(ofChain chain: String) -> String? { chains[chain] }

    /// The service port a rule is about: its comment, else its chain's, else its jump target's.
    func service(of rule: Rule, in chain: String) -> String? {
        if let name = rule.comment.flatMap(Self.serviceName) { return name }
        if let name = chains[chain] { return name }
        if case .jump(let target) = rule.target { return chains[target] }
        return nil
    }

    /// The first `namespace/name[:port]` word of a kube-proxy comment.
    static func serviceName(_ comment: String) -> String? {
        for word in comment.split(separator: " ") {
            let parts = word.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { continue }
            let allowed = { (c: Character) in c.isLowercase || c.isNumber || c == "-" || c == "." || c == ":" }
            if word.allSatisfy({ allowed($0) || $0 == "/" }), parts[0].first!.isLetter || parts[0].first!.isNumber {
                return String(word)
            }
        }
        return nil
    }
}
