import Foundation
import Testing
@testable import KubeRules

/// ``JSONFastCursor/guessedItemRegions(minimumSize:)`` against the serial scan
/// (``JSONFastCursor/itemRegions(depth:)``): on kubectl's layout the same regions and the same
/// cursor afterwards; on any other outcome, some region that every consumer parses fails to
/// parse (as a raw item and as a tree), so the fast read gives up and the tree parser decides.
@Suite("JSON item split guessed from the layout against the serial scan")
struct JSONGuessedSplitTests {
    /// The serial outcome, the guessed one (nil when the guess does not apply), and whether
    /// every guessed region parses as one item (raw or tree: either is taken when it parses).
    static func outcomes(_ text: String) -> (
        serial: JSONParallelSplitTests.Outcome?, guessed: JSONParallelSplitTests.Outcome?, parses: Bool
    )? {
        var text = text
        return text.withUTF8 { bytes in
            guard let open = itemsArray(bytes) else { return nil }
            let before = bytes[..<open]
            let line = before.filter { $0 == 0x0A }.count + 1
            let column = open - ((before.lastIndex(of: 0x0A) ?? -1) + 1) + 1
            func cursor() -> JSONFastCursor {
                JSONFastCursor(bytes: bytes, start: open, end: bytes.count, line: line, column: column, file: "f")
            }
            func outcome(_ regions: ItemRegions, _ cursor: inout JSONFastCursor) -> JSONParallelSplitTests.Outcome {
                JSONParallelSplitTests.Outcome(
                    starts: regions.starts, lines: regions.lines, columns: regions.columns, ends: regions.ends,
                    end: regions.end, pos: cursor.pos, line: cursor.line, column: cursor.location().column)
            }
            var serialCursor = cursor()
            let serial = (try? serialCursor.itemRegions(depth: 1)).map { outcome($0, &serialCursor) }
            var guessedCursor = cursor()
            guard let regions = guessedCursor.guessedItemRegions(minimumSize: 0) else { return (serial, nil, true) }
            let items = JSONItems(bytes: SharedBytes(buffer: bytes), source: SourceText(name: "f", text: ""))
            let parses = (0..<regions.count).allSatisfy { index in
                items.rawItem(index, of: regions) != nil || items.item(index, of: regions) != nil
            }
            return (serial, outcome(regions, &guessedCursor), parses)
        }
    }

    /// The offset of the `[` after the first `"items":`.
    static func itemsArray(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let key = Array("\"items\":".utf8)
        guard bytes.count >= key.count else { return nil }
        for start in 0...(bytes.count - key.count) where bytes[start] == key[0] {
            guard key.indices.allSatisfy({ bytes[start + $0] == key[$0] }) else { continue }
            var offset = start + key.count
            while offset < bytes.count, bytes[offset] == 0x20 { offset += 1 }
            return offset < bytes.count && bytes[offset] == UInt8(ascii: "[") ? offset : nil
        }
        return nil
    }

    /// The property: the guessed split is the serial one, or it is refused when parsed. True
    /// when the guess was wrong (and refused).
    @discardableResult
    static func check(_ text: String, mustGuess: Bool, _ comment: String) -> Bool {
        guard let (serial, guessed, parses) = outcomes(text) else {
            #expect(!mustGuess, "no items array: \(comment)")
            return false
        }
        guard let guessed else {
            #expect(!mustGuess, "not guessed: \(comment)")
            return false
        }
        if mustGuess { #expect(serial == guessed, "\(comment)") }
        guard serial != guessed else { return false }
        #expect(!parses, "a wrong split whose regions all parse: \(comment)\n\(text)")
        return true
    }

    @Test("every JSON fixture and 500 random kubectl-style lists split as the serial scan splits them")
    func fixturesAndRandomLists() throws {
        for url in DifferentialReaderTests.fixtureFiles(["json"]) {
            Self.check(try DifferentialReaderTests.source(url).text, mustGuess: false, url.lastPathComponent)
        }
        var guessed = 0
        for seed in 0..<UInt64(500) {
            var random = RandomYAML(seed: seed &* 7919 &+ 17)
            let trees = YAMLDocumentParser().parse(SourceText(name: "x.yaml", text: RandomManifests.list(&random)))
            guard trees.errors.isEmpty else { continue }
            let json = trees.documents.map { RandomManifests.json($0, pretty: true, indent: 0) }.joined(separator: "\n")
            // One document whose first item is an object: kubectl's layout.
            let kubectl = trees.documents.count == 1 && json.contains("\"items\": [\n        {")
            if kubectl { guessed += 1 }
            Self.check(json, mustGuess: kubectl, "seed \(seed)")
            // Several documents in one stream: guesses may run past the array; still exact or refused.
            Self.check(json + "\n" + json, mustGuess: false, "seed \(seed), twice")
        }
        #expect(guessed >= 50)
    }

    @Test("layouts that mislead the guesses, and broken arrays, are split exactly or refused")
    func trapsAndFailures() {
        // Objects inside items written at the items' column after a comma look like item
        // starts; lines indented less than the items inside them end the guesses early.
        let trap = "        {\"a\": [1,\n        {\"b\": 2}]}"
        let shallow = "        {\"d\": [\n  3,\n4]}"
        let plain = "        {\"c\": 3}"
        let twoOnALine = "        {\"e\": 1}, {\"f\": 2}"
        var refused = 0
        for count in [1, 2, 3, 8, 31] {
            for odd in [trap, shallow, twoOnALine] {
                let items = (0..<count).map { $0 % 2 == 0 ? odd : plain }
                let text = "{\n    \"items\": [\n" + items.joined(separator: ",\n") + "\n    ],\n    \"kind\": \"List\"\n}\n"
                if Self.check(text, mustGuess: false, "\(count) items") { refused += 1 }
                for broken in [
                    text.replacingOccurrences(of: "},\n        {\"c\"", with: "}\n        {\"c\""),
                    String(text.prefix(text.count - 20)),
                    text.replacingOccurrences(of: "\"c\": 3", with: "\"c\": 3,"),
                    text + text,
                ] {
                    if Self.check(broken, mustGuess: false, "\(count) items, broken") { refused += 1 }
                }
            }
        }
        // The traps do mislead the guesses: the refusal is what keeps the result exact.
        #expect(refused >= 10)
    }

    @Test("kubectl's layout is guessed: lines, columns and the cursor after the array")
    func kubectlLayout() {
        let items = (0..<40).map { "        {\n            \"kind\": \"Service\",\n\n            \"n\": \($0)\n        }" }
        let text = "{\n    \"items\": [\n" + items.joined(separator: ",\n") + "\n    ],\n    \"kind\": \"List\"\n}\n"
        guard let (serial, guessed, parses) = Self.outcomes(text) else {
            Issue.record("no items array")
            return
        }
        #expect(serial != nil)
        #expect(serial == guessed)
        #expect(parses)
        #expect(guessed?.starts.count == 40)
        #expect(guessed?.lines.first == 3)
        #expect(guessed?.lines.last == 3 + 39 * 5)
    }
}
