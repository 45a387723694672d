import Foundation
import Testing
@testable import KubeRules

/// The JSON reader's one-pass matcher for kubectl's plain endpoint
/// (``JSONFastCursor/plainSliceEndpoint()``) against the general endpoint reader
/// (``JSONFastCursor/rawSliceEndpoint()``): wherever the matcher takes an endpoint, the general
/// reader must read the same endpoint and leave the cursor in the same state (position, line and
/// column checkpoint, so every later position is the same), and the slice shortcut must make the
/// same typed endpoint of both; wherever it refuses, the cursor must be unchanged.
@Suite("plain JSON endpoint matcher against the general endpoint reader")
struct JSONPlainSliceEndpointTests {
    typealias Outcome = PlainSliceEndpointTests.Outcome

    /// What the matcher and the general reader did with the value at `offset` of `bytes`.
    static func compare(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, line: Int, column: Int, addressType: String) -> Outcome {
        let cursor = JSONFastCursor(bytes: bytes, start: offset, end: bytes.count, line: line, column: column, file: "t")
        var fast = cursor
        var general = cursor
        guard let taken = fast.plainSliceEndpoint() else {
            return fast.pos == cursor.pos && fast.line == cursor.line && fast.checkpoint == cursor.checkpoint
                && fast.checkpointColumn == cursor.checkpointColumn ? .refused : .different("refused but moved the cursor")
        }
        guard let read = try? general.rawSliceEndpoint() else { return .different("the general reader refused") }
        guard taken.addresses == read.addresses, taken.ready == read.ready, taken.serving == read.serving,
            taken.terminating == read.terminating, taken.hostname == read.hostname, taken.nodeName == read.nodeName,
            taken.zone == read.zone, taken.location == read.location
        else { return .different("endpoint \(taken) vs \(read)") }
        // The next position asked for must be the same too (what the checkpoint is for).
        var (fastNext, generalNext) = (fast, general)
        guard fast.pos == general.pos, fast.line == general.line, fastNext.location() == generalNext.location() else {
            return .different("cursor \(fast.pos),\(fast.line) vs \(general.pos),\(general.line)")
        }
        let typed = SliceEndpointShortcut.endpoints([taken], addressType: addressType)
        let reference = SliceEndpointShortcut.endpoints([read], addressType: addressType)
        guard typed == reference else { return .different("typed \(String(describing: typed)) vs \(String(describing: reference))") }
        return .same
    }

    static func compare(_ text: String, addressType: String = "IPv4") -> Outcome {
        var text = text
        return text.withUTF8 { compare($0, at: 0, line: 1, column: 1, addressType: addressType) }
    }

    /// kubectl's endpoint at `indent`, with these member lines (already JSON) inside.
    static func endpoint(_ members: [String], indent: Int = 16) -> String {
        let pad = String(repeating: " ", count: indent)
        return "{\n" + members.map { pad + "    " + $0 }.joined(separator: ",\n") + "\n" + pad + "}"
    }

    static let address = "\"addresses\": [\n                        \"10.36.0.0\"\n                    ]"
    static func conditions(_ lines: [String]) -> String {
        "\"conditions\": {\n" + lines.map { "                        " + $0 }.joined(separator: ",\n") + "\n                    }"
    }

