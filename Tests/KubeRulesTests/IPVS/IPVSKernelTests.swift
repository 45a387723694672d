import Foundation
import Testing
@testable import KubeRules

/// The IPVS-mode texts loaded into a real kernel, inside network namespaces the tests create and
/// delete (``NetworkNamespace``). The ipsets must load with `ipset restore` and read back equal;
/// the companion rules, which name those sets, must pass `iptables-restore --test` on both
/// backends and really load (`--noflush`) — all but the `-m ipvs` rule, whose kernel module
/// needs IP_VS. The IPVS table and that rule can only be loaded where the kernel has IP_VS (this
/// machine's has not: those tests are skipped, saying so).
@Suite(
    "IPVS texts in a real kernel", .serialized,
    .enabled(if: IPVSKernelHost.unavailableReason == nil, "needs root, iproute2, iptables (legacy and nft) and ipset"))
struct IPVSKernelTests {
    static func has(_ tool: String) -> Bool { IPVSKernelHost.has(tool) }
    static func sbin(_ tool: String) -> String { IPVSKernelHost.sbin(tool) }

    /// Runs a tool inside the namespace; a minute's bound, as legacy `iptables-restore` waits for
    /// the host-wide xtables lock, which other tests' namespaces may be holding.
    static func run(_ netns: NetworkNamespace, _ tool: String, _ arguments: [String] = [], input: String = "") throws -> Command.Result {
        try netns.run([sbin(tool)] + arguments, stdin: input, timeout: 60)
    }

    /// A node with one of each kind of service: every set gets entries.
    static func sample(_ family: IPFamily) -> IPVSConfig {
        IPVSTestGraph.compile(samplePorts(family), nodeIPs: sampleNodeIPs(family), family: family)
    }

    static func sampleNodeIPs(_ family: IPFamily) -> [String] {
        family == .ipv4 ? ["192.168.0.2", "192.168.1.2"] : ["2001:db8::1", "2001:db8:1::2"]
    }

    static func samplePorts(_ family: IPFamily) -> [TestServicePort] {
        let v4 = family == .ipv4
        let node = IPVSTestGraph.nodeName
        let ep = { (i: Int, local: Bool) in IPVSTestEndpoint(ip: v4 ? "10.180.0.\(i)" : "fd00:10::\(i)", node: local ? node : "node-2") }
        return [
            TestServicePort(clusterIP: v4 ? "172.30.0.41" : "fd00:30::41", endpoints: [ep(1, true), ep(2, false)]),
            TestServicePort(name: "svc2", clusterIP: v4 ? "172.30.0.42" : "fd00:30::42", nodePort: 3001,
                            externalIPs: [v4 ? "192.168.99.22" : "2001:db8:99::22"], loadBalancerIPs: [v4 ? "1.2.3.4" : "2001:db8:1b::4"],
                            sourceRanges: [v4 ? "203.0.113.0/25" : "2001:db8:cafe::/48"], externalLocal: true, healthCheckNodePort: 30000,
                            endpoints: [ep(3, true), ep(4, false)]),
            TestServicePort(name: "svc3", proto: .udp, clusterIP: v4 ? "172.30.0.43" : "fd00:30::43", nodePort: 3003,
                            externalIPs: [v4 ? "192.168.99.33" : "2001:db8:99::33"], sticky: 10800, endpoints: [ep(5, false)]),
            TestServicePort(name: "svc4", proto: .sctp, clusterIP: v4 ? "172.30.0.44" : "fd00:30::44", nodePort: 3004,
                            externalLocal: true, endpoints: [ep(6, true)]),
        ]
    }

    /// `ipset save` lines without the kernel-chosen `bucketsize`/`initval`, grouped per set.
    static func saved(_ text: String) -> [String: Set<String>] {
        var sets: [String: Set<String>] = [:]
        for line in text.split(separator: "\n") {
            var tokens = line.split(separator: " ").map(String.init)
            if tokens[0] == "create", let b = tokens.firstIndex(of: "bucketsize") { tokens.removeSubrange(b..<tokens.count) }
            sets[tokens[1], default: []].insert(tokens.joined(separator: " "))
        }
        return sets
    }

