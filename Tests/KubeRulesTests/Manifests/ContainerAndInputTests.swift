import Foundation
import Testing
@testable import KubeRules

/// How objects are packaged: lists, multi-document streams, stdin, directories, skipped kinds.
@Suite struct ContainerAndInputTests {
    static let service = """
        apiVersion: v1
        kind: Service
        metadata: {name: svc1, namespace: ns1}
        spec: {clusterIP: 172.30.0.41, ports: [{port: 80}]}
        """

    @Test func kindListHoldsMixedKinds() throws {
        let manifests = try ManifestTestSupport.read(
            """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Node
              metadata: {name: test-node}
            - apiVersion: v1
              kind: Service
              metadata: {name: svc1, namespace: ns1}
              spec: {ports: [{port: 80}]}
            metadata:
              resourceVersion: ""
            """
        ).manifests
        #expect(manifests.nodes.map(\.metadata.name) == ["test-node"])
        #expect(manifests.services.map(\.metadata.name) == ["svc1"])
    }

    @Test func typedListItemsInheritKindAndAPIVersion() throws {
        let manifests = try ManifestTestSupport.read(
            """
            {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSliceList", "items": [
              {"metadata": {"name": "s1", "namespace": "ns1", "labels": {"kubernetes.io/service-name": "svc1"}},
               "addressType": "IPv4", "endpoints": [{"addresses": ["10.180.0.1"]}], "ports": [{"port": 80}]}
            ]}
            """, name: "slices.json"
        ).manifests
        #expect(manifests.endpointSlices.map(\.serviceName) == ["svc1"])
        #expect(manifests.endpointSlices.first?.location == SourceLocation(file: "slices.json", line: 2, column: 3))
    }

    @Test func itemsOfAPlainListNeedTheirKind() {
        let headlines = ManifestTestSupport.errorHeadlines(
            """
            apiVersion: v1
            kind: List
            items:
            - metadata: {name: x}
            """)
        #expect(headlines == ["test.yaml:4:3: error: missing items[0].kind (expected the object's kind, e.g. Service)"])
    }

    @Test func multiDocumentStreamWithEmptyAndCommentOnlyDocuments() throws {
        let text = "---\n# only a comment\n---\n\(Self.service)\n---\n---\n\(Self.service.replacingOccurrences(of: "svc1", with: "svc2"))\n...\n"
        let manifests = try ManifestTestSupport.read(text).manifests
        #expect(manifests.services.map(\.metadata.name) == ["svc1", "svc2"])
        #expect(manifests.services.map(\.location.line) == [4, 10])
    }

    @Test func jsonStreamOfSeveralObjects() throws {
        let text = """
            {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "a"}}
            {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "b"}}
            """
        #expect(try ManifestTestSupport.read(text, name: "nodes.json").manifests.nodes.map(\.metadata.name) == ["a", "b"])
    }

    @Test func standardInputIsSniffedAndNamedDash() throws {
        let yaml = try ManifestReader().read([.standardInput(Array(Self.service.utf8))])
        #expect(yaml.manifests.services.first?.location.file == "-")
        let json = try ManifestReader().read([
            .standardInput(Array("\n  {\"apiVersion\": \"v1\", \"kind\": \"Node\", \"metadata\": {\"name\": \"n\"}}".utf8))
        ])
        #expect(json.manifests.nodes.first?.location == SourceLocation(file: "-", line: 2, column: 3))
        #expect(ManifestFormat(sniffing: Array("[1]".utf8)) == .json)
        #expect(ManifestFormat(sniffing: Array("\u{FEFF}{}".utf8)) == .json)
        #expect(ManifestFormat(sniffing: Array("# {\n".utf8)) == .yaml)
        // A JSON document on stdin with a syntax error is reported as JSON.
        #expect(throws: DiagnosticsError.self) { try ManifestReader().read([.standardInput(Array("{\"a\": }".utf8))]) }
    }

