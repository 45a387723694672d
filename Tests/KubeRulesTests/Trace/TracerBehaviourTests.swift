import Foundation
import Testing

@testable import KubeRules

/// The tracer's model of netfilter on cases the flow tables do not pin down: probabilities,
/// ClientIP affinity with a history, the localnet firewall, built-in chain policies of a live
/// dump, interface-based local detection, and the JSON shape.
@Suite struct TracerBehaviourTests {
    static func tracer(_ services: [KPService], options: (inout ProxyOptions) -> Void = { _ in }) -> PacketTracer {
        var settings = KubeProxyTestCluster.options()
        options(&settings)
        let graph = KubeProxyTestCluster.graph(services)
        return PacketTracer(ruleset: IptablesCompiler(options: settings).compile(graph, hooks: true), node: graph.node)
    }

    static let threeEndpoints = KPService(
        namespace: "ns1", name: "svc1", clusterIP: "172.30.0.41",
        endpoints: [KPEndpoint(ip: "10.180.0.1"), KPEndpoint(ip: "10.180.0.2"), KPEndpoint(ip: "10.180.0.3")])

    func packet(_ source: String, _ destination: String, _ port: Int, lists: Set<String> = []) -> TracePacket {
        TracePacket(source: IPAddress(source)!, destination: IPAddress(destination)!, destinationPort: port, recentLists: lists)
    }

    @Test func equalProbabilitiesFromChainedStatistics() {
        let result = Self.tracer([Self.threeEndpoints]).trace(packet("10.0.0.9", "172.30.0.41", 80))
        #expect(result.verdict == "DNAT")
        #expect(result.endpoints.map(\.endpoint) == ["10.180.0.1:80", "10.180.0.2:80", "10.180.0.3:80"])
        for endpoint in result.endpoints { #expect(abs(endpoint.probability - 1.0 / 3) < 1e-9) }
        #expect(abs(result.outcomes.reduce(0) { $0 + $1.probability } - 1) < 1e-9)
    }

    @Test func clientIPAffinityWithAndWithoutHistory() {
        var sticky = Self.threeEndpoints
        sticky.affinitySeconds = 600
        let tracer = Self.tracer([sticky])
        let fresh = tracer.trace(packet("10.0.0.9", "172.30.0.41", 80))
        #expect(fresh.endpoints.count == 3)
        #expect(fresh.endpoints.allSatisfy { $0.affinitySeconds == 600 && !$0.affinityHit })
        #expect(TraceText.render(fresh).contains("same endpoint as before for 600 seconds"))

        // The client's previous connection went to the second endpoint: the recent list names it.
        let second = ServiceChainNames.endpoint(
            ServicePortName(namespace: "ns1", name: "svc1", port: "p80", protocol: .tcp),
            EndpointInfo(ip: IPAddress("10.180.0.2")!, port: 80, isLocal: false))
        let returning = tracer.trace(packet("10.0.0.9", "172.30.0.41", 80, lists: [second]))
        #expect(returning.endpoints.map(\.endpoint) == ["10.180.0.2:80"])
        #expect(returning.endpoints.first?.probability == 1)
        #expect(returning.endpoints.first?.affinityHit == true)
        #expect(TraceText.render(returning).contains("connected to 10.180.0.2:80 less than 600 seconds ago"))
    }

    @Test func localnetFirewallDropsRemoteTrafficToLoopback() {
        // route_localnet lets 127.0.0.1 in from outside; KUBE-FIREWALL drops what is not DNATed.
        let result = Self.tracer([Self.threeEndpoints]).trace(packet("10.0.0.9", "127.0.0.1", 10248))
        #expect(result.verdict == "DROP")
        #expect(result.outcomes.first?.decidedBy?.contains("block incoming localnet connections") == true)
    }

    @Test func hairpinMasqueradesOnlyTheSelfBranch() {
        let result = Self.tracer([Self.threeEndpoints]).trace(packet("10.180.0.2", "172.30.0.41", 80))
        #expect(result.endpoints.filter(\.masquerade).map(\.endpoint) == ["10.180.0.2:80"])
        #expect(result.masquerade)
        #expect(TraceText.render(result).contains("masquerade: only towards 10.180.0.2:80"))
    }

    @Test func masqueradeAllMarksPodTraffic() {
        let plain = Self.tracer([Self.threeEndpoints]).trace(packet("10.0.0.9", "172.30.0.41", 80))
        #expect(!plain.masquerade)
        let all = Self.tracer([Self.threeEndpoints]) { $0.masqueradeAll = true }.trace(packet("10.0.0.9", "172.30.0.41", 80))
        #expect(all.masquerade)
        #expect(all.outcomes.allSatisfy { $0.masqueradeReasons.first?.contains("ns1/svc1:p80 cluster IP") == true })
    }

    @Test func interfaceDetectorUsesThePacketsInterface() {
        let tracer = Self.tracer([Self.threeEndpoints]) {
            $0.detectLocalMode = .interfaceNamePrefix("veth")
        }
        var fromPod = packet("10.0.0.9", "172.30.0.41", 80)
        fromPod.inInterface = "veth1234"
        #expect(!tracer.trace(fromPod).masquerade)
        var fromOutside = fromPod
        fromOutside.inInterface = "eth0"
        #expect(tracer.trace(fromOutside).masquerade)
    }

    @Test func builtinPolicyOfAParsedDumpApplies() throws {
        let text = """
            *filter
            :INPUT ACCEPT [0:0]
            :FORWARD DROP [0:0]
            :OUTPUT ACCEPT [0:0]
            COMMIT

            """
        let ruleset = try IptablesParser(file: "dump").parse(text)
        let node = NodeInfo(name: "n", addresses: [IPAddress("192.168.0.2")!])
        let result = PacketTracer(ruleset: ruleset, node: node).trace(packet("10.0.0.9", "10.0.0.10", 80))
        #expect(result.verdict == "DROP")
        #expect(result.outcomes.first?.decidedBy == "policy DROP of filter FORWARD")
        let local = PacketTracer(ruleset: ruleset, node: node).trace(packet("10.0.0.9", "192.168.0.2", 22))
        #expect(local.verdict == "not a service")
    }

    @Test func unmodelledMatchIsAssumedAndSaidSo() throws {
        let text = """
            *filter
            :INPUT ACCEPT [0:0]
            -A INPUT -m frobnicate --level 3 -j DROP
            COMMIT

            """
        let ruleset = try IptablesParser(file: "dump").parse(text)
        let node = NodeInfo(name: "n", addresses: [IPAddress("192.168.0.2")!])
        let result = PacketTracer(ruleset: ruleset, node: node).trace(packet("10.0.0.9", "192.168.0.2", 22))
        #expect(result.verdict == "DROP")
        #expect(result.path.last?.notes.first?.contains("not modelled; taken as matching") == true)
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let result = Self.tracer([Self.threeEndpoints]).trace(packet("10.0.0.9", "172.30.0.41", 80))
        let object = try JSONSerialization.jsonObject(with: Data(TraceJSON.render(result).utf8)) as! [String: Any]
        #expect(object["verdict"] as? String == "DNAT")
        #expect(object["masquerade"] as? Bool == false)
        let endpoints = object["endpoints"] as! [[String: Any]]
        #expect(endpoints.map { $0["address"] as? String } == ["10.180.0.1:80", "10.180.0.2:80", "10.180.0.3:80"])
        // From kube-proxy's ten-decimal probabilities: 0.3333333333, then 0.6666666667 × 0.5.
        #expect(endpoints.map { $0["probability"] as? Double } == [0.3333333333, 0.3333333334, 0.3333333334])
        let path = object["path"] as! [[String: Any]]
        #expect(path.first?["table"] as? String == "nat")
        #expect(path.first?["chain"] as? String == "PREROUTING")
        #expect(path.first?["rule"] as? String == "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES")
    }
}

/// `kuberules trace` on the command line.
@Suite struct TraceCommandTests {
    static var example: FixtureCase { FixtureCase.all().first { $0.name == "example" }! }

