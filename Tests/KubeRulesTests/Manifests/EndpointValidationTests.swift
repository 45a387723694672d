import Testing
@testable import KubeRules

/// EndpointSlice, Endpoints, Node and metadata checks, with exact messages and positions.
@Suite struct EndpointValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var text: String
        var errors: [String]
        var testDescription: String { label }
    }

    /// An EndpointSlice of `addressType` for service `web`; `body` lines start at line 8.
    static func slice(_ body: String, addressType: String = "IPv4", serviceName: String = "web") -> String {
        """
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: web-abcde
          namespace: shop
          labels: {kubernetes.io/service-name: \(serviceName)}
        addressType: \(addressType)
        \(body)

        """
    }

    /// An Endpoints object named `legacy`; `subsets` lines start at line 6.
    static func endpoints(_ subsets: String) -> String {
        "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: legacy\nsubsets:\n\(subsets)\n"
    }

    static let routable = "(expected a routable unicast address)"
    static let ipRule = "(expected an IP address, e.g. 10.9.8.7 or 2001:db8::ffff)"

    static let cases: [Case] = [
        Case(label: "address type missing",
             text: "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: s}\nendpoints: []\n",
             errors: ["test.yaml:1:1: error: missing addressType (expected IPv4, IPv6 or FQDN)"]),
        Case(label: "deprecated address type IP", text: slice("endpoints: []", addressType: "IP"),
             errors: ["test.yaml:7:14: error: unsupported addressType \"IP\" (expected one of \"FQDN\", \"IPv4\", \"IPv6\")"]),
        Case(label: "IPv6 address in an IPv4 slice", text: slice("endpoints: [{addresses: [\"2001:db8::1\"]}]"),
             errors: ["test.yaml:8:26: error: invalid endpoints[0].addresses[0] \"2001:db8::1\": is an IPv6 address (expected an IPv4 address)"]),
        Case(label: "IPv4 address in an IPv6 slice", text: slice("endpoints: [{addresses: [10.180.0.1]}]", addressType: "IPv6"),
             errors: ["test.yaml:8:26: error: invalid endpoints[0].addresses[0] \"10.180.0.1\": is an IPv4 address (expected an IPv6 address)"]),
        Case(label: "address with an injected rule", text: slice("endpoints: [{addresses: [\"10.180.0.1 -j ACCEPT\"]}]"),
             errors: ["test.yaml:8:26: error: invalid endpoints[0].addresses[0] \"10.180.0.1 -j ACCEPT\" (expected an IPv4 address)"]),
        Case(label: "loopback endpoint", text: slice("endpoints: [{addresses: [127.0.0.2]}]"),
             errors: ["test.yaml:8:26: error: invalid endpoints[0].addresses[0] \"127.0.0.2\": is in the loopback range (127.0.0.0/8, ::1/128) \(routable)"]),
        Case(label: "link-local endpoint", text: slice("endpoints: [{addresses: [169.254.169.254]}]"),
             errors: ["test.yaml:8:26: error: invalid endpoints[0].addresses[0] \"169.254.169.254\": is in the link-local range (169.254.0.0/16, fe80::/10) \(routable)"]),
        Case(label: "unspecified endpoint", text: slice("endpoints: [{addresses: [\"::\"]}]", addressType: "IPv6"),
             errors: ["test.yaml:8:26: error: invalid endpoints[0].addresses[0] \"::\": is unspecified \(routable)"]),
        Case(label: "multicast endpoint", text: slice("endpoints: [{addresses: [224.0.0.251]}]"),
             errors: ["test.yaml:8:26: error: invalid endpoints[0].addresses[0] \"224.0.0.251\": is in the link-local multicast range (224.0.0.0/24, ff02::/10) \(routable)"]),
        Case(label: "endpoint without addresses", text: slice("endpoints: [{conditions: {ready: true}}]"),
             errors: ["test.yaml:8:13: error: missing endpoints[0].addresses (expected at least one address)"]),
        Case(label: "FQDN not a DNS name", text: slice("endpoints: [{addresses: [\"db..example.com\"]}]", addressType: "FQDN"),
             errors: ["test.yaml:8:26: error: invalid endpoints[0].addresses[0] \"db..example.com\": has an empty part between dots (expected \(NameValidation.dns1123SubdomainRule))"]),
        Case(label: "condition as a string", text: slice("endpoints: [{addresses: [10.180.0.1], conditions: {ready: \"true\"}}]"),
             errors: ["test.yaml:8:59: error: endpoints[0].conditions.ready is the string \"true\" (expected true or false)"]),
        Case(label: "hostname not a label", text: slice("endpoints: [{addresses: [10.180.0.1], hostname: web.0}]"),
             errors: ["test.yaml:8:49: error: invalid endpoints[0].hostname \"web.0\": contains \".\" (expected \(NameValidation.dns1123LabelRule))"]),
        Case(label: "nodeName not a subdomain", text: slice("endpoints: [{addresses: [10.180.0.1], nodeName: Node_1}]"),
             errors: ["test.yaml:8:49: error: invalid endpoints[0].nodeName \"Node_1\": starts with \"N\" (expected \(NameValidation.dns1123SubdomainRule))"]),
        Case(label: "zone not a label value", text: slice("endpoints: [{addresses: [10.180.0.1], zone: \"zone a\"}]"),
             errors: ["test.yaml:8:45: error: invalid endpoints[0].zone \"zone a\": contains \" \" (expected \(NameValidation.labelValueRule))"]),
        Case(label: "slice port name invalid", text: slice("ports: [{name: P80, port: 80}]"),
             errors: ["test.yaml:8:16: error: invalid ports[0].name \"P80\": starts with \"P\" (expected \(NameValidation.dns1123LabelRule))"]),
        Case(label: "slice port names duplicated", text: slice("ports: [{name: p80, port: 80}, {name: p80, port: 81}]"),
             errors: ["test.yaml:8:39: error: duplicate ports[1].name \"p80\" (expected a port name used once per slice)"]),
        Case(label: "unnamed slice ports duplicated", text: slice("ports: [{port: 80}, {port: 81}]"),
             errors: ["test.yaml:8:21: error: duplicate ports[1].name \"\" (expected a port name used once per slice)"]),
        Case(label: "slice port out of range", text: slice("ports: [{port: 65536}]"),
             errors: ["test.yaml:8:16: error: invalid ports[0].port 65536 (expected a port number in 1-65535)"]),
        Case(label: "slice port protocol unknown", text: slice("ports: [{port: 80, protocol: QUIC}]"),
             errors: ["test.yaml:8:30: error: unsupported ports[0].protocol \"QUIC\" (expected one of \"SCTP\", \"TCP\", \"UDP\")"]),
        Case(label: "service-name label value invalid", text: slice("endpoints: []", serviceName: "\"web/api\""),
             errors: ["test.yaml:6:40: error: invalid metadata.labels[\"kubernetes.io/service-name\"] \"web/api\": contains \"/\" (expected \(NameValidation.labelValueRule))"]),
        Case(label: "slice name not a subdomain",
             text: "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: -web}\naddressType: IPv4\n",
             errors: ["test.yaml:3:18: error: invalid metadata.name \"-web\": starts with \"-\" (expected \(NameValidation.dns1123SubdomainRule))"]),
        Case(label: "Endpoints address not an IP", text: endpoints("- addresses: [{ip: 10.180.0}]"),
             errors: ["test.yaml:6:20: error: invalid subsets[0].addresses[0].ip \"10.180.0\" \(ipRule)"]),
        Case(label: "Endpoints address without ip", text: endpoints("- addresses: [{hostname: a}]"),
             errors: ["test.yaml:6:15: error: missing subsets[0].addresses[0].ip \(ipRule)"]),
        Case(label: "Endpoints not-ready loopback", text: endpoints("- notReadyAddresses: [{ip: \"::1\"}]"),
             errors: ["test.yaml:6:28: error: invalid subsets[0].notReadyAddresses[0].ip \"::1\": is in the loopback range (127.0.0.0/8, ::1/128) \(routable)"]),
        Case(label: "Endpoints subset without addresses", text: endpoints("- ports: [{port: 80}]"),
             errors: ["test.yaml:6:3: error: missing subsets[0].addresses (expected addresses or notReadyAddresses in every subset)"]),
        Case(label: "Endpoints ports need names when several",
             text: endpoints("- addresses: [{ip: 10.180.0.1}]\n  ports: [{port: 80}, {name: b, port: 81}]"),
             errors: ["test.yaml:7:11: error: missing subsets[0].ports[0].name (expected a name for every port of a subset with several ports)"]),
        Case(label: "Endpoints port missing", text: endpoints("- addresses: [{ip: 10.180.0.1}]\n  ports: [{name: a}]"),
             errors: ["test.yaml:7:11: error: missing subsets[0].ports[0].port (expected a port number in 1-65535)"]),
        Case(label: "Endpoints hostname invalid", text: endpoints("- addresses: [{ip: 10.180.0.1, hostname: \"a b\"}]"),
             errors: ["test.yaml:6:42: error: invalid subsets[0].addresses[0].hostname \"a b\": contains \" \" (expected \(NameValidation.dns1123LabelRule))"]),
        Case(label: "Node name invalid", text: "apiVersion: v1\nkind: Node\nmetadata: {name: Node_1}\n",
             errors: ["test.yaml:3:18: error: invalid metadata.name \"Node_1\": starts with \"N\" (expected \(NameValidation.dns1123SubdomainRule))"]),
        Case(label: "label key with two slashes", text: "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\n  labels: {a/b/c: x}\n",
             errors: ["test.yaml:5:12: error: invalid metadata.labels[\"a/b/c\"] \"a/b/c\": contains more than one \"/\" (expected \(NameValidation.qualifiedNameRule))"]),
        Case(label: "label value too long", text: "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\n  labels: {a: \(String(repeating: "x", count: 64))}\n",
             errors: ["test.yaml:5:15: error: invalid metadata.labels[\"a\"] \"\(String(repeating: "x", count: 64))\": is longer than 63 characters (expected \(NameValidation.labelValueRule))"]),
        Case(label: "label value a number", text: "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\n  labels: {version: 1.0}\n",
             errors: ["test.yaml:5:21: error: metadata.labels[\"version\"] is the number 1.0 (expected a string)"]),
        Case(label: "annotation key invalid", text: "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\n  annotations: {\"-bad\": x}\n",
             errors: ["test.yaml:5:17: error: invalid metadata.annotations key \"-bad\": starts with \"-\" (expected \(NameValidation.qualifiedNameRule))"]),
        Case(label: "name missing", text: "apiVersion: v1\nkind: Node\nmetadata: {labels: {a: b}}\n",
             errors: ["test.yaml:3:11: error: missing metadata.name (expected \(NameValidation.dns1123SubdomainRule))"]),
        Case(label: "metadata missing", text: "apiVersion: v1\nkind: Endpoints\n",
             errors: ["test.yaml:1:1: error: missing metadata.name (expected \(NameValidation.dns1123SubdomainRule))"]),
    ]

    @Test(arguments: cases) func rejectsWithExactMessageAndPosition(_ testCase: Case) {
        #expect(ManifestTestSupport.errorHeadlines(testCase.text) == testCase.errors)
    }

    @Test func sliceDefaultsAndOptionalFields() throws {
        let slice = try #require(try ManifestTestSupport.read(Self.slice(
            "endpoints:\n- addresses: [\"2001:DB8::0001\"]\n  hints: {forNodes: [{name: test-node}]}\nports: [{name: null, port: 80}]",
            addressType: "IPv6")).manifests.endpointSlices.first)
        #expect(slice.endpoints.first?.addresses == ["2001:db8::1"])
        #expect(slice.endpoints.first?.nodeHints == ["test-node"])
        #expect(slice.endpoints.first.map { $0.ready == nil && $0.serving == nil && $0.terminating == nil } == true)
        #expect(slice.ports.map { "\($0.name)|\($0.protocol)|\($0.port.map(String.init) ?? "nil")" } == ["|tcp|80"])
    }

    @Test func unnamedPortsNamedDifferentlyStayApart() throws {
        let slice = try #require(try ManifestTestSupport.read(Self.slice("ports: [{name: \"\", port: 80}, {name: b, protocol: UDP}]"))
            .manifests.endpointSlices.first)
        #expect(slice.ports.map { "\($0.name)|\($0.protocol)|\($0.port.map(String.init) ?? "nil")" } == ["|tcp|80", "b|udp|nil"])
    }
}
