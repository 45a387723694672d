import Foundation
import KubeRules
import KubeRulesFuzzing
import Testing

/// Hostile values in every field that reaches rule text or a command line
/// (fixtures/injection): each is rejected with a clear error — exit 2 with `file:line:column`
/// diagnostics for manifests and `--config`, exit 64 for flags — and nothing on stdout; or,
/// where Kubernetes allows the value, the output is exactly the rules the compiler intended,
/// with none of the hostile text in it.
@Suite("Rule injection (fixtures/injection)")
struct InjectionTests {
    static let cases = InjectionCase.all()

    @Test("there are injection cases") func casesExist() {
        #expect(Self.cases.count >= 20)
    }

    @Test("rejected or rendered exactly as intended", arguments: cases)
    func injectionCase(_ injection: InjectionCase) throws {
        let run = CLIRun(["render"] + injection.arguments)
        #expect(run.exitCode == injection.spec.exit, "exit \(run.exitCode), stderr:\n\(run.stderr)")
        if injection.spec.exit != 0 {
            #expect(run.stdout.isEmpty, "a rejected input printed:\n\(run.stdout)")
            #expect(!run.stderr.isEmpty)
            Golden.assertMatches(injection.relativized(run.stderr), file: injection.url("expected.stderr"))
            return
        }
        Golden.assertMatches(run.stdout, file: injection.url("expected.stdout"))
        try checkAccepted(injection, output: run.stdout, extra: [])
        // The same manifests in IPVS mode: its companion rules and its ipvsadm text.
        let ipvs = CLIRun(["render"] + injection.arguments + ["--proxy-mode", "ipvs", "--emit", "iptables"])
        #expect(ipvs.exitCode == 0, "\(ipvs.stderr)")
        try checkAccepted(injection, output: ipvs.stdout, extra: ["--proxy-mode", "ipvs"])
        let ipvsadm = CLIRun(["render"] + injection.arguments + ["--proxy-mode", "ipvs"])
        for absent in injection.spec.absent ?? [] {
            #expect(!ipvsadm.stdout.contains(absent), "ipvsadm text contains \(absent.debugDescription)")
        }
    }

    /// The CLI's text is the IR's text, has one rule line per IR rule, round-trips, and holds
    /// none of the case's hostile strings.
    func checkAccepted(_ injection: InjectionCase, output: String, extra: [String]) throws {
        let ruleset = try injection.compiledRuleset(extra: extra)
        let text = try RulesetAudit.check(ruleset, requireFullConsistency: extra.isEmpty)
        #expect(output == text)
        #expect(RulesetAudit.ruleLineCount(output) == ruleset.ruleCount)
        for absent in injection.spec.absent ?? [] {
            #expect(!output.contains(absent), "output contains \(absent.debugDescription)")
        }
    }
}
