import Foundation
import IPTCApply
import KubeRules
import KubeRulesCLI
import Testing
@testable import KubeRulesApply

/// `kuberules apply` and `kuberules cleanup` end to end, in-process, against scratch namespaces:
/// exit codes, what goes to stdout and stderr, and that the tables change only when they should.
@Suite struct ApplyCommandTests {
    static let lab = KernelFixtures.repository.appendingPathComponent("fixtures/lab").path

    /// Runs `kuberules ARGS…` as the binary would and captures its streams.
    static func run(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        final class Streams: @unchecked Sendable {
            var out = ""
            var err = ""
        }
        let streams = Streams()
        let io = CommandIO(readInput: { [] }, out: { streams.out += $0 }, err: { streams.err += $0 })
        let status = KubeRulesCommand.run(arguments: arguments, io: io)
        return (status, streams.out, streams.err)
    }

    static func applyArguments(_ namespace: ScratchNamespace, _ extra: [String] = []) -> [String] {
        ["apply", lab, "--hostname-override", "node-a", "--cluster-cidr", "10.180.0.0/16",
         "--netns", namespace.name, "--iptables", "legacy"] + extra
    }

    @Test func dryRunPrintsTheRestoreInputAndChangesNothing() throws {
        try #require(KernelFixtures.unavailable(.legacy) == nil, Comment(rawValue: KernelFixtures.unavailable(.legacy) ?? ""))
        let namespace = try ScratchNamespace(purpose: "cli")
        defer { namespace.delete() }
        try KernelFixtures.load(KernelFixtures.userRules, into: namespace, .legacy)
        let before = try KernelFixtures.save(namespace, .legacy)

        let result = Self.run(Self.applyArguments(namespace, ["--dry-run"]))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("*filter\n:KUBE-SERVICES - [0:0]\n"))
        #expect(result.stdout.contains("\n-I PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"))
        #expect(result.stdout.contains("\n-A KUBE-SERVICES -m comment --comment \"lab/web:tcp cluster IP\" -m tcp -p tcp -d 172.30.0.10 --dport 80 -j KUBE-SVC-"))
        #expect(result.stdout.components(separatedBy: "COMMIT\n").count == 3)
        #expect(try KernelFixtures.save(namespace, .legacy) == before)

        // What --dry-run printed is exactly what apply then feeds iptables-restore.
        let applied = Self.run(Self.applyArguments(namespace))
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.isEmpty)
        let again = Self.run(Self.applyArguments(namespace, ["--dry-run"]))
        #expect(again.stdout.contains(":KUBE-SERVICES - [0:0]"))
        #expect(!again.stdout.contains("\n-I "), "a second apply inserts no jump rule twice")

        let cleaned = Self.run(["cleanup", "--netns", namespace.name, "--iptables", "legacy"])
        #expect(cleaned.status == 0, "\(cleaned.stderr)")
        #expect(try KernelFixtures.save(namespace, .legacy) == before)
    }

    @Test func badManifestsExitTwoWithNothingOnStdoutAndNothingApplied() throws {
        try #require(KernelFixtures.unavailable(.legacy) == nil, Comment(rawValue: KernelFixtures.unavailable(.legacy) ?? ""))
        let namespace = try ScratchNamespace(purpose: "cli")
        defer { namespace.delete() }
        let before = try KernelFixtures.save(namespace, .legacy)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kr-apply-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.yaml")
        try """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: lab
            spec:
              clusterIP: 172.30.0.10
              ports:
              - port: 70000
            """.write(to: file, atomically: true, encoding: .utf8)

        let result = Self.run(["apply", file.path, "--netns", namespace.name, "--iptables", "legacy"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(file.path):9:"))
        #expect(try KernelFixtures.save(namespace, .legacy) == before)
    }

    @Test func usageErrorsExitSixtyFour() {
        #expect(Self.run(["apply", Self.lab, "--netns", "bad/name"]).status == 64)
        #expect(Self.run(["cleanup", "--netns", "-x"]).status == 64)
        #expect(Self.run(["cleanup", "--ip-family", "ipv5"]).status == 64)
        // libiptc drives legacy xtables only, or is not built in at all.
        let libiptcNft = Self.run(["apply", Self.lab, "--backend", "libiptc", "--iptables", "nft"])
        #expect(libiptcNft.status == 64)
        #expect(libiptcNft.stderr.contains(IPTCAvailability.isBuiltIn ? "legacy xtables only" : "not built in"))
    }

    @Test func aFailedApplyExitsOneAndSaysWhy() throws {
        try #require(HostCapabilities.isRoot, "apply checks for root before anything else")
        let missing = "kr-apply-\(getpid())-absent"
        let result = Self.run(["apply", Self.lab, "--hostname-override", "node-a", "--netns", missing, "--iptables", "legacy"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("kuberules: error: "))
        #expect(result.stderr.contains(missing))
    }
}
