import KubeRules
import KubeRulesFuzzing
import Testing

/// Invariants of the whole pipeline over random valid clusters (``GeneratedCluster``, seeded so a
/// failure names the seed that replays it), in both proxy modes:
///
/// - output is deterministic: compiling twice, or reading the same objects in another order,
///   gives byte-identical text;
/// - ``RulesetAudit``: one rule line per IR rule, render(parse(render(x))) == render(x), every jump
///   target declared (and, in iptables mode, kube-proxy's whole `checkIPTablesRuleJumps`);
/// - every usable endpoint is reachable by the tracer and nothing else is: for each destination
///   the set of DNAT outcomes equals what kube-proxy's endpoint policy allows
///   (``ReachabilityOracle``), so no endpoint of another service is ever reached.
@Suite("Pipeline properties over random clusters")
struct PipelinePropertyTests {
    static let seeds: [UInt64] = Array(1...100)

    @Test("iptables mode: deterministic, audited, exactly the usable endpoints reachable", arguments: seeds)
    func iptablesMode(seed: UInt64) throws {
        try check(seed: seed, mode: .iptables)
    }

    @Test("IPVS mode: deterministic, audited, exactly the usable endpoints reachable", arguments: seeds)
    func ipvsMode(seed: UInt64) throws {
        try check(seed: seed, mode: .ipvs)
    }

    func check(seed: UInt64, mode: ProxyOptions.ProxyMode) throws {
        var random = SeededRandom(seed: seed)
        let cluster = GeneratedCluster(random: &random)
        let options = Self.options(cluster, mode: mode)
        let yaml = cluster.yaml()
        let context = "seed \(seed), \(mode.rawValue), \(cluster.family.rawValue)\n\(yaml)"

        let first = try Self.compile(yaml, options: options)
        let again = try Self.compile(yaml, options: options)
        #expect(first.texts == again.texts, "compiling twice differs: \(context)")
        let order = random.shuffled(Array(cluster.documents.indices))
        let shuffled = try Self.compile(cluster.yaml(order: order), options: options)
        #expect(first.texts == shuffled.texts, "reading the objects in order \(order) changes the output: \(context)")

        do {
            try RulesetAudit.check(first.tracer.ruleset, requireFullConsistency: mode == .iptables)
        } catch {
            Issue.record("audit: \(error)\n\(context)")
        }
        #expect(RulesetLimits.problems(first.tracer.ruleset).isEmpty, "limits: \(context)")

        for probe in ReachabilityOracle(cluster: cluster, mode: mode).probes {
            let result = first.tracer.trace(probe.packet)
            let reached = Set(result.endpoints.compactMap(\.endpoint))
            #expect(
                reached == probe.expected,
                "\(probe): reached \(reached.sorted()), expected \(probe.expected.sorted()); outcomes \(result.flowOutput)\n\(context)")
        }
    }

    /// kube-proxy's test node and cluster CIDRs; the node's address comes from its Node object.
    static func options(_ cluster: GeneratedCluster, mode: ProxyOptions.ProxyMode) -> ProxyOptions {
        var layer = ProxyOptionOverrides()
        layer.proxyMode = mode
        layer.hostname = GeneratedCluster.node
        layer.ipFamily = cluster.family
        layer.clusterCIDRs = GeneratedCluster.clusterCIDRs.map { CIDR($0)! }
        return ProxyOptions(layers: [layer])
    }

    /// The rendered texts and a tracer over the rules with kube-proxy's jumps from the built-in chains.
    static func compile(_ yaml: String, options: ProxyOptions) throws -> (texts: [String], tracer: PacketTracer) {
        var diagnostics = DiagnosticCollector()
        let manifests = try Pipeline.read(
            [.bytes(name: "generated.yaml", Array(yaml.utf8), format: .yaml)], options: options, diagnostics: &diagnostics)
        let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
        switch options.proxyMode {
        case .iptables:
            let ruleset = IptablesCompiler(options: options).compile(graph, hooks: true)
            return ([IptablesRenderer.render(ruleset)], PacketTracer(ruleset: ruleset, node: graph.node))
        case .ipvs:
            let config = Pipeline.ipvs(graph, options: options, hooks: true, diagnostics: &diagnostics)
            return (IPVSText.allCases.map { $0.render(config) }, PacketTracer(ipvs: config, node: graph.node))
        }
    }
}
