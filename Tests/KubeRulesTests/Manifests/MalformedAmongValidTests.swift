import Foundation
import Testing
@testable import KubeRules

/// A directory with malformed files among valid ones (fixtures/errors/mixed): the read fails
/// with every error of every file, in input order, and nothing about the valid files.
@Suite struct MalformedAmongValidTests {
    static let directory = ManifestTestSupport.errors.appendingPathComponent("mixed")

    /// The diagnostics as printed on stderr, with paths relative to the repository root.
    static func stderrText(_ error: DiagnosticsError) -> String {
        error.description.replacingOccurrences(of: Golden.root.standardizedFileURL.path + "/", with: "") + "\n"
    }

    @Test func reportsEveryErrorAndNothingElse() throws {
        let error = #expect(throws: DiagnosticsError.self) {
            try ManifestReader().read([.path(Self.directory.path)])
        }
        let diagnostics = try #require(error).diagnostics
        #expect(diagnostics.map(\.severity) == [.error, .error, .error, .error, .error, .error, .error, .note])
        let files = diagnostics.compactMap { $0.location.map { URL(fileURLWithPath: $0.file).lastPathComponent } }
        #expect(files == ["02-broken.yaml", "02-broken.yaml", "02-broken.yaml", "02-broken.yaml",
                          "04-bad.json", "04-bad.json", "04-bad.json", "06-deployment.yaml"])
        Golden.assertMatches(Self.stderrText(try #require(error)), file: Self.directory.appendingPathComponent("expected.diagnostics"))
    }

    @Test func theValidFilesAloneReadCleanly() throws {
        let valid = ["01-services.yaml", "03-slices.json", "05-node.yml"].map {
            ManifestInput.path(Self.directory.appendingPathComponent($0).path)
        }
        let result = try ManifestReader().read(valid)
        #expect(result.notes.isEmpty)
        #expect(result.manifests.services.map(\.metadata.name) == ["svc1", "svc2"])
        #expect(result.manifests.endpointSlices.map(\.metadata.name) == ["svc1-abcde"])
        #expect(result.manifests.nodes.map(\.metadata.name) == ["test-node"])
    }
}
