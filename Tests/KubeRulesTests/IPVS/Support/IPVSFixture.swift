import Foundation
@testable import KubeRules

/// IPVS mode's view of the fixture cases: which cases are IPVS's, and the three texts
/// `render --proxy-mode ipvs` prints for one, through the whole pipeline (``FixtureCase`` loads
/// the case exactly as the CLI does).
extension FixtureCase {
    /// Every case that is IPVS's (`ipvs-*`, `kube-proxy-ipvs-*`) or holds an IPVS golden file.
    static var ipvsCases: [FixtureCase] {
        all().filter { fixture in
            fixture.name.hasPrefix("ipvs-") || fixture.name.hasPrefix("kube-proxy-ipvs-")
                || IPVSText.allCases.contains { fixture.has($0.goldenFileName) }
        }
    }

    /// The compiled IPVS state of the case.
    func ipvsConfig() throws -> IPVSConfig {
        let (options, manifests) = try load()
        var diagnostics = DiagnosticCollector()
        let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
        return Pipeline.ipvs(graph, options: options, diagnostics: &diagnostics)
    }

    /// The three texts, by golden file name.
    func ipvsTexts() throws -> [String: String] {
        let config = try ipvsConfig()
        return Dictionary(uniqueKeysWithValues: IPVSText.allCases.map { ($0.goldenFileName, $0.render(config)) })
    }
}
