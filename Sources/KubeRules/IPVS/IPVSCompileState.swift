/// What ``IPVSCompiler`` accumulates over service ports: one state per chunk of service ports,
/// each filled by one worker; the compiler joins them in chunk order.
///
/// Nothing here hashes or deduplicates: set entries and bound addresses are kept in the order
/// they were added, repeats included (each set's entries are sorted and deduplicated once, all
/// chunks together, by ``IPSetEntry/sortedUniqueByText(_:)``), and virtual servers likewise
/// (``VirtualServerTable`` resolves repeats).
struct IPVSCompileState {
    var addresses: IPVSNodeAddresses
    /// Each set's entries (at the set's ``KubeIPSet/ordinal``), in insertion order.
    private(set) var entries: [[IPSetEntry]] = Array(repeating: [], count: KubeIPSet.allCases.count)
    /// Every virtual server in service-port order, duplicates included.
    private(set) var added: [VirtualServer] = []
    /// Addresses bound to `kube-ipvs0`, in order of mention, repeats included.
    private(set) var bound: [IPAddress] = []
    /// Load-balancer IPs the node may not reach, in order of first mention.
    private(set) var loadBalancerNoNodeAccess: [VirtualServer.Key] = []
    private var blocked = Set<VirtualServer.Key>()

    init(addresses: IPVSNodeAddresses) {
        self.addresses = addresses
    }

    mutating func insert(_ entry: IPSetEntry, into set: KubeIPSet) {
        entries[set.ordinal].append(entry)
    }

    mutating func add(_ server: VirtualServer) {
        added.append(server)
    }

    mutating func bind(_ address: IPAddress) {
        bound.append(address)
    }

    mutating func blockNodeAccess(_ key: VirtualServer.Key) {
        if blocked.insert(key).inserted { loadBalancerNoNodeAccess.append(key) }
    }

    /// The entries of `set` over `parts` (consecutive chunks), sorted and without repeats;
    /// `KUBE-IPVS-IPS` also holds every bound address
    /// (`proxier.ipsetList[kubeIPVSSet].activeEntries = activeBindAddrs`).
    static func entries(of set: KubeIPSet, in parts: [IPVSCompileState]) -> [IPSetEntry] {
        var all: [IPSetEntry] = []
        all.reserveCapacity(parts.reduce(0) { $0 + $1.entries[set.ordinal].count })
        for part in parts { all += part.entries[set.ordinal] }
        if set == .ipvsAddresses {
            for part in parts { all += part.bound.map { .ip($0) } }
        }
        return IPSetEntry.sortedUniqueByText(all)
    }

    /// The load-balancer IPs the node may not reach over `parts`, in order of first mention.
    static func loadBalancerNoNodeAccess(in parts: [IPVSCompileState]) -> [VirtualServer.Key] {
        guard parts.count > 1 else { return parts.first?.loadBalancerNoNodeAccess ?? [] }
        var joined = IPVSCompileState(addresses: parts[0].addresses)
        for part in parts {
            for key in part.loadBalancerNoNodeAccess { joined.blockNodeAccess(key) }
        }
        return joined.loadBalancerNoNodeAccess
    }
}

/// A service port's real-server lists, each made once however many virtual servers (cluster IP,
/// node ports, load balancers) carry it.
struct RealServerLists {
    private var cluster: [RealServer]?
    private var local: [RealServer]?

    /// kube-proxy's `syncEndpoint`: a Local policy uses the local endpoints, or, when there are
    /// none, the cluster endpoints (kubernetes/kubernetes#97081). One real server per `ip:port`,
    /// in `ipvsadm-save` order.
    mutating func servers(_ sp: ServicePortInfo, onlyNodeLocal: Bool) -> [RealServer] {
        if onlyNodeLocal && !sp.localEndpoints.isEmpty {
            if local == nil { local = Self.make(sp.localEndpoints) }
            return local!
        }
        if cluster == nil { cluster = Self.make(sp.clusterEndpoints) }
        return cluster!
    }

    /// The real servers of `endpoints` in ``IPVSSaveOrder`` order, one per `ip:port`: sorting
    /// is stable and puts equal `ip:port`s next to each other, so keeping the first of each run
    /// keeps the first endpoint of each `ip:port` (and all real servers of one `ip:port` are
    /// equal anyway).
    static func make(_ endpoints: [EndpointInfo]) -> [RealServer] {
        var servers: [RealServer] = []
        servers.reserveCapacity(endpoints.count)
        for endpoint in endpoints {
            servers.append(RealServer(address: endpoint.ip, port: endpoint.port, weight: 1))
        }
        let sorted = IPVSSaveOrder.sorted(servers)
        func same(_ a: RealServer, _ b: RealServer) -> Bool { a.address == b.address && a.port == b.port }
        // Endpoints are unique by `ip:port` already (the graph deduplicates them): usually
        // nothing to drop.
        guard zip(sorted, sorted.dropFirst()).contains(where: same) else { return sorted }
        var unique: [RealServer] = []
        unique.reserveCapacity(sorted.count)
        for server in sorted where !(unique.last.map { same($0, server) } ?? false) {
            unique.append(server)
        }
        return unique
    }
}
