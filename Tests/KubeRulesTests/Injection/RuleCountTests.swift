import KubeRules
import KubeRulesFuzzing
import Testing

/// No output ever has more (or fewer) rules than the compiler intended: for every fixture, in
/// the fixture's own mode and in the other one, with and without kube-proxy's jump rules, the
/// rendered text has exactly one rule line per rule of the IR and parses back to the same rules
/// (``RulesetAudit``). The injection cases that render are checked the same way in
/// ``InjectionTests``.
@Suite("Rule count of the IR equals the rule count of the text")
struct RuleCountTests {
    static let fixtures = FixtureCase.all()

    @Test("every fixture, both modes, with and without hooks", arguments: fixtures)
    func fixture(_ fixture: FixtureCase) throws {
        let (options, manifests) = try fixture.load()
        var diagnostics = DiagnosticCollector()
        let graph: ServiceGraph
        do {
            graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
        } catch {
            // A fixture that is about an error (no node chosen, say) has nothing to count.
            #expect(!error.errors.isEmpty)
            return
        }
        for hooks in [false, true] {
            var iptablesOptions = options
            iptablesOptions.proxyMode = .iptables
            let ruleset = IptablesCompiler(options: iptablesOptions).compile(graph, hooks: hooks)
            try RulesetAudit.check(ruleset, requireFullConsistency: true)
            #expect(RulesetLimits.problems(ruleset).isEmpty)
            let config = IPVSCompiler(options: options).compile(graph, hooks: hooks)
            try RulesetAudit.check(config.iptables, requireFullConsistency: false)
            #expect(IPVSLimits.problems(config).isEmpty)
        }
    }
}
