import Foundation
import Testing
@testable import KubeRules

/// The whole-item shortcut of the streaming reader (``RawItem``, ``ServiceShortcut``,
/// ``EndpointSliceShortcut``): Services and EndpointSlice headers read straight from bytes must
/// give exactly what the tree decoder gives, and every item the shortcut cannot vouch for must go
/// to the tree decoder, so diagnostics (text, order, positions) stay that decoder's.
@Suite("Service and EndpointSlice item shortcut against the tree decoder")
struct ItemShortcutTests {
    /// How many list items of `text` the item shortcut takes (read raw and vouched for).
    static func hits(_ text: String, format: ManifestFormat) -> Int {
        StreamedListItems.count(text, format: format) { index, regions, yaml, json in
            let raw: RawItem?
            switch format {
            case .yaml: raw = yaml.rawItem(index, of: regions)
            case .json: raw = json.rawItem(index, of: regions)
            }
            guard let raw else { return false }
            return ServiceShortcut.service(raw, nodePortRange: 30000...32767) != nil || EndpointSliceShortcut.slice(raw) != nil
        }
    }

    /// A one-item list (YAML lines of the item, starting with `- `).
    static func list(_ item: [String]) -> String {
        (["apiVersion: v1", "items:"] + item + ["kind: List", "metadata:", "  resourceVersion: \"\""]).joined(separator: "\n") + "\n"
    }

    /// A kubectl-style Service; `spec` lines replace the default spec body, `extra` lines are
    /// added after the spec (at the item's indentation).
    static func service(
        metadata: [String] = ["    labels:", "      app: web", "    name: web", "    namespace: ns"],
        spec: [String] = [
            "    clusterIP: 172.30.0.10", "    ports:", "    - name: http", "      port: 80", "      protocol: TCP",
            "      targetPort: 8080", "    selector:", "      app: web", "    sessionAffinity: None", "    type: ClusterIP",
        ],
        extra: [String] = []
    ) -> String {
        list(["- apiVersion: v1", "  kind: Service", "  metadata:"] + metadata + ["  spec:"] + spec + extra)
    }