    @Test func directoryReadsManifestFilesInNameOrderNotRecursively() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kr-manifests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("nested.yaml"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func write(_ name: String, _ nodeName: String, json: Bool = false) throws {
            let text = json
                ? "{\"apiVersion\": \"v1\", \"kind\": \"Node\", \"metadata\": {\"name\": \"\(nodeName)\"}}"
                : "apiVersion: v1\nkind: Node\nmetadata: {name: \(nodeName)}\n"
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("b.yml", "from-b")
        try write("a.json", "from-a", json: true)
        try write("C.yaml", "from-c-upper")
        try write("c.YAML", "from-c-lower")
        try write("notes.txt", "ignored")
        try write(".hidden.yaml", "ignored-hidden")
        try write("nested.yaml/inner.yaml", "ignored-nested")
        let result = try ManifestReader().read([.path(directory.path)])
        #expect(result.manifests.nodes.map(\.metadata.name) == ["from-c-upper", "from-a", "from-b", "from-c-lower"])
        #expect(result.manifests.nodes[1].location.file == directory.path + "/a.json")
        #expect(result.notes.isEmpty)
    }

    @Test func inputsAreReadInOrderAndMissingPathsAreErrors() throws {
        let first = ManifestInput.bytes(name: "one.yaml", Array(Self.service.utf8), format: nil)
        let second = ManifestInput.bytes(
            name: "two.yaml", Array(Self.service.replacingOccurrences(of: "svc1", with: "svc2").utf8), format: nil)
        let result = try ManifestReader().read([second, first])
        #expect(result.manifests.services.map(\.metadata.name) == ["svc2", "svc1"])
        do {
            _ = try ManifestReader().read([.path("/nonexistent/kr-missing.yaml"), first])
            Issue.record("a missing file must fail the read")
        } catch {
            #expect(error.diagnostics.map(\.headline) == [
                "error: cannot read \"/nonexistent/kr-missing.yaml\": no such file or directory (expected a readable file, a directory or - for stdin)"
            ])
        }
    }

    @Test func otherKindsAndVersionsAreSkippedWithNotes() throws {
        let result = try ManifestTestSupport.read(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec: {replicas: three}
            ---
            apiVersion: discovery.k8s.io/v1beta1
            kind: EndpointSlice
            metadata: {name: old}
            ---
            apiVersion: v1
            kind: Pod
            ---
            apiVersion: v1
            kind: PodList
            items: [{metadata: {name: p}}]
            ---
            \(Self.service)
            """)
        #expect(result.manifests.services.count == 1)
        #expect(result.notes.map(\.headline) == [
            "test.yaml:1:1: note: skipping apps/v1 Deployment \"shop/web\" (expected v1 Service, discovery.k8s.io/v1 EndpointSlice, v1 Endpoints or v1 Node)",
            "test.yaml:6:1: note: skipping discovery.k8s.io/v1beta1 EndpointSlice \"old\" (expected v1 Service, discovery.k8s.io/v1 EndpointSlice, v1 Endpoints or v1 Node)",
            "test.yaml:10:1: note: skipping v1 Pod (expected v1 Service, discovery.k8s.io/v1 EndpointSlice, v1 Endpoints or v1 Node)",
            "test.yaml:15:9: note: skipping v1 Pod \"p\" (expected v1 Service, discovery.k8s.io/v1 EndpointSlice, v1 Endpoints or v1 Node)",
        ])
    }

    @Test func documentsThatAreNotObjectsAreErrors() {
        let headlines = ManifestTestSupport.errorHeadlines("- a\n- b\n---\njust text\n---\n42\n")
        #expect(headlines == [
            "test.yaml:1:1: error: document is a list, not an object (expected a Kubernetes object with apiVersion and kind)",
            "test.yaml:4:1: error: document is a string, not an object (expected a Kubernetes object with apiVersion and kind)",
            "test.yaml:6:1: error: document is an integer, not an object (expected a Kubernetes object with apiVersion and kind)",
        ])
    }

    @Test func objectsWithoutKindOrAPIVersionAreErrors() {
        #expect(ManifestTestSupport.errorHeadlines("metadata: {name: x}\n") == [
            "test.yaml:1:1: error: missing kind (expected the object's kind, e.g. Service)"
        ])
        #expect(ManifestTestSupport.errorHeadlines("kind: Service\nmetadata: {name: x}\n") == [
            "test.yaml:1:1: error: missing apiVersion (expected the object's apiVersion, e.g. v1)"
        ])
    }

    @Test func notesAreKeptInInputOrderWithErrors() {
        let diagnostics = ManifestTestSupport.failures(
            "apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Service\nmetadata: {name: Bad}\nspec: {ports: [{port: 80}]}\n")
        #expect(diagnostics.map(\.severity) == [.note, .error])
        #expect(diagnostics.map(\.location?.line) == [1, 6])
    }
}
