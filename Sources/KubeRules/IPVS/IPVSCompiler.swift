/// Compiles a ``ServiceGraph`` into what kube-proxy's IPVS proxier programs: virtual servers with
/// their real servers, the ipsets, and the companion iptables rules.
///
/// This is `syncProxyRules` of `pkg/proxy/ipvs/proxier.go` (kubernetes v1.33) without the kernel
/// calls: for each service port, the cluster IP, each external IP, each load-balancer ingress IP
/// (ipMode VIP) and, for node ports, each node address gets a virtual server; the ipsets collect
/// the addresses the iptables rules test. Policy (usable endpoints, cluster vs local sets) was
/// decided by the graph; the only choice made here is kube-proxy's own in `syncEndpoint`: a
/// Local policy uses the local endpoints, or, when there are none, the cluster endpoints
/// (kubernetes/kubernetes#97081) — unlike iptables mode, which drops.
public struct IPVSCompiler: Sendable {
    public var options: ProxyOptions

    public init(options: ProxyOptions) {
        self.options = options
    }

    /// The scheduler kube-proxy uses: `--ipvs-scheduler`, `rr` when empty.
    public var scheduler: String { options.ipvsScheduler.isEmpty ? "rr" : options.ipvsScheduler }

    /// The IPVS table, ipsets and companion rules of one full sync. With `hooks`, the rules also
    /// carry the jumps kube-proxy inserts into the built-in chains (``IPVSHooks``).
    public func compile(_ graph: ServiceGraph, hooks: Bool = false) -> IPVSConfig {
        let addresses = IPVSNodeAddresses(
            node: graph.node, family: graph.family, nodePortAddresses: options.nodePortAddresses)
        // Service ports in parallel chunks, each into its own state; the states are read in
        // chunk order, so virtual servers are claimed (and conflicts found) in service-port
        // order, as in one sequential pass.
        let ports = graph.servicePorts
        let chunks = ParallelChunks.ranges(count: ports.count) { ports[$0].endpoints.count + 4 }
        let parts = ParallelChunks.map(chunks) { range -> IPVSCompileState in
            var state = IPVSCompileState(addresses: addresses)
            for index in range { add(ports[index], to: &state) }
            return state
        }
        // The table and each set in tasks of their own, concurrently: the table sorts every
        // virtual server, the cluster-IP set alone holds tens of thousands of entries.
        let sets = KubeIPSet.allCases
        let results = ParallelChunks.map((0...sets.count).map { $0..<($0 + 1) }) { range -> JoinResult in
            guard range.lowerBound > 0 else { return .table(VirtualServerTable.resolve(parts.map(\.added))) }
            let set = sets[range.lowerBound - 1]
            return .set(IPSet(
                name: set.name(for: graph.family), type: set.type, family: graph.family,
                comment: set.comment, entries: IPVSCompileState.entries(of: set, in: parts)))
        }
        guard case .table(let servers) = results[0] else { preconditionFailure("task 0 resolves the table") }
        let ipsets = results.dropFirst().map { result -> IPSet in
            guard case .set(let set) = result else { preconditionFailure("tasks 1... build the sets") }
            return set
        }
        let iptables = IPVSIptablesCompiler(options: options, node: graph.node, family: graph.family)
            .compile(
                ipsets: ipsets, loadBalancerNoNodeAccess: IPVSCompileState.loadBalancerNoNodeAccess(in: parts),
                hooks: hooks)
        return IPVSConfig(
            family: graph.family, virtualServers: servers.servers,
            ipsets: ipsets, iptables: iptables, conflicts: servers.conflicts)
    }

    /// What one task of the join builds.
    private enum JoinResult {
        case table((servers: [VirtualServer], conflicts: [IPVSConfig.Conflict]))
        case set(IPSet)
    }

