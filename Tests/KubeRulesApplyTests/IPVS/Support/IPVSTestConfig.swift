import Foundation
import KubeRules
import KubeRulesCLI
import Testing

/// Compiles IPVS fixtures for the IPVS-mode applier tests: the real compiler's output, with
/// kube-proxy's jump rules, as `kuberules apply --proxy-mode ipvs` builds it.
enum IPVSTestConfig {
    /// fixtures/ipvs-clusterip (ns1/svc1 on 172.30.0.41:80, ns2/svc2 on 172.30.0.42:80 and :443,
    /// node test-node), optionally without some services (by name).
    static func clusterIP(dropping dropped: Set<String> = []) throws -> IPVSConfig {
        try compile("ipvs-clusterip", dropping: dropped)
    }

    /// The fixture's manifests with its `flags`, in IPVS mode, parsed by the CLI's own options.
    static func compile(_ fixture: String, dropping dropped: Set<String> = []) throws -> IPVSConfig {
        let directory = KernelFixtures.repository.appendingPathComponent("fixtures/\(fixture)")
        try #require(FileManager.default.fileExists(atPath: directory.appendingPathComponent("manifests.yaml").path))
        let input = try InputOptions.parse([directory.appendingPathComponent("manifests.yaml").path] + flags(directory) + ["--proxy-mode", "ipvs"])
        var diagnostics = DiagnosticCollector()
        let io = CommandIO(readInput: { [] }, out: { _ in }, err: { _ in })
        var (options, manifests) = try input.load(io: io, diagnostics: &diagnostics)
        options.proxyMode = .ipvs
        manifests.services.removeAll { dropped.contains($0.metadata.name) }
        let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
        return Pipeline.ipvs(graph, options: options, hooks: true, diagnostics: &diagnostics)
    }

    /// Every IPVS fixture's name.
    static var fixtures: [String] {
        let root = KernelFixtures.repository.appendingPathComponent("fixtures").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { $0.hasPrefix("ipvs-") || $0.hasPrefix("kube-proxy-ipvs-") }.sorted()
    }

    /// `flags`: one flag (and its value) per line.
    private static func flags(_ directory: URL) -> [String] {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("flags"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").flatMap { line -> [String] in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return [] }
            return trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }
    }

    /// What `ipset save` prints once `config`'s sets are in the kernel (ipset 7 adds
    /// `bucketsize` and `initval` to hash sets and prints entries in hash order; neither matters).
    static func savedIPSets(_ config: IPVSConfig) -> String {
        config.ipsets.map { set in
            var text = IPSetRenderer.createLine(set) + (set.type == .bitmapPort ? "" : " bucketsize 12 initval 0x1d2c3b4a") + "\n"
            for entry in set.entries.reversed() { text += "add \(set.name) \(entry)\n" }
            return text
        }.joined()
    }

    /// `ip -o -d link show` with `kube-ipvs0` (a dummy device) after lo.
    static let linksWithDevice = """
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0 allmulti 0 minmtu 0 maxmtu 0 addrgenmode eui64
        7: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\    link/ether 2e:8f:61:0b:9a:11 brd ff:ff:ff:ff:ff:ff promiscuity 0 allmulti 0 minmtu 0 maxmtu 0 \\    dummy addrgenmode eui64 numtxqueues 1

        """

    /// `ip -o -d link show` without it.
    static let linksWithoutDevice = """
        1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00 promiscuity 0 allmulti 0 minmtu 0 maxmtu 0 addrgenmode eui64

        """

    /// `ip -o addr show dev kube-ipvs0` for `addresses`.
    static func deviceAddresses(_ addresses: [String]) -> String {
        addresses.map { address in
            let family = address.contains(":") ? "inet6" : "inet"
            let prefix = address.contains(":") ? 128 : 32
            return "7: kube-ipvs0    \(family) \(address)/\(prefix) scope global kube-ipvs0\\       valid_lft forever preferred_lft forever\n"
        }.joined()
    }
}
