import Foundation
import KubeRules
@testable import KubeRulesApply

/// Shared pieces of the tests that program a real kernel inside scratch namespaces.
enum KernelFixtures {
    /// Why kernel tests cannot run here, or nil.
    static func unavailable(_ variant: IptablesVariant) -> String? {
        HostCapabilities.kernelTestsUnavailable(
            needing: ["ip", variant.command(.save, family: .ipv4), variant.command(.restore, family: .ipv4)])
    }

    /// The repository root (for fixtures/).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// kube-proxy's whole-dump test (TestOverallIPTablesRules, in fixtures/) plus its jump rules:
    /// a real ruleset with every rule shape kube-proxy writes (statistic, recent, nfacct,
    /// addrtype, mark, firewall, …).
    static func kubeProxyOverall() throws -> Ruleset {
        let path = repository.appendingPathComponent("fixtures/kube-proxy-TestOverallIPTablesRules/expected.iptables")
        let text = try String(contentsOf: path, encoding: .utf8)
        var ruleset = try IptablesParser(file: path.path).parse(text, family: .ipv4)
        for index in ruleset.tables.indices {
            ruleset.tables[index].hooks = KubeProxyHooks.rules(in: ruleset.tables[index].name)
        }
        return ruleset
    }

    /// A user's own rules, loaded before kuberules touches the namespace: they must survive.
    static let userRules = """
        *filter
        :USER-CHAIN - [0:0]
        -A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
        -A FORWARD -j USER-CHAIN
        -A USER-CHAIN -s 198.51.100.0/24 -j DROP
        COMMIT
        *nat
        -A POSTROUTING -s 10.99.0.0/16 -o eth9 -j MASQUERADE
        COMMIT

        """

    /// `iptables-save` of the namespace without comments and counters, for before/after comparisons.
    static func save(_ namespace: ScratchNamespace, _ variant: IptablesVariant) throws -> String {
        let result = try namespace.exec([variant.command(.save, family: .ipv4)])
        guard result.succeeded else { throw ApplyError.toolFailed(command: "save", status: result.status, message: result.stderr) }
        return result.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            // `:INPUT ACCEPT [12:345]` → `:INPUT ACCEPT`
            line.hasPrefix(":") ? String(line.split(separator: " ").prefix(2).joined(separator: " ")) : String(line)
        }.joined(separator: "\n")
    }

    /// Loads `text` with the variant's iptables-restore (`--noflush`).
    static func load(_ text: String, into namespace: ScratchNamespace, _ variant: IptablesVariant) throws {
        let result = try namespace.exec([variant.command(.restore, family: .ipv4), "--noflush"], input: text)
        guard result.succeeded else { throw ApplyError.toolFailed(command: "restore", status: result.status, message: result.stderr) }
    }
}
