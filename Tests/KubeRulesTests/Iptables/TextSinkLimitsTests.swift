import Testing

@testable import KubeRules

/// The text path writes nothing ``RulesetLimits`` would refuse: where the model path's ruleset
/// has a problem, ``IptablesCompiler/compileText(_:hooks:)`` returns nil (so `render` falls back
/// to the model path and its diagnostics), in small clusters (comments on every rule) and in
/// large-cluster mode (per-endpoint rules written as bytes).
@Suite("iptables text path and the limits")
struct TextSinkLimitsTests {
    /// A graph built from typed objects (the manifest reader would refuse such names): one
    /// service whose port name is `portName`, plus `filler` endpoints in another service.
    static func graph(portName: String, filler: Int) throws -> (ServiceGraph, ProxyOptions) {
        var options = T.options()
        options.clusterCIDRs = [T.cidr("10.0.0.0/8")]
        let fillerEndpoints = (0..<filler).map { T.endpoint("10.181.\($0 / 250).\($0 % 250 + 1)", node: "test-node") }
        let manifests = Manifests(
            services: [
                T.service("ns1", "svc1", ports: [T.port(portName, .tcp, 80)]),
                T.service("ns1", "filler", clusterIP: "172.30.0.42", ports: [T.port("p80", .tcp, 80)]),
            ],
            endpointSlices: [
                T.slice(
                    "ns1", "svc1-a", service: "svc1", ports: [T.slicePort(portName, .tcp, 8080)],
                    endpoints: [T.endpoint("10.180.0.1", node: "test-node"), T.endpoint("10.180.0.2")]),
                T.slice("ns1", "filler-a", service: "filler", ports: [T.slicePort("p80", .tcp, 8080)],
                        endpoints: Array(fillerEndpoints.prefix(1000))),
                T.slice("ns1", "filler-b", service: "filler", ports: [T.slicePort("p80", .tcp, 8080)],
                        endpoints: Array(fillerEndpoints.dropFirst(1000))),
            ],
            nodes: [T.node("test-node")])
        return (try ServiceGraphBuilder(options: options).build(manifests), options)
    }

    @Test("an over-long comment makes the text path step aside", arguments: [0, 1200])
    func overLongComment(filler: Int) throws {
        let (graph, options) = try Self.graph(portName: String(repeating: "p", count: 300), filler: filler)
        let compiler = IptablesCompiler(options: options)
        #expect(!RulesetLimits.problems(compiler.compile(graph)).isEmpty)
        #expect(compiler.compileText(graph) == nil)
        #expect(compiler.compileText(graph, hooks: true) == nil)
    }

    /// The comment `NAME -> IP:PORT` of an endpoint jump is the longest: a name that fits every
    /// other comment but not that one is refused too (without large-cluster mode), and allowed
    /// in large-cluster mode, where the per-endpoint rules have no comment.
    @Test("the endpoint jump's comment is checked, and only where it is written")
    func endpointJumpComment() throws {
        // `ns1/svc1:NAME -> 10.180.0.1:8080` is 255 + 1 bytes; `ns1/svc1:NAME cluster IP` fits.
        let name = String(repeating: "p", count: 256 - "ns1/svc1: -> 10.180.0.1:8080".utf8.count)
        for filler in [0, 1200] {
            let (graph, options) = try Self.graph(portName: name, filler: filler)
            let compiler = IptablesCompiler(options: options)
            let ruleset = compiler.compile(graph)
            let problems = RulesetLimits.problems(ruleset)
            #expect(problems.isEmpty == (filler > 0), "\(problems)")
            let text = compiler.compileText(graph)
            #expect((text == nil) == !problems.isEmpty)
            if let text { #expect(text.bytes == IptablesRenderer.renderBytes(ruleset)) }
        }
    }

    /// Within the limits, a port name just short of them is written by the text path.
    @Test func justWithinTheLimits() throws {
        let name = String(repeating: "p", count: 255 - "ns1/svc1: -> 10.180.0.1:8080".utf8.count)
        let (graph, options) = try Self.graph(portName: name, filler: 0)
        let compiler = IptablesCompiler(options: options)
        let text = try #require(compiler.compileText(graph, hooks: true))
        #expect(text.bytes == IptablesRenderer.renderBytes(compiler.compile(graph, hooks: true)))
    }
}
