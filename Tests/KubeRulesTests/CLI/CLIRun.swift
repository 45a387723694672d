import Foundation
import KubeRulesCLI

/// Runs `kuberules ARGS…` in-process through ``KubeRulesCommand/run(arguments:io:)`` — the same
/// parsing, commands and exit codes as the binary — and captures what it writes.
final class CLIRun {
    private(set) var stdout = ""
    private(set) var stderr = ""
    private(set) var exitCode: Int32 = -1

    @discardableResult
    init(_ arguments: [String], stdin: String = "") {
        let io = CommandIO(
            readInput: { Array(stdin.utf8) },
            out: { [unowned self] in self.stdout += $0 },
            err: { [unowned self] in self.stderr += $0 })
        exitCode = KubeRulesCommand.run(arguments: arguments, io: io)
    }
}

/// A temporary directory for one test, removed when the value is deinitialized.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kuberules-graph-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
