import Foundation

@testable import KubeRules

/// iptables-mode access to a fixture case, loaded by the shared ``FixtureCase`` exactly as the
/// CLI loads it, then rendered in one family (`--ip-family`).
extension FixtureCase {
    /// The cases with an `expected.iptables` or `expected.ip6tables`.
    static var iptables: [FixtureCase] {
        all().filter { $0.has("expected.iptables") || $0.has("expected.ip6tables") }
    }

    /// The graph and compiled ruleset in `family`.
    func compileIptables(family: IPFamily, hooks: Bool = false) throws -> (ServiceGraph, Ruleset) {
        var (options, manifests) = try load()
        options.ipFamily = family
        var diagnostics = DiagnosticCollector()
        let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
        return (graph, IptablesCompiler(options: options).compile(graph, hooks: hooks))
    }

    func flows() throws -> [Flow] {
        guard has("flows.tsv") else { return [] }
        return try Flow.parse(String(contentsOf: url("flows.tsv"), encoding: .utf8), file: url("flows.tsv").path)
    }
}
