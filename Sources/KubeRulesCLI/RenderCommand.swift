import ArgumentParser
import KubeRules

/// `kuberules render FILE… [--hooks]`: the rules kube-proxy would program on the node, on stdout.
///
/// iptables mode (the default) prints the `iptables-restore` input of a full kube-proxy sync
/// (`ip6tables-restore` input with `--ip-family ipv6`); `--hooks` adds the jump rules kube-proxy
/// inserts into the built-in chains. IPVS mode prints one of its three texts (`--emit`).
public struct RenderCommand: StreamingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print the rules kube-proxy would program on a node (iptables-restore input by default).",
        discussion: """
            Services are written in service-port-name order; kube-proxy's own order follows map \
            iteration, which its tests normalize away the same way. With --hooks the text also \
            inserts kube-proxy's jump rules into the built-in chains (as '-I CHAIN N' lines, \
            leaving the chains' policies and other rules alone), so it programs a bare host: \
            iptables-restore --noflush < rules.
            """)

    /// IPVS mode's three documents.
    public enum Emit: String, ExpressibleByArgument, CaseIterable, Sendable {
        case ipvsadm
        case ipset
        case iptables
    }

    @OptionGroup public var input: InputOptions

    @Flag(name: .customLong("hooks"), help: "Also the jump rules from the built-in chains (PREROUTING, OUTPUT, POSTROUTING, INPUT, FORWARD).")
    public var hooks = false

    @Option(name: .customLong("emit"), help: "IPVS mode: ipvsadm (default), ipset or iptables.")
    public var emit: Emit?

    @Option(name: .customLong("output-dir"), help: "Write golden files instead: one per node (every Node, or --hostname-override) and text, <node>.iptables (IPVS: <node>.ipvsadm, .ipset, .ipvs-iptables); all or nothing.")
    public var outputDirectory: String?

    public init() {}

    public func validate() throws {
        // The mode may also come from --config, which is read later; an explicit flag is checked here.
        if emit != nil, (try? input.proxy.overrides().proxyMode) == .iptables {
            throw ValidationError("--emit applies to --proxy-mode ipvs only")
        }
    }

    public func run(io: CommandIO) throws {
        if let outputDirectory { return try writeGoldenFiles(to: outputDirectory, io: io) }
        try DiagnosticRunner.run(io, chunks: { (diagnostics: inout DiagnosticCollector) throws(DiagnosticsError) -> (([UInt8]) -> Void) -> Void in
            let (options, manifests) = try input.load(io: io, diagnostics: &diagnostics)
            let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
            // Kept until the exit, like everything compiled below: freeing a few hundred thousand
            // objects would cost the main thread tens of milliseconds between stages, and the
            // process's memory goes back to the system at exit anyway (peak stays ≤ 250 MB).
            io.retainUntilExit(manifests)
            io.retainUntilExit(graph)
            switch options.proxyMode {
            case .iptables:
                if emit != nil {
                    throw DiagnosticsError([Diagnostic(
                        severity: .error, message: "--emit applies to IPVS mode, but the configuration selects iptables",
                        expected: "--proxy-mode ipvs, or no --emit")])
                }
                let compiler = IptablesCompiler(options: options)
                // The text written straight by the compiler; nil when a limit might be exceeded,
                // and then the ruleset's check below names the problem.
                if let text = compiler.compileText(graph, hooks: hooks) {
                    return { emit in text.pieces.forEach(emit) }
                }
                let ruleset = compiler.compile(graph, hooks: hooks)
                io.retainUntilExit(ruleset)
                // Text that iptables-restore would refuse (or misread) is an error, not output.
                let problems = RulesetLimits.problems(ruleset)
                if !problems.isEmpty { throw DiagnosticsError(problems) }
                return { IptablesRenderer.renderChunks(ruleset, $0) }
            case .ipvs:
                let config = IPVSCompiler(options: options).compile(graph)
                io.retainUntilExit(config)
                let problems = IPVSLimits.problems(config)
                if !problems.isEmpty { throw DiagnosticsError(problems) }
                switch emit ?? .ipvsadm {
                case .ipvsadm: return { IPVSadmRenderer.renderChunks(config, $0) }
                case .ipset: return { IPSetRenderer.renderChunks(config, $0) }
                case .iptables: return { IptablesRenderer.renderChunks(config.iptables, $0) }
                }
            }
        })
    }

    /// `--output-dir`: every file rendered first, then written all at once (``GoldenDirectory``);
    /// stdout lists the files written.
    private func writeGoldenFiles(to directory: String, io: CommandIO) throws {
        if emit != nil { throw ValidationError("--output-dir writes all of IPVS mode's texts; leave out --emit") }
        try DiagnosticRunner.run(io) { (diagnostics: inout DiagnosticCollector) throws(DiagnosticsError) -> String in
            let (options, manifests) = try input.load(io: io, diagnostics: &diagnostics)
            let files = try GoldenDirectory.render(manifests, options: options, hooks: hooks, diagnostics: &diagnostics)
            do {
                try GoldenDirectory.write(files, to: directory)
            } catch {
                throw DiagnosticsError([Diagnostic(
                    severity: .error, message: "cannot write golden files to \(directory): \(error.localizedDescription)",
                    expected: "a writable directory")])
            }
            return files.map { "wrote \(GoldenDirectory.path(of: $0.0, in: directory))\n" }.joined()
        }
    }
}
