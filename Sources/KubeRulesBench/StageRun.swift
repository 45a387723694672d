import Foundation
import KubeRules
import KubeRulesCLI

/// One in-process run of the `render` pipeline with a clock around each stage, in the order
/// `kuberules render` runs them: read+parse (files → Manifests), graph, compile, render.
struct StageRun {
    var seconds: [String: Double] = [:]
    /// CPU time (user + system, all threads) per stage: what the stage costs whatever the load.
    var cpuSeconds: [String: Double] = [:]
    var outputBytes = 0

    static let stageNames = ["read+parse", "graph", "compile", "render"]

    /// Runs the pipeline on `file` with `flags` (kube-proxy flags, as the CLI takes them).
    static func run(file: String, flags: [String]) throws -> StageRun {
        let overrides = try ProxyFlags.parse(flags).overrides()
        let options = ProxyOptions(layers: [overrides])
        var run = StageRun()
        let total = Clock.now
        var start = Clock.now
        var cpuStart = Clock.cpu
        let totalCPU = Clock.cpu
        let read = try ManifestReader(options: options).read([.path(file)])
        run.seconds["read+parse"] = Clock.since(start)
        run.cpuSeconds["read+parse"] = Clock.cpu - cpuStart

        start = Clock.now
        cpuStart = Clock.cpu
        var diagnostics = DiagnosticCollector()
        diagnostics.append(contentsOf: read.notes)
        let graph = try Pipeline.graph(read.manifests, options: options, diagnostics: &diagnostics)
        run.seconds["graph"] = Clock.since(start)
        run.cpuSeconds["graph"] = Clock.cpu - cpuStart

        switch options.proxyMode {
        case .iptables:
            start = Clock.now
            cpuStart = Clock.cpu
            // As `kuberules render` does: the text written by the compiler (compile and limit
            // check), then handed over piece by piece (render).
            let text = IptablesCompiler(options: options).compileText(graph)
            run.seconds["compile"] = Clock.since(start)
        run.cpuSeconds["compile"] = Clock.cpu - cpuStart
            start = Clock.now
            cpuStart = Clock.cpu
            var bytes = 0
            if let text {
                for piece in text.pieces { bytes += piece.count }
            } else {
                IptablesRenderer.renderChunks(IptablesCompiler(options: options).compile(graph)) { bytes += $0.count }
            }
            run.outputBytes = bytes
            run.seconds["render"] = Clock.since(start)
        run.cpuSeconds["render"] = Clock.cpu - cpuStart
        case .ipvs:
            start = Clock.now
            cpuStart = Clock.cpu
            let config = IPVSCompiler(options: options).compile(graph)
            run.seconds["compile"] = Clock.since(start)
        run.cpuSeconds["compile"] = Clock.cpu - cpuStart
            start = Clock.now
            cpuStart = Clock.cpu
            // As `kuberules render --emit …` writes each text: pieces, each dropped after it is counted.
            var bytes = 0
            IPVSadmRenderer.renderChunks(config) { bytes += $0.count }
            IPSetRenderer.renderChunks(config) { bytes += $0.count }
            IptablesRenderer.renderChunks(config.iptables) { bytes += $0.count }
            run.outputBytes = bytes
            run.seconds["render"] = Clock.since(start)
        run.cpuSeconds["render"] = Clock.cpu - cpuStart
        }
        run.seconds["total"] = Clock.since(total)
        run.cpuSeconds["total"] = Clock.cpu - totalCPU
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

    /// This process's CPU time so far (every thread, user + system).
    static var cpu: Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
