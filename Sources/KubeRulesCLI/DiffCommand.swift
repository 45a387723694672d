import ArgumentParser
import Foundation
import KubeRules

/// `kuberules diff FILE… --against SAVED` and `kuberules diff FILE… --golden DIR`: the rules the
/// manifests give, compared with a saved dump or golden file(s) the way kube-proxy compares
/// dumps. Exit 0 same, 1 different (report on stdout), 2 bad input.
public struct DiffCommand: StreamingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare the rendered rules with an iptables-save / ipvsadm-save / ipset save dump or golden files.",
        discussion: """
            --against SAVED (- for stdin) takes iptables-save output of a live node (only \
            kube-proxy's chains and jump rules count; counters never do), restore text such as a \
            golden file, ipvsadm-save -n output or ipset save output; the format is recognised from \
            the text. --golden DIR checks every file render --output-dir wrote. Differences are \
            reported per service, then as a unified diff of the normalized texts. Exit status: 0 \
            same, 1 different, 2 bad input.
            """)

    @OptionGroup public var input: InputOptions

    @Option(name: .customLong("against"), help: "A saved dump or golden file, - for stdin.")
    public var against: String?

    @Option(name: .customLong("golden"), help: "A directory written by render --output-dir.")
    public var golden: String?

    public init() {}

    public func validate() throws {
        guard (against == nil) != (golden == nil) else {
            throw ValidationError("Give exactly one of --against SAVED and --golden DIR.")
        }
        if against == "-", input.files.contains("-") {
            throw ValidationError("stdin (-) can be either the manifests or --against, not both.")
        }
    }

    public func run(io: CommandIO) throws {
        var different = false
        try DiagnosticRunner.run(io) { (diagnostics: inout DiagnosticCollector) throws(DiagnosticsError) -> String in
            let renderedName = "rendered from " + input.files.joined(separator: " ")
            if let golden {
                let (options, manifests) = try input.load(io: io, diagnostics: &diagnostics)
                let results = try GoldenCheck.check(
                    directory: golden, manifests: manifests, options: options, renderedName: renderedName,
                    diagnostics: &diagnostics)
                different = results.contains { !$0.isSame }
                return GoldenCheck.text(results)
            }
            let (savedName, text) = try readSaved(io: io)
            // The dump is checked before the manifests are read: a bad dump is reported alone.
            let saved = try SavedRules.parse(text, file: savedName)
            var (options, manifests) = try input.load(io: io, diagnostics: &diagnostics)
            if input.proxy.ipFamily == nil, let family = saved.family { options.ipFamily = family }
            if saved.format != .iptables { options.proxyMode = .ipvs }
            let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
            let report = saved.compare(
                graph: graph, options: options,
                renderedName: "\(renderedName) (node \(graph.node.name), \(options.proxyMode.rawValue))",
                savedName: savedName)
            different = !report.isSame
            return report.text
        }
        if different { throw ExitCode(1) }
    }

    /// The saved text and the name diagnostics use for it.
    private func readSaved(io: CommandIO) throws(DiagnosticsError) -> (String, String) {
        let path = against ?? "-"
        if path == "-" { return ("-", String(decoding: io.readInput(), as: UTF8.self)) }
        do {
            return (path, try String(contentsOfFile: path, encoding: .utf8))
        } catch {
            throw DiagnosticsError([Diagnostic(
                severity: .error, message: "cannot read \(path): \(error.localizedDescription)",
                expected: "an iptables-save, ipvsadm-save or ipset save file")])
        }
    }
}
