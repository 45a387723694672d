import Foundation
import Testing

/// Golden-file comparison shared by every golden test.
///
/// Compares byte for byte. On a mismatch it records an issue showing `git diff --no-index` of
/// expected vs actual. With `UPDATE_GOLDEN=1` it rewrites the golden file *and still fails*, so
/// every re-recorded golden shows up in review (`git diff fixtures`) and never passes silently.
enum Golden {
    /// The repository root (…/Tests/KubeRulesTests/Support/Golden.swift → …).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures: URL = root.appendingPathComponent("fixtures")

    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// Asserts that `actual` equals the file at `url` (created when updating).
    static func assertMatches(
        _ actual: String, file url: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if expected == actual { return }
        if updating {
            try? FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record(
                "re-recorded \(relative(url)) (UPDATE_GOLDEN=1); review `git diff` and run again without it",
                sourceLocation: sourceLocation)
            return
        }
        guard let expected else {
            Issue.record(
                "missing golden file \(relative(url)); run `make golden` to record it",
                sourceLocation: sourceLocation)
            return
        }
        Issue.record(
            "\(relative(url)) differs from the output:\n\(diff(expected: expected, actual: actual))",
            sourceLocation: sourceLocation)
    }

    static func relative(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = root.standardizedFileURL.path + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// `git diff --no-index` output of the two texts (a plain listing if git is unavailable).
    static func diff(expected: String, actual: String) -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("kuberules-golden-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("expected")
        let b = dir.appendingPathComponent("actual")
        try? expected.write(to: a, atomically: true, encoding: .utf8)
        try? actual.write(to: b, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "diff", "--no-index", "--no-color", a.path, b.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        do {
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        } catch {
            return "--- expected\n\(expected)\n+++ actual\n\(actual)"
        }
    }
}
