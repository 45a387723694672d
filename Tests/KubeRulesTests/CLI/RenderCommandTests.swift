import Foundation
import Testing

@testable import KubeRules

/// `kuberules render` end to end, in-process: what reaches stdout, stderr and the exit code.
@Suite struct RenderCommandTests {
    static func fixture(_ name: String) -> FixtureCase {
        FixtureCase(name: name, directory: Golden.fixtures.appendingPathComponent(name))
    }

    @Test func rendersTheExampleAsItsGoldenFile() throws {
        let example = Self.fixture("example")
        let run = CLIRun(["render"] + example.arguments)
        #expect(run.exitCode == 0, "\(run.stderr)")
        let expected = try String(contentsOf: example.url("expected.iptables"), encoding: .utf8)
        #expect(try IptablesNormalizer.normalizedText(run.stdout) == expected)
        // The raw output is restore input as kube-proxy writes it: filter, then nat.
        #expect(run.stdout.hasPrefix("*filter\n:KUBE-SERVICES - [0:0]\n"))
    }

    @Test func ipv6FamilyRendersIp6tablesInput() throws {
        let dual = Self.fixture("iptables-dual-stack")
        let run = CLIRun(["render"] + dual.arguments + ["--ip-family", "ipv6"])
        #expect(run.exitCode == 0, "\(run.stderr)")
        let expected = try String(contentsOf: dual.url("expected.ip6tables"), encoding: .utf8)
        #expect(try IptablesNormalizer.normalizedText(run.stdout) == expected)
    }

    @Test func hooksAddKubeProxysJumpRules() throws {
        let run = CLIRun(["render"] + Self.fixture("kube-proxy-TestOverallIPTablesRules").arguments + ["--hooks"])
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\n-I PREROUTING 1 -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n"))
        #expect(run.stdout.contains("\n-I INPUT 1 -j KUBE-FIREWALL\n"))
        let ruleset = try IptablesParser().parse(run.stdout)
        #expect(ruleset[table: .filter]?.hooks.count == 11)
        #expect(ruleset[table: .nat]?.hooks.count == 3)
        #expect(IptablesConsistencyCheck.problems(ruleset) == [])
    }

    @Test func readsManifestsFromStandardInput() throws {
        let overall = Self.fixture("kube-proxy-TestOverallIPTablesRules")
        let manifests = try String(contentsOf: overall.url("manifests.yaml"), encoding: .utf8)
        let run = CLIRun(["render", "-"] + overall.flags, stdin: manifests)
        #expect(run.exitCode == 0, "\(run.stderr)")
        let expected = try String(contentsOf: overall.url("expected.iptables"), encoding: .utf8)
        #expect(try IptablesNormalizer.normalizedText(run.stdout) == expected)
    }

    @Test func badInputExitsTwoWithNothingOnStdout() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("bad.yaml", """
            apiVersion: v1
            kind: Service
            metadata:
              name: svc1
              namespace: ns1
            spec:
              clusterIP: 172.30.0.41
              ports:
              - port: 70000
            """)
        let run = CLIRun(["render", file, "--hostname-override", "test-node"])
        #expect(run.exitCode == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("\(file):9:"))
        #expect(run.stderr.contains(": error: "))
    }

    @Test func emitIsForIPVSModeOnly() {
        let run = CLIRun(["render", "x.yaml", "--proxy-mode", "iptables", "--emit", "ipset"])
        #expect(run.exitCode == 64)
        #expect(run.stdout == "")
        #expect(run.stderr.contains("--emit applies to --proxy-mode ipvs only"))
    }

    @Test func ipvsModeEmitsItsThreeTexts() throws {
        let example = Self.fixture("example")
        for (emit, marker) in [("ipvsadm", "-A -t 172.30.0.20:80"), ("ipset", "create KUBE-CLUSTER-IP"), ("iptables", "*nat")] {
            let run = CLIRun(["render"] + example.arguments + ["--proxy-mode", "ipvs", "--emit", emit])
            #expect(run.exitCode == 0, "\(emit): \(run.stderr)")
            #expect(run.stdout.contains(marker), "\(emit)")
        }
    }
}
