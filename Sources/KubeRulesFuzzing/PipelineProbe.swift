import KubeRules

/// Runs one ``FuzzInput`` through read → normalize → compile → render, the way `kuberules render`
/// does, and checks what must hold for any input at all:
///
/// - bad input ends in diagnostics (whose printed form is produced, to exercise it), never a crash;
/// - a rendered iptables ruleset passes ``RulesetAudit`` (no smuggled rule, stable round trip,
///   declared jump targets) and ``RulesetLimits`` (loadable by the kernel and iptables-restore);
/// - IPVS mode's three texts hold exactly the virtual servers, set entries and rules compiled, and
///   the `ipvsadm` text parses back to the same number of services.
///
/// A violation is thrown; the fuzz entry point turns it into a crash, the regression test into
/// a failure.
public enum PipelineProbe {
    /// How the input ended.
    public enum Outcome: Hashable, Sendable {
        /// Diagnostics with at least one error: what the CLI prints before exiting with status 2.
        case rejected(diagnostics: String)
        /// Rendered: the texts, in the order the CLI can print them.
        case rendered([String])
    }

    public static func run(_ input: FuzzInput) throws(RulesetAudit.Violation) -> Outcome {
        var diagnostics = DiagnosticCollector()
        let compiled: Compiled
        do throws(DiagnosticsError) {
            compiled = try compile(input, diagnostics: &diagnostics)
        } catch {
            // Printing every diagnostic exercises the caret and excerpt code on hostile lines.
            let printed = (diagnostics.diagnostics + error.diagnostics).map(\.description).joined(separator: "\n")
            guard !error.errors.isEmpty else {
                throw RulesetAudit.Violation("a stage failed without an error diagnostic:\n\(printed)")
            }
            return .rejected(diagnostics: printed)
        }
        switch compiled {
        case .iptables(let ruleset):
            return .rendered([try RulesetAudit.check(ruleset, requireFullConsistency: true)])
        case .ipvs(let config):
            return .rendered(try checkIPVS(config))
        }
    }

    /// What the compile stage produced, before the texts are checked.
    enum Compiled {
        case iptables(Ruleset)
        case ipvs(IPVSConfig)
    }

    /// read → normalize → compile with the options the input selects, as `kuberules render` runs them.
    static func compile(_ input: FuzzInput, diagnostics: inout DiagnosticCollector) throws(DiagnosticsError) -> Compiled {
        var layers: [ProxyOptionOverrides] = []
        if let configuration = input.configuration {
            let format = ManifestFormat(sniffing: configuration)
            layers.append(try KubeProxyConfigurationReader().read(bytes: configuration, name: "config", format: format))
        }
        layers.append(input.flagLayer)
        let options = ProxyOptions(layers: layers)
        let manifests = try Pipeline.read(
            [.bytes(name: "fuzz", input.manifests, format: nil)], options: options, diagnostics: &diagnostics)
        let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
        switch options.proxyMode {
        case .iptables:
            let ruleset = IptablesCompiler(options: options).compile(graph, hooks: input.hooks)
            try checkLimits(ruleset)
            return .iptables(ruleset)
        case .ipvs:
            let config = Pipeline.ipvs(graph, options: options, hooks: input.hooks, diagnostics: &diagnostics)
            let problems = IPVSLimits.problems(config)
            if !problems.isEmpty { throw DiagnosticsError(problems) }
            return .ipvs(config)
        }
    }

    /// Limit problems of a compiled ruleset are errors of the input, not crashes: they are
    /// reported like any other diagnostic (`render` and `apply` refuse the ruleset).
    private static func checkLimits(_ ruleset: Ruleset) throws(DiagnosticsError) {
        let problems = RulesetLimits.problems(ruleset)
        if !problems.isEmpty { throw DiagnosticsError(problems) }
    }

    private static func checkIPVS(_ config: IPVSConfig) throws(RulesetAudit.Violation) -> [String] {
        let ipvsadm = IPVSadmRenderer.render(config)
        let services: [IPVSSavedService]
        do {
            services = try IPVSadmParser(file: "rendered").parse(ipvsadm)
        } catch {
            throw RulesetAudit.Violation("the rendered ipvsadm text does not parse back: \(error)\n\(ipvsadm)")
        }
        guard services.count == config.virtualServers.count else {
            throw RulesetAudit.Violation(
                "\(config.virtualServers.count) virtual servers compiled, \(services.count) in the ipvsadm text:\n\(ipvsadm)")
        }
        let ipset = IPSetRenderer.render(config)
        let setLines = ipset.split(separator: "\n").count
        let expectedLines = config.ipsets.count + config.ipsets.reduce(0) { $0 + $1.entries.count }
        guard setLines == expectedLines else {
            throw RulesetAudit.Violation("\(expectedLines) ipset commands compiled, \(setLines) lines in the text:\n\(ipset)")
        }
        let iptables = try RulesetAudit.check(config.iptables, requireFullConsistency: false)
        return [ipvsadm, ipset, iptables]
    }
}
