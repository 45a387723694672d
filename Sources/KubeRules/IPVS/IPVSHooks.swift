/// The jump rules IPVS mode adds to the built-in chains, outside its restore data
/// (`iptablesJumpChain` and `createAndLinkKubeChain` in `pkg/proxy/ipvs/proxier.go`): each is
/// `EnsureRule(Prepend, …)`, so later entries end up first. `render --hooks` includes them.
public enum IPVSHooks {
    /// kube-proxy's table, in its order: (table, built-in chain, target chain, comment).
    static let jumps: [(table: TableName, source: String, target: String, comment: String)] = [
        (.nat, "OUTPUT", "KUBE-SERVICES", "kubernetes service portals"),
        (.nat, "PREROUTING", "KUBE-SERVICES", "kubernetes service portals"),
        (.nat, "POSTROUTING", "KUBE-POSTROUTING", "kubernetes postrouting rules"),
        (.filter, "FORWARD", "KUBE-FORWARD", "kubernetes forwarding rules"),
        (.filter, "INPUT", "KUBE-NODE-PORT", "kubernetes health check rules"),
        (.filter, "INPUT", "KUBE-PROXY-FIREWALL", "kube-proxy firewall rules"),
        (.filter, "FORWARD", "KUBE-PROXY-FIREWALL", "kube-proxy firewall rules"),
        (.filter, "INPUT", "KUBE-IPVS-FILTER", "kubernetes ipvs access filter"),
        (.filter, "OUTPUT", "KUBE-IPVS-OUT-FILTER", "kubernetes ipvs access filter"),
    ]

    /// The hook rules of `table`, per built-in chain (in `iptables-save` order) at the positions
    /// kube-proxy's successive prepends leave them in.
    public static func rules(in table: TableName) -> [HookRule] {
        table.builtinChains.flatMap { chain in
            jumps.filter { $0.table == table && $0.source == chain }.reversed().enumerated().map { index, jump in
                HookRule(chain: chain, position: index + 1, rule: Rule([.comment(jump.comment)], .jump(jump.target)))
            }
        }
    }
}
