import ArgumentParser
import KubeRules

/// `kuberules explain FILE… [--output text|json]`: per Service, what it is, how to reach it, where
/// its traffic goes and which rules on the node implement it.
public struct ExplainCommand: StreamingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain each Service: its type, DNS names, every way to reach it, ports, endpoints, traffic policies, affinity, and the rules that implement it.")

    public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text
        case json
    }

    @OptionGroup public var input: InputOptions

    @Option(name: .customLong("cluster-domain"), help: "The cluster's DNS domain (kubelet's --cluster-domain, default cluster.local).")
    public var clusterDomain: String = "cluster.local"

    @Option(name: .customLong("output"), help: "text (default) or json.")
    public var output: Format = .text

    public init() {}

    public func validate() throws {
        let labels = clusterDomain.split(separator: ".", omittingEmptySubsequences: false)
        let valid = !labels.isEmpty && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
                && label.first != "-" && label.last != "-"
        }
        guard valid else { throw ValidationError("--cluster-domain must be a DNS name such as cluster.local, not '\(clusterDomain)'") }
    }

    public func run(io: CommandIO) throws {
        try DiagnosticRunner.run(io) { (diagnostics: inout DiagnosticCollector) throws(DiagnosticsError) -> String in
            let (options, manifests) = try input.load(io: io, diagnostics: &diagnostics)
            let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
            let document = ExplanationBuilder(
                graph: graph, manifests: manifests, options: options, clusterDomain: clusterDomain
            ).explain()
            switch output {
            case .text: return ExplainText.render(document)
            case .json: return ExplainJSON.render(document)
            }
        }
    }
}
