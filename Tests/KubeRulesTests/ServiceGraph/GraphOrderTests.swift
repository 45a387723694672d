import Testing

@testable import KubeRules

/// The graph's text-free orderings agree with the text orders they stand for: ``EndpointTextKey``
/// with `ip:port` text (``EndpointInfo/description``), ``ServicePortName/precedes(_:_:)`` with
/// ``ServicePortName``'s `<`.
@Suite struct GraphOrderTests {
    @Test(arguments: 0..<20)
    func endpointKeysOrderLikeTheirText(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let endpoints = (0..<60).map { _ in randomEndpoint(&random) }
        for a in endpoints {
            for b in endpoints {
                let (x, y) = (a.ip.joined(port: a.port), b.ip.joined(port: b.port))
                let order = EndpointTextKey.compare(
                    EndpointTextKey(ip: a.ip, port: a.port), EndpointTextKey(ip: b.ip, port: b.port))
                #expect(order == (x < y ? -1 : x == y ? 0 : 1), "\(x) vs \(y)")
            }
        }
    }

    /// Every IPv4 address and port in range (the packed fast path): keys equal exactly when the
    /// texts are, and order as they do.
    @Test(arguments: 0..<10)
    func ipv4EndpointKeysOrderLikeTheirText(seed: UInt64) {
        var random = SeededRandom(seed: 100 + seed)
        let endpoints = (0..<80).map { _ -> (IPAddress, Int) in
            let octets = (0..<4).map { _ in UInt32(random.pick([0, 9, 10, 99, 100, 255, random.int(256)])) }
            let port = random.pick([0, 9, 10, 99, 100, 999, 1000, 9999, 10000, 65535, random.int(65536)])
            return (IPAddress(v4: octets.reduce(0) { $0 << 8 | $1 }), port)
        }
        for (a, p) in endpoints {
            for (b, q) in endpoints {
                let (x, y) = (a.joined(port: p), b.joined(port: q))
                let order = EndpointTextKey.compare(EndpointTextKey(ip: a, port: p), EndpointTextKey(ip: b, port: q))
                #expect(order == (x < y ? -1 : x == y ? 0 : 1), "\(x) vs \(y)")
            }
        }
    }

    /// ``IPv4TextOrder``: keys compare as the texts `a.b.c.d:` do (the part every `ip:port` of one
    /// port starts with), on octets with every digit count (0, 9, 10, 99, 100, 255: a shorter
    /// text is a prefix of a longer one) and at random, and are equal exactly when addresses are.
    @Test(arguments: 0..<10)
    func ipv4TextOrderKeysOrderLikeTheirText(seed: UInt64) {
        var random = SeededRandom(seed: 300 + seed)
        let addresses = (0..<120).map { _ -> IPAddress in
            let octets = (0..<4).map { _ in UInt32(random.pick([0, 1, 2, 9, 10, 19, 99, 100, 199, 200, 255, random.int(256)])) }
            return IPAddress(v4: octets.reduce(0) { $0 << 8 | $1 })
        }
        for a in addresses {
            for b in addresses {
                guard case .v4(let x) = a.storage, case .v4(let y) = b.storage else { continue }
                let (textA, textB) = ("\(a):", "\(b):")
                let (keyA, keyB) = (IPv4TextOrder.key(x), IPv4TextOrder.key(y))
                #expect((keyA < keyB) == (textA < textB) && (keyA == keyB) == (textA == textB), "\(textA) vs \(textB)")
            }
        }
    }

    @Test func endpointKeysAtTheTextExtremes() {
        let longest = T.ip("1234:5678:9abc:def0:1234:5678:9abc:def0")
        let cases: [(IPAddress, Int)] = [
            (longest, Int.min), (longest, Int.max), (longest, -1), (T.ip("255.255.255.255"), Int.min),
            (T.ip("255.255.255.255"), 65535), (T.ip("255.255.255.255"), 65536), (T.ip("0.0.0.0"), 0),
            (T.ip("::"), 0), (T.ip("1.2.3.4"), -5),
        ]
        for (a, p) in cases {
            for (b, q) in cases {
                let (x, y) = (a.joined(port: p), b.joined(port: q))
                let order = EndpointTextKey.compare(EndpointTextKey(ip: a, port: p), EndpointTextKey(ip: b, port: q))
                #expect(order == (x < y ? -1 : x == y ? 0 : 1), "\(x) vs \(y)")
            }
        }
    }

    @Test(arguments: 0..<20)
    func servicePortNamesPrecedeLikeTheirOrder(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        // Prefixes of each other, bytes on both sides of `/` and `:`, and non-ASCII text (where
        // String order normalizes: `e` + U+0301 is `é`, which sorts after `f`).
        let parts = ["a", "a-b", "a.b", "a0", "ab", "", "e\u{301}", "é", "f", "a/b", "a:b", "z"]
        let names = (0..<50).map { _ in
            ServicePortName(
                namespace: random.pick(parts), name: random.pick(parts), port: random.pick(parts),
                protocol: random.pick(TransportProtocol.allCases))
        }
        for a in names {
            for b in names {
                #expect(ServicePortName.precedes(a, b) == (a < b), "\(a) vs \(b)")
            }
        }
    }

    /// Services `a` and `a-b`: sorted by name, `a` comes first, but `ns/a-b` sorts before
    /// `ns/a:http` as text, so the graph's port order is not the Services' order.
    @Test func portOrderFollowsTextWhereServiceOrderDiffers() throws {
        let services = [
            T.service("ns", "a", ports: [T.port("http", .tcp, 80)]),
            T.service("ns", "a-b", clusterIP: "172.30.0.42"),
            T.service("ns", "a", ports: [T.port("http", .tcp, 80)]).renamed("b"),
        ]
        var options = ProxyOptions()
        options.hostname = "node-a"
        let graph = try ServiceGraphBuilder(options: options).build(Manifests(services: services))
        #expect(graph.servicePorts.map(\.name.description) == ["ns/a-b:p80", "ns/a:http", "ns/b:http"])
        #expect(graph.services.map(\.service.metadata.name) == ["a", "a-b", "b"])
    }

    private func randomEndpoint(_ random: inout SeededRandom) -> (ip: IPAddress, port: Int) {
        let ip: IPAddress
        switch random.int(3) {
        case 0: ip = IPAddress(v4: UInt32(truncatingIfNeeded: random.next()) & 0x0F0F_0F0F)
        case 1: ip = IPAddress(v4: UInt32(random.int(4)) << 24 | UInt32(random.int(300)))
        default: ip = IPAddress(v6High: random.chance(50) ? 0 : 0x2001_0db8 << 32, low: UInt64(random.int(70_000)))
        }
        let port = random.pick([0, 1, 8, 9, 10, 80, 100, 8080, 65535, 65536, 123_456_789, -1])
        return (ip, port)
    }
}

extension Service {
    /// This Service under another name.
    fileprivate func renamed(_ name: String) -> Service {
        var copy = self
        copy.metadata.name = name
        return copy
    }
}
