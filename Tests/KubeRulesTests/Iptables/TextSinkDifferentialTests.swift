import Foundation
import Testing

@testable import KubeRules

/// The text path of `kuberules render` (``IptablesCompiler/compileText(_:hooks:)``, rules
/// written straight as bytes by ``TextTableSink``) against the model path it replaces there
/// (``IptablesCompiler/compile(_:hooks:)`` printed by ``IptablesRenderer``): byte for byte the
/// same text on every fixture and on random clusters under the options that change the
/// per-endpoint rules, and nil exactly where ``RulesetLimits`` has something to say.
@Suite("iptables text path equals the rendered model")
struct TextSinkDifferentialTests {
    /// The text path's bytes, or a message saying how it differs from the model path's.
    static func mismatch(_ graph: ServiceGraph, _ options: ProxyOptions, hooks: Bool) -> String? {
        let compiler = IptablesCompiler(options: options)
        let ruleset = compiler.compile(graph, hooks: hooks)
        let problems = RulesetLimits.problems(ruleset)
        guard let text = compiler.compileText(graph, hooks: hooks) else {
            return problems.isEmpty ? "the text path stepped aside on a ruleset within every limit" : nil
        }
        if !problems.isEmpty { return "the text path wrote a ruleset RulesetLimits refuses: \(problems)" }
        let expected = IptablesRenderer.renderBytes(ruleset)
        let actual = text.bytes
        guard actual != expected else { return nil }
        let at = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(actual.count, expected.count)
        let line = expected[..<at].split(separator: 0x0A, omittingEmptySubsequences: false).count
        return "texts differ from line \(line) (byte \(at)):\n"
            + "text path: \(String(decoding: actual[at...].prefix(160), as: UTF8.self))\n"
            + "model:     \(String(decoding: expected[at...].prefix(160), as: UTF8.self))"
    }

    @Test("every fixture, both families, with and without hooks", arguments: FixtureCase.all())
    func fixture(_ fixture: FixtureCase) throws {
        guard let (baseOptions, manifests) = try? fixture.load() else { return }  // a fixture of bad input
        for family in [IPFamily.ipv4, .ipv6] {
            var options = baseOptions
            options.ipFamily = family
            var diagnostics = DiagnosticCollector()
            guard let graph = try? Pipeline.graph(manifests, options: options, diagnostics: &diagnostics) else { continue }
            for hooks in [false, true] {
                if let problem = Self.mismatch(graph, options, hooks: hooks) {
                    Issue.record("\(fixture.name) \(family.rawValue) hooks \(hooks): \(problem)")
                }
            }
        }
    }

    /// The fixtures above must include real rulesets in both families (the test would pass
    /// vacuously if loading failed everywhere).
    @Test func fixturesAreCompared() throws {
        let graphs = FixtureCase.iptables.compactMap { try? $0.compileIptables(family: .ipv4) }
        #expect(graphs.count > 40)
        #expect(graphs.reduce(0) { $0 + $1.1.ruleCount } > 1000)
    }

    @Test("random clusters under options that change the per-endpoint rules", arguments: 0..<300)
    func randomCluster(seed: UInt64) throws {
        var random = SeededRandom(seed: seed &* 7919 &+ 11)
        let cluster = RandomRenderCase(random: &random)
        var diagnostics = DiagnosticCollector()
        let manifests = try Pipeline.read(
            [.bytes(name: "generated.yaml", Array(cluster.yaml.utf8), format: .yaml)], options: cluster.options,
            diagnostics: &diagnostics)
        let graph = try Pipeline.graph(manifests, options: cluster.options, diagnostics: &diagnostics)
        #expect(!graph.servicePorts.isEmpty)
        if let problem = Self.mismatch(graph, cluster.options, hooks: cluster.hooks) {
            Issue.record("seed \(seed) (\(cluster.summary)): \(problem)")
        }
    }