    /// The same read with and without the streaming reader, YAML and the same documents as
    /// JSON (pretty and minified); returns the shortcut's hits in YAML and in JSON.
    @discardableResult
    static func expectSameOutcome(_ yaml: String, _ comment: Comment) -> (yaml: Int, json: Int) {
        let yamlInput = ManifestInput.bytes(name: "item.yaml", Array(yaml.utf8), format: .yaml)
        #expect(
            DifferentialReaderTests.outcome(yamlInput, streaming: true)
                == DifferentialReaderTests.outcome(yamlInput, streaming: false), "\(comment)\n\(yaml)")
        let trees = YAMLDocumentParser().parse(SourceText(name: "x.yaml", text: yaml))
        guard trees.errors.isEmpty else { return (hits(yaml, format: .yaml), 0) }
        var jsonHits = 0
        for pretty in [true, false] {
            let json = trees.documents.map { RandomManifests.json($0, pretty: pretty, indent: 0) }.joined(separator: "\n")
            let jsonInput = ManifestInput.bytes(name: "item.json", Array(json.utf8), format: .json)
            #expect(
                DifferentialReaderTests.outcome(jsonInput, streaming: true)
                    == DifferentialReaderTests.outcome(jsonInput, streaming: false), "\(comment)\n\(json)")
            jsonHits = max(jsonHits, hits(json, format: .json))
        }
        return (hits(yaml, format: .yaml), jsonHits)
    }

    static let nodePortSpec = [
        "    clusterIP: 172.30.0.11", "    externalTrafficPolicy: Local", "    internalTrafficPolicy: Cluster", "    ports:",
        "    - name: http", "      nodePort: 30080", "      port: 80", "      protocol: TCP", "      targetPort: 8080",
        "    - name: dns", "      nodePort: 30053", "      port: 53", "      protocol: UDP", "      targetPort: dns-alt",
        "    type: NodePort",
    ]

    static let loadBalancerSpec = [
        "    allocateLoadBalancerNodePorts: true", "    clusterIP: 172.30.0.12", "    externalTrafficPolicy: Local",
        "    healthCheckNodePort: 30004", "    ports:", "    - name: http", "      nodePort: 30003", "      port: 80",
        "      protocol: TCP", "      targetPort: 8080", "    selector:", "      app: web", "    sessionAffinity: None",
        "    type: LoadBalancer",
    ]

    @Test("kubectl's Service and EndpointSlice shapes take the shortcut and read as the tree decoder reads them")
    func acceptedShapes() {
        let shapes: [(String, String)] = [
            ("ClusterIP", Self.service()),
            ("NodePort", Self.service(spec: Self.nodePortSpec)),
            (
                "LoadBalancer",
                Self.service(
                    spec: Self.loadBalancerSpec,
                    extra: ["  status:", "    loadBalancer:", "      ingress:", "      - ip: 5.6.0.9", "        ipMode: VIP"])
            ),
            (
                "ClientIP affinity",
                Self.service(spec: [
                    "    clusterIP: 172.30.0.13", "    ports:", "    - port: 80", "    sessionAffinity: ClientIP",
                    "    sessionAffinityConfig:", "      clientIP:", "        timeoutSeconds: 60",
                ])
            ),
            (
                "dual stack",
                Self.service(spec: [
                    "    clusterIP: 172.30.0.14", "    clusterIPs:", "    - 172.30.0.14", "    - fd00:0::14", "    ipFamilies:",
                    "    - IPv4", "    - IPv6", "    ipFamilyPolicy: PreferDualStack", "    internalTrafficPolicy: Local",
                    "    ports:", "    - port: 443", "      appProtocol: kubernetes.io/h2c",
                ])
            ),
            (
                "odd but valid spellings",
                Self.service(
                    metadata: ["    annotations:", "      note: \"a: b\"", "    labels: {}", "    name: \"web\"", "    namespace: ''"],
                    spec: [
                        "    clusterIP: fd00:0:0::1   # a comment", "", "    # another", "    ports:", "      - port: 0x50",
                        "        protocol: 'UDP'", "        targetPort: 0", "    publishNotReadyAddresses: yes", "    selector: {}",
                    ],
                    extra: ["  status:", "    loadBalancer: {}"])
            ),
            (
                "no namespace, no clusterIP",
                Self.service(metadata: ["    name: web"], spec: ["    ports:", "    - port: 80", "      targetPort: \"\""])
            ),
            (
                "EndpointSlice",
                Self.list([
                    "- addressType: IPv4", "  apiVersion: discovery.k8s.io/v1", "  endpoints:", "  - addresses:",
                    "    - 10.180.0.1", "    conditions:", "      ready: true", "    nodeName: node-1", "  kind: EndpointSlice",
                    "  metadata:", "    labels:", "      kubernetes.io/service-name: web", "    name: web-abc", "    namespace: ns",
                    "  ports:", "  - name: http", "    port: 8080", "    protocol: TCP", "  - name: other", "    protocol: UDP",
                ])
            ),
            (
                "EndpointSlice without endpoints or ports",
                Self.list([
                    "- addressType: IPv6", "  apiVersion: discovery.k8s.io/v1", "  endpoints: []", "  kind: EndpointSlice",
                    "  metadata:", "    name: web-abc",
                ])
            ),
        ]
        for (name, yaml) in shapes {
            let hits = Self.expectSameOutcome(yaml, "\(name)")
            #expect(hits.yaml == 1, "\(name): YAML did not take the shortcut")
            #expect(hits.json == 1, "\(name): JSON did not take the shortcut")
        }
    }

    @Test("the fixtures and the random lists of the differential tests exercise the item shortcut")
    func fixturesAndRandomListsHit() throws {
        var fixtureHits = 0
        for url in DifferentialReaderTests.fixtureFiles(["yaml", "yml", "json"]) {
            let text = try DifferentialReaderTests.source(url).text
            fixtureHits += Self.hits(text, format: url.pathExtension.lowercased() == "json" ? .json : .yaml)
        }
        // DifferentialReaderTests.readerOnFixtures compares these same files with the tree reader.
        #expect(fixtureHits >= 20)
        let hits = StreamedListItems.randomListHits { Self.hits($0, format: $1) }
        // DifferentialReaderTests.randomLists compares these same lists with the tree reader.
        // Most random items hold some invalid value; 8 take the shortcut in each format.
        #expect(hits.yaml >= 5)
        #expect(hits.json >= 5)
    }
}
