/// What ``IPVSCompiler`` accumulates over service ports: one state per chunk of service ports,
/// joined in chunk order.
///
/// Virtual servers are kept in the order they were added, and resolved only once every chunk
/// is joined: a later service port claiming the same (protocol, address, port) replaces the
/// earlier one and is reported, exactly as when one sequential pass fills a dictionary.
struct IPVSCompileState {
    var addresses: IPVSNodeAddresses
    var entries: [KubeIPSet: Set<IPSetEntry>] = [:]
    /// Every virtual server in service-port order, duplicates included.
    var added: [VirtualServer] = []
    var bound = Set<IPAddress>()
    /// Load-balancer IPs the node may not reach, in order of first mention.
    private(set) var loadBalancerNoNodeAccess: [VirtualServer.Key] = []
    private var blocked = Set<VirtualServer.Key>()

    init(addresses: IPVSNodeAddresses) {
        self.addresses = addresses
    }

    mutating func insert(_ entry: IPSetEntry, into set: KubeIPSet) {
        entries[set, default: []].insert(entry)
    }

    mutating func add(_ server: VirtualServer) {
        added.append(server)
    }

    mutating func blockNodeAccess(_ key: VirtualServer.Key) {
        if blocked.insert(key).inserted { loadBalancerNoNodeAccess.append(key) }
    }

    /// Appends what `later` accumulated (for service ports after this state's).
    mutating func append(_ later: IPVSCompileState) {
        for (set, laterEntries) in later.entries {
            if entries[set] == nil {
                entries[set] = laterEntries
            } else {
                entries[set]!.formUnion(laterEntries)
            }
        }
        added += later.added
        bound.formUnion(later.bound)
        for key in later.loadBalancerNoNodeAccess { blockNodeAccess(key) }
    }

    /// One virtual server per (protocol, address, port), the last added; and each replacement
    /// by a different service port, in order.
    func resolveServers() -> (servers: [VirtualServer], conflicts: [IPVSConfig.Conflict]) {
        var slot: [VirtualServer.Key: Int] = [:]
        slot.reserveCapacity(added.count)
        var servers: [VirtualServer] = []
        servers.reserveCapacity(added.count)
        var conflicts: [IPVSConfig.Conflict] = []
        for server in added {
            let key = server.key
            guard let existing = slot[key] else {
                slot[key] = servers.count
                servers.append(server)
                continue
            }
            if servers[existing].servicePort != server.servicePort {
                conflicts.append(.init(key: key, dropped: servers[existing].servicePort, kept: server.servicePort))
            }
            servers[existing] = server
        }
        return (servers, conflicts)
    }
}

/// A service port's real-server lists, each made once however many virtual servers (cluster IP,
/// node ports, load balancers) carry it.
struct RealServerLists {
    private var cluster: [RealServer]?
    private var local: [RealServer]?

    /// kube-proxy's `syncEndpoint`: a Local policy uses the local endpoints, or, when there are
    /// none, the cluster endpoints (kubernetes/kubernetes#97081). One real server per `ip:port`.
    mutating func servers(_ sp: ServicePortInfo, onlyNodeLocal: Bool) -> [RealServer] {
        if onlyNodeLocal && !sp.localEndpoints.isEmpty {
            if local == nil { local = Self.make(sp.localEndpoints) }
            return local!
        }
        if cluster == nil { cluster = Self.make(sp.clusterEndpoints) }
        return cluster!
    }

    private struct Destination: Hashable {
        var address: IPAddress
        var port: Int
    }

    /// The first endpoint of each `ip:port` (the text is canonical: equal texts, equal pairs).
    private static func make(_ endpoints: [EndpointInfo]) -> [RealServer] {
        var seen = Set<Destination>(minimumCapacity: endpoints.count)
        var servers: [RealServer] = []
        servers.reserveCapacity(endpoints.count)
        for endpoint in endpoints where seen.insert(Destination(address: endpoint.ip, port: endpoint.port)).inserted {
            servers.append(RealServer(address: endpoint.ip, port: endpoint.port, weight: 1))
        }
        return servers
    }
}
