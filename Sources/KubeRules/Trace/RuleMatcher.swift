/// Decides whether one rule matches the traced packet in one ``PacketState``: every match
/// kuberules writes (and the few IPVS mode writes) is modelled; `-m statistic` matches with a
/// probability instead of yes or no.
///
/// kube-proxy's own test tracer (`iptablesTracer.ruleMatches`, `pkg/proxy/iptables/proxier_test.go`)
/// treats every rule that tests history (`recent --rcheck`, `mark`, `conntrack`) as not
/// matching; this one evaluates them against the state of a new connection instead, which gives
/// the same answers for kube-proxy's rules and the right ones for the hook rules and
/// `KUBE-POSTROUTING`, which kube-proxy's tracer skips.
struct RuleMatcher: Sendable {
    let environment: TraceEnvironment
    let origin: TraceOrigin

    /// The verdict on one rule.
    struct Match {
        /// False: the rule does not apply (whatever the probability).
        var matches: Bool
        /// Chance that the rule applies when ``matches`` (below 1 only with `-m statistic`).
        var probability: Double = 1
        /// `recent --set` lists the rule adds the client to when it applies.
        var recentSets: [String] = []
        /// What the tracer had to assume (a match it cannot evaluate).
        var notes: [String] = []
    }

    func evaluate(_ rule: Rule, _ state: PacketState) -> Match {
        var result = Match(matches: true)
        for argument in rule.arguments {
            if !evaluate(argument, state, into: &result) {
                return Match(matches: false)
            }
        }
        return result
    }

    /// One argument; false stops the rule.
    private func evaluate(_ argument: RuleArgument, _ state: PacketState, into result: inout Match) -> Bool {
        let packet = state.packet
        switch argument {
        case .protocol(let proto, let negated):
            return (proto == packet.protocol) != negated
        case .protocolModule(let proto):
            return proto == packet.protocol
        case .source(let address, let negated):
            return address.contains(packet.source) != negated
        case .destination(let address, let negated):
            return address.contains(state.destination) != negated
        case .destinationPort(let port, let negated):
            return (port == state.destinationPort) != negated
        case .sourcePort(let port, let negated):
            guard let sourcePort = packet.sourcePort else {
                result.notes.append("--sport \(port): the client port is unknown (give --source-port); taken as not equal")
                return negated
            }
            return (port == sourcePort) != negated
        case .inInterface(let pattern, let negated):
            return inInterfaceMatches(pattern, packet) != negated
        case .outInterface(let name, _):
            result.notes.append("-o \(name): outgoing interfaces are not modelled; taken as matching")
            return true
        case .comment, .nfacct:
            return true
        case .mark(let value, let mask, let negated):
            return ((state.mark & (mask ?? 0xFFFF_FFFF)) == value) != negated
        case .conntrackState(let states, let negated):
            return !state.conntrackStates.isDisjoint(with: states) != negated
        case .addressType(let match):
            let address = match.direction == .source ? packet.source : state.destination
            return (environment.addressType(address) == match.type) != match.negated
        case .statisticRandom(let text):
            guard let probability = Double(text), probability >= 0, probability <= 1 else {
                result.notes.append("--probability \(text) is not a number in 0…1; taken as matching")
                return true
            }
            result.probability *= probability
            return probability > 0
        case .recent(let recent):
            switch recent.mode {
            case .set:
                result.recentSets.append(recent.name)
                return true
            case .check:
                // A hit means this client's last connection (within the timeout) used this list.
                return state.recentLists.contains(recent.name)
            }
        case .matchSet(let set):
            return setMatches(set, state, into: &result)
        case .otherMatch(let module, let tokens):
            return otherMatch(module, tokens, state, into: &result)
        case .raw(let tokens):
            result.notes.append("'\(tokens.joined(separator: " "))' is not modelled; taken as matching")
            return true
        }
    }

    /// `-i NAME` / `-i PREFIX+`. Locally generated packets have no incoming interface.
    private func inInterfaceMatches(_ pattern: String, _ packet: TracePacket) -> Bool {
        guard origin == .network else { return false }
        guard let name = packet.inInterface else {
            // Unknown interface: a pod of this node comes in on a pod interface (bridge or veth),
            // which is what kube-proxy's interface-based local detectors name.
            return environment.isPodOfThisNode(packet.source)
        }
        if pattern.hasSuffix("+") { return name.hasPrefix(pattern.dropLast()) }
        return name == pattern
    }

    /// `-m set [!] --match-set NAME FLAGS` against IPVS mode's sets.
    private func setMatches(_ set: SetMatch, _ state: PacketState, into result: inout Match) -> Bool {
        guard let ipset = environment.ipsets[set.name] else {
            result.notes.append("ipset \(set.name) is unknown; taken as empty")
            return set.negated
        }
        let found = ipset.entries.contains {
            $0.matches(
                source: state.packet.source, destination: state.destination, protocol: state.packet.protocol,
                sourcePort: state.packet.sourcePort ?? 0, destinationPort: state.destinationPort,
                directions: set.directions)
        }
        return found != set.negated
    }

    /// `-m physdev` (the node is not a bridge: every `--physdev-is-*` test is false) and
    /// `-m ipvs` (the connection's IPVS virtual server); anything else is assumed to match.
    private func otherMatch(_ module: String, _ tokens: [String], _ state: PacketState, into result: inout Match) -> Bool {
        var negated = false
        var index = 0
        var matches = true
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if token == "!" {
                negated = true
                continue
            }
            let value = index < tokens.count ? tokens[index] : ""
            var test: Bool?
            switch (module, token) {
            case ("physdev", "--physdev-is-in"), ("physdev", "--physdev-is-out"), ("physdev", "--physdev-is-bridged"):
                test = false
            case ("ipvs", "--ipvs"):
                test = state.ipvsVirtualServer != nil
            case ("ipvs", "--vaddr"):
                index += 1
                test = state.ipvsVirtualServer.map { AddressMatch.parse(value)?.contains($0.address) ?? false } ?? false
            case ("ipvs", "--vproto"):
                index += 1
                test = state.ipvsVirtualServer.map { $0.protocol.rawValue == value.lowercased() } ?? false
            case ("ipvs", "--vport"):
                index += 1
                test = state.ipvsVirtualServer.map { String($0.port) == value } ?? false
            default:
                result.notes.append("-m \(module) \(tokens.joined(separator: " ")) is not modelled; taken as matching")
                return true
            }
            if let test, test == negated { matches = false }
            negated = false
        }
        return matches
    }
}

extension AddressMatch {
    /// `ADDR` or `ADDR/LEN` as iptables prints it.
    static func parse(_ text: String) -> AddressMatch? {
        if text.contains("/") { return CIDR(text).map(AddressMatch.prefix) }
        return IPAddress(text).map(AddressMatch.address)
    }
}