    @Test("ipset restore loads every set and reads back unchanged", arguments: [IPFamily.ipv4, .ipv6])
    func ipsetsLoad(family: IPFamily) throws {
        let config = Self.sample(family)
        let empty: [KubeIPSet] = [.loadBalancerSourceIP, .nodePortLocalUDP]
        #expect(config.ipsets.filter(\.isEmpty).map(\.name) == empty.map { $0.name(for: family) })
        let netns = try NetworkNamespace()
        let text = IPSetRenderer.render(config)
        let restore = try Self.run(netns, "ipset", ["restore"], input: text)
        try #require(restore.status == 0, "ipset restore: \(restore.stderr)")
        let save = try Self.run(netns, "ipset", ["save"])
        try #require(save.status == 0, "ipset save: \(save.stderr)")
        #expect(Self.saved(save.stdout) == Self.saved(text))
    }

    @Test("ipset restore refuses what kuberules leaves out (a /0 source range)")
    func zeroPrefixRefused() throws {
        let netns = try NetworkNamespace()
        let result = try Self.run(netns, "ipset", ["restore"], input: """
            create KUBE-LOAD-BALANCER-SOURCE-CIDR hash:ip,port,net family inet hashsize 1024 maxelem 65536
            add KUBE-LOAD-BALANCER-SOURCE-CIDR 1.2.3.4,tcp:80,0.0.0.0/0

            """)
        #expect(result.status != 0)
    }

    /// Whether this kernel has IP_VS: `ipvsadm` can open its control socket in a fresh namespace.
    static let kernelHasIPVS: Bool = {
        guard IPVSKernelHost.unavailableReason == nil, has("ipvsadm"), let netns = try? NetworkNamespace() else { return false }
        return (try? run(netns, "ipvsadm", ["-Ln"]))?.status == 0
    }()

    @Test("ipvsadm-restore loads the table and ipvsadm-save -n prints the same text",
          .enabled(if: kernelHasIPVS, "kernel lacks IP_VS"), arguments: [IPFamily.ipv4, .ipv6])
    func ipvsTableLoads(family: IPFamily) throws {
        let config = Self.sample(family)
        let netns = try NetworkNamespace()
        let text = IPVSadmRenderer.render(config)
        let restore = try Self.run(netns, "ipvsadm-restore", input: text)
        try #require(restore.status == 0, "ipvsadm-restore: \(restore.stderr)")
        let save = try Self.run(netns, "ipvsadm-save", ["-n"])
        try #require(save.status == 0, "ipvsadm-save: \(save.stderr)")
        #expect(save.stdout == text)
    }

    static let backends = ["legacy", "nft"]

    /// `iptables-<backend>-restore`, `ip6tables-…` for IPv6.
    static func restoreCommand(_ family: IPFamily, _ backend: String) -> String {
        (family == .ipv4 ? "iptables-" : "ip6tables-") + backend + "-restore"
    }

    /// A namespace with the sample's sets loaded.
    func namespaceWithSets(_ config: IPVSConfig) throws -> NetworkNamespace {
        let netns = try NetworkNamespace()
        let restore = try Self.run(netns, "ipset", ["restore"], input: IPSetRenderer.render(config))
        try #require(restore.status == 0, "ipset restore: \(restore.stderr)")
        return netns
    }

    @Test("the companion rules pass iptables-restore --test once the sets exist",
          arguments: [IPFamily.ipv4, .ipv6], backends)
    func rulesTest(family: IPFamily, backend: String) throws {
        let command = Self.restoreCommand(family, backend)
        try #require(Self.has(command), "\(command) is not installed")
        let config = Self.sample(family)
        let text = IptablesRenderer.render(config.iptables)
        let netns = try namespaceWithSets(config)
        let result = try Self.run(netns, command, ["--test", "--noflush"], input: text)
        #expect(result.status == 0, "\(command) --test: \(result.stderr)")
        // The check has teeth: without the sets the same text is refused.
        let bare = try NetworkNamespace()
        let refused = try Self.run(bare, command, ["--test", "--noflush"], input: text)
        #expect(refused.status != 0)
    }