    /// One pass of the `for svcPortName, svcPort := range proxier.svcPortMap` loop.
    private func add(_ sp: ServicePortInfo, to state: inout IPVSCompileState) {
        let proto = sp.protocol
        var realServers = RealServerLists()

        // Hairpin: a local endpoint reaching itself through the service is masqueraded.
        for endpoint in sp.endpoints where endpoint.isLocal && endpoint.port != 0 {
            state.insert(.ipPortIP(endpoint.ip, proto, endpoint.port, endpoint.ip), into: .loopBack)
        }

        // The cluster IP (always bound to kube-ipvs0; internal traffic policy applies).
        state.insert(.ipPort(sp.clusterIP, proto, sp.port), into: .clusterIP)
        state.add(virtualServer(sp, sp.clusterIP, sp.port, .clusterIP, bound: true,
                                onlyNodeLocal: sp.internalPolicyLocal, &realServers))
        state.bind(sp.clusterIP)

        for externalIP in sp.externalIPs {
            state.insert(
                .ipPort(externalIP, proto, sp.port),
                into: sp.externalPolicyLocal ? .externalIPLocal : .externalIP)
            // An address already on a node interface is not added to the dummy device.
            let bind = !state.addresses.all.contains(externalIP)
            state.add(virtualServer(sp, externalIP, sp.port, .externalIP, bound: bind,
                                    onlyNodeLocal: sp.externalPolicyLocal, &realServers))
            if bind { state.bind(externalIP) }
        }

        for ingress in sp.loadBalancerVIPs {
            addLoadBalancer(ingress, sp, to: &state, &realServers)
        }

        if sp.nodePort != 0 {
            // kube-proxy skips the rest of the service port (health check port included) when
            // it has no node address to put the node port on.
            guard !state.addresses.nodePort.isEmpty else { return }
            let entries: [IPSetEntry] =
                proto == .sctp
                ? state.addresses.nodePort.map { .ipPort($0, .sctp, sp.nodePort) }
                : [.port(sp.nodePort)]
            for entry in entries {
                state.insert(entry, into: .nodePort(proto, local: false))
                if sp.externalPolicyLocal { state.insert(entry, into: .nodePort(proto, local: true)) }
            }
            for nodeIP in state.addresses.nodePort {
                state.add(virtualServer(sp, nodeIP, sp.nodePort, .nodePort, bound: false,
                                        onlyNodeLocal: sp.externalPolicyLocal, &realServers))
            }
        }

        if sp.healthCheckNodePort != 0 {
            state.insert(.port(sp.healthCheckNodePort), into: .healthCheckNodePort)
        }
    }

    /// One load-balancer ingress IP: its sets, source-range filtering, and virtual server.
    private func addLoadBalancer(
        _ ingress: IPAddress, _ sp: ServicePortInfo, to state: inout IPVSCompileState, _ realServers: inout RealServerLists
    ) {
        let proto = sp.protocol
        let entry = IPSetEntry.ipPort(ingress, proto, sp.port)
        state.insert(entry, into: .loadBalancer)
        if sp.externalPolicyLocal { state.insert(entry, into: .loadBalancerLocal) }
        if !sp.loadBalancerSourceRanges.isEmpty {
            state.insert(entry, into: .loadBalancerFW)
            var allowFromNode = false
            for cidr in sp.loadBalancerSourceRanges {
                // A zero-length prefix cannot be stored in a hash:ip,port,net set (the kernel
                // refuses it, so on a real node kube-proxy's `ipset add` fails and the entry is
                // absent); leaving it out keeps the restore file loadable and equal to the node.
                if cidr.prefixLength > 0 {
                    state.insert(.ipPortNet(ingress, proto, sp.port, cidr), into: .loadBalancerSourceCIDR)
                }
                if let nodeIP = state.addresses.primary, cidr.contains(nodeIP) { allowFromNode = true }
            }
            if allowFromNode {
                // The node itself may reach the LB IP (traffic looped back by the LB's routes).
                state.insert(.ipPortIP(ingress, proto, sp.port, ingress), into: .loadBalancerSourceIP)
            } else {
                // kubernetes/kubernetes#119656: block the node's own access with KUBE-IPVS-OUT-FILTER.
                state.blockNodeAccess(VirtualServer.Key(protocol: proto, address: ingress, port: sp.port))
            }
        }
        let bind = !state.addresses.all.contains(ingress)
        state.add(virtualServer(sp, ingress, sp.port, .loadBalancer, bound: bind,
                                onlyNodeLocal: sp.externalPolicyLocal, &realServers))
        if bind { state.bind(ingress) }
    }

    /// A virtual server with kube-proxy's flags and the real servers `syncEndpoint` installs.
    private func virtualServer(
        _ sp: ServicePortInfo, _ address: IPAddress, _ port: Int, _ kind: VirtualServer.Kind,
        bound: Bool, onlyNodeLocal: Bool, _ realServers: inout RealServerLists
    ) -> VirtualServer {
        var flags: VirtualServerFlags = []
        var timeout = 0
        if let sticky = sp.stickyMaxAgeSeconds {
            flags.insert(.persistent)
            timeout = sticky
        }
        // The "mh" scheduler needs the source-hash flag (`mh-port`).
        if scheduler == "mh" { flags.insert(.sourceHash) }
        return VirtualServer(
            address: address, port: port, protocol: sp.protocol, scheduler: scheduler, flags: flags,
            timeout: timeout, realServers: realServers.servers(sp, onlyNodeLocal: onlyNodeLocal),
            servicePort: sp.name, kind: kind, boundToDummyDevice: bound)
    }
}
