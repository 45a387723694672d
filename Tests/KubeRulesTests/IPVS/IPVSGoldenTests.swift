import Foundation
import Testing
@testable import KubeRules

/// Walks `fixtures/` and checks every IPVS golden file byte for byte (`UPDATE_GOLDEN=1` rewrites
/// them and still fails). IPVS fixtures (`ipvs-*`, `kube-proxy-ipvs-*`) must have all three.
@Suite("IPVS golden fixtures")
struct IPVSGoldenTests {
    @Test("render --proxy-mode ipvs matches the golden files", arguments: IPVSFixture.all)
    func golden(_ name: String) throws {
        let fixture = IPVSFixture(name: name)
        let texts = try fixture.rendered()
        for file in IPVSFixture.goldenFiles {
            Golden.assertMatches(texts[file]!, file: fixture.file(file))
        }
        #expect(FileManager.default.fileExists(atPath: fixture.file("README.md").path), "\(name) has no README.md")
    }

    @Test("the fixtures exist: one per shape of issue 5")
    func shapesCovered() {
        let shapes = [
            "ipvs-clusterip", "ipvs-nodeport", "ipvs-nodeport-addresses", "ipvs-externalips", "ipvs-loadbalancer",
            "ipvs-loadbalancer-source-ranges", "ipvs-etp-local", "ipvs-itp-local", "ipvs-affinity", "ipvs-no-endpoints",
            "ipvs-terminating", "ipvs-udp-sctp", "ipvs-ipv6",
        ]
        #expect(shapes.filter { !IPVSFixture.all.contains($0) } == [])
    }
}
