#if LibIPTC
import Foundation
import KubeRules
import KubeRulesApply
import Testing
@testable import IPTCApply

/// The libiptc applier against the real kernel: it must leave exactly the tables the
/// iptables-restore path leaves (compared with `iptables-legacy-save`), keep the user's rules,
/// be idempotent, clean up completely, and keep the previous rules when a table is refused.
@Suite(.enabled(if: LegacyKernel.unavailable == nil, LegacyKernel.reason))
struct IPTCApplierKernelTests {
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

    /// kube-proxy's TestOverallIPTablesRules dump (fixtures/) with its jump rules.
    static func overall() throws -> Ruleset {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent("fixtures/kube-proxy-TestOverallIPTablesRules/expected.iptables")
        var ruleset = try IptablesParser(file: path.path).parse(String(contentsOf: path, encoding: .utf8), family: .ipv4)
        for index in ruleset.tables.indices {
            ruleset.tables[index].hooks = KubeProxyHooks.rules(in: ruleset.tables[index].name)
        }
        return ruleset
    }

    /// A namespace holding the user's rules.
    static func prepared() throws -> ScratchNamespace {
        let namespace = try ScratchNamespace(purpose: "iptc")
        let loaded = try namespace.exec(["iptables-legacy-restore", "--noflush"], input: userRules)
        try #require(loaded.succeeded, "loading the user's rules failed: \(loaded.stderr)")
        return namespace
    }

    /// `iptables-legacy-save` without comments and counters.
    static func save(_ namespace: ScratchNamespace) throws -> String {
        let result = try namespace.exec(["iptables-legacy-save"])
        try #require(result.succeeded, "iptables-legacy-save failed: \(result.stderr)")
        return result.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            line.hasPrefix(":") ? line.split(separator: " ").prefix(2).joined(separator: " ") : String(line)
        }.joined(separator: "\n")
    }

    @Test func libiptcLeavesTheSameTablesAsIptablesRestore() throws {
        let viaRestore = try Self.prepared()
        defer { viaRestore.delete() }
        let viaLibiptc = try Self.prepared()
        defer { viaLibiptc.delete() }
        let before = try Self.save(viaLibiptc)
        let ruleset = try Self.overall()

        try RestoreApplier(backend: RestoreBackend(variant: .legacy, namespace: viaRestore.target),
                           counters: NetlinkNfacct(), namespace: viaRestore.target).apply(ruleset)
        let libiptc = IPTCApplier(libiptcIn: viaLibiptc.target)
        try libiptc.apply(ruleset)
        let expected = try Self.save(viaRestore)
        #expect(try Self.save(viaLibiptc) == expected)

        // Idempotent, then a complete cleanup.
        try libiptc.apply(ruleset)
        #expect(try Self.save(viaLibiptc) == expected)
        try libiptc.cleanup(family: .ipv4)
        #expect(try Self.save(viaLibiptc) == before)
    }

    @Test func aRefusedTableKeepsThePreviousRules() throws {
        let namespace = try Self.prepared()
        defer { namespace.delete() }
        let libiptc = IPTCApplier(libiptcIn: namespace.target)
        try libiptc.apply(Self.overall())
        let good = try Self.save(namespace)

        var broken = try Self.overall()
        let nat = try #require(broken.tables.firstIndex { $0.name == .nat })
        let services = try #require(broken.tables[nat].chains.firstIndex { $0.name == "KUBE-SERVICES" })
        broken.tables[nat].chains[services].rules.insert(
            Rule([.comment("deliberately broken")], .masquerade(randomFully: false)), at: 0)
        broken.tables[0].chains[1].rules.removeAll()

        let error = try #require(throws: ApplyError.self) { try libiptc.apply(broken) }
        guard case .rejected(let rejected) = error else {
            Issue.record("expected a rejection, got \(error)")
            return
        }
        #expect(rejected.table == .nat)
        #expect(rejected.lineText == "COMMIT")
        #expect(rejected.refusedRule?.text == "-A KUBE-SERVICES -m comment --comment \"deliberately broken\" -j MASQUERADE")
        #expect(rejected.message.contains("iptc_commit"))
        #expect(rejected.rolledBack == [.filter])
        #expect(try Self.save(namespace) == good)
    }

    @Test func libiptcRefusesIPv6Clearly() throws {
        let error = try #require(throws: ApplyError.self) {
            try IPTCApplier(libiptcIn: .current).plan(Ruleset(family: .ipv6, tables: [Table(name: .nat)]))
        }
        #expect(error.description.contains("IPv4"))
    }
}
#endif
