import Foundation
import Testing
@testable import KubeRules

/// The EndpointSlice shortcut of the streaming reader (``RawSliceEndpoint``,
/// ``SliceEndpointShortcut``): endpoints read straight from bytes must give exactly what the tree
/// decoder gives, and every endpoint list the shortcut cannot vouch for must go to the tree
/// decoder, so diagnostics (text, order, positions) stay that decoder's.
@Suite("EndpointSlice shortcut against the tree decoder")
struct SliceEndpointShortcutTests {
    /// How many list items of `input` the shortcut takes (endpoints read raw and vouched for).
    static func shortcutHits(_ text: String, format: ManifestFormat) -> Int {
        StreamedListItems.count(text, format: format) { index, regions, yaml, json in
            let parsed: (value: ManifestValue, sliceEndpoints: [RawSliceEndpoint]?)?
            switch format {
            case .yaml: parsed = yaml.item(index, of: regions, collectsSliceEndpoints: true)
            case .json: parsed = json.item(index, of: regions, collectsSliceEndpoints: true)
            }
            guard let parsed, let raw = parsed.sliceEndpoints else { return false }
            return SliceEndpointShortcut.endpoints(raw, item: parsed.value) != nil
        }
    }

    /// A one-slice list whose endpoints are `endpoints` (YAML lines at the item's indentation).
    static func list(endpoints: [String], addressType: String = "IPv4") -> String {
        ([
            "apiVersion: v1", "items:", "- addressType: \(addressType)", "  apiVersion: discovery.k8s.io/v1",
            "  endpoints:",
        ] + endpoints.map { "  " + $0 } + [
            "  kind: EndpointSlice", "  metadata:", "    labels:", "      kubernetes.io/service-name: web",
            "    name: web-abc", "    namespace: ns", "  ports:", "  - name: http", "    port: 8080", "    protocol: TCP",
            "kind: List", "metadata:", "  resourceVersion: \"\"",
        ]).joined(separator: "\n") + "\n"
    }

