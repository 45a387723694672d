import Foundation
import Testing

@testable import KubeRules

/// Walks `fixtures/`: for every case with `expected.iptables` (IPv4) or `expected.ip6tables`
/// (rendered with `--ip-family ipv6`), the normalized output must equal the file byte for byte,
/// pass kube-proxy's consistency check, and give every packet of `flows.tsv` of that family the
/// outcome written there.
@Suite struct IptablesGoldenTests {
    @Test(arguments: FixtureCase.iptables)
    func fixtureMatchesGoldenAndFlows(_ fixture: FixtureCase) throws {
        let flows = try fixture.flows()
        var checkedFlows = 0
        for (file, family) in [("expected.iptables", IPFamily.ipv4), ("expected.ip6tables", .ipv6)] where fixture.has(file) {
            let (graph, ruleset) = try fixture.compileIptables(family: family)
            Golden.assertMatches(IptablesNormalizer.normalizedText(ruleset), file: fixture.url(file))
            #expect(IptablesConsistencyCheck.problems(ruleset).map(\.description) == [], "\(fixture)/\(file)")
            for flow in flows where flow.family == family {
                checkedFlows += 1
                if let problem = flow.check(ruleset, node: graph.node) {
                    Issue.record("\(fixture.name)/flows.tsv \(problem)")
                }
            }
        }
        #expect(checkedFlows == flows.count, "\(fixture.name): some flows have no expected file of their family")
    }

    /// The expected files are in normalized form, so they compare as kube-proxy's tests compare.
    @Test(arguments: FixtureCase.iptables)
    func expectedFilesAreNormalized(_ fixture: FixtureCase) throws {
        for file in ["expected.iptables", "expected.ip6tables"] where fixture.has(file) {
            let text = try String(contentsOf: fixture.url(file), encoding: .utf8)
            #expect(try IptablesNormalizer.normalizedText(text, file: fixture.url(file).path) == text, "\(fixture)/\(file)")
        }
    }
}
