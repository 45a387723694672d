import Foundation
import Testing

@testable import KubeRules

/// `fixtures/diff-example/`: the report `diff` prints for a realistic change (golden), and the
/// diagnostics for a broken dump (golden).
@Suite struct DiffGoldenTests {
    static var fixture: FixtureCase { FixtureCase.all().first { $0.name == "diff-example" }! }
    var fixture: FixtureCase { Self.fixture }

    @Test func reportMatchesGolden() throws {
        let (options, manifests) = try fixture.load()
        var diagnostics = DiagnosticCollector()
        let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
        let saved = try SavedRules.parse(String(contentsOf: fixture.url("saved.iptables"), encoding: .utf8), file: "saved.iptables")
        let report = saved.compare(graph: graph, options: options, renderedName: "rendered", savedName: "saved.iptables")
        #expect(!report.isSame)
        Golden.assertMatches(report.text, file: fixture.url("expected.diff"))
    }

    @Test func brokenDumpDiagnosticsMatchGolden() throws {
        let text = try String(contentsOf: fixture.url("bad.iptables"), encoding: .utf8)
        do {
            _ = try SavedRules.parse(text, file: "bad.iptables")
            Issue.record("bad.iptables parsed")
        } catch {
            #expect(error.errors.count == 3)
            Golden.assertMatches(error.description + "\n", file: fixture.url("expected.bad.diagnostics"))
        }
    }

    /// The CLI prints the same report (with the paths it was given) and exits 1.
    @Test func cliAgrees() throws {
        let run = CLIRun(["diff"] + fixture.arguments + ["--against", fixture.url("saved.iptables").path])
        #expect(run.exitCode == 1)
        let expected = try String(contentsOf: fixture.url("expected.diff"), encoding: .utf8)
        let findings = expected.components(separatedBy: "\n\n")[0]
        #expect(run.stdout.hasPrefix(findings + "\n\n--- " + fixture.url("saved.iptables").path + "\n"))
    }
}
