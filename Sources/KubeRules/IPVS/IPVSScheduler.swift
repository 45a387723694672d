/// A model of how IPVS hands new connections of one virtual server to its real servers, for
/// `trace` and `explain`: the kernel's scheduler (`net/netfilter/ipvs/ip_vs_<name>.c`) plus
/// persistence (`ip_vs_sched_persist`, kube-proxy's ClientIP session affinity).
///
/// What is exact and what is not:
/// - The kernel walks destinations in its own list order, which is insertion order (newest
///   first); kube-proxy inserts them in Go map order, i.e. at random. The model walks them in
///   `ipvsadm-save` order. So the *sequence* is a faithful example and its invariants hold
///   exactly (rr/wrr with kube-proxy's equal weights visit every real server once per cycle);
///   which real server comes first on a real node is not predictable.
/// - `rr`, `wrr`, `fo`, `ovf` and the least-connection family (`lc`, `wlc`, `sed`, `nq`) are the
///   kernel algorithms. The least-connection ones count every connection given out as still
///   active (the model has no connection ends), so they spread like round robin.
/// - Hash schedulers (`sh`, `dh`, `mh`, `lblc`, `lblcr`) pin a key (the source address, with the
///   port for `sh-port`/`mh-port`; the destination for `dh`/`lblc`/`lblcr`) to one real server
///   chosen by a kernel hash over the insertion order: the model reports every usable real server
///   as a candidate, and the same key always gets the same candidates. `twos` is random.
/// - Persistence: a connection from a client seen on this virtual server at most `timeout`
///   seconds after that client's previous connection goes where the first one went
///   (connections are taken as instantaneous, so the template lives `timeout` seconds past the
///   last one). Without usable real servers IPVS answers ICMP port unreachable.
public struct IPVSScheduler: Sendable {
    public let virtualServer: VirtualServer
    /// Last position handed out by rr / wrr (-1: the list head).
    private var cursor = -1
    /// wrr's current weight.
    private var currentWeight = 0
    private var activeConnections: [Int]
    private var templates: [IPAddress: Template] = [:]
    private var hashAssignments: [String: Int] = [:]
    private var connectionsSeen = 0

    private struct Template {
        var selection: Int
        /// What the connection that created the template was told (one server, or a hash
        /// scheduler's candidates).
        var candidates: [RealServer]
        var lastUsed: Int
        var createdAt: Int
    }

    public init(virtualServer: VirtualServer) {
        self.virtualServer = virtualServer
        activeConnections = Array(repeating: 0, count: virtualServer.realServers.count)
        currentWeight = Self.wrrMaxWeight(virtualServer.realServers.map(\.weight))
    }

    /// Schedules a whole sequence of connections on a fresh scheduler.
    public static func schedule(_ virtualServer: VirtualServer, _ connections: [IPVSConnection]) -> [IPVSSelection] {
        var scheduler = IPVSScheduler(virtualServer: virtualServer)
        return connections.map { scheduler.schedule($0) }
    }

    /// Real servers that can receive new connections (weight above zero), with the share of
    /// new connections each gets over time: equal for kube-proxy's weight-1 real servers.
    public var shares: [(realServer: RealServer, share: Double)] {
        let usable = virtualServer.realServers.filter { $0.weight > 0 }
        let total = usable.reduce(0) { $0 + $1.weight }
        return usable.map { ($0, Double($0.weight) / Double(total)) }
    }

    /// Where one new connection goes.
    public mutating func schedule(_ connection: IPVSConnection) -> IPVSSelection {
        defer { connectionsSeen += 1 }
        let servers = virtualServer.realServers
        if virtualServer.isPersistent, var template = templates[connection.source],
            connection.time - template.lastUsed <= virtualServer.timeout,
            servers[template.selection].weight > 0
        {
            template.lastUsed = connection.time
            templates[connection.source] = template
            activeConnections[template.selection] += 1
            return IPVSSelection(
                connection: connection, candidates: template.candidates,
                reason: .persistence(since: template.createdAt, expiresAt: connection.time + virtualServer.timeout))
        }
        guard let (index, reason) = pick(connection) else {
            return IPVSSelection(connection: connection, candidates: [], reason: .noRealServer)
        }
        activeConnections[index] += 1
        let candidates: [RealServer]
        switch reason {
        case .hashed, .random: candidates = servers.filter { $0.weight > 0 }
        default: candidates = [servers[index]]
        }
        if virtualServer.isPersistent {
            templates[connection.source] = Template(
                selection: index, candidates: candidates, lastUsed: connection.time, createdAt: connection.time)
        }
        return IPVSSelection(connection: connection, candidates: candidates, reason: reason)
    }

