import Foundation
import Testing
@testable import KubeRules

/// The fast readers (``KubectlYAMLParser``, the streaming JSON reader, ``StreamingManifestReader``)
/// against the tree parsers they replace (Yams through ``YAMLDocumentParser``, and
/// ``JSONDocumentParser``): where the fast reader accepts a text, the trees — every node, style
/// and position — and the decoded objects and diagnostics must be the same; where it does not,
/// the reader falls back, so the outcome is the reference's by construction.
@Suite("Fast readers against the tree parsers")
struct DifferentialReaderTests {
    /// Every file under fixtures/ with one of `extensions`.
    static func fixtureFiles(_ extensions: Set<String>) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: Golden.fixtures, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if extensions.contains(url.pathExtension.lowercased()) { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }

    static func source(_ url: URL) throws -> SourceText {
        try SourceText(name: url.path, bytes: [UInt8](try Data(contentsOf: url)))
    }

    /// A read's outcome: the result, or every diagnostic of the failure.
    enum Outcome: Equatable {
        case read(ManifestReadResult)
        case failed([Diagnostic])
    }

    static func outcome(_ input: ManifestInput, streaming: Bool, nodePortRange: ClosedRange<Int> = 30000...32767) -> Outcome {
        var reader = ManifestReader(serviceNodePortRange: nodePortRange)
        reader.streaming = streaming
        do {
            return .read(try reader.read([input]))
        } catch {
            return .failed(error.diagnostics)
        }
    }

    @Test("every YAML fixture: the fast reader's trees equal Yams', and kubectl output stays in the subset")
    func yamlFixtures() throws {
        var inSubset = 0
        for url in Self.fixtureFiles(["yaml", "yml"]) {
            let source = try Self.source(url)
            let reference = YAMLDocumentParser().parse(source)
            switch KubectlYAMLParser.fastDocuments(source) {
            case .success(let documents):
                inSubset += 1
                #expect(reference.errors.isEmpty, "\(url.lastPathComponent): fast reader accepted what Yams rejects")
                #expect(documents == reference.documents, "\(url.lastPathComponent): trees differ")
            case .failure(let why):
                // Real kubectl output must not need Yams.
                #expect(
                    !url.path.contains("/corpus/"),
                    "\(url.lastPathComponent) fell back to Yams: \(why.reason) at byte \(why.offset)")
            }
        }
        #expect(inSubset > 10)
    }

    @Test("every JSON fixture: the fast JSON reader's trees equal the reference parser's")
    func jsonFixtures() throws {
        for url in Self.fixtureFiles(["json"]) {
            let source = try Self.source(url)
            let reference = JSONDocumentParser().parse(source)
            if let trees = JSONStreamReader.trees(source) {
                #expect(reference.errors.isEmpty, "\(url.lastPathComponent)")
                #expect(trees == reference.documents, "\(url.lastPathComponent): trees differ")
            } else {
                #expect(!reference.errors.isEmpty, "\(url.lastPathComponent): fast JSON reader refused valid JSON")
            }
        }
    }

    @Test("every fixture file and directory reads the same with and without the streaming reader")
    func readerOnFixtures() {
        var inputs = Self.fixtureFiles(["yaml", "yml", "json"]).map { ManifestInput.path($0.path) }
        inputs.append(.path(ManifestTestSupport.errors.appendingPathComponent("mixed").path))
        for input in inputs {
            #expect(Self.outcome(input, streaming: true) == Self.outcome(input, streaming: false), "\(input)")
        }
    }

    @Test("2,000 random YAML texts: the fast reader's trees equal Yams' whenever it accepts one")
    func randomYAML() {
        var accepted = 0
        let count = 2_000
        for seed in 0..<UInt64(count) {
            var random = RandomYAML(seed: seed)
            let text = random.text()
            let source = SourceText(name: "random-\(seed).yaml", text: text)
            guard case .success(let documents) = KubectlYAMLParser.fastDocuments(source) else { continue }
            accepted += 1
            let reference = YAMLDocumentParser().parse(source)
            #expect(reference.errors.isEmpty, "seed \(seed): fast reader accepted what Yams rejects:\n\(text)")
            if documents != reference.documents {
                Issue.record("seed \(seed): trees differ:\n\(text)\nfast: \(documents)\nyams: \(reference.documents)")
            }
        }
        // The generator must exercise the fast path, not only the fallback.
        #expect(accepted > count / 3)
    }

    @Test("500 random kubectl-style lists (YAML and JSON, valid and not): the same objects and diagnostics")
    func randomLists() {
        for seed in 0..<UInt64(500) {
            var random = RandomYAML(seed: seed &* 7919)
            let yaml = RandomManifests.list(&random)
            let yamlInput = ManifestInput.bytes(name: "list-\(seed).yaml", Array(yaml.utf8), format: .yaml)
            let streamed = Self.outcome(yamlInput, streaming: true)
            #expect(streamed == Self.outcome(yamlInput, streaming: false), "seed \(seed):\n\(yaml)")
            // The same documents as JSON, pretty or minified.
            let trees = YAMLDocumentParser().parse(SourceText(name: "x.yaml", text: yaml))
            guard trees.errors.isEmpty else { continue }
            let json = trees.documents.map { RandomManifests.json($0, pretty: seed % 2 == 0, indent: 0) }.joined(separator: "\n")
            let jsonInput = ManifestInput.bytes(name: "list-\(seed).json", Array(json.utf8), format: .json)
            #expect(Self.outcome(jsonInput, streaming: true) == Self.outcome(jsonInput, streaming: false), "seed \(seed):\n\(json)")
        }
    }
}
