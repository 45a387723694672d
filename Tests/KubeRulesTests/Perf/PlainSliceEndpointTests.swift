import Testing
@testable import KubeRules

/// The YAML reader's one-pass matcher for kubectl's plain endpoint
/// (``YAMLSubsetCursor/plainSliceEndpoint()``) against the general endpoint reader
/// (``YAMLSubsetCursor/rawSliceEndpoint()``): wherever the matcher takes an endpoint, the general
/// reader must read the same endpoint and leave the cursor in the same state, and the slice
/// shortcut must make the same typed endpoint of both; wherever it refuses, the cursor must be
/// unchanged.
@Suite("plain YAML endpoint matcher against the general endpoint reader")
struct PlainSliceEndpointTests {
    /// What the matcher and the general reader did with the endpoint at the start of `text`.
    enum Outcome: Equatable {
        case refused
        case same
        case different(String)
    }

    static func compare(_ text: String, addressType: String = "IPv4") -> Outcome {
        var text = text
        return text.withUTF8 { bytes -> Outcome in
            var cursor = YAMLSubsetCursor(bytes: bytes, start: 0, end: bytes.count, line: 1, lineStart: 0, file: "t", ascii: true)
            guard (try? cursor.skipToContent()) != nil, cursor.indent >= 0 else { return .refused }
            var fast = cursor
            var general = cursor
            guard let taken = fast.plainSliceEndpoint() else {
                return fast.pos == cursor.pos && fast.line == cursor.line && fast.lineStart == cursor.lineStart
                    && fast.indent == cursor.indent ? .refused : .different("refused but moved the cursor")
            }
            guard let read = try? general.rawSliceEndpoint() else { return .different("the general reader refused") }
            guard taken.addresses == read.addresses, taken.ready == read.ready, taken.serving == read.serving,
                taken.terminating == read.terminating, taken.hostname == read.hostname, taken.nodeName == read.nodeName,
                taken.zone == read.zone, taken.location == read.location
            else { return .different("endpoint \(taken) vs \(read)") }
            guard fast.pos == general.pos, fast.line == general.line, fast.lineStart == general.lineStart,
                fast.indent == general.indent
            else { return .different("cursor \(fast.pos),\(fast.line),\(fast.indent) vs \(general.pos),\(general.line),\(general.indent)") }
            let typed = SliceEndpointShortcut.endpoints([taken], addressType: addressType)
            let reference = SliceEndpointShortcut.endpoints([read], addressType: addressType)
            guard typed == reference else { return .different("typed \(String(describing: typed)) vs \(String(describing: reference))") }
            return .same
        }
    }

