/// kube-proxy's iptables mode as a pure function: the `filter` and `nat` tables a full
/// `syncProxyRules` writes for the rendered node (`pkg/proxy/iptables/proxier.go`, matched
/// against aojea/kubernetes@4e7ccb27627e47cd5ddc447fbf22a41ea44ff5ba, a v1.33-cycle tree whose
/// `proxier.go` and `proxier_test.go` agree).
///
/// The compiler decides everything (which rules, in which order, with which arguments); the
/// ``IptablesRenderer`` only prints. Services are written in ``ServicePortName`` order, so the
/// output is deterministic where kube-proxy's follows map iteration.
public struct IptablesCompiler: Sendable {
    public var options: ProxyOptions

    public init(options: ProxyOptions) {
        self.options = options
    }

    /// The tables of one full sync. With `hooks`, also the jump rules kube-proxy inserts into
    /// the built-in chains (``KubeProxyHooks``), so the text alone programs a bare host.
    public func compile(_ graph: ServiceGraph, hooks: Bool = false) -> Ruleset {
        let (filter, nat, filterHooks, natHooks) = writeTables(graph, hooks: hooks, into: TableBuilder.self)
        return Ruleset(
            family: graph.family, tables: [(consume filter).build(hooks: filterHooks), (consume nat).build(hooks: natHooks)])
    }

    /// Every rule of one full sync, written into a pair of `Sink`s (`filter`, `nat`), and the
    /// hook rules when asked for.
    func writeTables<Sink: IptablesTableSink>(_ graph: ServiceGraph, hooks: Bool, into _: Sink.Type)
        -> (filter: Sink, nat: Sink, filterHooks: [HookRule], natHooks: [HookRule])
    {
        let context = SyncContext(options: options, graph: graph)
        var filter = Sink(.filter)
        var nat = Sink(.nat)

        writeFixedChains(context, filter: &filter, nat: &nat)
        // Service ports in parallel chunks; each chunk's rules are appended in chunk order, so
        // every chain gets its rules in service-port order, as in one sequential pass.
        let ports = graph.servicePorts
        let chunks = ParallelChunks.ranges(count: ports.count) { ports[$0].endpoints.count + 4 }
        var parts = ParallelChunks.map(chunks) { range -> (Sink, Sink) in
            var filter = Sink(.filter)
            var nat = Sink(.nat)
            let endpoints = range.reduce(0) { $0 + ports[$1].allReachableEndpoints.count }
            filter.reserve(servicePorts: range.count, endpoints: endpoints)
            nat.reserve(servicePorts: range.count, endpoints: endpoints)
            // Ports borrowed in place (a loop variable or `ports[index]` would copy each one: a
            // retain and release per field).
            ports.withUnsafeBufferPointer { ports in
                for index in range {
                    filter.beginServicePort()
                    nat.beginServicePort()
                    writeServicePort(ports[index], context, filter: &filter, nat: &nat)
                }
            }
            filter.packServiceChains()
            nat.packServiceChains()
            return (filter, nat)
        }
        for index in parts.indices {
            // Moved out of `parts`, so their rule lists move on instead of being copied.
            var chunkFilter = Sink(.filter)
            var chunkNat = Sink(.nat)
            swap(&chunkFilter, &parts[index].0)
            swap(&chunkNat, &parts[index].1)
            filter.append(contentsOf: consume chunkFilter)
            nat.append(contentsOf: consume chunkNat)
        }
        writeNodePortsJump(context, nat: &nat)
        writeForwardRules(context, filter: &filter)

        var filterHooks: [HookRule] = []
        var natHooks: [HookRule] = []
        if hooks {
            // kube-proxy's EnsureChain creates KUBE-FIREWALL even when it stays empty.
            filter.declare(KubeChain.firewall)
            filterHooks = KubeProxyHooks.rules(in: .filter)
            natHooks = KubeProxyHooks.rules(in: .nat)
        }
        return (filter, nat, filterHooks, natHooks)
    }

