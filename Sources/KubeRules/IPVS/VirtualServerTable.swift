/// The IPVS table from the virtual servers the service ports added, in order: one per
/// (protocol, address, port), in `ipvsadm-save` order, and the clashes between service ports.
///
/// A later service port claiming the same (protocol, address, port) replaces the earlier one
/// and is reported, exactly as when one sequential pass fills a dictionary. Done here by sorting
/// instead of hashing: ``IPVSSaveOrder`` is stable and puts servers with one key next to each
/// other, in the order they were added, so each run's last server is the one kept, and each
/// neighbour pair of a run is one replacement.
enum VirtualServerTable {
    /// `lists`: each chunk's servers in service-port order; the chunks in order. Real servers
    /// are already in `ipvsadm-save` order (``RealServerLists``).
    static func resolve(_ lists: [[VirtualServer]]) -> (servers: [VirtualServer], conflicts: [IPVSConfig.Conflict]) {
        // Every added server by its place in the sequential order: (chunk, position).
        var places: [(list: Int32, index: Int32)] = []
        places.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for (list, servers) in lists.enumerated() {
            for index in servers.indices { places.append((Int32(list), Int32(index))) }
        }
        func server(_ place: Int) -> VirtualServer {
            lists[Int(places[place].list)][Int(places[place].index)]
        }
        let keys = places.indices.map { place in
            lists[Int(places[place].list)].withUnsafeBufferPointer { servers in
                let server = servers.baseAddress! + Int(places[place].index)
                return (server.pointee.protocol, IPVSSaveOrder.SortKey(server.pointee.address, port: server.pointee.port))
            }
        }
        let order = IPVSSaveOrder.order(count: keys.count, protocol: { keys[$0].0 }, key: { keys[$0].1 })

        var servers: [VirtualServer] = []
        servers.reserveCapacity(order.count)
        // Replacements, with the place of the replacing server (to report them in that order).
        var conflicts: [(place: Int, conflict: IPVSConfig.Conflict)] = []
        var position = 0
        while position < order.count {
            var end = position + 1
            while end < order.count, keys[order[end]].0 == keys[order[position]].0,
                keys[order[end]].1.isSame(as: keys[order[position]].1)
            {
                end += 1
            }
            for replacing in (position + 1)..<end {
                let (dropped, kept) = (server(order[replacing - 1]), server(order[replacing]))
                if dropped.servicePort != kept.servicePort {
                    conflicts.append(
                        (order[replacing], .init(key: kept.key, dropped: dropped.servicePort, kept: kept.servicePort)))
                }
            }
            servers.append(server(order[end - 1]))
            position = end
        }
        conflicts.sort { $0.place < $1.place }
        return (servers, conflicts.map(\.conflict))
    }
}
