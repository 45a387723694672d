import Foundation
import KubeRules
import KubeRulesCLI

/// One case under `fixtures/injection/<case>/`: hostile values in a manifest, a `--config` file or
/// a flag, and what `kuberules render` must do with them (fixtures/injection/README.md).
///
/// `case.json` holds the extra command-line arguments as a JSON array (a `flags` file could not
/// carry the newlines and spaces these values need), the exit code, and for accepted cases the
/// strings that must not appear anywhere in the output.
struct InjectionCase: CustomStringConvertible, Sendable {
    struct Spec: Decodable, Sendable {
        var arguments: [String]
        var exit: Int32
        var absent: [String]?
    }

    let name: String
    let directory: URL
    let spec: Spec

    var description: String { name }

    static var root: URL { Golden.fixtures.appendingPathComponent("injection", isDirectory: true) }

    /// Every case, by name.
    static func all() -> [InjectionCase] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            let directory = root.appendingPathComponent(name, isDirectory: true)
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("case.json").path),
                let spec = try? JSONDecoder().decode(Spec.self, from: data)
            else { return nil }
            return InjectionCase(name: name, directory: directory, spec: spec)
        }
    }

    func url(_ file: String) -> URL { directory.appendingPathComponent(file) }

    func has(_ file: String) -> Bool { FileManager.default.fileExists(atPath: url(file).path) }

    /// The inputs, `--config` and the case's arguments: everything after `render`.
    var arguments: [String] {
        ["manifests.yaml", "manifests.json"].filter(has).map { url($0).path }
            + (has("config.yaml") ? ["--config", url("config.yaml").path] : []) + spec.arguments
    }

    /// `text` with this case's directory left out of paths, so golden stderr is machine-independent.
    func relativized(_ text: String) -> String {
        text.replacingOccurrences(of: directory.path + "/", with: "")
    }

    /// The ruleset the CLI renders for `arguments` (plus `extra`), compiled in-process.
    func compiledRuleset(extra: [String] = []) throws -> Ruleset {
        var diagnostics = DiagnosticCollector()
        let input = try InputOptions.parse(arguments + extra)
        let io = CommandIO(readInput: { [] }, out: { _ in }, err: { _ in })
        let (options, manifests) = try input.load(io: io, diagnostics: &diagnostics)
        let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
        switch options.proxyMode {
        case .iptables: return IptablesCompiler(options: options).compile(graph)
        case .ipvs: return IPVSCompiler(options: options).compile(graph).iptables
        }
    }
}
