import Foundation
import KubeRules
import KubeRulesCLI

/// One case under `fixtures/<case>/`, loaded exactly as the CLI would load it.
///
/// The case's inputs (`manifests.yaml`, `manifests.json`, `manifests/` — whichever exist, in that
/// order), `config.yaml` (as `--config`) and `flags` (one flag per line, blank lines and `#`
/// comments skipped) become a command line that is parsed by the real ``InputOptions`` /
/// ``ProxyFlags``, so a fixture means what `kuberules <command> <that command line>` means.
///
/// Reused by every golden test: `FixtureCase.all(having: "expected.iptables")`, then
/// `try fixture.graph()` (or `fixture.load()` for the options and manifests).
struct FixtureCase: CustomStringConvertible, Sendable {
    let name: String
    let directory: URL

    var description: String { name }

    /// Every case directory under `fixtures/`, by name.
    static func all() -> [FixtureCase] {
        let root = Golden.fixtures
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            let directory = root.appendingPathComponent(name, isDirectory: true)
            let fixture = FixtureCase(name: name, directory: directory)
            return fixture.manifestPaths.isEmpty ? nil : fixture
        }
    }

    /// The cases that have the golden file `expected`.
    static func all(having expected: String) -> [FixtureCase] {
        all().filter { $0.has(expected) }
    }

    func url(_ file: String) -> URL { directory.appendingPathComponent(file) }

    func has(_ file: String) -> Bool { FileManager.default.fileExists(atPath: url(file).path) }

    /// The case's manifest inputs, as paths the CLI would be given.
    var manifestPaths: [String] {
        ["manifests.yaml", "manifests.json", "manifests"].filter(has).map { url($0).path }
    }

    /// The extra command-line flags from `flags`.
    var flags: [String] {
        guard let text = try? String(contentsOf: url("flags"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").flatMap { line -> [String] in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return [] }
            return trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        }
    }

    /// The whole command line after the subcommand name: inputs, `--config`, then `flags`.
    var arguments: [String] {
        manifestPaths + (has("config.yaml") ? ["--config", url("config.yaml").path] : []) + flags
    }

    /// The case's command line parsed by the CLI's own ``InputOptions``.
    func inputOptions() throws -> InputOptions {
        try InputOptions.parse(arguments)
    }

    /// Merged options and manifests, as every command loads them.
    func load() throws -> (ProxyOptions, Manifests) {
        var diagnostics = DiagnosticCollector()
        let io = CommandIO(readInput: { [] }, out: { _ in }, err: { _ in })
        return try inputOptions().load(io: io, diagnostics: &diagnostics)
    }

    /// The service graph of the case.
    func graph() throws -> ServiceGraph {
        let (options, manifests) = try load()
        var diagnostics = DiagnosticCollector()
        return try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
    }
}
