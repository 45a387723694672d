import Foundation
import KubeRulesCLI
@testable import KubeRules

/// One `fixtures/<case>/` directory run through the whole IPVS pipeline, as `kuberules render
/// --proxy-mode ipvs` runs it: the manifests (`manifests.yaml`, `manifests.json` or
/// `manifests/`), `config.yaml` (a KubeProxyConfiguration) and `flags` (one command-line flag
/// with its value per line) → options → service graph → ``IPVSConfig``.
struct IPVSFixture: Sendable, CustomStringConvertible {
    let name: String
    var directory: URL { Golden.fixtures.appendingPathComponent(name) }
    var description: String { name }

    /// The golden files of IPVS mode.
    static let goldenFiles = IPVSText.allCases.map(\.goldenFileName)

    /// Every fixture that is IPVS's (`ipvs-*`, `kube-proxy-ipvs-*`) or holds an IPVS golden file.
    static var all: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Golden.fixtures.path)) ?? []
        return names.sorted().filter { name in
            name.hasPrefix("ipvs-") || name.hasPrefix("kube-proxy-ipvs-")
                || goldenFiles.contains { FileManager.default.fileExists(atPath: Golden.fixtures.appendingPathComponent("\(name)/\($0)").path) }
        }
    }

    func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// The manifest input of the case.
    var inputs: [ManifestInput] {
        ["manifests.yaml", "manifests.json", "manifests"].map(file).filter { FileManager.default.fileExists(atPath: $0.path) }
            .map { .path($0.path) }
    }

    /// `flags`, one flag (and its value) per line; `#` lines and blank lines ignored.
    var flags: [String] {
        guard let text = try? String(contentsOf: file("flags"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.flatMap { $0.split(separator: " ").map(String.init) }
    }

    /// Defaults, then `config.yaml`, then `flags` (kube-proxy's precedence).
    func options() throws -> ProxyOptions {
        var layers: [ProxyOptionOverrides] = []
        if FileManager.default.fileExists(atPath: file("config.yaml").path) {
            layers.append(try KubeProxyConfigurationReader().read(path: file("config.yaml").path))
        }
        layers.append(try ProxyFlags.parse(flags).overrides())
        return ProxyOptions(layers: layers)
    }

    /// The service graph of the case.
    func graph() throws -> ServiceGraph {
        let options = try options()
        let manifests = try ManifestReader(options: options).read(inputs).manifests
        return try ServiceGraphBuilder(options: options).build(manifests)
    }

    /// The compiled IPVS state.
    func config() throws -> IPVSConfig {
        IPVSCompiler(options: try options()).compile(try graph())
    }

    /// The three texts `render --proxy-mode ipvs` prints, by golden file name.
    func rendered() throws -> [String: String] {
        let config = try config()
        return Dictionary(uniqueKeysWithValues: IPVSText.allCases.map { ($0.goldenFileName, $0.render(config)) })
    }
}
