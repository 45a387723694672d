import ArgumentParser

/// `kuberules`: an offline kube-proxy. Each subcommand parses flags and makes one library call.
///
/// The commands live in this library (not in the executable) so tests can parse flags exactly
/// as the CLI does and run commands in-process.
public struct KubeRulesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kuberules",
        abstract: "An offline kube-proxy: render, apply, diff and trace the rules kube-proxy would program on a node.",
        subcommands: [
            RenderCommand.self, ApplyCommand.self, CleanupCommand.self, DiffCommand.self,
            TraceCommand.self, ExplainCommand.self, GraphCommand.self,
        ]
    )

    public init() {}
}
