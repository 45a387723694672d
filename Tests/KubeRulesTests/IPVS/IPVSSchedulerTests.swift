import Testing
@testable import KubeRules

/// The selection model: rr cycles, persistence for ClientIP affinity, refused connections.
@Suite("IPVS scheduler model")
struct IPVSSchedulerTests {
    let name = ServicePortName(namespace: "ns1", name: "svc1", port: "p80", protocol: .tcp)

    func server(_ scheduler: String = "rr", timeout: Int? = nil, reals: [String], weights: [Int]? = nil) -> VirtualServer {
        VirtualServer(
            address: IPAddress("172.30.0.41")!, port: 80, protocol: .tcp, scheduler: scheduler,
            flags: timeout == nil ? [] : [.persistent], timeout: timeout ?? 0,
            realServers: reals.enumerated().map { RealServer(address: IPAddress($0.element)!, port: 80, weight: weights?[$0.offset] ?? 1) },
            servicePort: name, kind: .clusterIP, boundToDummyDevice: true)
    }

    func clients(_ sources: [String], every seconds: Int = 1) -> [IPVSConnection] {
        sources.enumerated().map { IPVSConnection(source: IPAddress($0.element)!, sourcePort: 40000 + $0.offset, time: $0.offset * seconds) }
    }

    func picks(_ selections: [IPVSSelection]) -> [String] {
        selections.map { $0.realServer?.address.description ?? ($0.candidates.isEmpty ? "unreachable" : "one of \($0.candidates.count)") }
    }

    @Test("rr hands out every real server once per cycle, in list order")
    func roundRobin() {
        let vs = server(reals: ["10.180.0.1", "10.180.0.2", "10.180.0.3"])
        let got = picks(IPVSScheduler.schedule(vs, clients(Array(repeating: "203.0.113.2", count: 7))))
        #expect(got == ["10.180.0.1", "10.180.0.2", "10.180.0.3", "10.180.0.1", "10.180.0.2", "10.180.0.3", "10.180.0.1"])
    }

    @Test("rr skips quiesced (weight 0) real servers")
    func roundRobinSkipsWeightZero() {
        let vs = server(reals: ["10.180.0.1", "10.180.0.2", "10.180.0.3"], weights: [1, 0, 1])
        #expect(picks(IPVSScheduler.schedule(vs, clients(["a", "b", "c"].map { _ in "203.0.113.2" }))) == ["10.180.0.1", "10.180.0.3", "10.180.0.1"])
    }

    @Test("ClientIP affinity: the same client sticks to its first real server until the timeout passes")
    func persistence() {
        let vs = server(timeout: 10, reals: ["10.180.0.1", "10.180.0.2"])
        let connections = [
            IPVSConnection(source: IPAddress("203.0.113.2")!, time: 0),
            IPVSConnection(source: IPAddress("203.0.113.3")!, time: 1),
            IPVSConnection(source: IPAddress("203.0.113.2")!, time: 5),
            IPVSConnection(source: IPAddress("203.0.113.2")!, time: 15),  // 10 s after the last one: still pinned
            IPVSConnection(source: IPAddress("203.0.113.2")!, time: 26),  // 11 s gap: template expired
        ]
        let selections = IPVSScheduler.schedule(vs, connections)
        #expect(picks(selections) == ["10.180.0.1", "10.180.0.2", "10.180.0.1", "10.180.0.1", "10.180.0.1"])
        #expect(selections[2].reason == .persistence(since: 0, expiresAt: 15))
        #expect(selections[4].reason == .scheduled)
    }

    @Test("wrr with kube-proxy's equal weights is round robin; with weights it follows the kernel's gcd walk")
    func weightedRoundRobin() {
        let equal = server("wrr", reals: ["10.180.0.1", "10.180.0.2"])
        #expect(picks(IPVSScheduler.schedule(equal, clients(["x", "x", "x", "x"].map { _ in "203.0.113.2" })))
            == ["10.180.0.1", "10.180.0.2", "10.180.0.1", "10.180.0.2"])
        let weighted = server("wrr", reals: ["10.180.0.1", "10.180.0.2"], weights: [2, 1])
        #expect(picks(IPVSScheduler.schedule(weighted, clients(Array(repeating: "203.0.113.2", count: 6))))
            == ["10.180.0.1", "10.180.0.1", "10.180.0.2", "10.180.0.1", "10.180.0.1", "10.180.0.2"])
    }

    @Test("least connection with connections that stay open spreads like round robin")
    func leastConnection() {
        let vs = server("lc", reals: ["10.180.0.1", "10.180.0.2", "10.180.0.3"])
        #expect(picks(IPVSScheduler.schedule(vs, clients(Array(repeating: "203.0.113.2", count: 4))))
            == ["10.180.0.1", "10.180.0.2", "10.180.0.3", "10.180.0.1"])
    }

    @Test("hash schedulers pin a source to one of the real servers (which one is the kernel's hash)")
    func sourceHashing() {
        let vs = server("sh", reals: ["10.180.0.1", "10.180.0.2"])
        let selections = IPVSScheduler.schedule(vs, clients(["203.0.113.2", "203.0.113.2"]))
        #expect(selections.allSatisfy { $0.candidates.count == 2 && $0.reason == .hashed(key: "source 203.0.113.2") })
    }

    @Test("no real servers: IPVS refuses with ICMP port unreachable")
    func noRealServers() {
        let selection = IPVSScheduler.schedule(server(reals: []), clients(["203.0.113.2"]))[0]
        #expect(selection.candidates.isEmpty && selection.reason == .noRealServer)
    }

    @Test("shares: equal for kube-proxy's weight-1 real servers")
    func shares() {
        let shares = IPVSScheduler(virtualServer: server(reals: ["10.180.0.1", "10.180.0.2", "10.180.0.3", "10.180.0.4"])).shares
        #expect(shares.map(\.share) == [0.25, 0.25, 0.25, 0.25])
    }
}