    func trace(_ arguments: [String]) -> CLIRun {
        CLIRun(["trace"] + Self.example.arguments + arguments)
    }

    @Test func textAndJSON() throws {
        let text = trace(["--source", "203.0.113.9", "--destination", "192.168.0.2:30080"])
        #expect(text.exitCode == 0, "\(text.stderr)")
        #expect(text.stdout.contains("verdict: DNAT to one of 10.180.0.20:8080 (0.5000), 10.180.1.20:8080 (0.5000)"), "\(text.stdout)")
        #expect(text.stdout.contains("masquerade: yes"))
        let json = trace(["--source", "203.0.113.9", "--destination", "192.168.0.2:30080", "--output", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(object["verdict"] as? String == "DNAT")
        #expect(object["masquerade"] as? Bool == true)
    }

    @Test func ipvsMode() {
        let run = trace(["--proxy-mode", "ipvs", "--source", "10.180.0.9", "--destination", "172.30.0.24:80"])
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout.contains("IPVS virtual server 172.30.0.24:80/TCP:"))
        #expect(run.stdout.contains("persistence 10800s"))
    }

    @Test func badArgumentsAreUsageErrors() {
        #expect(trace(["--source", "nope", "--destination", "172.30.0.24:80"]).exitCode == 64)
        #expect(trace(["--source", "10.0.0.1", "--destination", "172.30.0.24"]).exitCode == 64)
        #expect(trace(["--source", "10.0.0.1", "--destination", "172.30.0.24:80", "--protocol", "icmp"]).exitCode == 64)
        #expect(trace(["--source", "fd00::1", "--destination", "172.30.0.24:80"]).exitCode == 64)
        let run = trace(["--source", "10.0.0.1", "--destination", "172.30.0.24:0"])
        #expect(run.exitCode == 64)
        #expect(run.stdout == "")
    }
}
