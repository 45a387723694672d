import Foundation
import Testing
@testable import KubeRules

/// Helpers for manifest-reader tests: read inline text or fixture files, and look at the
/// diagnostics a read produced.
enum ManifestTestSupport {
    static let corpus = Golden.fixtures.appendingPathComponent("corpus")
    static let errors = Golden.fixtures.appendingPathComponent("errors")

    /// Reads `text` as a file named `name` (format from the name).
    static func read(_ text: String, name: String = "test.yaml", nodePortRange: ClosedRange<Int> = 30000...32767)
        throws(DiagnosticsError) -> ManifestReadResult
    {
        try ManifestReader(serviceNodePortRange: nodePortRange).read([
            .bytes(name: name, Array(text.utf8), format: ManifestFormat(path: name))
        ])
    }

    /// The diagnostics of a read that must fail.
    static func failures(_ text: String, name: String = "test.yaml", nodePortRange: ClosedRange<Int> = 30000...32767)
        -> [Diagnostic]
    {
        do {
            let result = try read(text, name: name, nodePortRange: nodePortRange)
            Issue.record("expected errors, read \(result.manifests.services.count) services without error")
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The headlines (`file:line:column: error: … (expected …)`) of the errors only.
    static func errorHeadlines(_ text: String, name: String = "test.yaml", nodePortRange: ClosedRange<Int> = 30000...32767)
        -> [String]
    {
        failures(text, name: name, nodePortRange: nodePortRange).filter { $0.severity == .error }.map(\.headline)
    }
}
