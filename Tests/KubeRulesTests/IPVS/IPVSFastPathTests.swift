import Testing
@testable import KubeRules

/// The IPVS compiler's and renderers' fast paths against the straightforward code they replaced
/// (kept here as the reference), on random inputs: entry texts and their order, the IPv4 save
/// order, the resolution of repeated virtual servers, real-server lists, and the two texts.
@Suite("IPVS fast paths agree with the reference")
struct IPVSFastPathTests {
    // MARK: references (the code before the fast paths)

    static func referenceText(_ entry: IPSetEntry) -> String {
        switch entry {
        case .ip(let ip): return ip.description
        case .ipPort(let ip, let proto, let port): return "\(ip),\(proto.rawValue):\(port)"
        case .ipPortIP(let ip, let proto, let port, let ip2): return "\(ip),\(proto.rawValue):\(port),\(ip2)"
        case .ipPortNet(let ip, let proto, let port, let net): return "\(ip),\(proto.rawValue):\(port),\(net)"
        case .port(let port): return String(port)
        }
    }

    /// Stable sort by text.
    static func referenceSorted(_ entries: [IPSetEntry]) -> [IPSetEntry] {
        entries.enumerated().map { (referenceText($1), $0, $1) }
            .sorted { $0.0 != $1.0 ? $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) : $0.1 < $1.1 }.map(\.2)
    }

    /// The sequential dictionary pass, then `ipvsadm-save` order by protocol and cyclic order.
    static func referenceResolve(_ added: [VirtualServer]) -> ([VirtualServer], [IPVSConfig.Conflict]) {
        var slot: [VirtualServer.Key: Int] = [:]
        var servers: [VirtualServer] = []
        var conflicts: [IPVSConfig.Conflict] = []
        for server in added {
            guard let existing = slot[server.key] else {
                slot[server.key] = servers.count
                servers.append(server)
                continue
            }
            if servers[existing].servicePort != server.servicePort {
                conflicts.append(.init(key: server.key, dropped: servers[existing].servicePort, kept: server.servicePort))
            }
            servers[existing] = server
        }
        var result: [VirtualServer] = []
        for proto in [TransportProtocol.tcp, .udp, .sctp] {
            let group = servers.filter { $0.protocol == proto }
            let order = IPVSSaveOrder.recursiveOrder(group.map { IPVSSaveOrder.SortKey($0.address, port: $0.port) })
            result += order.map { group[$0] }
        }
        return (result, conflicts)
    }

    static func referenceIPVSadm(_ servers: [VirtualServer]) -> String {
        var out = ""
        for server in servers {
            let service = IPVSadmRenderer.protocolOption(server.protocol) + " " + server.address.joined(port: server.port)
            out += "-A \(service) -s \(server.scheduler)"
            if server.flags.contains(.persistent) { out += " -p \(server.timeout)" }
            let names = IPVSadmRenderer.schedulerFlagNames(server.flags, scheduler: server.scheduler)
            if !names.isEmpty { out += " -b " + names.joined(separator: ",") }
            out += "\n"
            for real in server.realServers {
                out += "-a \(service) -r \(real.address.joined(port: real.port)) \(real.forwarding.rawValue) -w \(real.weight)\n"
            }
        }
        return out
    }

    // MARK: random values

    static func address(_ random: inout SeededRandom, v6: Bool) -> IPAddress {
        if v6 {
            return IPAddress(v6High: 0x2001_0db8_0000_0000 | UInt64(random.int(3)), low: UInt64(random.int(40)))
        }
        // A few neighbourhoods: shared text prefixes, and words far apart on the circle.
        let base: UInt32 = random.pick([0x0A00_0000, 0xAC1E_0000, 0xC0A8_0000, 0x0102_0304, 0xFF00_0000])
        return IPAddress(v4: base &+ UInt32(random.int(random.chance(50) ? 12 : 300)))
    }

    static func entry(_ random: inout SeededRandom, v6: Bool) -> IPSetEntry {
        let proto = random.pick(TransportProtocol.allCases)
        let port = random.pick([0, 8, 80, 8080, 30000, 65535, random.int(70000)])
        switch random.int(5) {
        case 0: return .ip(address(&random, v6: v6))
        case 1: return .ipPort(address(&random, v6: v6), proto, port)
        case 2: return .ipPortIP(address(&random, v6: v6), proto, port, address(&random, v6: v6))
        case 3:
            return .ipPortNet(
                address(&random, v6: v6), proto, port,
                CIDR(network: address(&random, v6: v6), prefixLength: random.int(v6 ? 129 : 33)))
        default: return .port(port)
        }
    }

    static let names = ["a", "b", "c"].map { ServicePortName(namespace: "ns", name: $0, port: "p", protocol: .tcp) }

    static func server(_ random: inout SeededRandom, v6: Bool) -> VirtualServer {
        let reals = (0..<random.int(4)).map { _ in
            RealServer(
                address: address(&random, v6: v6), port: random.pick([80, 8080, 53]), weight: random.int(3),
                forwarding: random.pick([.masquerade, .gatewaying, .tunnel]))
        }
        let scheduler = random.pick(["rr", "sh", "mh", "wlc"])
        return VirtualServer(
            address: address(&random, v6: v6), port: random.pick([80, 443, 30000]),
            protocol: random.pick(TransportProtocol.allCases), scheduler: scheduler,
            flags: VirtualServerFlags(rawValue: UInt32(random.int(64)) & 0x3B), timeout: random.int(20000),
            realServers: IPVSSaveOrder.sorted(reals), servicePort: random.pick(names), kind: .clusterIP,
            boundToDummyDevice: true)
    }

    // MARK: tests

    @Test("entry text: the reference formatting, and sorted (and deduplicated) as by their strings", arguments: 1...40)
    func entryTexts(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let v6 = seed % 4 == 0
        let entries = (0..<random.int(300)).map { _ in Self.entry(&random, v6: v6) }
        for entry in entries { #expect(entry.description == Self.referenceText(entry)) }
        #expect(IPSetEntry.sortedByText(entries) == Self.referenceSorted(entries))
        var seen = Set<IPSetEntry>()
        let firsts = entries.filter { seen.insert($0).inserted }
        #expect(IPSetEntry.sortedUniqueByText(entries) == Self.referenceSorted(firsts))
    }

    @Test("IPv4 save order in one sort equals the word-by-word recursion", arguments: 1...60)
    func singleWordOrder(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let spread = seed % 3 == 0  // sometimes over the whole circle (numeric fallback)
        let keys = (0..<random.int(60)).map { _ in
            IPVSSaveOrder.SortKey(
                spread ? IPAddress(v4: UInt32(truncatingIfNeeded: random.next())) : Self.address(&random, v6: false),
                port: random.pick([0, 53, 80, 8080]))
        }
        #expect(IPVSSaveOrder.singleWordOrder(keys) == IPVSSaveOrder.recursiveOrder(keys))
        #expect(IPVSSaveOrder.cyclicOrder(keys) == IPVSSaveOrder.recursiveOrder(keys))
    }

    @Test("virtual servers resolved by sorting equal the dictionary pass, in any chunking", arguments: 1...40)
    func resolve(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let v6 = seed % 5 == 0
        let added = (0..<random.int(200)).map { _ in Self.server(&random, v6: v6) }
        var lists: [[VirtualServer]] = []
        var start = 0
        while start < added.count {
            let end = min(added.count, start + 1 + random.int(40))
            lists.append(Array(added[start..<end]))
            if random.chance(20) { lists.append([]) }
            start = end
        }
        let (servers, conflicts) = VirtualServerTable.resolve(lists)
        let (expectedServers, expectedConflicts) = Self.referenceResolve(added)
        #expect(servers == expectedServers)
        #expect(conflicts == expectedConflicts)
    }

    @Test("real servers: sorted then deduplicated equals deduplicated then sorted", arguments: 1...40)
    func realServers(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let v6 = seed % 4 == 0
        let endpoints = (0..<random.int(30)).map { _ in
            EndpointInfo(ip: Self.address(&random, v6: v6), port: random.pick([80, 8080]), isLocal: random.chance(50))
        }
        var seen = Set<String>()
        let firsts = endpoints.filter { seen.insert($0.description).inserted }
            .map { RealServer(address: $0.ip, port: $0.port, weight: 1) }
        #expect(RealServerLists.make(endpoints) == IPVSSaveOrder.sorted(firsts))
    }

    @Test("ipvsadm and ipset texts equal the String-built reference", arguments: 1...20)
    func texts(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let v6 = seed % 4 == 0
        let servers = (0..<random.int(120)).map { _ in Self.server(&random, v6: v6) }
        #expect(IPVSadmRenderer.render(servers) == Self.referenceIPVSadm(servers))
        #expect(IPVSadmRenderer.renderChunks(servers).flatMap { $0 } == Array(Self.referenceIPVSadm(servers).utf8))
        let sets = KubeIPSet.allCases.map { set in
            IPSet(
                name: set.name(for: v6 ? .ipv6 : .ipv4), type: set.type, family: v6 ? .ipv6 : .ipv4, comment: set.comment,
                entries: (0..<random.int(30)).map { _ in Self.entry(&random, v6: v6) })
        }
        let reference = sets.map { set in
            IPSetRenderer.createLine(set) + "\n" + set.entries.map { "add \(set.name) \(Self.referenceText($0))\n" }.joined()
        }.joined()
        #expect(IPSetRenderer.render(sets) == reference)
    }

    @Test("the ipvsadm renderer's size bound holds, random servers and the longest fields", arguments: 1...20)
    func bytesBound(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var servers = (0..<random.int(60)).map { _ in Self.server(&random, v6: seed % 2 == 0) }
        // The longest of everything: IPv6 with no zero group, SCTP, every flag, extreme numbers.
        let longest = IPAddress("fd00:1234:5678:9abc:def0:1234:5678:9abd")!
        servers.append(
            VirtualServer(
                address: longest, port: 65535, protocol: .sctp, scheduler: "sh",
                flags: VirtualServerFlags(rawValue: 0x3B), timeout: Int.max,
                realServers: [RealServer(address: longest, port: 65535, weight: Int.min, forwarding: .tunnel)],
                servicePort: Self.names[0], kind: .clusterIP, boundToDummyDevice: true))
        for server in servers {
            #expect(IPVSadmRenderer.render([server]).utf8.count <= IPVSadmRenderer.bytesBound(server), "\(server)")
        }
    }

    @Test("each set's ordinal is its place in allCases")
    func ordinals() {
        for (place, set) in KubeIPSet.allCases.enumerated() { #expect(set.ordinal == place, "\(set)") }
    }
}
