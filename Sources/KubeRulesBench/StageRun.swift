import Foundation
import KubeRules
import KubeRulesCLI

/// One in-process run of the `render` pipeline with a clock around each stage, in the order
/// `kuberules render` runs them: read+parse (files → Manifests), graph, compile, render.
struct StageRun {
    var seconds: [String: Double] = [:]
    var outputBytes = 0

    static let stageNames = ["read+parse", "graph", "compile", "render"]

    /// Runs the pipeline on `file` with `flags` (kube-proxy flags, as the CLI takes them).
    static func run(file: String, flags: [String]) throws -> StageRun {
        let overrides = try ProxyFlags.parse(flags).overrides()
        let options = ProxyOptions(layers: [overrides])
        var run = StageRun()
        let total = Clock.now
        var start = Clock.now
        let read = try ManifestReader(options: options).read([.path(file)])
        run.seconds["read+parse"] = Clock.since(start)

        start = Clock.now
        var diagnostics = DiagnosticCollector()
        diagnostics.append(contentsOf: read.notes)
        let graph = try Pipeline.graph(read.manifests, options: options, diagnostics: &diagnostics)
        run.seconds["graph"] = Clock.since(start)

        switch options.proxyMode {
        case .iptables:
            start = Clock.now
            let ruleset = IptablesCompiler(options: options).compile(graph)
            run.seconds["compile"] = Clock.since(start)
            start = Clock.now
            let text = IptablesRenderer.render(ruleset)
            run.outputBytes = text.utf8.count
            run.seconds["render"] = Clock.since(start)
        case .ipvs:
            start = Clock.now
            let config = IPVSCompiler(options: options).compile(graph)
            run.seconds["compile"] = Clock.since(start)
            start = Clock.now
            let texts = [
                IPVSadmRenderer.render(config), IPSetRenderer.render(config), IptablesRenderer.render(config.iptables),
            ]
            run.outputBytes = texts.reduce(0) { $0 + $1.utf8.count }
            run.seconds["render"] = Clock.since(start)
        }
        run.seconds["total"] = Clock.since(total)
        return run
    }
}

/// Monotonic wall clock in seconds.
enum Clock {
    static var now: Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func since(_ start: Double) -> Double { now - start }
}
