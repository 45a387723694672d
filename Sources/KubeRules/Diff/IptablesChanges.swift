/// The per-service findings between two rulesets in the same form (both normalized, both
/// canonical or neither): old = the saved or golden side, new = the rendered one.
///
/// - an endpoint chain only on one side is an endpoint gained or lost, and the jumps to it (and
///   the probabilities of its siblings) are its consequences, not reported again;
/// - another chain only on the rendered side is "missing", only on the saved side "stale";
/// - in a chain on both sides, rules are matched up with ``LineDiff`` and reported as changed,
///   missing or extra;
/// - kube-proxy's jump rules in the built-in chains likewise.
struct IptablesChanges {
    let old: Ruleset
    let new: Ruleset
    let attribution: ServiceAttribution

    func findings() -> [DiffFinding] {
        var findings: [DiffFinding] = []
        var endpointChains = Set<String>()
        var servicesWithEndpointChanges = Set<String>()
        for tableName in Set(old.tables.map(\.name) + new.tables.map(\.name)).sorted() {
            let oldTable = old[table: tableName] ?? Table(name: tableName)
            let newTable = new[table: tableName] ?? Table(name: tableName)
            let oldNames = Set(oldTable.chains.map(\.name)), newNames = Set(newTable.chains.map(\.name))
            for chain in newTable.chains where !oldNames.contains(chain.name) {
                let service = attribution.service(ofChain: chain.name)
                if chain.name.hasPrefix("KUBE-SEP-") {
                    endpointChains.insert(chain.name)
                    if let service { servicesWithEndpointChanges.insert(service) }
                    findings.append(DiffFinding(service: service, text: "gained endpoint \(Self.endpoint(chain) ?? "?") (\(chain.name))"))
                } else {
                    findings.append(DiffFinding(service: service, text: "\(chain.name) missing (\(tableName.rawValue) table)"))
                }
            }
            for chain in oldTable.chains where !newNames.contains(chain.name) {
                let service = attribution.service(ofChain: chain.name)
                if chain.name.hasPrefix("KUBE-SEP-") {
                    endpointChains.insert(chain.name)
                    if let service { servicesWithEndpointChanges.insert(service) }
                    findings.append(DiffFinding(service: service, text: "lost endpoint \(Self.endpoint(chain) ?? "?") (\(chain.name))"))
                } else {
                    findings.append(DiffFinding(service: service, text: "stale chain \(chain.name) (\(tableName.rawValue) table): not in the manifests"))
                }
            }
            for newChain in newTable.chains {
                guard let oldChain = oldTable[chain: newChain.name] else { continue }
                findings += ruleFindings(
                    chain: newChain.name, old: oldChain.rules, new: newChain.rules, skipping: endpointChains,
                    quietProbabilities: servicesWithEndpointChanges)
            }
            for chain in tableName.builtinChains {
                let oldHooks = oldTable.hooks.filter { $0.chain == chain }.map(\.rule)
                let newHooks = newTable.hooks.filter { $0.chain == chain }.map(\.rule)
                findings += ruleFindings(
                    chain: chain, old: oldHooks, new: newHooks, skipping: [], quietProbabilities: [],
                    label: "jump rule", place: "\(tableName.rawValue) \(chain)")
            }
        }
        return findings
    }

    /// Rule-level findings of one chain present on both sides.
    private func ruleFindings(
        chain: String, old: [Rule], new: [Rule], skipping endpointChains: Set<String>,
        quietProbabilities: Set<String>, label: String = "rule", place: String? = nil
    ) -> [DiffFinding] {
        let place = place ?? chain
        let script = LineDiff.edits(old.map(Self.withoutProbability), new.map(Self.withoutProbability))
        var findings: [DiffFinding] = []
        var removed: [Rule] = [], added: [Rule] = []
        func report(_ rule: Rule, _ how: String) {
            let where_ = how == "extra" ? "extra \(label) in \(place) (not in the manifests)" : "\(label) missing in \(place)"
            findings.append(DiffFinding(service: attribution.service(of: rule, in: chain), text: "\(where_): \(text(chain, rule))"))
        }
        func flush() {
            let pairs = min(removed.count, added.count)
            for i in 0..<pairs {
                let (before, after) = (removed[i], added[i])
                if mentionsAny(before, endpointChains) || mentionsAny(after, endpointChains) {
                    if !mentionsAny(before, endpointChains) { report(before, "extra") }
                    if !mentionsAny(after, endpointChains) { report(after, "missing") }
                    continue
                }
                findings.append(DiffFinding(
                    service: attribution.service(of: after, in: chain),
                    text: "\(label) changed in \(place): \(text(chain, before)) → \(text(chain, after))"))
            }
            for rule in removed.dropFirst(pairs) where !mentionsAny(rule, endpointChains) { report(rule, "extra") }
            for rule in added.dropFirst(pairs) where !mentionsAny(rule, endpointChains) { report(rule, "missing") }
            removed = []
            added = []
        }
        for edit in script {
            switch edit {
            case .delete(let i): removed.append(old[i])
            case .insert(let j): added.append(new[j])
            case .keep(let i, let j):
                flush()
                if old[i] != new[j] {
                    let service = attribution.service(of: new[j], in: chain)
                    if let service, quietProbabilities.contains(service) { continue }
                    findings.append(DiffFinding(
                        service: service,
                        text: "probability changed in \(place): \(text(chain, old[i])) → \(text(chain, new[j]))"))
                }
            }
        }
        flush()
        return findings
    }

    private func text(_ chain: String, _ rule: Rule) -> String { IptablesRenderer.ruleText(chain: chain, rule) }

    /// Whether the rule jumps to, or names (`recent --name`), one of `chains`.
    private func mentionsAny(_ rule: Rule, _ chains: Set<String>) -> Bool {
        if case .jump(let target) = rule.target, chains.contains(target) { return true }
        for case .recent(let recent) in rule.arguments where chains.contains(recent.name) { return true }
        return false
    }

    /// The rule with its `-m statistic` probability blanked: a gained or lost endpoint changes
    /// every sibling's probability, which is not a change of its own.
    static func withoutProbability(_ rule: Rule) -> Rule {
        var copy = rule
        copy.arguments = rule.arguments.map {
            if case .statisticRandom = $0 { return .statisticRandom(probability: "") }
            return $0
        }
        return copy
    }

    /// The `ip:port` a `KUBE-SEP-*` chain DNATs to.
    static func endpoint(_ chain: Chain) -> String? {
        for rule in chain.rules {
            if case .dnat(let destination) = rule.target { return destination }
        }
        return nil
    }
}
