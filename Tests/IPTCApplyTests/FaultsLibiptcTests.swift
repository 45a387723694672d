#if LibIPTC
import Foundation
import KubeRules
import KubeRulesApply
import Testing
@testable import IPTCApply

/// Faults of the libiptc applier against the real kernel (test-made namespaces, the user's rules
/// loaded): `iptc_commit` failing for the second table, and the xtables lock (a private lock
/// file) held by another program. After each, the tables are exactly as before.
@Suite(.enabled(if: LegacyKernel.unavailable == nil, LegacyKernel.reason))
struct FaultsLibiptcTests {
    /// Creates only the filter table's counter, so nat's `-m nfacct` rules make `iptc_commit`
    /// fail (the kernel refuses a rule whose counter does not exist) after filter committed.
    struct FilterCountersOnly: NfacctCounters {
        let real = NetlinkNfacct()
        func ensure(_ names: [String], in target: NetworkNamespaceTarget) throws(ApplyError) {
            try real.ensure(names.filter { $0 == KubeProxyCounters.invalidDropped }, in: target)
        }
        func remove(_ names: [String], in target: NetworkNamespaceTarget) throws(ApplyError) {
            try real.remove(names, in: target)
        }
    }

    @Test func aFailedCommitOfTheSecondTablePutsTheFirstBack() throws {
        let namespace = try IPTCApplierKernelTests.prepared()
        defer { namespace.delete() }
        let previous = SampleRulesetsForIPTC.oneService
        try IPTCApplier(libiptcIn: namespace.target).apply(previous)
        let before = try IPTCApplierKernelTests.save(namespace)

        let applier = RulesetApplier(
            backend: IPTCBackend(namespace: namespace.target, locator: nil), counters: FilterCountersOnly(),
            namespace: namespace.target)
        // The counter exists already from the first apply; delete it so nat's rules need it anew.
        try NetlinkNfacct().remove([KubeProxyCounters.localhostNodePortAccepted], in: namespace.target)
        let error = try #require(throws: ApplyError.self) { try applier.apply(IPTCApplierKernelTests.overall()) }
        guard case .rejected(let rejected) = error else {
            Issue.record("expected the nat commit refused, got \(error)")
            return
        }
        #expect(rejected.table == .nat)
        #expect(rejected.lineText == "COMMIT")
        #expect(rejected.message.contains("iptc_commit"))
        #expect(rejected.rolledBack == [.filter])
        #expect(error.description.contains("the nat table still holds its previous rules; already-committed tables put back: filter"))
        #expect(try IPTCApplierKernelTests.save(namespace) == before)
    }

    @Test func aHeldXtablesLockIsReportedAfterTheWaitAndChangesNothing() throws {
        let namespace = try IPTCApplierKernelTests.prepared()
        defer { namespace.delete() }
        let before = try IPTCApplierKernelTests.save(namespace)
        let lockFile = FileManager.default.temporaryDirectory.appendingPathComponent("kr-lock-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: lockFile) }
        let held = try XtablesLock(wait: .seconds(1), path: lockFile)
        defer { withExtendedLifetime(held) {} }
        let applier = RulesetApplier(
            backend: IPTCBackend(namespace: namespace.target, lockWait: .seconds(1), lockPath: lockFile),
            counters: NetlinkNfacct(), namespace: namespace.target)
        let start = ContinuousClock.now
        let error = try #require(throws: ApplyError.self) { try applier.apply(IPTCApplierKernelTests.overall()) }
        #expect(ContinuousClock.now - start < .seconds(10))
        guard case .lockBusy = error else {
            Issue.record("expected the busy lock, got \(error)")
            return
        }
        #expect(error.description.contains("another program held the xtables lock for the whole 1 s wait"))
        #expect(try IPTCApplierKernelTests.save(namespace) == before)
    }
}

/// One ClusterIP service with one endpoint, filter and nat, with kube-proxy's jump rules.
enum SampleRulesetsForIPTC {
    static var oneService: Ruleset {
        let nat = Table(name: .nat, chains: [
            Chain(name: "KUBE-SERVICES", rules: [
                Rule([.comment("ns1/svc1:p80 cluster IP"), .protocolModule(.tcp), .protocol(.tcp),
                      .destination(.address(IPAddress("172.30.0.41")!)), .destinationPort(80)], .jump("KUBE-SVC-XPGD46QRK7WJZT7O")),
            ]),
            Chain(name: "KUBE-SVC-XPGD46QRK7WJZT7O", rules: [Rule([.comment("ns1/svc1:p80 -> 10.180.0.1:80")], .jump("KUBE-SEP-SXIVWICOYRO3J4NJ"))]),
            Chain(name: "KUBE-SEP-SXIVWICOYRO3J4NJ", rules: [
                Rule([.comment("ns1/svc1:p80"), .protocolModule(.tcp), .protocol(.tcp)], .dnat(toDestination: "10.180.0.1:80")),
            ]),
        ], hooks: KubeProxyHooks.rules(in: .nat).filter { $0.rule.target.jumpedChain == "KUBE-SERVICES" })
        let filter = Table(name: .filter, chains: [Chain(name: "KUBE-FIREWALL", rules: [
            Rule([.comment("block incoming localnet connections"), .destination(.prefix(CIDR("127.0.0.0/8")!)),
                  .source(.prefix(CIDR("127.0.0.0/8")!), negated: true),
                  .conntrackState(["RELATED", "ESTABLISHED", "DNAT"], negated: true)], .drop),
        ])], hooks: KubeProxyHooks.rules(in: .filter).filter { $0.rule.target.jumpedChain == "KUBE-FIREWALL" })
        return Ruleset(family: .ipv4, tables: [filter, nat])
    }
}
#endif
