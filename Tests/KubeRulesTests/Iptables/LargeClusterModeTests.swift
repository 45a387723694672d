import Testing

@testable import KubeRules

/// kube-proxy's `TestSyncProxyRulesLargeClusterMode` assertions on the two fixtures that
/// reproduce its full syncs (below and above `largeClusterEndpointsThreshold`).
@Suite struct LargeClusterModeTests {
    /// kube-proxy's `countEndpointsAndComments`: the `-A KUBE-SEP-… -j DNAT` lines, how many have
    /// a comment, and the one mentioning `endpoint`.
    static func count(_ text: String, _ endpoint: String) -> (matched: String, endpoints: Int, comments: Int) {
        var matched = ""
        var endpoints = 0
        var comments = 0
        for line in text.split(separator: "\n") where line.hasPrefix("-A KUBE-SEP-") && line.contains("-j DNAT") {
            endpoints += 1
            if line.contains("--comment") { comments += 1 }
            if line.contains(endpoint) { matched = String(line) }
        }
        return (matched, endpoints, comments)
    }

    static func render(_ fixture: String) throws -> String {
        let fixture = FixtureCase(name: fixture, directory: Golden.fixtures.appendingPathComponent(fixture))
        return IptablesRenderer.render(try fixture.compileIptables(family: .ipv4).1)
    }

    @Test func belowTheThresholdEndpointRulesKeepTheirComments() throws {
        let result = Self.count(try Self.render("kube-proxy-TestSyncProxyRulesLargeClusterMode-below-threshold"), "10.0.0.0")
        #expect(result.matched
            == "-A KUBE-SEP-DKGQUZGBKLTPAR56 -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80")
        #expect(result.endpoints == 2 * (1000 / 2 - 1))
        #expect(result.comments == result.endpoints)
    }

    @Test func aboveTheThresholdEndpointRulesLoseTheirComments() throws {
        let text = try Self.render("kube-proxy-TestSyncProxyRulesLargeClusterMode")
        let result = Self.count(text, "10.0.0.0")
        #expect(result.matched == "-A KUBE-SEP-DKGQUZGBKLTPAR56 -m tcp -p tcp -j DNAT --to-destination 10.0.0.0:80")
        #expect(result.endpoints == 2 * (1000 / 2 - 1) + 3)
        #expect(result.comments == 0)
        #expect(Self.count(text, "203.0.113.4").matched
            == "-A KUBE-SEP-RUVVH7YV3PHQBDOS -m tcp -p tcp -j DNAT --to-destination 203.0.113.4:8081")
        // The jumps into the endpoint chains lose theirs too; other comments stay.
        #expect(!text.contains("ns1/svc1:p80 ->"))
        #expect(text.contains("\"ns1/svc1:p80 cluster IP\""))
    }
}
