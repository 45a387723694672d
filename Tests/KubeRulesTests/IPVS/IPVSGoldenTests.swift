import Foundation
import Testing
@testable import KubeRules

/// Walks `fixtures/` and checks every IPVS golden file byte for byte (`UPDATE_GOLDEN=1` rewrites
/// them and still fails). IPVS fixtures (`ipvs-*`, `kube-proxy-ipvs-*`) must have all three.
@Suite("IPVS golden fixtures")
struct IPVSGoldenTests {
    @Test("render --proxy-mode ipvs matches the golden files", arguments: FixtureCase.ipvsCases)
    func golden(_ fixture: FixtureCase) throws {
        let texts = try fixture.ipvsTexts()
        for text in IPVSText.allCases {
            Golden.assertMatches(texts[text.goldenFileName]!, file: fixture.url(text.goldenFileName))
        }
        #expect(fixture.has("README.md"), "\(fixture.name) has no README.md")
    }

    @Test("the fixtures exist: one per shape of issue 5")
    func shapesCovered() {
        let shapes = [
            "ipvs-clusterip", "ipvs-nodeport", "ipvs-nodeport-addresses", "ipvs-externalips", "ipvs-loadbalancer",
            "ipvs-loadbalancer-source-ranges", "ipvs-etp-local", "ipvs-itp-local", "ipvs-affinity", "ipvs-no-endpoints",
            "ipvs-terminating", "ipvs-udp-sctp", "ipvs-ipv6",
        ]
        let names = FixtureCase.ipvsCases.map(\.name)
        #expect(shapes.filter { !names.contains($0) } == [])
    }
}
