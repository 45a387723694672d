import Foundation
import Testing

@testable import KubeRules

/// Golden rules in CI: `render --output-dir DIR` then `diff --golden DIR`, both modes; an edited
/// manifest, a removed node and a new node are reported; writing is all or nothing.
@Suite struct GoldenDirectoryTests {
    static var example: FixtureCase { FixtureCase.all().first { $0.name == "example" }! }
    var manifestsPath: String { Self.example.url("manifests.yaml").path }
    var manifests: String { try! String(contentsOfFile: manifestsPath, encoding: .utf8) }

    @Test func roundTripBothModesIsSame() throws {
        let directory = try TemporaryDirectory()
        let golden = directory.url.appendingPathComponent("golden").path
        let iptables = CLIRun(["render", manifestsPath, "--output-dir", golden])
        #expect(iptables.exitCode == 0, "\(iptables.stderr)")
        #expect(iptables.stdout == "wrote \(golden)/node-1.iptables\nwrote \(golden)/node-2.iptables\n")
        let ipvs = CLIRun(["render", manifestsPath, "--proxy-mode", "ipvs", "--output-dir", golden])
        #expect(ipvs.exitCode == 0, "\(ipvs.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: golden).sorted()
        #expect(names == [
            "node-1.iptables", "node-1.ipset", "node-1.ipvs-iptables", "node-1.ipvsadm",
            "node-2.iptables", "node-2.ipset", "node-2.ipvs-iptables", "node-2.ipvsadm",
        ].sorted())
        // Each file is what render prints for that node.
        let node2 = CLIRun(["render", manifestsPath, "--hostname-override", "node-2"])
        #expect(try String(contentsOfFile: "\(golden)/node-2.iptables", encoding: .utf8) == node2.stdout)

        let check = CLIRun(["diff", manifestsPath, "--golden", golden])
        #expect(check.exitCode == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout == "")
    }

    @Test func editedManifestIsReportedPerFile() throws {
        let directory = try TemporaryDirectory()
        let golden = directory.url.appendingPathComponent("golden").path
        #expect(CLIRun(["render", manifestsPath, "--output-dir", golden]).exitCode == 0)
        let edited = try directory.write("edited.yaml", manifests.replacingOccurrences(of: "    - 10.180.1.20\n", with: "    - 10.180.1.27\n"))
        let check = CLIRun(["diff", edited, "--golden", golden])
        #expect(check.exitCode == 1)
        for node in ["node-1", "node-2"] {
            #expect(check.stdout.contains("== \(golden)/\(node).iptables\ndefault/web-app:http gained endpoint 10.180.1.27:8080 (KUBE-SEP-JATW5QIWPCZRWGSX)\ndefault/web-app:http lost endpoint 10.180.1.20:8080 (KUBE-SEP-TFAAZEZWRJ3AM7OI)\n"), "\(check.stdout)")
        }
        #expect(check.stdout.hasSuffix("2 of 2 golden file(s) differ from the rendered rules\n"))
    }

    @Test func removedAndAddedNodesAreReported() throws {
        let directory = try TemporaryDirectory()
        let golden = directory.url.appendingPathComponent("golden").path
        #expect(CLIRun(["render", manifestsPath, "--output-dir", golden]).exitCode == 0)
        // node-2 renamed node-3: node-2's file is stale, node-3 has none.
        let renamed = try directory.write("renamed.yaml", manifests.replacingOccurrences(of: "node-2", with: "node-3"))
        let check = CLIRun(["diff", renamed, "--golden", golden])
        #expect(check.exitCode == 1)
        #expect(check.stdout.contains("== \(golden)/node-2.iptables\nnode node-2 is no longer in the input: this golden file is stale\n"), "\(check.stdout)")
        #expect(check.stdout.contains("== \(golden)/node-3.iptables\nnode node-3 has no golden file (render --output-dir writes it)\n"))
        // Re-rendering replaces the stale file: the directory describes the input again.
        #expect(CLIRun(["render", renamed, "--output-dir", golden]).exitCode == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: golden).sorted() == ["node-1.iptables", "node-3.iptables"])
        #expect(CLIRun(["diff", renamed, "--golden", golden]).exitCode == 0)
    }

    @Test func badInputWritesNothing() throws {
        let directory = try TemporaryDirectory()
        let golden = directory.url.appendingPathComponent("golden").path
        #expect(CLIRun(["render", manifestsPath, "--output-dir", golden]).exitCode == 0)
        let before = try String(contentsOfFile: "\(golden)/node-1.iptables", encoding: .utf8)
        let broken = try directory.write("broken.yaml", manifests.replacingOccurrences(of: "port: 80\n", with: "port: 80000\n"))
        let run = CLIRun(["render", broken, "--output-dir", golden])
        #expect(run.exitCode == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.contains("error:"))
        #expect(try String(contentsOfFile: "\(golden)/node-1.iptables", encoding: .utf8) == before)
        // No staging directory is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted() == ["broken.yaml", "golden"])
    }

    @Test func emptyGoldenDirectoryIsBadInput() throws {
        let directory = try TemporaryDirectory()
        let run = CLIRun(["diff", manifestsPath, "--golden", directory.url.path])
        #expect(run.exitCode == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.contains("error: no golden files in \(directory.url.path)"))
    }

    @Test func goldenFileNames() {
        #expect(GoldenFile(fileName: "node-1.example.com.ipvs-iptables") == GoldenFile(node: "node-1.example.com", kind: .ipvsIptables))
        #expect(GoldenFile(fileName: "n.iptables") == GoldenFile(node: "n", kind: .iptables))
        #expect(GoldenFile(fileName: "n.ip6tables")?.kind.family == .ipv6)
        #expect(GoldenFile(fileName: "README.md") == nil)
        #expect(GoldenFile(fileName: ".iptables") == nil)
    }
}
