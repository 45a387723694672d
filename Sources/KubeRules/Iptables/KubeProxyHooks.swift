/// The jump rules kube-proxy adds to the built-in chains with `iptables -I` on every full sync,
/// outside its restore data (`iptablesJumpChains` and `iptablesKubeletJumpChains`,
/// `pkg/proxy/iptables/proxier.go`): `render --hooks` includes them so the text alone programs
/// a bare host.
public enum KubeProxyHooks {
    /// One entry of kube-proxy's list: from `source` (built-in) to `target` (a KUBE chain).
    struct Jump {
        var table: TableName
        var target: String
        var source: String
        var comment: String
        var newOnly: Bool
    }

    private static let portals = "kubernetes service portals"
    private static let external = "kubernetes externally-visible service portals"
    private static let firewall = "kubernetes load balancer firewall"

    /// kube-proxy's order; each is prepended in turn, so later entries end up first.
    static let jumps: [Jump] = [
        Jump(table: .filter, target: KubeChain.externalServices, source: "INPUT", comment: external, newOnly: true),
        Jump(table: .filter, target: KubeChain.externalServices, source: "FORWARD", comment: external, newOnly: true),
        Jump(table: .filter, target: KubeChain.nodePorts, source: "INPUT",
             comment: "kubernetes health check service ports", newOnly: false),
        Jump(table: .filter, target: KubeChain.services, source: "FORWARD", comment: portals, newOnly: true),
        Jump(table: .filter, target: KubeChain.services, source: "OUTPUT", comment: portals, newOnly: true),
        Jump(table: .filter, target: KubeChain.forward, source: "FORWARD",
             comment: "kubernetes forwarding rules", newOnly: false),
        Jump(table: .filter, target: KubeChain.proxyFirewall, source: "INPUT", comment: firewall, newOnly: true),
        Jump(table: .filter, target: KubeChain.proxyFirewall, source: "OUTPUT", comment: firewall, newOnly: true),
        Jump(table: .filter, target: KubeChain.proxyFirewall, source: "FORWARD", comment: firewall, newOnly: true),
        Jump(table: .nat, target: KubeChain.services, source: "OUTPUT", comment: portals, newOnly: false),
        Jump(table: .nat, target: KubeChain.services, source: "PREROUTING", comment: portals, newOnly: false),
        Jump(table: .nat, target: KubeChain.postrouting, source: "POSTROUTING",
             comment: "kubernetes postrouting rules", newOnly: false),
        // kubelet's anti-martian chain, which kube-proxy also hooks up (without a comment).
        Jump(table: .filter, target: KubeChain.firewall, source: "INPUT", comment: "", newOnly: false),
        Jump(table: .filter, target: KubeChain.firewall, source: "OUTPUT", comment: "", newOnly: false),
    ]

    /// The hook rules of `table`, per built-in chain in the order kube-proxy's successive
    /// prepends leave them (positions 1, 2, …), built-in chains in `iptables-save` order.
    public static func rules(in table: TableName) -> [HookRule] {
        var result: [HookRule] = []
        for chain in table.builtinChains {
            let prepended = jumps.filter { $0.table == table && $0.source == chain }.reversed()
            for (index, jump) in prepended.enumerated() {
                var arguments: [RuleArgument] = []
                if jump.newOnly { arguments.append(.conntrackState(["NEW"])) }
                if !jump.comment.isEmpty { arguments.append(.comment(jump.comment)) }
                result.append(HookRule(chain: chain, position: index + 1, rule: Rule(arguments, .jump(jump.target))))
            }
        }
        return result
    }
}
