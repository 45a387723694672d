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

extension Manifests {
    /// The same objects with every source location blanked, to compare what was read from
    /// different files or formats.
    var withoutLocations: Manifests {
        let none = SourceLocation(file: "", line: 0, column: 0)
        var copy = self
        for i in copy.services.indices {
            copy.services[i].location = none
            for j in copy.services[i].ports.indices { copy.services[i].ports[j].location = none }
        }
        for i in copy.endpointSlices.indices {
            copy.endpointSlices[i].location = none
            for j in copy.endpointSlices[i].endpoints.indices { copy.endpointSlices[i].endpoints[j].location = none }
            for j in copy.endpointSlices[i].ports.indices { copy.endpointSlices[i].ports[j].location = none }
        }
        for i in copy.endpoints.indices {
            copy.endpoints[i].location = none
            for j in copy.endpoints[i].subsets.indices {
                for k in copy.endpoints[i].subsets[j].addresses.indices { copy.endpoints[i].subsets[j].addresses[k].location = none }
                for k in copy.endpoints[i].subsets[j].notReadyAddresses.indices {
                    copy.endpoints[i].subsets[j].notReadyAddresses[k].location = none
                }
                for k in copy.endpoints[i].subsets[j].ports.indices { copy.endpoints[i].subsets[j].ports[k].location = none }
            }
        }
        for i in copy.nodes.indices { copy.nodes[i].location = none }
        return copy
    }
}