    @Test("kubectl's layouts are taken and agree with the general reader")
    func kubectlLayouts() {
        let texts = [
            "- addresses:\n  - 10.11.0.0\n  conditions:\n    ready: true\n  nodeName: node-11\n",
            "  - addresses:\n    - 10.11.0.0\n    conditions:\n      ready: false\n      serving: true\n      terminating: true\n    nodeName: node-11\n  - addresses:\n",
            "- addresses:\n  - 255.255.255.255\n  conditions:\n    ready: true\nkind: EndpointSlice\n",
            "- addresses:\n  - 10.1.2.3\n  nodeName: ip-10-1-2-3.ec2.internal\n# comment\n\n---\n",
            "- addresses:\n  - 10.1.2.3\n",
            "- addresses:\n  - 127.0.0.1\n  nodeName: nodes1\n",
        ]
        for text in texts { #expect(Self.compare(text) == .same, "\(text)") }
        #expect(Self.compare(texts[0], addressType: "IPv6") == .same)
    }

    @Test("layouts the matcher must leave to the general reader")
    func refusedLayouts() {
        let texts = [
            "- addresses:\n  - 10.11.0.00\n",  // non-canonical
            "- addresses:\n  - 010.11.0.0\n",
            "- addresses:\n  - 10.11.0.256\n",
            "- addresses:\n  - 10.11.0\n",
            "- addresses:\n  - 10.11.0.0.1\n",
            "- addresses:\n  - 10.11.0.0 # c\n",
            "- addresses:\n  - 10.11.0.0\n  - 10.11.0.1\n",  // two addresses
            "- addresses:\n    - 10.11.0.0\n",  // indented sequence
            "-  addresses:\n   - 10.11.0.0\n",
            "- addresses: \n  - 10.11.0.0\n",
            "- addresses:\n  - 10.11.0.0\n  conditions:\n    ready: yes\n",
            "- addresses:\n  - 10.11.0.0\n  conditions:\n    ready: true \n",
            "- addresses:\n  - 10.11.0.0\n  conditions:\n    ready: true\n    ready: false\n",
            "- addresses:\n  - 10.11.0.0\n  conditions:\n    ready: true\n   serving: true\n",
            "- addresses:\n  - 10.11.0.0\n  nodeName: node-1\n    -2\n",  // continuation line
            "- addresses:\n  - 10.11.0.0\n  nodeName: no\n",  // a boolean
            "- addresses:\n  - 10.11.0.0\n  nodeName: null\n",
            "- addresses:\n  - 10.11.0.0\n  nodeName: node_1\n",
            "- addresses:\n  - 10.11.0.0\n  nodeName: node-\n",
            "- addresses:\n  - 10.11.0.0\n  nodeName: 1node\n",
            "- addresses:\n  - 10.11.0.0\n  nodeName: node-1\n  zone: a\n",
            "- addresses:\n  - 10.11.0.0\n  hostname: web-0\n  nodeName: node-1\n",
            "- addresses:\n  - 10.11.0.0\n\n  nodeName: node-1\n",
            "- addresses:\n  - 10.11.0.0\n  nodeName: node-1",  // no line break at the end
        ]
        for text in texts { #expect(Self.compare(text) == .refused, "\(text)") }
    }

    /// A random endpoint near kubectl's layout: each line picked from variants the matcher takes
    /// and variants it must leave alone, then what follows the endpoint.
    static func randomEndpoint(_ random: inout RandomYAML) -> String {
        // Half the endpoints mostly in kubectl's layout (a perturbation in one place at most).
        let clean = random.chance(50)
        func pick<T>(_ plain: [T], _ others: [T]) -> T {
            clean && !random.chance(5) ? random.pick(plain) : random.pick(plain + others)
        }
        let dash = random.pick([0, 2, 4])
        let key = dash + pick([2], [3])
        func pad(_ count: Int) -> String { String(repeating: " ", count: count) }
        var lines = [pad(dash) + "-" + pad(key - dash - 1) + pick(["addresses:"], ["addresses: ", "addresses: # c"])]
        for _ in 0..<pick([1], [2]) {
            let address = pick(
                ["10.1.2.3", "10.11.0.0", "0.0.0.0", "255.255.255.255", "1.2.3.4", "127.0.0.1", "169.254.0.1", "224.0.0.1"],
                ["10.01.2.3", "256.1.1.1", "1.2.3", "1.2.3.4.5", "10.1.2.3 ", "10.1.2.3 # c", "'10.1.2.3'", "fd00::1",
                "1.2.3.4x", "1000.2.3.4", "1.2..3", ""])
            lines.append(pad(key + pick([0], [2])) + "- " + address)
        }
        if random.chance(80) {
            lines.append(pad(key) + pick(["conditions:"], ["conditions: {}", "conditions: "]))
            let column = key + pick([2, 4], [1, 0])
            for _ in 0..<(1 + random.int(3)) {
                let name = pick(["ready", "serving", "terminating"], ["happy"])
                let value = pick(["true", "false"], ["yes", "\"true\"", "~", "True", "true ", "true # c", ""])
                lines.append(pad(column + pick([0], [1])) + name + ":" + pick([" "], ["  "]) + value)
            }
        }
        if random.chance(80) {
            let name = pick(
                ["node-1", "node-07", "nodes1", "a.b-c.d", "zz", "y-node-1", String(repeating: "b", count: 253)],
                ["n", "no", "node", "off", "yes", "null", "1node", "node-", "a..b", "Node", "node_1", "node-1 # c", "node-1 ", "on-1", "true", "false1", "falsey", "x.-y", "y-1",
                String(repeating: "a", count: 254)])
            lines.append(pad(key) + "nodeName:" + pick([" "], ["  "]) + name)
        }
        if !clean, random.chance(10) { lines.append(pad(key) + random.pick(["zone: a", "hostname: h", "targetRef: x"])) }
        if !clean, random.chance(10) { lines.append(random.pick(["", pad(key) + "# comment", pad(key + 2) + "-1", "\t"])) }
        let next = random.pick([
            pad(dash) + "- addresses:", pad(max(dash - 2, 0)) + "kind: EndpointSlice", "---", "", pad(dash) + "- x",
        ])
        return lines.joined(separator: "\n") + "\n" + next + (random.chance(90) ? "\n" : "")
    }

    @Test("random endpoints near kubectl's layout: the matcher agrees with the general reader or refuses")
    func randomEndpoints() {
        var random = RandomYAML(seed: 4242)
        var taken = 0
        for index in 0..<4000 {
            let text = Self.randomEndpoint(&random)
            let outcome = Self.compare(text, addressType: index % 5 == 0 ? "IPv6" : "IPv4")
            if case .different(let why) = outcome { Issue.record("\(why)\n\(text)") }
            if outcome == .same { taken += 1 }
        }
        // The layouts above are taken often enough for the comparison to mean something.
        #expect(taken > 200, "only \(taken) taken")
    }
}
