/// Runs packet states through one table's chains as the kernel's `ipt_do_table` does: rules in
/// order, jumps into user chains and back, `RETURN`, terminating targets; and forks a state at
/// every `-m statistic` rule into "taken" and "not taken" with their probabilities.
struct ChainWalker {
    /// How a walk through a chain (and what it jumped to) ended for one history.
    enum Exit: Hashable {
        /// Fell off the end or `RETURN`ed: the caller continues (a built-in chain's policy
        /// applies).
        case fellThrough
        case accepted(by: String)
        case dropped(by: String)
        case rejected(by: String)
        /// `-j DNAT` rewrote the destination; nat traversal stops here.
        case natted(by: String)
        /// `-j MASQUERADE`: the source will be the node's outgoing address.
        case masqueraded(by: String)
    }

    struct Outcome {
        var state: PacketState
        var exit: Exit
    }

    /// iptables refuses loops; a deeper nesting than this means a broken ruleset.
    static let maximumDepth = 64

    let table: TableName
    let rules: [String: [Rule]]
    let matcher: RuleMatcher
    /// `recent` list name → `--seconds` of the `--rcheck` rules that read it.
    let affinityTimeouts: [String: Int]
    let markMasqChain: String

    init(table: Table, matcher: RuleMatcher) {
        self.table = table.name
        self.matcher = matcher
        var rules: [String: [Rule]] = [:]
        for chain in table.chains { rules[chain.name] = chain.rules }
        // Hook rules go into their built-in chains where `iptables -I N` / `-A` would put them.
        for hook in table.hooks {
            var chainRules = rules[hook.chain] ?? []
            let place = min((hook.position ?? chainRules.count + 1) - 1, chainRules.count)
            chainRules.insert(hook.rule, at: place)
            rules[hook.chain] = chainRules
        }
        self.rules = rules
        var timeouts: [String: Int] = [:]
        for chainRules in rules.values {
            for rule in chainRules {
                for case .recent(let recent) in rule.arguments {
                    if case .check(let seconds, _) = recent.mode { timeouts[recent.name] = seconds }
                }
            }
        }
        affinityTimeouts = timeouts
        markMasqChain = KubeChain.markMasq
    }

    /// Runs a built-in chain; histories that fall through get the chain's policy (`ACCEPT`
    /// unless the ruleset declares it otherwise).
    func runBuiltin(_ chain: String, hook: String, _ state: PacketState, log: inout StepLog, policy: String?) -> [Outcome] {
        walk(chain, hook: hook, state, caller: nil, depth: 0, log: &log).map { outcome in
            guard outcome.exit == .fellThrough, let policy, policy != "ACCEPT" else { return outcome }
            let why = "policy \(policy) of \(table.rawValue) \(chain)"
            return Outcome(state: outcome.state, exit: policy == "DROP" ? .dropped(by: why) : .rejected(by: why))
        }
    }

