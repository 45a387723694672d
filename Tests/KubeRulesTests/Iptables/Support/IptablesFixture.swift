import Foundation
import KubeRulesCLI

@testable import KubeRules

/// One `fixtures/<case>/` directory read the way `kuberules render` reads its input: manifests
/// (`manifests.yaml`, `manifests.json` or `manifests/`), `config.yaml` under the flags in
/// `flags` (one per line), then normalize and compile for a family.
struct IptablesFixture: CustomStringConvertible, Sendable {
    var name: String
    var directory: URL

    var description: String { name }

    /// Every fixture with an `expected.iptables` or `expected.ip6tables`.
    static var all: [IptablesFixture] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Golden.fixtures.path)) ?? []
        return names.sorted().compactMap { name in
            let directory = Golden.fixtures.appendingPathComponent(name)
            let files = ["expected.iptables", "expected.ip6tables"]
            guard files.contains(where: { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) })
            else { return nil }
            return IptablesFixture(name: name, directory: directory)
        }
    }

    func url(_ file: String) -> URL { directory.appendingPathComponent(file) }
    func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: url(file).path) }

    /// The merged options: defaults, `config.yaml`, `flags`; then `family`.
    func options(family: IPFamily) throws -> ProxyOptions {
        var layers: [ProxyOptionOverrides] = []
        if exists("config.yaml") {
            layers.append(try KubeProxyConfigurationReader().read(path: url("config.yaml").path))
        }
        if exists("flags") {
            let text = try String(contentsOf: url("flags"), encoding: .utf8)
            let arguments = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
                .flatMap { $0.split(separator: " ", maxSplits: 1).map(String.init) }
            layers.append(try ProxyFlags.parse(arguments).overrides())
        }
        var options = ProxyOptions(layers: layers)
        options.ipFamily = family
        return options
    }

    var manifestInputs: [ManifestInput] {
        ["manifests.yaml", "manifests.json", "manifests"].filter(exists).map { .path(url($0).path) }
    }

    func graph(family: IPFamily) throws -> ServiceGraph {
        let options = try options(family: family)
        let manifests = try ManifestReader(options: options).read(manifestInputs).manifests
        return try ServiceGraphBuilder(options: options).build(manifests)
    }

    func compile(family: IPFamily, hooks: Bool = false) throws -> (ServiceGraph, Ruleset) {
        let graph = try graph(family: family)
        return (graph, IptablesCompiler(options: try options(family: family)).compile(graph, hooks: hooks))
    }

    func flows() throws -> [Flow] {
        guard exists("flows.tsv") else { return [] }
        return try Flow.parse(String(contentsOf: url("flows.tsv"), encoding: .utf8), file: url("flows.tsv").path)
    }
}
