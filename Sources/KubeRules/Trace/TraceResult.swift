/// What happens to a new connection on the traced node: every distinct outcome with its
/// probability, the rules on the way, and whether the source is masqueraded.
public struct TraceResult: Hashable, Sendable {
    public var packet: TracePacket
    public var mode: ProxyOptions.ProxyMode
    public var origin: TraceOrigin
    /// Distinct outcomes in the order the rules reach them (endpoints in rule order).
    public var outcomes: [TraceOutcome]
    /// Every rule matched, hook by hook, merged over the histories.
    public var path: [TraceStep]
    /// Assumptions and explanations that apply to the whole trace.
    public var notes: [String]

    public init(
        packet: TracePacket, mode: ProxyOptions.ProxyMode, origin: TraceOrigin, outcomes: [TraceOutcome],
        path: [TraceStep], notes: [String]
    ) {
        self.packet = packet
        self.mode = mode
        self.origin = origin
        self.outcomes = outcomes
        self.path = path
        self.notes = notes
    }

    /// The verdict: the outcomes' kind when they agree, else `mixed`.
    public var verdict: String {
        let kinds = Set(outcomes.map(\.kind))
        return kinds.count == 1 ? kinds.first!.rawValue : "mixed"
    }

    /// The endpoints the connection may reach (DNAT or IPVS), with their probabilities.
    public var endpoints: [TraceOutcome] { outcomes.filter { $0.kind == .dnat } }

    /// Whether any outcome masquerades the client's address.
    public var masquerade: Bool { outcomes.contains { $0.masquerade } }

    /// kube-proxy's packet-flow output (`runPacketFlowTests`): the endpoints, or `ACCEPT`,
    /// `DROP`, `REJECT`, in order and `, `-separated; empty when no rule decided anything.
    public var flowOutput: String {
        outcomes.compactMap { outcome -> String? in
            switch outcome.kind {
            case .dnat: return outcome.endpoint
            case .notAService: return nil
            default: return outcome.kind.rawValue
            }
        }.joined(separator: ", ")
    }
}

/// One distinct way the connection ends.
public struct TraceOutcome: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Sent to a service endpoint (iptables DNAT or an IPVS real server).
        case dnat = "DNAT"
        case reject = "REJECT"
        case drop = "DROP"
        /// Explicitly accepted by a kube-proxy rule (the health-check node port).
        case accept = "ACCEPT"
        /// No kube-proxy rule decided anything: delivered or forwarded as addressed.
        case notAService = "not a service"
    }

    public var kind: Kind
    /// `ip:port` of the endpoint for ``Kind/dnat``.
    public var endpoint: String?
    public var probability: Double
    public var masquerade: Bool
    /// The rules that asked for masquerading (their comments say why).
    public var masqueradeReasons: [String]
    /// The rule (or IPVS decision) that ended the trace: the DNAT, REJECT, DROP or ACCEPT.
    public var decidedBy: String?
    /// The `KUBE-SEP-*` chain or IPVS virtual server that chose the endpoint.
    public var via: String?
    /// ClientIP affinity: the client sticks to this endpoint for this many seconds.
    public var affinitySeconds: Int?
    /// The client's previous connection chose this endpoint (a `recent` or persistence hit).
    public var affinityHit: Bool

    public init(
        kind: Kind, endpoint: String? = nil, probability: Double, masquerade: Bool = false,
        masqueradeReasons: [String] = [], decidedBy: String? = nil, via: String? = nil,
        affinitySeconds: Int? = nil, affinityHit: Bool = false
    ) {
        self.kind = kind
        self.endpoint = endpoint
        self.probability = probability
        self.masquerade = masquerade
        self.masqueradeReasons = masqueradeReasons
        self.decidedBy = decidedBy
        self.via = via
        self.affinitySeconds = affinitySeconds
        self.affinityHit = affinityHit
    }
}
