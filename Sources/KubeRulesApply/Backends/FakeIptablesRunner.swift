import KubeRules

/// A ``CommandRunner`` that plays `iptables`, `iptables-save` and `iptables-restore` (either
/// family, either variant, with or without `ip netns exec NAME`) against a ``FakeNetfilter``,
/// so the iptables-restore backend runs end to end — text out, text in — without root.
/// Refusals are reported in legacy iptables-restore's words (`Error occurred at line: N`).
public struct FakeIptablesRunner: CommandRunner {
    public let netfilter: FakeNetfilter
    /// What `iptables -V` answers.
    public let variant: IptablesVariant

    public init(netfilter: FakeNetfilter, variant: IptablesVariant = .legacy) {
        self.netfilter = netfilter
        self.variant = variant
    }

    public func run(_ invocation: CommandInvocation) throws(CommandError) -> CommandResult {
        var arguments = invocation.arguments[...]
        if arguments.starts(with: ["ip", "netns", "exec"]) { arguments = arguments.dropFirst(4) }
        guard let program = arguments.first else { throw .unexpected(command: invocation.description, expected: nil) }
        let family: IPFamily = program.hasPrefix("ip6tables") ? .ipv6 : .ipv4
        if program == "iptables" || program == "ip6tables", arguments.dropFirst().first == "-V" {
            let backend = variant == .nft ? "nf_tables" : "legacy"
            return CommandResult(status: 0, stdout: "\(program) v1.8.9 (\(backend))\n")
        }
        if program.hasSuffix("-save") {
            let options = Array(arguments.dropFirst())
            let table = options.count == 2 && options[0] == "-t" ? TableName(rawValue: options[1]) : nil
            if let table {
                // Like legacy xtables, asking for a table brings it into existence.
                if netfilter.table(table, family: family) == nil { netfilter.install(.empty(table), family: family) }
                let one = netfilter.table(table, family: family)!
                return CommandResult(status: 0, stdout: IptablesRenderer.render(Ruleset(family: family, tables: [one])))
            }
            return CommandResult(status: 0, stdout: netfilter.save(family: family))
        }
        if program.hasSuffix("-restore") {
            let text = String(decoding: invocation.standardInput, as: UTF8.self)
            guard let (line, message) = netfilter.restore(text, family: family) else { return CommandResult(status: 0) }
            return CommandResult(
                status: 2, stdout: "",
                stderr: "\(program) v1.8.9 (legacy): \(message)\n\nError occurred at line: \(line)\nTry `\(program) -h' for more information.\n")
        }
        throw .unexpected(command: invocation.description, expected: nil)
    }
}
