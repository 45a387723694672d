import Foundation
import Testing

@testable import KubeRules

/// Every fixture with `expected.graph.json` builds exactly that graph. The example must have
/// one (a missing golden there fails, and `UPDATE_GOLDEN=1` records it); other cases opt in by
/// having the file.
@Suite struct GraphGoldenTests {
    static let cases = FixtureCase.all().filter { $0.name == "example" || $0.has("expected.graph.json") }

    @Test(arguments: cases)
    func graphMatchesGolden(_ fixture: FixtureCase) throws {
        let graph = try fixture.graph()
        Golden.assertMatches(ServiceGraphJSON.render(graph), file: fixture.url("expected.graph.json"))
    }

    @Test func theExampleIsACase() {
        #expect(Self.cases.map(\.name).contains("example"))
    }

    @Test(arguments: cases)
    func jsonIsDeterministic(_ fixture: FixtureCase) throws {
        let first = ServiceGraphJSON.render(try fixture.graph())
        let second = ServiceGraphJSON.render(try fixture.graph())
        #expect(first == second)
        // And it is JSON.
        #expect((try? JSONSerialization.jsonObject(with: Data(first.utf8))) != nil)
    }
}
