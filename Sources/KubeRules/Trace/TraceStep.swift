/// One rule the traced packet matched (or one IPVS decision), with the chance of getting there.
public struct TraceStep: Hashable, Sendable {
    /// The netfilter hook being traversed: `PREROUTING`, `OUTPUT`, `FORWARD`, `INPUT`,
    /// `POSTROUTING`, or `IPVS`.
    public var hook: String
    /// `nat`, `filter`, or `ipvs`.
    public var table: String
    /// The chain holding the rule (for IPVS, the virtual server).
    public var chain: String
    /// The rule as `iptables-save` prints it (`-A CHAIN …`), or the `ipvsadm-save` lines.
    public var rule: String
    /// Summed over every history that matched this rule.
    public var probability: Double
    /// Assumptions the tracer made for this rule.
    public var notes: [String]

    public init(hook: String, table: String, chain: String, rule: String, probability: Double, notes: [String] = []) {
        self.hook = hook
        self.table = table
        self.chain = chain
        self.rule = rule
        self.probability = probability
        self.notes = notes
    }
}

/// The steps of every history, merged: a rule matched on several histories appears once, at
/// its first visit, with the probabilities added up.
struct StepLog: Sendable {
    private(set) var steps: [TraceStep] = []
    private var index: [Key: Int] = [:]

    private struct Key: Hashable {
        var hook: String
        var table: String
        var chain: String
        var position: Int
    }

    mutating func record(
        hook: String, table: String, chain: String, position: Int, rule: @autoclosure () -> String,
        probability: Double, notes: [String] = []
    ) {
        let key = Key(hook: hook, table: table, chain: chain, position: position)
        if let existing = index[key] {
            steps[existing].probability += probability
            for note in notes where !steps[existing].notes.contains(note) { steps[existing].notes.append(note) }
            return
        }
        index[key] = steps.count
        steps.append(TraceStep(hook: hook, table: table, chain: chain, rule: rule(), probability: probability, notes: notes))
    }
}
