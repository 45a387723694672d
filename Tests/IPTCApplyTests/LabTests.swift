import Foundation
import KubeRulesApply
import Testing

/// Whether the real-packet lab can run here, and why not.
enum LabEnvironment {
    static let unavailable = HostCapabilities.kernelTestsUnavailable(
        needing: ["ip", "python3", "iptables-legacy-save", "iptables-legacy-restore", "iptables-nft-save",
                  "iptables-nft-restore", "timeout"])
    static let reason = Comment(rawValue: unavailable ?? "")

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `kuberules` binary built with these tests (next to the test bundle).
    static var binary: URL? {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while directory.path != "/", !directory.lastPathComponent.hasSuffix("debug"), !directory.lastPathComponent.hasSuffix("release") {
            directory.deleteLastPathComponent()
        }
        let candidate = directory.appendingPathComponent("kuberules")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }
}

/// The real-packet lab (scripts/lab.sh, `make lab`) as part of `swift test`: namespaces for two
/// nodes, five pods and a client; `kuberules apply` on each node; real TCP/UDP connections check
/// ClusterIP, NodePort, traffic policies, affinity, rejection, headless, source ranges and
/// hairpin; cleanup must restore every node's tables. Every backend the binary has is used.
@Suite(.enabled(if: LabEnvironment.unavailable == nil, LabEnvironment.reason))
struct LabTests {
    @Test(.timeLimit(.minutes(10))) func servicesBehaveAsKubernetesPromisesWithRealPackets() throws {
        let binary = try #require(LabEnvironment.binary, "the kuberules binary is built with the tests (swift build)")
        // Ask the binary (not this test process) whether it has the libiptc backend.
        let probe = try ProcessCommandRunner().run(CommandInvocation(
            [binary.path, "apply", "-", "--backend", "libiptc", "--iptables", "nft"], timeout: .seconds(30)))
        let libiptc = probe.stderr.contains("legacy xtables only")
        let backends = libiptc ? "restore:legacy libiptc:legacy restore:nft" : "restore:legacy restore:nft"
        let lab = LabEnvironment.repository.appendingPathComponent("scripts/lab.sh").path
        // A generous grace after the time bound: the lab's trap deletes its namespaces on SIGTERM.
        let result = try ProcessCommandRunner(killGrace: .seconds(20)).run(CommandInvocation(
            ["env", "KUBERULES=\(binary.path)", "LAB_BACKENDS=\(backends)", lab], timeout: .seconds(540)))
        let output = result.stdout + result.stderr
        #expect(result.status == 0, "scripts/lab.sh failed:\n\(output)")
        #expect(output.contains("lab: every check passed"))
        #expect(!output.contains("FAIL"))
        let passed = output.split(separator: "\n").filter { $0.hasPrefix("  ok ") }.count
        // Per backend 13 behaviour checks, 11 trace-agreement checks (scripts/lab/trace.sh) and
        // 2 cleanups; 2 libiptc-vs-restore comparisons.
        #expect(passed == backends.split(separator: " ").count * 26 + (libiptc ? 2 : 0), "\(output)")
        if !libiptc {
            Issue.record("the kuberules binary has no libiptc backend; build with --traits LibIPTC to run the lab with it", severity: .warning)
        }
    }
}
