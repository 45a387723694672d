import Foundation
import KubeRules
import KubeRulesCLI
import Testing
@testable import KubeRulesApply

/// IPVS mode against a real kernel, inside scratch network namespaces: the refusal on a kernel
/// without IPVS (this machine's), and the ipset and companion-rule steps, which need no IPVS.
/// The virtual-server and `kube-ipvs0` steps need `ip_vs` and `dummy`, which this kernel lacks;
/// the scripted tests (``IPVSApplierTests``) cover them.
@Suite(.serialized) struct IPVSApplyKernelTests {
    static func unavailable() -> String? {
        KernelFixtures.unavailable(.legacy) ?? HostCapabilities.kernelTestsUnavailable(needing: ["ipset", "cat"])
    }

    static let manifests = KernelFixtures.repository.appendingPathComponent("fixtures/ipvs-clusterip/manifests.yaml").path

    /// Everything IPVS-mode apply could change in `namespace`, as text.
    static func state(_ namespace: ScratchNamespace) throws -> String {
        var text = try KernelFixtures.save(namespace, .legacy) + "\n"
        for command in [["iptables-nft-save"], ["ipset", "save"], ["ip", "-o", "link", "show"]] {
            let result = try namespace.exec(command)
            // iptables-nft-save may be missing; its absence is then part of the state too.
            text += "$ \(command.joined(separator: " ")) → \(result.status)\n" + result.stdout
        }
        return text
    }

    /// The user's own set and rules: they must come through untouched.
    static func loadUserState(into namespace: ScratchNamespace) throws {
        try KernelFixtures.load(KernelFixtures.userRules, into: namespace, .legacy)
        let result = try namespace.exec(["ipset", "restore"], input: "create USER-SET hash:ip family inet\nadd USER-SET 198.51.100.7\n")
        try #require(result.succeeded, "\(result.stderr)")
    }

    @Test func applyOnAKernelWithoutIPVSExitsOneAndChangesNothing() throws {
        try #require(Self.unavailable() == nil, Comment(rawValue: Self.unavailable() ?? ""))
        let namespace = try ScratchNamespace(purpose: "ipvsapply")
        defer { namespace.delete() }
        let hasIPVS = try IPVSHost(namespace: namespace.target).hasIPVS()
        try #require(!hasIPVS, "this kernel has IPVS, so the refusal cannot be exercised here")
        try Self.loadUserState(into: namespace)
        let before = try Self.state(namespace)

        let arguments = ["apply", Self.manifests, "--hostname-override", "test-node", "--cluster-cidr", "10.0.0.0/8",
                         "--proxy-mode", "ipvs", "--netns", namespace.name, "--iptables", "legacy"]
        for extra in [[], ["--dry-run"]] {
            let result = ApplyCommandTests.run(arguments + extra)
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == "kuberules: error: the kernel has no IPVS (ip_vs module) in network namespace \(namespace.name):"
                + " /proc/net/ip_vs does not exist; load it with `modprobe ip_vs` or use --proxy-mode iptables; nothing was changed\n")
            #expect(try Self.state(namespace) == before)
        }
    }

    @Test func setsLoadSwapWhileInUseAndCleanUpWithTheRules() throws {
        try #require(Self.unavailable() == nil, Comment(rawValue: Self.unavailable() ?? ""))
        let namespace = try ScratchNamespace(purpose: "ipvsapply")
        defer { namespace.delete() }
        try Self.loadUserState(into: namespace)
        let before = try Self.state(namespace)
        let host = IPVSHost(namespace: namespace.target)
        let full = try IPVSTestConfig.clusterIP()
        let reduced = try IPVSTestConfig.clusterIP(dropping: ["svc2"])

        // The ipset step of apply, then its rules (which name the sets).
        try Self.applySets(full, host: host)
        try RestoreApplier(variant: .legacy, family: .ipv4, namespace: namespace.target).apply(full.iptables)
        let matchSet = try namespace.exec(["iptables-legacy-save", "-t", "nat"]).stdout
        #expect(matchSet.contains("--match-set KUBE-CLUSTER-IP dst,dst"))

        // The service goes: its entries leave the sets in use, swapped in whole.
        let lines = try Self.applySets(reduced, host: host)
        #expect(lines.contains("swap KUBE-KR-TMP-0 KUBE-LOOP-BACK"))
        let names = try namespace.exec(["ipset", "list", "-n"]).stdout.split(separator: "\n")
        #expect(!names.contains { $0.hasPrefix(IPSetPlanner.temporaryPrefix) }, "no temporary set is left")
        #expect(try host.ipsets(family: .ipv4)["KUBE-CLUSTER-IP"]?.entries == ["172.30.0.41,tcp:80"])

        // cleanup --proxy-mode ipvs: no IPVS here, so rules and sets only; the host is as before.
        let cleaned = ApplyCommandTests.run(["cleanup", "--proxy-mode", "ipvs", "--netns", namespace.name, "--iptables", "legacy"])
        #expect(cleaned.status == 0, "\(cleaned.stderr)")
        #expect(cleaned.stderr.contains("IPVS: not in this kernel, kube-ipvs0: absent, "))
        #expect(cleaned.stderr.contains("ipsets: 17 removed"))
        #expect(try Self.state(namespace) == before)
    }

    @Test func everyIPVSFixturesSetsReadBackAsWritten() throws {
        try #require(Self.unavailable() == nil, Comment(rawValue: Self.unavailable() ?? ""))
        let namespace = try ScratchNamespace(purpose: "ipvsapply")
        defer { namespace.delete() }
        let host = IPVSHost(namespace: namespace.target)
        let fixtures = IPVSTestConfig.fixtures
        try #require(fixtures.count > 20)
        for fixture in fixtures {
            let config = try IPVSTestConfig.compile(fixture)
            try Self.applySets(config, host: host)
            // What the kernel prints back is what kube-proxy wrote: a second apply is a no-op.
            let wanted = config.ipsets.map { ($0.name, Optional(IPSetPlanner.WantedSet($0))) }
            let again = IPSetPlanner.plan(wanted, current: try host.ipsets(family: config.family))
            #expect(again.isEmpty, "\(fixture): \(again)")
            try host.restoreIPSets(IPSetPlanner.plan(wanted.map { ($0.0, nil) }, current: try host.ipsets(family: config.family)))
            #expect(try host.ipsets(family: config.family).sets.isEmpty, "\(fixture)")
        }
    }

    /// The ipset step of an apply: plan against the namespace, restore, check the sets hold it.
    @discardableResult
    static func applySets(_ config: IPVSConfig, host: IPVSHost) throws -> [String] {
        let wanted = config.ipsets.map(IPSetPlanner.WantedSet.init)
        let current = try host.ipsets(family: config.family)
        try IPSetPlanner.checkCompatible(wanted, with: current)
        let lines = IPSetPlanner.plan(wanted.map { ($0.name, $0) }, current: current)
        try host.restoreIPSets(lines)
        let now = try host.ipsets(family: config.family)
        for set in config.ipsets {
            #expect(now[set.name]?.entries == IPSetEntryText.entries(of: set), "\(set.name)")
        }
        return lines
    }
}
