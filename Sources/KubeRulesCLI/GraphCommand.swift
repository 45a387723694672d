import ArgumentParser
import KubeRules

/// `kuberules graph FILE… [--output text|json]`: the normalized service graph of one node — what
/// kube-proxy works from before it writes a single rule.
public struct GraphCommand: StreamingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the service graph of a node: proxied service ports with their endpoint sets, and the Services kube-proxy skips.",
        discussion: """
            Endpoints come from EndpointSlices (or legacy Endpoints where a Service has no slice). \
            'cluster endpoints' are those used under Cluster traffic policy, 'local endpoints' \
            those on this node used under Local policy; ready endpoints are preferred, \
            serving-and-terminating ones are the fallback.
            """)

    public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text
        case json
    }

    @OptionGroup public var input: InputOptions

    @Option(name: .customLong("output"), help: "text (default) or json (deterministic, sorted keys).")
    public var output: Format = .text

    public init() {}

    public func run(io: CommandIO) throws {
        try DiagnosticRunner.run(io) { (diagnostics: inout DiagnosticCollector) throws(DiagnosticsError) -> String in
            let (options, manifests) = try input.load(io: io, diagnostics: &diagnostics)
            let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
            switch output {
            case .text: return ServiceGraphText.render(graph)
            case .json: return ServiceGraphJSON.render(graph)
            }
        }
    }
}