    /// The same read with and without the streaming reader (which holds the shortcut), YAML and
    /// the same documents as JSON; returns the shortcut's hits in both.
    @discardableResult
    static func expectSameOutcome(_ yaml: String, _ comment: Comment) -> (yaml: Int, json: Int) {
        let yamlInput = ManifestInput.bytes(name: "slice.yaml", Array(yaml.utf8), format: .yaml)
        #expect(
            DifferentialReaderTests.outcome(yamlInput, streaming: true)
                == DifferentialReaderTests.outcome(yamlInput, streaming: false), comment)
        let trees = YAMLDocumentParser().parse(SourceText(name: "x.yaml", text: yaml))
        guard trees.errors.isEmpty else { return (shortcutHits(yaml, format: .yaml), 0) }
        let json = trees.documents.map { RandomManifests.json($0, pretty: true, indent: 0) }.joined(separator: "\n")
        let jsonInput = ManifestInput.bytes(name: "slice.json", Array(json.utf8), format: .json)
        #expect(
            DifferentialReaderTests.outcome(jsonInput, streaming: true)
                == DifferentialReaderTests.outcome(jsonInput, streaming: false), comment)
        return (shortcutHits(yaml, format: .yaml), shortcutHits(json, format: .json))
    }

    @Test("kubectl's endpoint shapes take the shortcut and read as the tree decoder reads them")
    func acceptedShapes() {
        let shapes: [[String]] = [
            ["- addresses:", "  - 10.180.0.1", "  conditions:", "    ready: true", "  nodeName: node-1"],
            [
                "- addresses:", "  - 10.180.0.1", "  - 10.180.0.2", "  conditions:", "    ready: false", "    serving: true",
                "    terminating: true", "  hostname: web-0", "  nodeName: node-1", "  zone: zone-a",
                "- addresses:", "  - \"10.180.0.3\"", "  nodeName: 'node-2'",
            ],
            // Non-canonical spellings are kept canonical, as the tree decoder keeps them.
            ["- addresses:", "  - 010.180.000.001", "  conditions:", "    ready: yes"],
            ["- addresses:", "    - 10.180.0.1", "  conditions:", "      ready: true"],
            ["- conditions:", "    ready: true", "  addresses:", "  - 10.180.0.9   # a comment", "", "  # another"],
        ]
        for (index, shape) in shapes.enumerated() {
            let hits = Self.expectSameOutcome(Self.list(endpoints: shape), "shape \(index)")
            #expect(hits.yaml == 1, "shape \(index): YAML did not take the shortcut")
            #expect(hits.json == 1, "shape \(index): JSON did not take the shortcut")
        }
        let v6 = Self.expectSameOutcome(
            Self.list(endpoints: ["- addresses:", "  - fd00:0::1", "  nodeName: node-1"], addressType: "IPv6"), "IPv6")
        #expect(v6 == (1, 1))
    }

    @Test("endpoints the shortcut must refuse go to the tree decoder: same objects and diagnostics")
    func refusedShapes() {
        let shapes: [(String, [String])] = [
            ("bad IP", ["- addresses:", "  - 10.180.0.300"]),
            ("wrong family", ["- addresses:", "  - fd00::1"]),
            ("loopback", ["- addresses:", "  - 127.0.0.1"]),
            ("link-local", ["- addresses:", "  - 169.254.1.1"]),
            ("no addresses", ["- addresses: []", "  nodeName: node-1"]),
            ("null addresses", ["- addresses:", "  nodeName: node-1"]),
            ("addresses not a list", ["- addresses: 10.180.0.1"]),
            ("address a number", ["- addresses:", "  - 5"]),
            ("bad node name", ["- addresses:", "  - 10.180.0.1", "  nodeName: Node_1"]),
            ("bad hostname", ["- addresses:", "  - 10.180.0.1", "  hostname: a.b"]),
            ("bad zone", ["- addresses:", "  - 10.180.0.1", "  zone: -zone"]),
            ("quoted boolean", ["- addresses:", "  - 10.180.0.1", "  conditions:", "    ready: \"true\""]),
            ("null condition", ["- addresses:", "  - 10.180.0.1", "  conditions:", "    ready: ~"]),
            ("unknown condition", ["- addresses:", "  - 10.180.0.1", "  conditions:", "    happy: true"]),
            ("unknown field", ["- addresses:", "  - 10.180.0.1", "  colour: blue"]),
            ("targetRef", ["- addresses:", "  - 10.180.0.1", "  targetRef:", "    kind: Pod", "    name: web-0"]),
            ("hints", ["- addresses:", "  - 10.180.0.1", "  hints:", "    forZones:", "    - name: a"]),
            ("duplicate key", ["- addresses:", "  - 10.180.0.1", "  nodeName: a", "  nodeName: b"]),
            ("null endpoint", ["-", "- addresses:", "  - 10.180.0.1"]),
            ("scalar endpoint", ["- 10.180.0.1"]),
            ("flow endpoint", ["- {}"]),
            ("multi-line scalar", ["- addresses:", "  - 10.180.0.1", "  nodeName: node", "    -1"]),
        ]
        for (name, shape) in shapes {
            let hits = Self.expectSameOutcome(Self.list(endpoints: shape), "\(name)")
            #expect(hits.yaml == 0, "\(name): YAML took the shortcut")
            #expect(hits.json == 0, "\(name): JSON took the shortcut")
        }
        // YAML spellings the YAML shortcut leaves to the tree reader; as JSON they are the
        // plain shape, which the JSON shortcut takes.
        let yamlOnly: [(String, [String])] = [
            ("quoted key", ["- \"addresses\":", "  - 10.180.0.1"]),
            ("anchor", ["- addresses:", "  - &a 10.180.0.1"]),
            ("tab", ["- addresses:", "  - 10.180.0.1", "  nodeName:\tnode-1"]),
            ("comment after key", ["- addresses: # here", "  - 10.180.0.1"]),
        ]
        for (name, shape) in yamlOnly {
            let hits = Self.expectSameOutcome(Self.list(endpoints: shape), "\(name)")
            #expect(hits.yaml == 0, "\(name): YAML took the shortcut")
            #expect(hits.json == 1, "\(name): JSON did not take the shortcut")
        }
        // The slice itself decides too: FQDN, a bad or missing addressType, and over 100
        // addresses per endpoint.
        let plain = ["- addresses:", "  - 10.180.0.1"]
        for addressType in ["FQDN", "Bogus", "\"\"", "~"] {
            let hits = Self.expectSameOutcome(Self.list(endpoints: plain, addressType: addressType), "\(addressType)")
            #expect(hits == (0, 0), "addressType \(addressType) took the shortcut")
        }
        let many = ["- addresses:"] + (0..<101).map { "  - 10.180.\($0 / 250).\($0 % 250 + 1)" }
        #expect(Self.expectSameOutcome(Self.list(endpoints: many), "101 addresses") == (0, 0))
        let service = Self.list(endpoints: plain).replacingOccurrences(of: "kind: EndpointSlice", with: "kind: Service")
        #expect(Self.expectSameOutcome(service, "a Service with endpoints") == (0, 0))
    }

    @Test("the random lists of the differential tests exercise the shortcut")
    func randomListsHit() {
        let hits = StreamedListItems.randomListHits { Self.shortcutHits($0, format: $1) }
        // DifferentialReaderTests.randomLists compares these same lists with the tree reader;
        // most random slices hold some invalid endpoint (17 of them take it in each format).
        #expect(hits.yaml >= 10)
        #expect(hits.json >= 10)
    }
}