    /// The rules without the `-m ipvs` match, which only an IP_VS kernel can load.
    static func withoutIPVSMatch(_ ruleset: Ruleset) -> Ruleset {
        var copy = ruleset
        for t in copy.tables.indices {
            for c in copy.tables[t].chains.indices {
                copy.tables[t].chains[c].rules.removeAll { rule in
                    rule.arguments.contains { if case .otherMatch(module: "ipvs", _) = $0 { return true } else { return false } }
                }
            }
        }
        return copy
    }

    @Test("the companion rules and the hooks really load (all but the -m ipvs rule)",
          arguments: [IPFamily.ipv4, .ipv6], backends)
    func rulesLoad(family: IPFamily, backend: String) throws {
        let command = Self.restoreCommand(family, backend)
        try #require(Self.has(command), "\(command) is not installed")
        let config = IPVSCompiler(options: IPVSTestGraph.options).compile(
            IPVSTestGraph.graph(Self.samplePorts(family), nodeIPs: Self.sampleNodeIPs(family), family: family), hooks: true)
        let ruleset = Self.withoutIPVSMatch(config.iptables)
        #expect(ruleset.ruleCount == config.iptables.ruleCount - 1)
        let netns = try namespaceWithSets(config)
        let result = try Self.run(netns, command, ["--noflush"], input: IptablesRenderer.render(ruleset))
        try #require(result.status == 0, "\(command): \(result.stderr)")
        let save = try Self.run(netns, command.replacingOccurrences(of: "-restore", with: "-save"))
        #expect(save.stdout.contains("-A KUBE-SERVICES -m set --match-set \(KubeIPSet.clusterIP.name(for: family)) dst,dst -j ACCEPT"))
        #expect(save.stdout.contains("-A INPUT -m comment --comment \"kubernetes ipvs access filter\" -j KUBE-IPVS-FILTER"))
    }

    @Test("the -m ipvs rule of KUBE-IPVS-OUT-FILTER loads", .enabled(if: kernelHasIPVS, "kernel lacks IP_VS"))
    func ipvsMatchLoads() throws {
        let config = Self.sample(.ipv4)
        let netns = try namespaceWithSets(config)
        let result = try Self.run(netns, "iptables-restore", ["--noflush"], input: IptablesRenderer.render(config.iptables))
        #expect(result.status == 0, "iptables-restore: \(result.stderr)")
    }

    @Test("every IPVS golden ipset and iptables file loads (iptables-restore --test, both backends)",
          arguments: FixtureCase.ipvsCases)
    func goldenFilesLoad(_ fixture: FixtureCase) throws {
        let ipset = try String(contentsOf: fixture.url(IPVSText.ipset.goldenFileName), encoding: .utf8)
        let rules = try String(contentsOf: fixture.url(IPVSText.iptables.goldenFileName), encoding: .utf8)
        let family: IPFamily = ipset.contains(" family inet6 ") ? .ipv6 : .ipv4
        let netns = try NetworkNamespace()
        let restore = try Self.run(netns, "ipset", ["restore"], input: ipset)
        try #require(restore.status == 0, "ipset restore: \(restore.stderr)")
        for backend in Self.backends {
            let command = Self.restoreCommand(family, backend)
            let result = try Self.run(netns, command, ["--test", "--noflush"], input: rules)
            #expect(result.status == 0, "\(command) --test: \(result.stderr)")
        }
    }
}

/// What the IPVS kernel tests need from the host.
enum IPVSKernelHost {
    /// Why the kernel tests cannot run here (they are then skipped), or nil.
    static var unavailableReason: String? {
        NetworkNamespace.unavailableReason ?? (has("ipset") ? nil : "/usr/sbin/ipset is not installed")
    }

    static func has(_ tool: String) -> Bool { FileManager.default.isExecutableFile(atPath: sbin(tool)) }
    static func sbin(_ tool: String) -> String { "/usr/sbin/" + tool }
}
