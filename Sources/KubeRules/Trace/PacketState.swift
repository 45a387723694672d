/// One possible history of the traced packet: its current addresses after NAT, the mark, the
/// connection-tracking status, and why it is (or is not) going to be masqueraded.
///
/// The tracer forks a state at every `-m statistic` rule and at IPVS's choice of real server,
/// so each state carries the probability of reaching it.
struct PacketState: Hashable, Sendable {
    var packet: TracePacket
    /// Current destination (rewritten by DNAT or IPVS).
    var destination: IPAddress
    var destinationPort: Int
    /// The skb mark (`-m mark`, `-j MARK`).
    var mark: UInt32 = 0
    /// The destination was rewritten (DNAT or IPVS): conntrack's `DNAT` virtual state.
    var destinationNATed = false
    /// The source was rewritten (MASQUERADE): conntrack's `SNAT` virtual state.
    var sourceNATed = false
    /// `recent` lists holding the client (the packet's own history plus `--set` on this path).
    var recentLists: Set<String>
    /// The probability of this history among all histories of the trace.
    var probability: Double
    /// The rule text that set the masquerade mark (or matched the hairpin set), if any.
    var masqueradeReasons: [String] = []
    /// The `KUBE-SEP-*` chain (iptables) or virtual server (IPVS) that chose the endpoint.
    var endpointVia: String?
    /// The IPVS virtual server that took the connection, for `-m ipvs` matches.
    var ipvsVirtualServer: VirtualServer.Key?
    /// ClientIP affinity of the chosen endpoint: the timeout in seconds.
    var affinitySeconds: Int?
    /// The `-j DNAT` rule that chose the endpoint (iptables mode).
    var dnatRule: String?
    /// The filter rule that explicitly accepted the packet, if one did.
    var acceptedBy: String?
    /// How the node routed the packet after nat `PREROUTING` / `OUTPUT`.
    var route: Route?

    /// The client was recognised by a `recent --rcheck` (or an IPVS persistence template).
    var affinityHit = false

    /// The routing decision (and IPVS's interception of it).
    enum Route: Hashable, Sendable {
        /// To a local address: filter `INPUT`.
        case local
        /// Through the node to another host: filter `FORWARD`.
        case forward
        /// Taken by an IPVS virtual server and sent on to a real server.
        case ipvs
    }

    init(packet: TracePacket, probability: Double = 1) {
        self.packet = packet
        destination = packet.destination
        destinationPort = packet.destinationPort
        recentLists = packet.recentLists
        self.probability = probability
    }

    /// The destination as `ip:port`.
    var destinationText: String { destination.joined(port: destinationPort) }

    /// Conntrack states of the first packet of a new connection (`-m conntrack --ctstate`).
    var conntrackStates: Set<String> {
        var states: Set<String> = ["NEW"]
        if destinationNATed { states.insert("DNAT") }
        if sourceNATed { states.insert("SNAT") }
        return states
    }
}
