import KubeRules

/// A rule kube-proxy keeps at the top of a built-in chain to send traffic into one of its own
/// chains (`-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`).
///
/// kube-proxy does not write these with iptables-restore (that would replace the user's rules in
/// the built-in chain); it runs `iptables -C` and, when missing, `iptables -I CHAIN` (prepend),
/// once per rule in list order. The appliers do the same inside the table's one restore: each
/// missing rule becomes an `-I CHAIN` line, in list order, so the end result is identical.
public struct JumpRule: Hashable, Sendable {
    public var table: TableName
    /// The built-in chain the rule lives in.
    public var chain: String
    public var rule: Rule

    public init(table: TableName, chain: String, rule: Rule) {
        self.table = table
        self.chain = chain
        self.rule = rule
    }

    /// kube-proxy's shape: extra match arguments, then the comment (if any), then `-j destination`.
    public init(table: TableName, chain: String, to destination: String, comment: String?, extra: [RuleArgument] = []) {
        var arguments = extra
        if let comment { arguments.append(.comment(comment)) }
        self.init(table: table, chain: chain, rule: Rule(arguments, .jump(destination)))
    }

    /// The chain the rule jumps to.
    public var destination: String? {
        if case .jump(let chain) = rule.target { return chain }
        return nil
    }
}

/// The jump rules of kube-proxy's iptables mode (`pkg/proxy/iptables/proxier.go`,
/// `iptablesJumpChains` followed by `iptablesKubeletJumpChains`, v1.33).
public enum KubeProxyJumpRules {
    private static let newConnections: [RuleArgument] = [.conntrackState(["NEW"])]

    public static let iptablesMode: [JumpRule] = [
        JumpRule(table: .filter, chain: "INPUT", to: "KUBE-EXTERNAL-SERVICES",
                 comment: "kubernetes externally-visible service portals", extra: newConnections),
        JumpRule(table: .filter, chain: "FORWARD", to: "KUBE-EXTERNAL-SERVICES",
                 comment: "kubernetes externally-visible service portals", extra: newConnections),
        JumpRule(table: .filter, chain: "INPUT", to: "KUBE-NODEPORTS", comment: "kubernetes health check service ports"),
        JumpRule(table: .filter, chain: "FORWARD", to: "KUBE-SERVICES", comment: "kubernetes service portals",
                 extra: newConnections),
        JumpRule(table: .filter, chain: "OUTPUT", to: "KUBE-SERVICES", comment: "kubernetes service portals",
                 extra: newConnections),
        JumpRule(table: .filter, chain: "FORWARD", to: "KUBE-FORWARD", comment: "kubernetes forwarding rules"),
        JumpRule(table: .filter, chain: "INPUT", to: "KUBE-PROXY-FIREWALL", comment: "kubernetes load balancer firewall",
                 extra: newConnections),
        JumpRule(table: .filter, chain: "OUTPUT", to: "KUBE-PROXY-FIREWALL", comment: "kubernetes load balancer firewall",
                 extra: newConnections),
        JumpRule(table: .filter, chain: "FORWARD", to: "KUBE-PROXY-FIREWALL", comment: "kubernetes load balancer firewall",
                 extra: newConnections),
        JumpRule(table: .nat, chain: "OUTPUT", to: "KUBE-SERVICES", comment: "kubernetes service portals"),
        JumpRule(table: .nat, chain: "PREROUTING", to: "KUBE-SERVICES", comment: "kubernetes service portals"),
        JumpRule(table: .nat, chain: "POSTROUTING", to: "KUBE-POSTROUTING", comment: "kubernetes postrouting rules"),
        // Kubelet's copies (no comment); kube-proxy creates them but its cleanup keeps them.
        JumpRule(table: .filter, chain: "INPUT", to: "KUBE-FIREWALL", comment: nil),
        JumpRule(table: .filter, chain: "OUTPUT", to: "KUBE-FIREWALL", comment: nil),
    ]

    /// The jump rules `ruleset` needs: those of ``iptablesMode`` whose destination chain the
    /// ruleset declares (kube-proxy links a chain only when it writes it).
    public static func needed(by ruleset: Ruleset, from rules: [JumpRule] = iptablesMode) -> [JumpRule] {
        rules.filter { jump in
            guard let destination = jump.destination, let table = ruleset[table: jump.table] else { return false }
            return table[chain: destination] != nil
        }
    }
}