    /// The random cases do reach large-cluster mode, session affinity and every option.
    @Test func randomCasesCoverTheOptions() {
        var seen: Set<String> = []
        for seed in UInt64(0)..<300 {
            var random = SeededRandom(seed: seed &* 7919 &+ 11)
            seen.formUnion(RandomRenderCase(random: &random).summary.split(separator: " ").map(String.init))
        }
        for option in ["large", "masqueradeAll", "noLocalDetector", "nfacct", "sourceRanges", "hooks", "ipv6",
                       "interfaceDetector", "primaryNodePorts", "noLocalhostNodePorts", "randomFully", "tcpBeLiberal"] {
            #expect(seen.contains(option), "no random case with \(option)")
        }
    }
}

/// A random cluster (``GeneratedCluster``: ClusterIP/NodePort/LoadBalancer, external IPs, ETP and
/// ITP Local, session affinity, terminating endpoints) with random node options; sometimes
/// load-balancer source ranges (some containing the node's address) and sometimes enough
/// endpoints for large-cluster mode (no comments on the per-endpoint rules).
struct RandomRenderCase {
    var yaml: String
    var options: ProxyOptions
    var hooks: Bool
    var summary: String

    init(random: inout SeededRandom) {
        var cluster = GeneratedCluster(random: &random)
        var flags: [String] = []
        let large = random.chance(30)
        if large {
            // Five services of 250 endpoints: over kube-proxy's 1000-endpoint threshold.
            for index in 100..<105 {
                var service = GeneratedService(index: index, family: cluster.family, random: &random)
                service.endpoints = (0..<250).map { number in
                    GeneratedService.Endpoint(
                        address: cluster.family == .ipv4 ? "10.180.\(index).\(number + 1)" : "fd00:10:180:\(index)::\(number + 1)",
                        node: random.pick([GeneratedCluster.node, GeneratedCluster.otherNode, nil]),
                        ready: random.chance(90), serving: true, terminating: false)
                }
                cluster.services.append(service)
            }
            flags.append("large")
        }
        var documents = cluster.documents
        if random.chance(40) {
            flags.append("sourceRanges")
            let ranges = cluster.family == .ipv4 ? ["192.168.0.0/24", "203.0.113.0/24"] : ["2001:db8::/64", "2001:db8:203::/48"]
            for index in documents.indices where documents[index].contains("type: LoadBalancer") {
                let chosen = random.chance(50) ? ranges : [random.pick(ranges)]
                let lines = chosen.map { "  - \($0)\n" }.joined()
                documents[index] = documents[index].replacingOccurrences(
                    of: "spec:\n", with: "spec:\n  loadBalancerSourceRanges:\n" + lines)
            }
        }
        yaml = documents.map { "---\n" + $0 }.joined()

        var layer = ProxyOptionOverrides()
        layer.proxyMode = .iptables
        layer.hostname = GeneratedCluster.node
        layer.ipFamily = cluster.family
        layer.clusterCIDRs = GeneratedCluster.clusterCIDRs.map { CIDR($0)! }
        if cluster.family == .ipv6 { flags.append("ipv6") }
        if random.chance(30) {
            layer.masqueradeAll = true
            flags.append("masqueradeAll")
        }
        switch random.int(4) {
        case 0:
            layer.detectLocalMode = ProxyOptions.LocalDetector.none
            flags.append("noLocalDetector")
        case 1:
            layer.detectLocalMode = .interfaceNamePrefix("veth")
            flags.append("interfaceDetector")
        default:
            break
        }
        if random.chance(30) {
            layer.nfacct = true
            flags.append("nfacct")
        }
        if random.chance(25) {
            layer.nodePortAddresses = .primary
            flags.append("primaryNodePorts")
        }
        if random.chance(25) {
            layer.localhostNodePorts = false
            flags.append("noLocalhostNodePorts")
        }
        if random.chance(25) {
            layer.randomFully = true
            flags.append("randomFully")
        }
        if random.chance(25) {
            layer.conntrackTCPBeLiberal = true
            flags.append("tcpBeLiberal")
        }
        if random.chance(20) { layer.masqueradeBit = random.int(32) }
        options = ProxyOptions(layers: [layer])
        hooks = random.chance(50)
        if hooks { flags.append("hooks") }
        summary = flags.joined(separator: " ")
    }
}
