import Foundation
import Testing
@testable import KubeRules

/// ``Manifests/append(contentsOf:)`` takes an empty kind's array as it is and appends to a
/// non-empty one: either way the objects come out in input order, nothing lost or doubled.
@Suite struct ManifestsAppendTests {
    static let directory = ManifestTestSupport.errors.appendingPathComponent("mixed")

    static func read(_ files: [String]) throws -> Manifests {
        try ManifestReader().read(files.map { .path(directory.appendingPathComponent($0).path) }).manifests
    }

    @Test func joinsInInputOrderIntoEmptyAndNonEmptyArrays() throws {
        let services = try Self.read(["01-services.yaml"])
        let slices = try Self.read(["03-slices.json"])
        let node = try Self.read(["05-node.yml"])
        var joined = Manifests()
        joined.append(contentsOf: services)
        joined.append(contentsOf: Manifests())
        joined.append(contentsOf: slices)
        joined.append(contentsOf: services)
        joined.append(contentsOf: node)
        joined.append(contentsOf: slices)
        #expect(joined.services.map(\.metadata.name) == ["svc1", "svc2", "svc1", "svc2"])
        #expect(joined.services == services.services + services.services)
        #expect(joined.endpointSlices == slices.endpointSlices + slices.endpointSlices)
        #expect(joined.nodes == node.nodes)
        #expect(joined.endpoints.isEmpty)
        // The reader joins files the same way.
        let read = try Self.read(["01-services.yaml", "03-slices.json", "01-services.yaml", "05-node.yml", "03-slices.json"])
        #expect(read == joined)
        // Appending to a copy leaves the original as it was (value semantics).
        var copy = services
        copy.append(contentsOf: services)
        #expect(services.services.count == 2 && copy.services.count == 4)
    }
}
