/// `kuberules trace`: follows the first packet of a new connection through a node's rules, the
/// way the kernel's netfilter hooks run them, over the typed ``Ruleset`` (never over text).
///
/// The ruleset must include kube-proxy's jump rules from the built-in chains (`compile(…,
/// hooks: true)`, or a live `iptables-save`), as on a bare host: the trace starts in the built-in
/// chains. Hook order (priorities from `include/uapi/linux/netfilter_ipv4.h`):
///
/// ```
/// from the network:  nat PREROUTING ─▶ routing ─┬▶ local:  filter INPUT ─▶ [IPVS] ─▶ filter OUTPUT ─▶ nat POSTROUTING
///                                               └▶ other:  filter FORWARD ─▶ nat POSTROUTING
/// from the node:     nat OUTPUT ─▶ [IPVS] ─▶ filter OUTPUT ─▶ nat POSTROUTING ─▶ (local: filter INPUT)
/// ```
///
/// IPVS takes connections to its virtual servers at `LOCAL_IN` after filter `INPUT`
/// (`ip_vs_remote_request`) or at `LOCAL_OUT` right after nat `OUTPUT` (`ip_vs_local_request`),
/// and sends them to a real server through `LOCAL_OUT` again (`ip_vs_nat_xmit`).
public struct PacketTracer: Sendable {
    public var ruleset: Ruleset
    public var node: NodeInfo
    /// IPVS mode: the virtual servers and ipsets (``ruleset`` is then its companion rules).
    public var ipvs: IPVSConfig?

    /// iptables mode.
    public init(ruleset: Ruleset, node: NodeInfo) {
        self.ruleset = ruleset
        self.node = node
        ipvs = nil
    }

    /// IPVS mode: the companion iptables rules of `ipvs` (compiled with hooks), its ipsets and
    /// virtual servers.
    public init(ipvs: IPVSConfig, node: NodeInfo) {
        ruleset = ipvs.iptables
        self.node = node
        self.ipvs = ipvs
    }

    var environment: TraceEnvironment {
        var local = Set(node.allAddresses + node.addresses)
        var sets: [String: IPSet] = [:]
        if let ipvs {
            for server in ipvs.virtualServers where server.boundToDummyDevice { local.insert(server.address) }
            for set in ipvs.ipsets { sets[set.name] = set }
        }
        return TraceEnvironment(localAddresses: local, podCIDRs: node.podCIDRs, ipsets: sets)
    }

    public func trace(_ packet: TracePacket) -> TraceResult {
        let environment = environment
        let origin: TraceOrigin = environment.isLocal(packet.source) ? .node : .network
        var run = TraceRun(
            ruleset: ruleset, ipvs: ipvs, environment: environment,
            matcher: RuleMatcher(environment: environment, origin: origin))
        var notes: [String] = []
        switch origin {
        case .node:
            notes.append("\(packet.source) is an address of this node: the packet starts in nat OUTPUT")
            run.live = [PacketState(packet: packet)]
            run.hook(.nat, "OUTPUT")
            run.route()
            if ipvs != nil { run.ipvsStage(hook: "OUTPUT") }
            run.hook(.filter, "OUTPUT")
            run.hook(.nat, "POSTROUTING")
            run.hook(.filter, "INPUT") { $0.route == .local }
            run.hook(.nat, "INPUT") { $0.route == .local }
        case .network:
            notes.append("\(packet.source) is not an address of this node: the packet arrives from the network in nat PREROUTING")
            run.live = [PacketState(packet: packet)]
            run.hook(.nat, "PREROUTING")
            run.route()
            run.hook(.filter, "INPUT") { $0.route == .local }
            if ipvs != nil {
                run.ipvsStage(hook: "INPUT")
                run.hook(.filter, "OUTPUT") { $0.route == .ipvs }
            }
            run.hook(.filter, "FORWARD") { $0.route == .forward }
            run.hook(.nat, "POSTROUTING") { $0.route != .local }
            run.hook(.nat, "INPUT") { $0.route == .local }
        }
        for state in run.live { run.finish(state) }
        notes += run.notes
        return TraceResult(
            packet: packet, mode: ipvs == nil ? .iptables : .ipvs, origin: origin,
            outcomes: run.outcomes, path: run.log.steps, notes: notes)
    }
}