    /// All histories leaving `chain`. `caller` is the rule that jumped here (it explains a mark).
    private func walk(
        _ chain: String, hook: String, _ start: PacketState, caller: String?, depth: Int, log: inout StepLog
    ) -> [Outcome] {
        guard let chainRules = rules[chain], depth < Self.maximumDepth else {
            return [Outcome(state: start, exit: .fellThrough)]
        }
        var outcomes: [Outcome] = []
        // Histories still to run from a rule index on (depth-first: "taken" before "not taken").
        var pending: [(index: Int, state: PacketState)] = [(0, start)]
        while let next = pending.popLast() {
            var state = next.state
            var index = next.index
            var ended = false
            while index < chainRules.count, !ended {
                let rule = chainRules[index]
                let match = matcher.evaluate(rule, state)
                guard match.matches else {
                    index += 1
                    continue
                }
                if match.probability < 1 {
                    var notTaken = state
                    notTaken.probability *= 1 - match.probability
                    if notTaken.probability > 0 { pending.append((index + 1, notTaken)) }
                    state.probability *= match.probability
                }
                state.recentLists.formUnion(match.recentSets)
                let text = IptablesRenderer.ruleText(chain: chain, rule)
                log.record(
                    hook: hook, table: table.rawValue, chain: chain, position: index, rule: text,
                    probability: state.probability, notes: match.notes + Self.targetNotes(rule.target))
                if let list = match.recentSets.first {
                    state.affinitySeconds = affinityTimeouts[list]
                }
                if Self.checksRecent(rule) { state.affinityHit = true }
                switch rule.target {
                case .jump(let target):
                    let results = walk(target, hook: hook, state, caller: text, depth: depth + 1, log: &log)
                    outcomes += results.filter { $0.exit != .fellThrough }
                    // Histories that come back continue after the jump, in their order.
                    for result in results.reversed() where result.exit == .fellThrough {
                        pending.append((index + 1, result.state))
                    }
                    ended = true
                case .return:
                    outcomes.append(Outcome(state: state, exit: .fellThrough))
                    ended = true
                case .accept:
                    outcomes.append(Outcome(state: state, exit: .accepted(by: text)))
                    ended = true
                case .drop:
                    outcomes.append(Outcome(state: state, exit: .dropped(by: text)))
                    ended = true
                case .reject:
                    outcomes.append(Outcome(state: state, exit: .rejected(by: text)))
                    ended = true
                case .dnat(let destination):
                    if let (address, port) = Self.hostPort(destination) {
                        state.destination = address
                        state.destinationPort = port ?? state.destinationPort
                        state.destinationNATed = true
                        state.endpointVia = chain
                    }
                    outcomes.append(Outcome(state: state, exit: .natted(by: text)))
                    ended = true
                case .masquerade:
                    if state.masqueradeReasons.isEmpty { state.masqueradeReasons.append(text) }
                    state.sourceNATed = true
                    outcomes.append(Outcome(state: state, exit: .masqueraded(by: text)))
                    ended = true
                case .mark(let operation):
                    let before = state.mark
                    state.mark = Self.apply(operation, to: state.mark)
                    if state.mark & ~before != 0 {
                        // The rule that jumped into KUBE-MARK-MASQ says why; a bare MARK rule says it itself.
                        state.masqueradeReasons.append(chain == markMasqChain ? (caller ?? text) : text)
                    }
                    index += 1
                case .other(let name, _) where name == "SNAT":
                    // A live dump's own SNAT ends nat traversal like MASQUERADE does.
                    if state.masqueradeReasons.isEmpty { state.masqueradeReasons.append(text) }
                    state.sourceNATed = true
                    outcomes.append(Outcome(state: state, exit: .masqueraded(by: text)))
                    ended = true
                case .none, .other:
                    index += 1
                }
            }
            if !ended { outcomes.append(Outcome(state: state, exit: .fellThrough)) }
        }
        return outcomes
    }

    /// `MARK --or-mark` / `--xor-mark` / `--set-xmark V/M` (`xt_MARK`: `(mark & ~M) ^ V`).
    static func apply(_ operation: MarkOperation, to mark: UInt32) -> UInt32 {
        switch operation {
        case .or(let value): return mark | value
        case .xor(let value): return mark ^ value
        case .setXMark(let value, let mask): return (mark & ~mask) ^ value
        }
    }

    /// Targets that only observe or tag a packet and let it go on (`LOG`, `CONNMARK`, …).
    static let passingTargets: Set<String> = [
        "LOG", "NFLOG", "ULOG", "TRACE", "AUDIT", "CONNMARK", "CT", "NOTRACK", "TCPMSS", "CLASSIFY", "TOS",
        "DSCP", "TTL", "HL", "CHECKSUM", "SECMARK", "CONNSECMARK", "NFQUEUE-BYPASS", "SNAT",
    ]

    /// What the tracer assumes about a target it does not model.
    static func targetNotes(_ target: Target) -> [String] {
        guard case .other(let name, _) = target, !passingTargets.contains(name) else { return [] }
        return ["target \(name) is not modelled; taken as letting the packet go on"]
    }

    /// Whether the rule reads a `recent` list (ClientIP affinity's "seen before?").
    static func checksRecent(_ rule: Rule) -> Bool {
        rule.arguments.contains {
            guard case .recent(let recent) = $0, case .check = recent.mode else { return false }
            return true
        }
    }

    /// The address and port of a DNAT target: `ip`, `ip:port`, `ip6`, `[ip6]` or `[ip6]:port`
    /// (no port: the destination port stays).
    static func hostPort(_ text: String) -> (IPAddress, Int?)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), let address = IPAddress(text[text.index(after: text.startIndex)..<close])
            else { return nil }
            let rest = text[text.index(after: close)...]
            guard !rest.isEmpty else { return (address, nil) }
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()) else { return nil }
            return (address, port)
        }
        if text.filter({ $0 == ":" }).count > 1 { return IPAddress(text).map { ($0, nil) } }
        guard let colon = text.firstIndex(of: ":") else { return IPAddress(text).map { ($0, nil) } }
        guard let address = IPAddress(text[..<colon]), let port = Int(text[text.index(after: colon)...]) else { return nil }
        return (address, port)
    }
}
