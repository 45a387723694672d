import ArgumentParser

/// `kuberules`: an offline kube-proxy. Each subcommand parses flags and makes one library call.
struct KubeRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kuberules",
        abstract: "An offline kube-proxy: render, apply, diff and trace the rules kube-proxy would program on a node.",
        subcommands: []
    )
}

KubeRulesCommand.main()
