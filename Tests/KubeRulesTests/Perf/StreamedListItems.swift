@testable import KubeRules

/// Test support for the streaming reader's shortcuts: every list item of a text, as the reader
/// splits it, so a test can ask of each whether a shortcut takes it.
enum StreamedListItems {
    /// How many list items of `text` (in `format`) `takes` accepts. `takes` gets the item's
    /// index, its list's regions, and the per-format item parsers the reader would use.
    static func count(
        _ text: String, format: ManifestFormat,
        _ takes: (_ index: Int, _ regions: ItemRegions, _ yaml: YAMLItems, _ json: JSONItems) -> Bool
    ) -> Int {
        var text = text
        return text.withUTF8 { bytes -> Int in
            let shared = SharedBytes(buffer: bytes)
            let source = SourceText(name: "hits", text: String(decoding: bytes, as: UTF8.self))
            let documents: [StreamedDocument]?
            switch format {
            case .yaml: documents = try? YAMLSubsetCursor.documents(bytes: bytes, file: "hits", ascii: false, lazyItems: true)
            case .json: documents = JSONStreamReader.documents(shared, source: source)
            }
            let yaml = YAMLItems(bytes: shared, file: "hits", ascii: false)
            let json = JSONItems(bytes: shared, source: source)
            var hits = 0
            for case .list(_, _, let regions) in documents ?? [] {
                for index in 0..<regions.count where takes(index, regions, yaml, json) { hits += 1 }
            }
            return hits
        }
    }

    /// `hits` summed over the 500 random lists DifferentialReaderTests.randomLists compares with
    /// the tree reader, as YAML and (where the YAML parses) as JSON.
    static func randomListHits(_ hits: (String, ManifestFormat) -> Int) -> (yaml: Int, json: Int) {
        var total = (yaml: 0, json: 0)
        for seed in 0..<UInt64(500) {
            var random = RandomYAML(seed: seed &* 7919)
            let yaml = RandomManifests.list(&random)
            total.yaml += hits(yaml, .yaml)
            let trees = YAMLDocumentParser().parse(SourceText(name: "x.yaml", text: yaml))
            guard trees.errors.isEmpty else { continue }
            let json = trees.documents.map { RandomManifests.json($0, pretty: seed % 2 == 0, indent: 0) }.joined(separator: "\n")
            total.json += hits(json, .json)
        }
        return total
    }
}
