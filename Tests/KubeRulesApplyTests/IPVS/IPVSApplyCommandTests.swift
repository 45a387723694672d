import IPTCApply
import KubeRulesCLI
import Testing
@testable import KubeRulesApply

/// The CLI's IPVS-mode usage rules (no kernel needed): what cannot work is refused with exit 64
/// before anything is read or changed.
@Suite struct IPVSApplyCommandTests {
    static let manifests = KernelFixtures.repository.appendingPathComponent("fixtures/ipvs-clusterip/manifests.yaml").path

    @Test func theLibiptcBackendCannotProgramIPVSMode() {
        let apply = ApplyCommandTests.run([
            "apply", Self.manifests, "--hostname-override", "test-node", "--proxy-mode", "ipvs", "--backend", "libiptc",
            "--iptables", "legacy",
        ])
        #expect(apply.status == 64)
        #expect(apply.stdout.isEmpty)
        // Without the trait, --backend libiptc is refused on its own first.
        #expect(apply.stderr.contains(IPTCAvailability.isBuiltIn ? "libiptc backend cannot program" : "not built in"))

        let cleanup = ApplyCommandTests.run(["cleanup", "--proxy-mode", "ipvs", "--backend", "libiptc", "--iptables", "legacy"])
        #expect(cleanup.status == 64)
    }

    @Test func cleanupTakesOnlyKnownModes() {
        let run = ApplyCommandTests.run(["cleanup", "--proxy-mode", "userspace"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--proxy-mode must be iptables or ipvs, not userspace."))
    }

    @Test func badManifestsExitTwoBeforeTheKernelIsAsked() {
        let run = ApplyCommandTests.run(["apply", "/nonexistent/kr-ipvsapply.yaml", "--proxy-mode", "ipvs"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
    }
}
