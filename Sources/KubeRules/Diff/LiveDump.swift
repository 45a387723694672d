/// What of a saved ruleset `diff` compares: kube-proxy's chains and its jump rules.
///
/// An `iptables-save` of a live node also holds other tables (`mangle`, `raw`, `security`), the
/// built-in chains with everybody's rules, kubelet's and other programs' chains, and counters.
/// kube-proxy owns only its fixed chains (iptables and IPVS mode), its per-service chains, and
/// the rules in built-in chains that jump into them (`pkg/proxy/iptables/proxier.go`,
/// `iptablesJumpChains`; `pkg/proxy/ipvs/proxier.go`, `iptablesJumpChain`); the rest is ignored.
public enum LiveDump {
    /// kube-proxy's fixed chains in both modes (per-service chains are recognised by prefix).
    public static let fixedChains: Set<String> = KubeChain.fixed.union([
        "KUBE-NODE-PORT", "KUBE-LOAD-BALANCER", "KUBE-SOURCE-RANGES-FIREWALL", "KUBE-IPVS-FILTER",
        "KUBE-IPVS-OUT-FILTER",
    ])

    /// Whether kube-proxy writes the chain `name`.
    public static func isKubeProxyChain(_ name: String) -> Bool {
        fixedChains.contains(name) || KubeChain.isServiceChain(name)
    }

    /// Whether `ruleset` looks like `iptables-save` output rather than restore input kube-proxy
    /// (or `kuberules render`) writes: it declares built-in chains.
    public static func isSaveOutput(_ ruleset: Ruleset) -> Bool {
        ruleset.tables.contains { table in table.chains.contains { $0.isBuiltin } }
    }

    /// Whether `ruleset` carries kube-proxy's jump rules (as hook lines or inside declared
    /// built-in chains): then the rendered side must include them too.
    public static func hasJumpRules(_ ruleset: Ruleset) -> Bool {
        ruleset.tables.contains { table in
            !table.hooks.isEmpty
                || table.chains.contains { chain in chain.isBuiltin && chain.rules.contains(where: jumpsToKubeProxy) }
        }
    }

    /// Only kube-proxy's part: the `filter` and `nat` tables, kube-proxy's chains, and the jump
    /// rules of the built-in chains as hook rules (positions counted among kube-proxy's own
    /// jumps, so the user's rules around them do not matter). Counters are dropped.
    public static func kubeProxyPart(of ruleset: Ruleset) -> Ruleset {
        var result = Ruleset(family: ruleset.family)
        for table in ruleset.tables where table.name == .filter || table.name == .nat {
            var kept = Table(name: table.name)
            var hooks: [String: [Rule]] = [:]
            for hook in table.hooks where jumpsToKubeProxy(hook.rule) {
                var rules = hooks[hook.chain] ?? []
                rules.insert(hook.rule, at: min((hook.position ?? rules.count + 1) - 1, rules.count))
                hooks[hook.chain] = rules
            }
            for chain in table.chains {
                if chain.isBuiltin || table.name.builtinChains.contains(chain.name) {
                    hooks[chain.name, default: []] += chain.rules.filter(jumpsToKubeProxy)
                } else if isKubeProxyChain(chain.name) {
                    kept.chains.append(Chain(name: chain.name, rules: chain.rules))
                }
            }
            kept.deletedChains = table.deletedChains.filter(isKubeProxyChain)
            for chain in table.name.builtinChains {
                for (index, rule) in (hooks[chain] ?? []).enumerated() {
                    kept.hooks.append(HookRule(chain: chain, position: index + 1, rule: rule))
                }
            }
            result.tables.append(kept)
        }
        return result
    }

    static func jumpsToKubeProxy(_ rule: Rule) -> Bool {
        if case .jump(let target) = rule.target { return isKubeProxyChain(target) }
        return false
    }
}
