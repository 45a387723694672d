import Foundation
import Testing
@testable import KubeRules

/// ``JSONFastCursor/itemRegionsInParallel(depth:minimumSize:)`` against the serial scan
/// (``JSONFastCursor/itemRegions(depth:)``): the same regions, the same cursor afterwards, and
/// the same failures, whatever the guessed split points hit.
@Suite("JSON parallel item split against the serial scan")
struct JSONParallelSplitTests {
    /// The outcome of one scan: regions and the cursor's state after it, or nil on failure.
    struct Outcome: Equatable {
        var starts: [Int], lines: [Int], columns: [Int], ends: [Int], end: Int
        var pos: Int, line: Int, column: Int
    }

    /// Both scans of the `items` array of `text` (the first `"items":` key), split forced on.
    static func outcomes(_ text: String) -> (serial: Outcome?, parallel: Outcome?)? {
        var text = text
        return text.withUTF8 { bytes -> (Outcome?, Outcome?)? in
            guard let key = String(decoding: bytes, as: UTF8.self).utf8.firstRange(of: "\"items\":".utf8) else { return nil }
            var offset = bytes.distance(from: 0, to: key.upperBound.utf16Offset(in: String(decoding: bytes, as: UTF8.self)))
            while offset < bytes.count, bytes[offset] != UInt8(ascii: "[") { offset += 1 }
            guard offset < bytes.count else { return nil }
            let before = bytes[..<offset]
            let line = before.filter { $0 == 0x0A }.count + 1
            let column = offset - ((before.lastIndex(of: 0x0A) ?? -1) + 1) + 1
            func scan(parallel: Bool) -> Outcome? {
                var cursor = JSONFastCursor(bytes: bytes, start: offset, end: bytes.count, line: line, column: column, file: "f")
                do throws(JSONFastCursor.Failure) {
                    let regions =
                        parallel
                        ? try cursor.itemRegionsInParallel(depth: 1, minimumSize: 0) : try cursor.itemRegions(depth: 1)
                    return Outcome(
                        starts: regions.starts, lines: regions.lines, columns: regions.columns, ends: regions.ends,
                        end: regions.end, pos: cursor.pos, line: cursor.line, column: cursor.location().column)
                } catch {
                    return nil
                }
            }
            return (scan(parallel: false), scan(parallel: true))
        }
    }

    @Test("every JSON fixture and 500 random lists split as the serial scan splits them")
    func fixturesAndRandomLists() throws {
        var compared = 0
        for url in DifferentialReaderTests.fixtureFiles(["json"]) {
            guard let (serial, parallel) = Self.outcomes(try DifferentialReaderTests.source(url).text) else { continue }
            #expect(serial == parallel, "\(url.lastPathComponent)")
            compared += 1
        }
        #expect(compared >= 3)
        for seed in 0..<UInt64(500) {
            var random = RandomYAML(seed: seed &* 7919)
            let trees = YAMLDocumentParser().parse(SourceText(name: "x.yaml", text: RandomManifests.list(&random)))
            guard trees.errors.isEmpty else { continue }
            let json = trees.documents.map { RandomManifests.json($0, pretty: true, indent: 0) }.joined(separator: "\n")
            guard let (serial, parallel) = Self.outcomes(json) else { continue }
            #expect(serial == parallel, "seed \(seed):\n\(json)")
        }
    }

    @Test("guesses that are not item starts, and broken arrays, give the serial scan's outcome")
    func trapsAndFailures() {
        // Objects inside items written at the items' column after a comma look like item
        // starts; the split must notice and scan serially.
        let trap = "        {\"a\": [1,\n        {\"b\": 2}]}"
        let plain = "        {\"c\": 3}"
        for count in [2, 3, 8, 31] {
            let items = (0..<count).map { $0 % 2 == 0 ? trap : plain }
            let text = "{\n    \"items\": [\n" + items.joined(separator: ",\n") + "\n    ],\n    \"kind\": \"List\"\n}\n"
            let outcome = Self.outcomes(text)
            #expect(outcome != nil)
            #expect(outcome?.serial != nil, "\(count)")
            #expect(outcome?.serial == outcome?.parallel, "\(count) items:\n\(text)")
            // Broken: a missing comma late in the array, an unclosed array.
            for broken in [
                text.replacingOccurrences(of: "},\n        {\"c\"", with: "}\n        {\"c\""),
                String(text.prefix(text.count - 20)),
            ] {
                let outcome = Self.outcomes(broken)
                #expect(outcome?.serial == outcome?.parallel, "\(count) items, broken:\n\(broken)")
            }
        }
    }

    @Test("in kubectl's pretty JSON the guesses are item starts, so the parts are used")
    func guessesLand() {
        let items = (0..<40).map { "        {\n            \"kind\": \"Service\",\n            \"n\": \($0)\n        }" }
        var text = "{\n    \"items\": [\n" + items.joined(separator: ",\n") + "\n    ]\n}\n"
        let outcome = Self.outcomes(text)
        #expect(outcome?.serial != nil)
        #expect(outcome?.serial == outcome?.parallel)
        let (column, guesses) = text.withUTF8 { bytes -> (Int?, [Int]) in
            let open = bytes.firstIndex(of: UInt8(ascii: "["))!
            let cursor = JSONFastCursor(bytes: bytes, start: open, end: bytes.count, line: 2, column: 14, file: "f")
            let column = cursor.firstItemColumn()
            return (column, column.map { cursor.guessedItemStarts(parts: 4, column: $0) } ?? [])
        }
        #expect(column == 9)
        #expect(guesses.count == 3)
        for guess in guesses { #expect(outcome?.serial?.starts.contains(guess) == true, "guess \(guess)") }
    }
}
