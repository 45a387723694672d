import Foundation
import Testing

@testable import KubeRules

/// Every packet of every fixture's `flows.tsv` traced by `kuberules trace`'s tracer over the
/// fixture's rules with the hook rules (as on a bare host), which must give the outcome and the
/// masquerade decision written there — kube-proxy's own packet-flow tables among them.
@Suite struct TraceFlowTests {
    static var iptablesFixtures: [FixtureCase] { FixtureCase.iptables.filter { $0.has("flows.tsv") } }

    @Test(arguments: iptablesFixtures)
    func iptablesModeAgreesWithFlows(_ fixture: FixtureCase) throws {
        let flows = try fixture.flows()
        #expect(!flows.isEmpty, "\(fixture.name)/flows.tsv has no flows")
        var traced = 0
        for (file, family) in [("expected.iptables", IPFamily.ipv4), ("expected.ip6tables", .ipv6)] where fixture.has(file) {
            let (graph, ruleset) = try fixture.compileIptables(family: family, hooks: true)
            let tracer = PacketTracer(ruleset: ruleset, node: graph.node)
            for flow in flows where flow.family == family {
                traced += 1
                let result = tracer.trace(TracePacket(
                    source: flow.source, destination: flow.destination, destinationPort: flow.port, protocol: flow.proto))
                #expect(
                    result.flowOutput == flow.output && result.masquerade == flow.masquerade,
                    "\(fixture.name)/flows.tsv \(flow): expected \"\(flow.output)\" masquerade \(flow.masquerade), traced \"\(result.flowOutput)\" masquerade \(result.masquerade)\n\(TraceText.render(result))")
            }
        }
        #expect(traced == flows.count, "\(fixture.name): flows of a family without an expected file")
    }
}

/// The same in IPVS mode, for every fixture with IPVS expectations and a `flows.tsv`: through
/// the companion rules (with their hook rules), the ipsets, the virtual server and its scheduler.
@Suite struct TraceIPVSFlowTests {
    static var ipvsFixtures: [FixtureCase] {
        FixtureCase.ipvsCases.filter { $0.has("flows.tsv") }
    }

    @Test func everyIPVSShapeHasFlows() {
        let withGolden = FixtureCase.ipvsCases.filter { $0.name.hasPrefix("ipvs-") }
        #expect(withGolden.filter { !$0.has("flows.tsv") }.map(\.name) == [])
    }

    @Test(arguments: ipvsFixtures)
    func ipvsModeAgreesWithFlows(_ fixture: FixtureCase) throws {
        let name = fixture.name
        let flows = try fixture.flows()
        #expect(!flows.isEmpty)
        var (options, manifests) = try fixture.load()
        options.proxyMode = .ipvs
        var diagnostics = DiagnosticCollector()
        let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
        let config = IPVSCompiler(options: options).compile(graph, hooks: true)
        let tracer = PacketTracer(ipvs: config, node: graph.node)
        for flow in flows {
            let result = tracer.trace(TracePacket(
                source: flow.source, destination: flow.destination, destinationPort: flow.port, protocol: flow.proto))
            #expect(
                result.flowOutput == flow.output && result.masquerade == flow.masquerade,
                "\(name)/flows.tsv \(flow): expected \"\(flow.output)\" masquerade \(flow.masquerade), traced \"\(result.flowOutput)\" masquerade \(result.masquerade)\n\(TraceText.render(result))")
        }
    }
}
