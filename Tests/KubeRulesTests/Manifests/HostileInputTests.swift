import Testing
@testable import KubeRules

/// Text that could break out of an iptables argument or a comment (newlines, quotes, options,
/// spaces, unicode look-alikes, overlong names) is rejected in every field that reaches rule
/// text, and diagnostics quote it escaped so it cannot forge terminal output either.
@Suite struct HostileInputTests {
    static let hostile: [String] = [
        "web\n-A KUBE-SERVICES -j ACCEPT",
        "web\" -j ACCEPT \"",
        "web -j ACCEPT",
        "wеb",  // Cyrillic е
        "web\u{202E}",
        "web;rm",
        String(repeating: "a", count: 300),
        "",
    ]

    static func yamlString(_ value: String) -> String {
        ManifestDiagnostics.quote(value, limit: .max)
    }

    @Test(arguments: hostile) func serviceNameNamespaceAndPortNameAreRejected(_ value: String) {
        let quoted = Self.yamlString(value)
        let text = """
            apiVersion: v1
            kind: Service
            metadata: {name: \(quoted), namespace: \(quoted)}
            spec: {ports: [{name: \(quoted), port: 80, targetPort: \(quoted)}, {name: b, port: 81}]}
            """
        let diagnostics = ManifestTestSupport.failures(text).filter { $0.severity == .error }
        let paths = diagnostics.map { diagnostic in
            ["metadata.name", "metadata.namespace", "spec.ports[0].name", "spec.ports[0].targetPort"]
                .first { diagnostic.message.contains($0 + " ") || diagnostic.message.hasSuffix($0) } ?? diagnostic.message
        }
        // An empty namespace means "default" and an empty port name or targetPort "unnamed" or
        // "same as port" (then the name is required because there are two ports).
        if value.isEmpty {
            #expect(paths == ["metadata.name", "spec.ports[0].name"])
        } else {
            #expect(paths == ["metadata.name", "metadata.namespace", "spec.ports[0].name", "spec.ports[0].targetPort"])
        }
        for diagnostic in diagnostics { #expect(!diagnostic.headline.contains("\n")) }
    }

    @Test(arguments: hostile.filter { !$0.isEmpty }) func sliceAndEndpointsFieldsAreRejected(_ value: String) {
        let quoted = Self.yamlString(value)
        let text = """
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: s, labels: {kubernetes.io/service-name: \(quoted)}}
            addressType: IPv4
            endpoints: [{addresses: [\(quoted)], nodeName: \(quoted), hostname: \(quoted)}]
            ports: [{name: \(quoted), port: 80}]
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: e}
            subsets: [{addresses: [{ip: \(quoted), nodeName: \(quoted)}]}]
            """
        let messages = ManifestTestSupport.failures(text).filter { $0.severity == .error }.map(\.message)
        for path in [
            "metadata.labels[\"kubernetes.io/service-name\"]", "endpoints[0].addresses[0]", "endpoints[0].nodeName",
            "endpoints[0].hostname", "ports[0].name", "subsets[0].addresses[0].ip", "subsets[0].addresses[0].nodeName",
        ] {
            #expect(messages.contains { $0.hasPrefix("invalid \(path) ") }, "\(path) accepted \(quoted)")
        }
    }

    @Test func yamlBooleansAndNumbersAreNotNames() {
        // go-yaml v2 reads `n`, `on`, `yes` as booleans: kubectl rejects them as names too.
        #expect(ManifestTestSupport.errorHeadlines("apiVersion: v1\nkind: Node\nmetadata: {name: on}\n") == [
            "test.yaml:3:18: error: metadata.name is the boolean on (expected a string)"
        ])
        #expect(ManifestTestSupport.errorHeadlines("apiVersion: v1\nkind: Node\nmetadata: {name: 0x1F}\n") == [
            "test.yaml:3:18: error: metadata.name is the number 0x1F (expected a string)"
        ])
    }

    @Test func diagnosticsEscapeWhatTheyQuote() {
        #expect(ManifestDiagnostics.quote("a\nb\"c\\d\u{1B}[0m\u{202E}é") == #""a\nb\"c\\d\u001b[0m\u202e\u00e9""#)
        #expect(ManifestDiagnostics.quote(String(repeating: "x", count: 100)) == "\"" + String(repeating: "x", count: 80) + "\"…")
        #expect(ManifestDiagnostics.quote("😀") == #""\U0001f600""#)
    }
}
