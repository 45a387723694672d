/// The state of one trace: the histories still moving through the hooks, those that ended, and
/// the merged step log. Every hook runs over all live histories before the next hook, so the
/// path reads hook by hook.
struct TraceRun {
    let walkers: [TableName: ChainWalker]
    let policies: [TableName: [String: String]]
    let ipvs: IPVSConfig?
    let environment: TraceEnvironment
    var live: [PacketState] = []
    var outcomes: [TraceOutcome] = []
    var log = StepLog()
    var notes: [String] = []

    init(ruleset: Ruleset, ipvs: IPVSConfig?, environment: TraceEnvironment, matcher: RuleMatcher) {
        var walkers: [TableName: ChainWalker] = [:]
        var policies: [TableName: [String: String]] = [:]
        for table in ruleset.tables {
            walkers[table.name] = ChainWalker(table: table, matcher: matcher)
            for chain in table.chains { if let policy = chain.policy { policies[table.name, default: [:]][chain.name] = policy } }
        }
        self.walkers = walkers
        self.policies = policies
        self.ipvs = ipvs
        self.environment = environment
    }

    /// Runs the built-in `chain` of `table` for the live histories that `applies` selects.
    mutating func hook(_ table: TableName, _ chain: String, where applies: (PacketState) -> Bool = { _ in true }) {
        guard let walker = walkers[table] else { return }
        var next: [PacketState] = []
        for state in live {
            guard applies(state) else {
                next.append(state)
                continue
            }
            for outcome in walker.runBuiltin(chain, hook: chain, state, log: &log, policy: policies[table]?[chain]) {
                var state = outcome.state
                switch outcome.exit {
                case .natted(let rule):
                    state.dnatRule = rule
                    next.append(state)
                case .fellThrough, .masqueraded:
                    next.append(state)
                case .accepted(let rule):
                    // nat ACCEPT only ends nat traversal (IPVS mode's "leave it to IPVS").
                    if table == .filter, state.acceptedBy == nil { state.acceptedBy = rule }
                    next.append(state)
                case .dropped(let rule):
                    end(state, .drop, by: rule)
                case .rejected(let rule):
                    end(state, .reject, by: rule)
                }
            }
        }
        live = next
    }

    /// The routing decision after nat: local delivery or forwarding.
    mutating func route() {
        for index in live.indices {
            live[index].route = environment.isLocal(live[index].destination) ? .local : .forward
        }
    }

    /// IPVS: a connection to a virtual server goes to one of its real servers.
    mutating func ipvsStage(hook: String) {
        guard let ipvs else { return }
        var next: [PacketState] = []
        for state in live {
            guard hook == "OUTPUT" || state.route == .local,
                let server = ipvs.virtualServer(
                    protocol: state.packet.protocol, address: state.destination, port: state.destinationPort)
            else {
                next.append(state)
                continue
            }
            let lines = IPVSadmRenderer.render([server]).split(separator: "\n").map(String.init)
            log.record(
                hook: "IPVS", table: "ipvs", chain: server.description, position: -1, rule: lines[0],
                probability: state.probability)
            let shares = IPVSScheduler(virtualServer: server).shares
            if shares.isEmpty {
                end(state, .reject, by: "IPVS \(server): no real servers; IPVS answers ICMP port unreachable (ip_vs_leave)")
                continue
            }
            let note = IPVSTraceNotes.scheduler(server)
            if !notes.contains(note) { notes.append(note) }
            for (position, share) in shares.enumerated() {
                var chosen = state
                chosen.probability *= share.share
                chosen.destination = share.realServer.address
                chosen.destinationPort = share.realServer.port
                chosen.destinationNATed = true
                chosen.ipvsVirtualServer = server.key
                chosen.endpointVia = server.description
                chosen.route = .ipvs
                if server.isPersistent { chosen.affinitySeconds = server.timeout }
                let line = server.realServers.firstIndex(of: share.realServer).map { lines[$0 + 1] } ?? lines[0]
                log.record(
                    hook: "IPVS", table: "ipvs", chain: server.description, position: position, rule: line,
                    probability: chosen.probability)
                next.append(chosen)
            }
        }
        live = next
    }

    /// A history that reached the end of the hooks.
    mutating func finish(_ state: PacketState) {
        if state.destinationNATed {
            end(state, .dnat, by: state.dnatRule)
        } else if let rule = state.acceptedBy {
            end(state, .accept, by: rule)
        } else {
            end(state, .notAService, by: nil)
        }
    }

    /// Records an ended history, merged with an earlier one of the same kind and endpoint.
    mutating func end(_ state: PacketState, _ kind: TraceOutcome.Kind, by rule: String?) {
        let endpoint = kind == .dnat ? state.destinationText : nil
        let masquerade = state.sourceNATed
        if let index = outcomes.firstIndex(where: { $0.kind == kind && $0.endpoint == endpoint }) {
            outcomes[index].probability += state.probability
            outcomes[index].masquerade = outcomes[index].masquerade || masquerade
            for reason in state.masqueradeReasons where masquerade && !outcomes[index].masqueradeReasons.contains(reason) {
                outcomes[index].masqueradeReasons.append(reason)
            }
            outcomes[index].affinityHit = outcomes[index].affinityHit || state.affinityHit
            return
        }
        outcomes.append(TraceOutcome(
            kind: kind, endpoint: endpoint, probability: state.probability, masquerade: masquerade,
            masqueradeReasons: masquerade ? state.masqueradeReasons : [],
            decidedBy: rule, via: state.endpointVia, affinitySeconds: state.affinitySeconds,
            affinityHit: state.affinityHit))
    }
}
