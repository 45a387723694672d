import KubeRules

/// Which xtables implementation programs the kernel: the legacy `ip_tables` socket interface, or
/// nf_tables through the iptables-nft compatibility layer. Both read the same restore text; they
/// keep separate rule sets, so kuberules must use the one the host uses.
public enum IptablesVariant: String, Hashable, Sendable, CaseIterable {
    case legacy
    case nft

    /// `iptables-legacy-restore`, `ip6tables-nft-save`, …
    public func command(_ tool: Tool, family: IPFamily) -> String {
        "\(family == .ipv4 ? "iptables" : "ip6tables")-\(rawValue)-\(tool.rawValue)"
    }

    public enum Tool: String, Sendable {
        case save
        case restore
    }
}

/// `--iptables legacy|nft|auto`.
public enum IptablesVariantChoice: String, Hashable, Sendable, CaseIterable {
    case legacy
    case nft
    /// What `iptables -V` (or `ip6tables -V`) reports: `iptables v1.8.9 (nf_tables)` or `(legacy)`.
    case auto

    /// The variant to use; `auto` asks the host's `iptables`.
    public func resolve(family: IPFamily, runner: any CommandRunner) throws(ApplyError) -> IptablesVariant {
        switch self {
        case .legacy: return .legacy
        case .nft: return .nft
        case .auto:
            let arguments = [family == .ipv4 ? "iptables" : "ip6tables", "-V"]
            let result: CommandResult
            do {
                result = try runner.run(CommandInvocation(arguments, timeout: .seconds(10)))
            } catch {
                throw .command(error)
            }
            guard result.succeeded else {
                throw .toolFailed(command: arguments.joined(separator: " "), status: result.status, message: result.stderr)
            }
            return Self.variant(reportedBy: result.stdout + result.stderr)
        }
    }

    /// Releases before 1.8 print no backend: they are legacy.
    static func variant(reportedBy version: String) -> IptablesVariant {
        version.contains("(nf_tables)") ? .nft : .legacy
    }
}
