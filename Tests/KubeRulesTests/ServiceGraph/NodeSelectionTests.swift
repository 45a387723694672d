import Testing

@testable import KubeRules

/// Which node is rendered and with which addresses.
@Suite struct NodeSelectionTests {
    let twoNodes = [
        T.node("node-1", addresses: [("Hostname", "node-1"), ("ExternalIP", "203.0.113.7"), ("InternalIP", "192.168.0.2"), ("InternalIP", "not-an-ip"), ("InternalIP", "2001:db8::1")], labels: ["topology.kubernetes.io/zone": "zone-a"]),
        T.node("node-2", addresses: [("InternalIP", "192.168.1.2")]),
    ]

    @Test func theOnlyNodeIsChosenWithoutAHostname() throws {
        let (graph, diagnostics) = try T.build(Manifests(nodes: [twoNodes[1]]), T.options(hostname: nil))
        #expect(graph.node.name == "node-2")
        #expect(graph.node.addresses == [T.ip("192.168.1.2")])
        #expect(diagnostics.isEmpty)
    }

    @Test func severalNodesNeedAHostname() {
        let error = #expect(throws: DiagnosticsError.self) {
            try T.build(Manifests(nodes: twoNodes), T.options(hostname: nil))
        }
        let diagnostic = error?.errors.first
        #expect(diagnostic?.headline == "error: the input has 2 Nodes (node-1, node-2); which one's view should be rendered? (expected --hostname-override NAME naming one of them)")
    }

    @Test func noNodeAndNoHostnameIsAnError() {
        let error = #expect(throws: DiagnosticsError.self) {
            try T.build(Manifests(services: [T.service("ns1", "svc1")]), T.options(hostname: nil))
        }
        #expect(error?.errors.count == 1)
        #expect(error?.errors.first?.message.contains("no Node object") == true)
    }

    @Test func addressesComeInternalFirstThenExternal() throws {
        let (graph, _) = try T.build(Manifests(nodes: twoNodes), T.options(hostname: "node-1"))
        #expect(graph.node.addresses == [T.ip("192.168.0.2"), T.ip("203.0.113.7")])
        #expect(graph.node.allAddresses == [T.ip("192.168.0.2"), T.ip("2001:db8::1"), T.ip("203.0.113.7")])
        #expect(graph.node.zone == "zone-a")
    }

    @Test func hostnameIsTrimmedAndLowerCased() throws {
        let (graph, _) = try T.build(Manifests(nodes: twoNodes), T.options(hostname: " Node-2 "))
        #expect(graph.node.name == "node-2")
        #expect(graph.node.addresses == [T.ip("192.168.1.2")])
    }

    @Test func nodeIPFlagReplacesTheNodeObject() throws {
        var options = T.options(hostname: "node-1")
        options.nodeIPs = [T.ip("192.168.99.11"), T.ip("2001:db8:1::2"), T.ip("192.168.99.11")]
        let (graph, _) = try T.build(Manifests(nodes: twoNodes), options)
        #expect(graph.node.addresses == [T.ip("192.168.99.11")])
        #expect(graph.node.allAddresses == [T.ip("192.168.99.11"), T.ip("2001:db8:1::2")])
        #expect(graph.node.zone == "zone-a")  // labels still come from the Node object
    }

    @Test func unknownNodeIsAllowedWithAWarning() throws {
        let slice = T.slice("ns1", "svc1-1", service: "svc1", endpoints: [T.endpoint("10.180.0.1", node: "node-3")])
        let manifests = Manifests(services: [T.service("ns1", "svc1")], endpointSlices: [slice], nodes: twoNodes)
        let (graph, diagnostics) = try T.build(manifests, T.options(hostname: "node-3"))
        #expect(graph.node.name == "node-3")
        #expect(graph.node.addresses.isEmpty)
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.first?.message.contains("node-1, node-2") == true)
        // Locality still follows the name.
        #expect(graph.servicePorts.first?.endpoints.first?.isLocal == true)
    }

    @Test func unknownNodeWithNodeIPHasNoWarning() throws {
        var options = T.options(hostname: "node-3")
        options.nodeIPs = [T.ip("192.168.99.11")]
        let (graph, diagnostics) = try T.build(Manifests(nodes: twoNodes), options)
        #expect(graph.node.addresses == [T.ip("192.168.99.11")])
        #expect(diagnostics.isEmpty)
    }
}