    @Test("kubectl's layouts are taken and agree with the general reader")
    func kubectlLayouts() {
        let texts = [
            Self.endpoint([Self.address, Self.conditions(["\"ready\": true"]), "\"nodeName\": \"node-36\""]) + ",\n{",
            Self.endpoint([Self.address, Self.conditions(["\"ready\": false", "\"serving\": true", "\"terminating\": true"])]),
            Self.endpoint([Self.address, "\"nodeName\": \"ip-10-1-2-3.ec2.internal\""]) + "\n]",
            Self.endpoint([Self.address]),
            Self.endpoint([Self.address], indent: 0),
            Self.endpoint([Self.address, Self.conditions(["\"terminating\": false", "\"ready\": true"]), "\"nodeName\": \"1node\""]),
            "{\n\"addresses\": [\n\"255.255.255.255\"\n],\n\"conditions\": {\n\"ready\": true\n}\n}",
        ]
        for text in texts { #expect(Self.compare(text) == .same, "\(text)") }
        #expect(Self.compare(texts[0], addressType: "IPv6") == .same)
    }

    @Test("layouts the matcher must leave to the general reader")
    func refusedLayouts() {
        let plain = Self.endpoint([Self.address, Self.conditions(["\"ready\": true"]), "\"nodeName\": \"node-36\""])
        let variants = [
            ("\"10.36.0.0\"", "\"10.36.0.00\""), ("\"10.36.0.0\"", "\"010.36.0.0\""), ("\"10.36.0.0\"", "\"10.36.0.256\""),
            ("\"10.36.0.0\"", "\"10.36.0\""), ("\"10.36.0.0\"", "\"10.36.0.0.1\""), ("\"10.36.0.0\"", "\"10.36.0.0 \""),
            ("\"10.36.0.0\"", "\"10.36.0.0\",\n\"10.36.0.1\""), ("\"10.36.0.0\"", "\"fd00::1\""), ("\"10.36.0.0\"", "\"10.36.0.\\u0030\""),
            ("\"10.36.0.0\"", "\"1000.36.0.0\""), ("\"10.36.0.0\"", "\"\""),
            ("\"addresses\": [", "\"addresses\" : ["), ("\"addresses\": [", "\"addresses\":["), ("\"addresses\": [", "\"addresses\": [ "),
            ("\"addresses\": [", "\"addresse\\u0073\": ["), ("{\n", "{\r\n"), ("{\n", "{ \n"), ("{\n", "{\n\t"),
            ("\"ready\": true", "\"ready\": tru"), ("\"ready\": true", "\"ready\": truex"), ("\"ready\": true", "\"ready\": \"true\""),
            ("\"ready\": true", "\"ready\": null"), ("\"ready\": true", "\"ready\": true,\n\"ready\": false"),
            ("\"ready\": true", "\"happy\": true"), ("\"ready\": true", "\"ready\": true "),
            ("\"node-36\"", "\"node_36\""), ("\"node-36\"", "\"Node-36\""), ("\"node-36\"", "\"node-\""), ("\"node-36\"", "\"\""),
            ("\"node-36\"", "\"node-36 \""), ("\"node-36\"", "\"node\\u002d36\""), ("\"node-36\"", "\"a..b\""), ("\"node-36\"", "null"),
            ("\"node-36\"", "\"" + String(repeating: "a", count: 254) + "\""), ("\"nodeName\"", "\"zone\""), ("\"nodeName\"", "\"hostname\""),
        ]
        for (from, to) in variants {
            let text = plain.replacingOccurrences(of: from, with: to)
            #expect(text != plain)
            #expect(Self.compare(text) == .refused, "\(text)")
        }
        let others = [
            Self.endpoint([Self.conditions(["\"ready\": true"]), Self.address]),  // another order
            Self.endpoint(["\"nodeName\": \"node-36\"", Self.address]),
            Self.endpoint([Self.address, "\"nodeName\": \"node-36\"", Self.conditions(["\"ready\": true"])]),
            Self.endpoint([Self.address, Self.address]),  // a duplicate
            Self.endpoint([Self.address, Self.conditions([])]),
            Self.endpoint([Self.address, "\"zone\": \"a\""]),
            Self.endpoint([Self.address, "\"targetRef\": {}"]),
            String(plain.dropLast()),  // truncated
            String(plain.prefix(40)),
            "{}", "{\n}", "[]", "",
        ]
        for text in others { #expect(Self.compare(text) == .refused, "\(text)") }
    }

    /// A random endpoint near kubectl's layout: each piece picked from variants the matcher takes
    /// and variants it must leave alone, then what follows the endpoint.
    static func randomEndpoint(_ random: inout RandomYAML) -> String {
        // Half the endpoints mostly in kubectl's layout (a perturbation in one place at most).
        let clean = random.chance(50)
        func pick<T>(_ plain: [T], _ others: [T]) -> T {
            clean && !random.chance(5) ? random.pick(plain) : random.pick(plain + others)
        }
        func space() -> String {
            pick(
                ["\n" + String(repeating: " ", count: random.int(30))],
                ["", " ", "\n\t", "\r\n  ", "\n \n  ", " \n  ", "\n" + String(repeating: " ", count: 9) + " "])
        }
        var members: [String] = []
        let addresses = (0..<pick([1], [0, 2, 3])).map { _ in
            pick(
                ["\"10.1.2.3\"", "\"10.11.0.0\"", "\"0.0.0.0\"", "\"255.255.255.255\"", "\"1.2.3.4\"", "\"127.0.0.1\"", "\"169.254.0.1\"",
                "\"224.0.0.1\""],
                ["\"10.01.2.3\"", "\"256.1.1.1\"", "\"1.2.3\"", "\"1.2.3.4.5\"", "\"10.1.2.3 \"", "\" 10.1.2.3\"", "\"fd00::1\"", "\"::ffff:1.2.3.4\"",
                "\"1.2.3.4x\"", "\"1000.2.3.4\"", "\"1.2..3\"", "\"\"", "\"10.1.2.\\u0033\"", "10", "null", "\"10.1.2.3"])
        }
        members.append(pick(["\"addresses\""], ["\"addresses \"", "\"Addresses\"", "\"addresses\\u0000\""]) + pick([": "], [":", " : "]) + "["
            + addresses.map { space() + $0 }.joined(separator: ",") + space() + "]")
        if random.chance(80) {
            let conditions = (0..<pick([1, 2, 3], [0, 4])).map { _ in
                let name = pick(["\"ready\"", "\"serving\"", "\"terminating\""], ["\"happy\"", "\"Ready\"", "\"re\\u0061dy\""])
                let value = pick(["true", "false"], ["\"true\"", "null", "True", "1", "tru", "truefalse", "{}"])
                return space() + name + pick([": "], [":", "  : "]) + value
            }
            members.append("\"conditions\": {" + conditions.joined(separator: ",") + space() + "}")
        }
        if random.chance(80) {
            let name = pick(
                ["node-1", "node-07", "nodes1", "a.b-c.d", "zz", "1node", "y", String(repeating: "b", count: 253)],
                ["", "node-", "a..b", "Node", "node_1", "node-1 ", "x.-y", "-x", "n\\u006fde", "nöde", String(repeating: "a", count: 254)])
            members.append("\"nodeName\": " + pick(["\"" + name + "\""], ["null", "7", "[\"" + name + "\"]"]))
        }
        if !clean, random.chance(20) {
            members.insert(random.pick(["\"zone\": \"a\"", "\"hostname\": \"h\"", "\"targetRef\": {}", "\"addresses\": []"]), at: random.int(members.count + 1))
        }
        if !clean, random.chance(10), members.count > 1 { members.swapAt(0, members.count - 1) }
        let text = "{" + members.map { space() + $0 }.joined(separator: ",") + space() + "}"
        let next = random.pick([",\n                {", "\n            ]", "", " ,", "\n\n"])
        let whole = text + next
        // Sometimes cut short (a truncated region).
        return random.chance(5) ? String(whole.prefix(random.int(whole.count + 1))) : whole
    }

    @Test("random endpoints near kubectl's layout: the matcher agrees with the general reader or refuses")
    func randomEndpoints() {
        var random = RandomYAML(seed: 7171)
        var taken = 0
        for index in 0..<6000 {
            let text = Self.randomEndpoint(&random)
            let outcome = Self.compare(text, addressType: index % 5 == 0 ? "IPv6" : "IPv4")
            if case .different(let why) = outcome { Issue.record("\(why)\n\(text)") }
            if outcome == .same { taken += 1 }
        }
        // The layouts above are taken often enough for the comparison to mean something.
        #expect(taken > 500, "only \(taken) taken")
    }

    /// Every `{` of `text` compared, with the line and column the reader would have there.
    static func compareEveryObject(_ text: String) -> (taken: Int, problems: [String]) {
        var text = text
        return text.withUTF8 { bytes -> (Int, [String]) in
            var taken = 0
            var problems: [String] = []
            var (line, lineStart) = (1, 0)
            for offset in bytes.indices {
                if bytes[offset] == 0x0A { (line, lineStart) = (line + 1, offset + 1) }
                guard bytes[offset] == UInt8(ascii: "{") else { continue }
                // Columns count scalars: the line's bytes before the `{` that start one.
                let column = 1 + bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count
                switch compare(bytes, at: offset, line: line, column: column, addressType: "IPv4") {
                case .same: taken += 1
                case .refused: break
                case .different(let why): problems.append("at line \(line): \(why)")
                }
            }
            return (taken, problems)
        }
    }

    @Test("every fixture's objects, printed as kubectl prints JSON: the matcher agrees or refuses")
    func fixtures() throws {
        var taken = 0
        for url in DifferentialReaderTests.fixtureFiles(["yaml", "yml", "json"]) {
            let source = try DifferentialReaderTests.source(url)
            let documents: [ManifestValue]
            if url.pathExtension.lowercased() == "json" {
                let parsed = JSONDocumentParser().parse(source)
                guard parsed.errors.isEmpty else { continue }
                documents = parsed.documents
                // The file's own bytes too (its layout may not be kubectl's).
                let own = Self.compareEveryObject(source.text)
                taken += own.taken
                for problem in own.problems { Issue.record("\(url.lastPathComponent) \(problem)") }
            } else {
                let parsed = YAMLDocumentParser().parse(source)
                guard parsed.errors.isEmpty else { continue }
                documents = parsed.documents
            }
            for document in documents {
                let result = Self.compareEveryObject(RandomManifests.json(document, pretty: true, indent: 0))
                taken += result.taken
                for problem in result.problems { Issue.record("\(url.lastPathComponent) as JSON \(problem)") }
            }
        }
        #expect(taken > 100, "only \(taken) taken")
    }
}
