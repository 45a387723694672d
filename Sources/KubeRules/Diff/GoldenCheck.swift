import Foundation

/// `kuberules diff --golden DIR FILE…`: every golden file of DIR against what the input renders
/// for its node, plus the files that should be there and are not.
public enum GoldenCheck {
    /// The verdict on one golden file (or on a missing one).
    public struct Result: Sendable {
        public var path: String
        /// Why the file cannot be compared (node gone, file missing), if so.
        public var problem: String?
        public var report: DiffReport?

        public var isSame: Bool { problem == nil && (report?.isSame ?? true) }
    }

    public static func check(
        directory: String, manifests: Manifests, options: ProxyOptions, renderedName: String,
        diagnostics: inout DiagnosticCollector
    ) throws(DiagnosticsError) -> [Result] {
        let files: [GoldenFile]
        do {
            files = try GoldenDirectory.list(directory)
        } catch {
            diagnostics.emit(Diagnostic(severity: .error, message: "cannot read golden directory \(directory): \(error.localizedDescription)", expected: "a directory written by render --output-dir"))
            throw DiagnosticsError(diagnostics.diagnostics)
        }
        let wanted = options.hostname.map { name in files.filter { $0.node == name } } ?? files
        guard !wanted.isEmpty else {
            diagnostics.emit(Diagnostic(
                severity: .error, message: "no golden files in \(directory)\(options.hostname.map { " for node \($0)" } ?? "")",
                expected: "files such as <node>.iptables written by kuberules render --output-dir"))
            throw DiagnosticsError(diagnostics.diagnostics)
        }
        let present = Set(manifests.nodes.map(\.metadata.name)).union(options.hostname.map { [$0] } ?? [])
        func path(_ file: GoldenFile) -> String { GoldenDirectory.path(of: file, in: directory) }

        var results: [Result] = []
        var errors: [Diagnostic] = []
        for file in wanted {
            guard present.contains(file.node) else {
                results.append(Result(path: path(file), problem: "node \(file.node) is no longer in the input: this golden file is stale"))
                continue
            }
            var nodeOptions = options
            nodeOptions.hostname = file.node
            nodeOptions.proxyMode = file.kind.mode
            nodeOptions.ipFamily = file.kind.family
            let text: String
            do {
                text = try String(contentsOfFile: path(file), encoding: .utf8)
            } catch {
                errors.append(Diagnostic(severity: .error, message: "cannot read \(path(file)): \(error.localizedDescription)", expected: "a readable UTF-8 file"))
                continue
            }
            do {
                let saved = try SavedRules.parse(text, file: path(file))
                let graph = try Pipeline.graph(manifests, options: nodeOptions, diagnostics: &diagnostics)
                let report = saved.compare(
                    graph: graph, options: nodeOptions, renderedName: "\(renderedName) (node \(file.node))",
                    savedName: path(file))
                results.append(Result(path: path(file), report: report))
            } catch {
                errors += error.diagnostics
            }
        }
        // Every node of the input should have a file of every kind the directory holds.
        let kinds = Set(files.map(\.kind))
        let nodes = options.hostname.map { [$0] } ?? present.sorted()
        for node in nodes {
            for kind in GoldenFile.Kind.allCases where kinds.contains(kind) {
                let file = GoldenFile(node: node, kind: kind)
                if !files.contains(file) {
                    results.append(Result(path: path(file), problem: "node \(node) has no golden file (render --output-dir writes it)"))
                }
            }
        }
        if !errors.isEmpty { throw DiagnosticsError(diagnostics.diagnostics + errors) }
        return results.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The text `diff --golden` prints: each differing file's findings and unified diff, then a
    /// summary line. Empty when everything matches.
    public static func text(_ results: [Result]) -> String {
        let differing = results.filter { !$0.isSame }
        guard !differing.isEmpty else { return "" }
        var out = ""
        for result in differing {
            out += "== \(result.path)\n"
            if let problem = result.problem { out += problem + "\n" }
            if let report = result.report { out += report.text }
            out += "\n"
        }
        out += "\(differing.count) of \(results.count) golden file(s) differ from the rendered rules\n"
        return out
    }
}