    /// The scheduler's own choice (no persistence): an index and how it was made.
    private mutating func pick(_ connection: IPVSConnection) -> (Int, IPVSSelection.Reason)? {
        let weights = virtualServer.realServers.map(\.weight)
        let usable = weights.indices.filter { weights[$0] > 0 }
        guard !usable.isEmpty else { return nil }
        switch virtualServer.scheduler {
        case "rr":
            // ip_vs_rr: the next usable destination after the last one chosen.
            let next = usable.first { $0 > cursor } ?? usable[0]
            cursor = next
            return (next, .scheduled)
        case "wrr":
            return wrr(weights).map { ($0, .scheduled) }
        case "lc", "wlc", "sed", "nq":
            return (leastConnection(weights, usable), .scheduled)
        case "fo":
            // ip_vs_fo: the first destination with the highest weight.
            let best = usable.max { weights[$0] < weights[$1] || (weights[$0] == weights[$1] && $0 > $1) }!
            return (best, .scheduled)
        case "ovf":
            // ip_vs_ovf: highest weight among those with at most `weight` active connections.
            let open = usable.filter { activeConnections[$0] <= weights[$0] }
            guard let best = open.max(by: { weights[$0] < weights[$1] || (weights[$0] == weights[$1] && $0 > $1) })
            else { return nil }
            return (best, .scheduled)
        default:
            let key = hashKey(connection)
            // Keep one stand-in choice per key so persistence templates stay consistent.
            let index = hashAssignments[key] ?? usable[hashAssignments.count % usable.count]
            hashAssignments[key] = index
            return (index, virtualServer.scheduler == "twos" ? .random : .hashed(key: key))
        }
    }

    /// ip_vs_wrr: walk the list; take a destination whose weight reaches the current weight;
    /// at the end of the list lower the current weight by the weights' gcd (wrapping to the
    /// maximum).
    private mutating func wrr(_ weights: [Int]) -> Int? {
        let maxWeight = Self.wrrMaxWeight(weights)
        guard maxWeight > 0 else { return nil }
        let step = Self.gcd(of: weights)
        for _ in 0...(maxWeight / step + 1) * (weights.count + 1) {
            if let next = weights.indices.first(where: { $0 > cursor && weights[$0] >= currentWeight && weights[$0] > 0 }) {
                cursor = next
                return next
            }
            cursor = -1
            currentWeight -= step
            if currentWeight <= 0 { currentWeight = maxWeight }
        }
        return nil
    }

    /// ip_vs_lc / wlc / sed / nq: the lowest load per weight, the first such in list order.
    private func leastConnection(_ weights: [Int], _ usable: [Int]) -> Int {
        if virtualServer.scheduler == "nq", let idle = usable.first(where: { activeConnections[$0] == 0 }) {
            return idle
        }
        // lc/wlc overhead is (active << 8) + inactive; sed/nq use active + 1. No connection ends
        // in the model, so "inactive" stays 0.
        func overhead(_ i: Int) -> Int {
            virtualServer.scheduler == "sed" || virtualServer.scheduler == "nq"
                ? activeConnections[i] + 1 : activeConnections[i] << 8
        }
        var least = usable[0]
        for i in usable.dropFirst() where overhead(least) * weights[i] > overhead(i) * weights[least] {
            least = i
        }
        return least
    }

    /// The key a hash scheduler pins to a real server.
    private func hashKey(_ connection: IPVSConnection) -> String {
        switch virtualServer.scheduler {
        case "dh", "lblc", "lblcr":
            return "destination \(virtualServer.address)"
        case "twos":
            return "connection \(connectionsSeen)"
        default:
            // sh / mh hash the source address, and its port too with `sh-port` / `mh-port`.
            return virtualServer.flags.contains(.sourceHash)
                ? "source \(connection.source.joined(port: connection.sourcePort))"
                : "source \(connection.source)"
        }
    }

    /// The weights' greatest common divisor (`ip_vs_wrr_gcd_weight`), 1 when there are none.
    private static func gcd(of weights: [Int]) -> Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        return max(weights.filter { $0 > 0 }.reduce(0, gcd), 1)
    }

    /// wrr's `mw`: the maximum weight less (gcd - 1) (`ip_vs_wrr_init_svc`).
    private static func wrrMaxWeight(_ weights: [Int]) -> Int {
        let top = weights.max() ?? 0
        return top > 0 ? top - (gcd(of: weights) - 1) : 0
    }
}

/// A new connection reaching a virtual server.
public struct IPVSConnection: Hashable, Sendable {
    public var source: IPAddress
    public var sourcePort: Int
    /// Seconds since the first connection of the sequence.
    public var time: Int

    public init(source: IPAddress, sourcePort: Int = 0, time: Int = 0) {
        self.source = source
        self.sourcePort = sourcePort
        self.time = time
    }
}

/// Where a connection went and why.
public struct IPVSSelection: Hashable, Sendable {
    public enum Reason: Hashable, Sendable {
        /// The scheduler chose ``IPVSSelection/candidates``' only element.
        case scheduled
        /// A hash scheduler pinned this key to one of the candidates (which one depends on the
        /// kernel's hash over its insertion order).
        case hashed(key: String)
        /// `twos`: a weighted random choice between two of the candidates.
        case random
        /// ClientIP affinity: the same real server as this client's connection that created the
        /// persistence template at `since`; the template lives until `expiresAt` unless renewed.
        case persistence(since: Int, expiresAt: Int)
        /// No real server with weight above zero: IPVS answers ICMP port unreachable.
        case noRealServer
    }

    public var connection: IPVSConnection
    /// One real server when the choice is known, several for hash/random schedulers, none when
    /// the connection is refused.
    public var candidates: [RealServer]
    public var reason: Reason

    public init(connection: IPVSConnection, candidates: [RealServer], reason: Reason) {
        self.connection = connection
        self.candidates = candidates
        self.reason = reason
    }

    /// The real server when the choice is determined.
    public var realServer: RealServer? { candidates.count == 1 ? candidates[0] : nil }
}