    /// The top-level chains, the masquerade machinery and the anti-martian rule.
    func writeFixedChains<Sink: IptablesTableSink>(_ context: SyncContext, filter: inout Sink, nat: inout Sink) {
        for chain in [KubeChain.services, KubeChain.externalServices, KubeChain.forward,
                      KubeChain.nodePorts, KubeChain.proxyFirewall] {
            filter.declare(chain)
        }
        for chain in [KubeChain.services, KubeChain.nodePorts, KubeChain.postrouting, KubeChain.markMasq] {
            nat.declare(chain)
        }
        let mark = context.masqueradeMark
        nat.append(KubeChain.postrouting, [.mark(value: mark, mask: mark, negated: true)], .return)
        // Clear the mark so a packet re-traversing the stack is not masqueraded twice.
        nat.append(KubeChain.postrouting, [], .mark(.xor(mark)))
        nat.append(
            KubeChain.postrouting, [.comment("kubernetes service traffic requiring SNAT")],
            .masquerade(randomFully: options.randomFully))
        nat.append(KubeChain.markMasq, [], .mark(.or(mark)))

        if context.family == .ipv4, context.localhostNodePorts {
            // Mitigates the route_localnet hole localhost NodePorts open (issue 90259).
            let loopback = CIDR(network: IPAddress(v4: 0x7F00_0000), prefixLength: 8)
            filter.declare(KubeChain.firewall)
            filter.append(
                KubeChain.firewall,
                [
                    .comment("block incoming localnet connections"),
                    .destination(.prefix(loopback)),
                    .source(.prefix(loopback), negated: true),
                    .conntrackState(["RELATED", "ESTABLISHED", "DNAT"], negated: true),
                ], .drop)
        }
    }

    /// The last rule of nat `KUBE-SERVICES`: NodePort traffic goes on to `KUBE-NODEPORTS`.
    func writeNodePortsJump<Sink: IptablesTableSink>(_ context: SyncContext, nat: inout Sink) {
        let comment = RuleArgument.comment(
            "kubernetes service nodeports; NOTE: this must be the last rule in this chain")
        if context.nodePortAddresses.matchAll {
            var arguments: [RuleArgument] = [
                comment, .addressType(AddressTypeMatch(direction: .destination, type: "LOCAL")),
            ]
            // Localhost NodePorts never work on IPv6, and on IPv4 only with route_localnet.
            if context.family == .ipv6 {
                arguments.append(.destination(.prefix(CIDR(host: IPAddress(v6High: 0, low: 1))), negated: true))
            } else if !context.localhostNodePorts {
                arguments.append(
                    .destination(.prefix(CIDR(network: IPAddress(v4: 0x7F00_0000), prefixLength: 8)), negated: true))
            }
            nat.append(KubeChain.services, arguments, .jump(KubeChain.nodePorts))
            return
        }
        for ip in context.nodePortAddresses.nodeIPs(of: context.node, family: context.family) {
            // kube-proxy logs and skips loopback addresses it cannot serve.
            if ip.isLoopback, context.family == .ipv6 || !context.localhostNodePorts { continue }
            nat.append(KubeChain.services, [comment, .destination(.address(ip))], .jump(KubeChain.nodePorts))
        }
    }

    /// filter `KUBE-FORWARD`: drop INVALID packets, accept marked and established traffic.
    func writeForwardRules<Sink: IptablesTableSink>(_ context: SyncContext, filter: inout Sink) {
        if !options.conntrackTCPBeLiberal {
            var arguments: [RuleArgument] = [.conntrackState(["INVALID"])]
            if options.nfacct { arguments.append(.nfacct(KubeProxyCounters.invalidDropped)) }
            filter.append(KubeChain.forward, arguments, .drop)
        }
        let mark = context.masqueradeMark
        filter.append(
            KubeChain.forward,
            [.comment("kubernetes forwarding rules"), .mark(value: mark, mask: mark)], .accept)
        filter.append(
            KubeChain.forward,
            [.comment("kubernetes forwarding conntrack rule"), .conntrackState(["RELATED", "ESTABLISHED"])],
            .accept)
    }
}

/// The nfacct counters kube-proxy creates (`pkg/proxy/metrics`), matched by name in rules.
public enum KubeProxyCounters {
    public static let invalidDropped = "ct_state_invalid_dropped_pkts"
    public static let localhostNodePortAccepted = "localhost_nps_accepted_pkts"
    public static let all = [invalidDropped, localhostNodePortAccepted]
}
