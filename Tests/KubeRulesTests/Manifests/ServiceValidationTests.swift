import Testing
@testable import KubeRules

/// Every Service check the API server makes that kuberules repeats, with its exact message and
/// position. The spec lines of each case start on line 7 (see ``service(_:name:namespace:)``).
@Suite struct ServiceValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var text: String
        var errors: [String]
        var testDescription: String { label }
    }

    /// A Service named `name` in `namespace` whose `spec:` holds `spec` (one line per entry,
    /// starting at line 7, indented by two spaces for you).
    static func service(_ spec: String, name: String = "web", namespace: String = "shop") -> String {
        let body = spec.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
        return "apiVersion: v1\nkind: Service\nmetadata:\n  name: \(name)\n  namespace: \(namespace)\nspec:\n\(body)\n"
    }

    static let dns1035 = "(expected \(NameValidation.dns1035LabelRule))"
    static let dns1123 = "(expected \(NameValidation.dns1123LabelRule))"
    static let portName = "(expected a port number in 1-65535 or \(NameValidation.portNameRule))"

    static let cases: [Case] = [
        Case(label: "namespace not a DNS-1123 label", text: service("ports: [{port: 80}]", namespace: "Shop_1"),
             errors: ["test.yaml:5:14: error: invalid metadata.namespace \"Shop_1\": starts with \"S\" \(dns1123)"]),
        Case(label: "name starting with a digit", text: service("ports: [{port: 80}]", name: "1web"),
             errors: ["test.yaml:4:9: error: invalid metadata.name \"1web\": starts with \"1\" \(dns1035)"]),
        Case(label: "name too long", text: service("ports: [{port: 80}]", name: String(repeating: "a", count: 64)),
             errors: ["test.yaml:4:9: error: invalid metadata.name \"\(String(repeating: "a", count: 64))\": is longer than 63 characters \(dns1035)"]),
        Case(label: "name with a dot", text: service("ports: [{port: 80}]", name: "web.v2"),
             errors: ["test.yaml:4:9: error: invalid metadata.name \"web.v2\": contains \".\" \(dns1035)"]),
        Case(label: "port name upper case", text: service("ports: [{name: HTTP, port: 80}]"),
             errors: ["test.yaml:7:18: error: invalid spec.ports[0].name \"HTTP\": starts with \"H\" \(dns1123)"]),
        Case(label: "port names required with several ports", text: service("ports:\n- port: 80\n- {name: b, port: 81}"),
             errors: ["test.yaml:8:5: error: missing spec.ports[0].name (expected a name for every port of a Service with several ports)"]),
        Case(label: "duplicate port names", text: service("ports:\n- {name: http, port: 80}\n- {name: http, port: 81}"),
             errors: ["test.yaml:9:12: error: duplicate spec.ports[1].name \"http\" (expected a port name used once per Service)"]),
        Case(label: "port out of range", text: service("ports: [{port: 70000}]"),
             errors: ["test.yaml:7:18: error: invalid spec.ports[0].port 70000 (expected a port number in 1-65535)"]),
        Case(label: "port zero", text: service("ports: [{port: 0}]"),
             errors: ["test.yaml:7:18: error: invalid spec.ports[0].port 0 (expected a port number in 1-65535)"]),
        Case(label: "port missing", text: service("ports: [{targetPort: 80}]"),
             errors: ["test.yaml:7:11: error: missing spec.ports[0].port (expected a port number in 1-65535)"]),
        Case(label: "port as a string", text: service("ports: [{port: \"80\"}]"),
             errors: ["test.yaml:7:18: error: spec.ports[0].port is the string \"80\" (expected an integer)"]),
        Case(label: "port with a fraction", text: service("ports: [{port: 80.5}]"),
             errors: ["test.yaml:7:18: error: spec.ports[0].port is the number 80.5 (expected an integer)"]),
        Case(label: "port beyond int32", text: service("ports: [{port: 4294967296}]"),
             errors: ["test.yaml:7:18: error: invalid spec.ports[0].port \"4294967296\": out of range (expected a 32-bit integer)"]),
        Case(label: "unknown protocol", text: service("ports: [{port: 80, protocol: HTTP}]"),
             errors: ["test.yaml:7:32: error: unsupported spec.ports[0].protocol \"HTTP\" (expected one of \"SCTP\", \"TCP\", \"UDP\")"]),
        Case(label: "lower-case protocol", text: service("ports: [{port: 80, protocol: tcp}]"),
             errors: ["test.yaml:7:32: error: unsupported spec.ports[0].protocol \"tcp\" (expected one of \"SCTP\", \"TCP\", \"UDP\")"]),
        Case(label: "duplicate protocol and port", text: service("ports:\n- {name: a, port: 80}\n- {name: b, port: 80, protocol: TCP}"),
             errors: ["test.yaml:9:21: error: duplicate spec.ports[1] TCP port 80 (expected each protocol and port once per Service)"]),
        Case(label: "unknown type", text: service("type: Internal\nports: [{port: 80}]"),
             errors: ["test.yaml:7:9: error: unsupported spec.type \"Internal\" (expected one of \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\")"]),
        Case(label: "targetPort out of range", text: service("ports: [{port: 80, targetPort: 70000}]"),
             errors: ["test.yaml:7:34: error: invalid spec.ports[0].targetPort 70000 (expected a port number in 1-65535 or a port name)"]),
        Case(label: "targetPort digits as a string", text: service("ports: [{port: 80, targetPort: \"8080\"}]"),
             errors: ["test.yaml:7:34: error: invalid spec.ports[0].targetPort \"8080\": has no letter \(portName)"]),
        Case(label: "targetPort name too long", text: service("ports: [{port: 80, targetPort: metrics-endpoint1}]"),
             errors: ["test.yaml:7:34: error: invalid spec.ports[0].targetPort \"metrics-endpoint1\": is longer than 15 characters \(portName)"]),
        Case(label: "targetPort with double hyphen", text: service("ports: [{port: 80, targetPort: http--alt}]"),
             errors: ["test.yaml:7:34: error: invalid spec.ports[0].targetPort \"http--alt\": contains \"--\" \(portName)"]),
        Case(label: "targetPort with leading hyphen", text: service("ports: [{port: 80, targetPort: \"-http\"}]"),
             errors: ["test.yaml:7:34: error: invalid spec.ports[0].targetPort \"-http\": starts with \"-\" \(portName)"]),
        Case(label: "targetPort upper case", text: service("ports: [{port: 80, targetPort: Http}]"),
             errors: ["test.yaml:7:34: error: invalid spec.ports[0].targetPort \"Http\": contains \"H\" \(portName)"]),
        Case(label: "targetPort a list", text: service("ports: [{port: 80, targetPort: [80]}]"),
             errors: ["test.yaml:7:34: error: spec.ports[0].targetPort is a list (expected an integer or a port name)"]),
        Case(label: "nodePort outside the range", text: service("type: NodePort\nports: [{port: 80, nodePort: 8080}]"),
             errors: ["test.yaml:8:32: error: invalid spec.ports[0].nodePort 8080: outside the node port range (expected a port in 30000-32767 (--service-node-port-range))"]),
        Case(label: "nodePort on ClusterIP", text: service("ports: [{port: 80, nodePort: 30080}]"),
             errors: ["test.yaml:7:32: error: spec.ports[0].nodePort may not be used when type is ClusterIP (expected no nodePort, or type NodePort or LoadBalancer)"]),
        Case(label: "duplicate nodePort", text: service("type: NodePort\nports:\n- {name: a, port: 80, nodePort: 30080}\n- {name: b, port: 81, nodePort: 30080}"),
             errors: ["test.yaml:10:35: error: duplicate spec.ports[1].nodePort 30080 (expected each protocol and nodePort once per Service)"]),
        Case(label: "healthCheckNodePort without Local policy", text: service("type: NodePort\nhealthCheckNodePort: 30001\nports: [{port: 80}]"),
             errors: ["test.yaml:8:24: error: spec.healthCheckNodePort may only be set when type is LoadBalancer and externalTrafficPolicy is Local (expected no healthCheckNodePort)"]),
        Case(label: "healthCheckNodePort outside the range",
             text: service("type: LoadBalancer\nexternalTrafficPolicy: Local\nhealthCheckNodePort: 10256\nports: [{port: 80}]"),
             errors: ["test.yaml:9:24: error: invalid spec.healthCheckNodePort 10256: outside the node port range (expected a port in 30000-32767 (--service-node-port-range))"]),
        Case(label: "clusterIP not an address", text: service("clusterIP: 172.30.0.300\nports: [{port: 80}]"),
             errors: ["test.yaml:7:14: error: invalid spec.clusterIP \"172.30.0.300\" (expected an IP address, e.g. 10.9.8.7 or 2001:db8::ffff)"]),
        Case(label: "clusterIPs not matching clusterIP", text: service("clusterIP: 172.30.0.41\nclusterIPs: [172.30.0.42]\nports: [{port: 80}]"),
             errors: ["test.yaml:8:16: error: invalid spec.clusterIPs[0] \"172.30.0.42\": differs from clusterIP (expected clusterIPs[0] equal to clusterIP \"172.30.0.41\")"]),
        Case(label: "two cluster IPs of one family", text: service("clusterIPs: [172.30.0.41, 172.30.0.42]\nports: [{port: 80}]"),
             errors: ["test.yaml:7:29: error: invalid spec.clusterIPs[1] \"172.30.0.42\": a second IPv4 address (expected at most one address per family)"]),
        Case(label: "None with another cluster IP", text: service("clusterIPs: [None, 172.30.0.42]\nports: [{port: 80}]"),
             errors: ["test.yaml:7:16: error: invalid spec.clusterIPs[0] \"None\": 'None' must be the first and only value (expected an IP address, e.g. 10.9.8.7 or 2001:db8::ffff)"]),
        Case(label: "unknown IP family", text: service("ipFamilies: [IPv5]\nports: [{port: 80}]"),
             errors: ["test.yaml:7:16: error: unsupported spec.ipFamilies[0] \"IPv5\" (expected \"IPv4\" or \"IPv6\")"]),
        Case(label: "cluster IP of the wrong family", text: service("clusterIP: 172.30.0.41\nipFamilies: [IPv6]\nports: [{port: 80}]"),
             errors: ["test.yaml:7:14: error: invalid spec.clusterIP \"172.30.0.41\": is an IPv4 address (expected an IPv6 address as ipFamilies[0] says)"]),
        Case(label: "unknown ipFamilyPolicy", text: service("ipFamilyPolicy: DualStack\nports: [{port: 80}]"),
             errors: ["test.yaml:7:19: error: unsupported spec.ipFamilyPolicy \"DualStack\" (expected one of \"SingleStack\", \"PreferDualStack\", \"RequireDualStack\")"]),
        Case(label: "external IP not an address", text: service("externalIPs: [192.168.99.1.1]\nports: [{port: 80}]"),
             errors: ["test.yaml:7:17: error: invalid spec.externalIPs[0] \"192.168.99.1.1\" (expected an IP address, e.g. 10.9.8.7 or 2001:db8::ffff)"]),
        Case(label: "external IP loopback", text: service("externalIPs: [127.0.0.1]\nports: [{port: 80}]"),
             errors: ["test.yaml:7:17: error: invalid spec.externalIPs[0] \"127.0.0.1\": is in the loopback range (127.0.0.0/8, ::1/128) (expected a routable unicast address)"]),
        Case(label: "source range not a CIDR", text: service("type: LoadBalancer\nloadBalancerSourceRanges: [203.0.113.0/33]\nports: [{port: 80}]"),
             errors: ["test.yaml:8:30: error: invalid spec.loadBalancerSourceRanges[0] \"203.0.113.0/33\" (expected a CIDR, e.g. 10.9.8.0/24 or 2001:db8::/64)"]),
        Case(label: "source ranges on a NodePort service", text: service("type: NodePort\nloadBalancerSourceRanges: [203.0.113.0/25]\nports: [{port: 80}]"),
             errors: ["test.yaml:8:30: error: spec.loadBalancerSourceRanges may only be used when type is LoadBalancer, not NodePort (expected type LoadBalancer)"]),
        Case(label: "loadBalancerClass on ClusterIP", text: service("loadBalancerClass: example.com/lb\nports: [{port: 80}]"),
             errors: ["test.yaml:7:22: error: spec.loadBalancerClass may only be used when type is LoadBalancer, not ClusterIP (expected type LoadBalancer)"]),
        Case(label: "unknown session affinity", text: service("sessionAffinity: Cookie\nports: [{port: 80}]"),
             errors: ["test.yaml:7:20: error: unsupported spec.sessionAffinity \"Cookie\" (expected \"ClientIP\" or \"None\")"]),
        Case(label: "affinity timeout zero", text: service("sessionAffinity: ClientIP\nsessionAffinityConfig: {clientIP: {timeoutSeconds: 0}}\nports: [{port: 80}]"),
             errors: ["test.yaml:8:54: error: invalid spec.sessionAffinityConfig.clientIP.timeoutSeconds 0 (expected seconds in 1-86400)"]),
        Case(label: "affinity timeout over a day", text: service("sessionAffinity: ClientIP\nsessionAffinityConfig: {clientIP: {timeoutSeconds: 86401}}\nports: [{port: 80}]"),
             errors: ["test.yaml:8:54: error: invalid spec.sessionAffinityConfig.clientIP.timeoutSeconds 86401 (expected seconds in 1-86400)"]),
        Case(label: "affinity config without ClientIP", text: service("sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}\nports: [{port: 80}]"),
             errors: ["test.yaml:7:26: error: spec.sessionAffinityConfig may not be set when sessionAffinity is None (expected sessionAffinity ClientIP with its config)"]),
        Case(label: "unknown external traffic policy", text: service("type: NodePort\nexternalTrafficPolicy: Global\nports: [{port: 80}]"),
             errors: ["test.yaml:8:26: error: unsupported spec.externalTrafficPolicy \"Global\" (expected \"Cluster\" or \"Local\")"]),
        Case(label: "external traffic policy on ClusterIP", text: service("externalTrafficPolicy: Local\nports: [{port: 80}]"),
             errors: ["test.yaml:7:26: error: spec.externalTrafficPolicy may only be set for externally-accessible services, not ClusterIP (expected type NodePort or LoadBalancer, or externalIPs)"]),
        Case(label: "unknown internal traffic policy", text: service("internalTrafficPolicy: Node\nports: [{port: 80}]"),
             errors: ["test.yaml:7:26: error: unsupported spec.internalTrafficPolicy \"Node\" (expected \"Cluster\" or \"Local\")"]),
        Case(label: "unknown traffic distribution", text: service("trafficDistribution: Nearest\nports: [{port: 80}]"),
             errors: ["test.yaml:7:24: error: unsupported spec.trafficDistribution \"Nearest\" (expected one of \"PreferClose\", \"PreferSameNode\", \"PreferSameZone\")"]),
        Case(label: "no ports", text: service("selector: {app: web}"),
             errors: ["test.yaml:7:3: error: missing spec.ports (expected at least one port (only headless and ExternalName services have none))"]),
        Case(label: "headless NodePort", text: service("type: NodePort\nclusterIP: None\nports: [{port: 80}]"),
             errors: ["test.yaml:8:14: error: spec.clusterIP may not be 'None' for NodePort services (expected a cluster IP, or type ClusterIP for a headless service)"]),
        Case(label: "ExternalName with a cluster IP", text: service("type: ExternalName\nexternalName: db.example.com\nclusterIP: 172.30.0.41"),
             errors: ["test.yaml:9:14: error: spec.clusterIP may not be set for ExternalName services (expected no clusterIP on an ExternalName service)"]),
        Case(label: "ExternalName without a name", text: service("type: ExternalName"),
             errors: ["test.yaml:7:3: error: missing spec.externalName (expected the DNS name an ExternalName service points to)"]),
        Case(label: "ExternalName not a DNS name", text: service("type: ExternalName\nexternalName: db_1.example.com."),
             errors: ["test.yaml:8:17: error: invalid spec.externalName \"db_1.example.com\": contains \"_\" (expected \(NameValidation.dns1123SubdomainRule))"]),
        Case(label: "ingress IP not an address", text: service("type: LoadBalancer\nports: [{port: 80}]") + "status: {loadBalancer: {ingress: [{ip: 1.2.3}]}}\n",
             errors: ["test.yaml:9:40: error: invalid status.loadBalancer.ingress[0].ip \"1.2.3\" (expected an IP address, e.g. 10.9.8.7 or 2001:db8::ffff)"]),
        Case(label: "ingress hostname that is an IP", text: service("type: LoadBalancer\nports: [{port: 80}]") + "status: {loadBalancer: {ingress: [{hostname: 1.2.3.4}]}}\n",
             errors: ["test.yaml:9:46: error: invalid status.loadBalancer.ingress[0].hostname \"1.2.3.4\": is an IP address (expected a DNS name (put addresses in ip))"]),
        Case(label: "unknown ipMode", text: service("type: LoadBalancer\nports: [{port: 80}]") + "status: {loadBalancer: {ingress: [{ip: 1.2.3.4, ipMode: Direct}]}}\n",
             errors: ["test.yaml:9:57: error: unsupported status.loadBalancer.ingress[0].ipMode \"Direct\" (expected \"Proxy\" or \"VIP\")"]),
        Case(label: "ipMode without ip", text: service("type: LoadBalancer\nports: [{port: 80}]") + "status: {loadBalancer: {ingress: [{hostname: lb.example.com, ipMode: VIP}]}}\n",
             errors: ["test.yaml:9:70: error: status.loadBalancer.ingress[0].ipMode may not be set when ip is not set (expected an ip with the ipMode)"]),
        Case(label: "selector value not a label value", text: service("selector: {app: \"web app\"}\nports: [{port: 80}]"),
             errors: ["test.yaml:7:19: error: invalid spec.selector[\"app\"] \"web app\": contains \" \" (expected \(NameValidation.labelValueRule))"]),
        Case(label: "appProtocol not a qualified name", text: service("ports: [{port: 80, appProtocol: \"h2c/v2/x\"}]"),
             errors: ["test.yaml:7:35: error: invalid spec.ports[0].appProtocol \"h2c/v2/x\": contains more than one \"/\" (expected \(NameValidation.qualifiedNameRule))"]),
        Case(label: "wrong container types", text: service("ports: {port: 80}\nselector: [app]\npublishNotReadyAddresses: \"yes\""),
             errors: [
                "test.yaml:7:10: error: spec.ports is an object (expected a list)",
                "test.yaml:8:13: error: spec.selector is a list (expected an object)",
                "test.yaml:9:29: error: spec.publishNotReadyAddresses is the string \"yes\" (expected true or false)",
             ]),
    ]

    @Test(arguments: cases) func rejectsWithExactMessageAndPosition(_ testCase: Case) {
        #expect(ManifestTestSupport.errorHeadlines(testCase.text) == testCase.errors)
    }

    @Test func nodePortRangeFollowsTheAPIServerFlag() throws {
        let text = Self.service("type: NodePort\nports: [{port: 80, nodePort: 20080}]")
        #expect(ManifestTestSupport.errorHeadlines(text).count == 1)
        let read = try ManifestTestSupport.read(text, nodePortRange: 20000...22767)
        #expect(read.manifests.services.first?.ports.first?.nodePort == 20080)
        #expect(ManifestTestSupport.errorHeadlines(Self.service("type: NodePort\nports: [{port: 80, nodePort: 30080}]"), nodePortRange: 20000...22767) == [
            "test.yaml:8:32: error: invalid spec.ports[0].nodePort 30080: outside the node port range (expected a port in 20000-22767 (--service-node-port-range))"
        ])
    }

    @Test func defaultsAreThoseOfTheAPIServer() throws {
        let service = try #require(try ManifestTestSupport.read(Self.service("ports: [{port: 80, targetPort: 0}]")).manifests.services.first)
        #expect(service.type == .clusterIP)
        #expect(service.sessionAffinity == .none && service.sessionAffinityTimeoutSeconds == 10800)
        #expect(service.externalTrafficPolicy == .cluster && service.internalTrafficPolicy == .cluster)
        #expect(service.ports == [Service.Port(port: 80, targetPort: .int(80), location: service.ports[0].location)])
        #expect(service.clusterIP == nil && service.selector == nil)
        let headless = try #require(try ManifestTestSupport.read(Self.service("clusterIP: None")).manifests.services.first)
        #expect(headless.isHeadless && headless.ports.isEmpty)
        let written = try #require(try ManifestTestSupport.read(Self.service("clusterIPs: [\"fd00::0001\", 172.30.0.041]\nports: [{port: 80}]")).manifests.services.first)
        #expect(written.clusterIP == "fd00::1")
        #expect(written.clusterIPs.map(\.description) == ["fd00::1", "172.30.0.41"])
    }

    @Test func everyErrorOfAServiceIsReportedInLineOrder() {
        let headlines = ManifestTestSupport.errorHeadlines(
            Self.service("type: NodePort\nports:\n- {name: A, port: 0, protocol: ICMP, nodePort: 1}\nexternalIPs: [x]", name: "Web"))
        #expect(headlines == [
            "test.yaml:4:9: error: invalid metadata.name \"Web\": starts with \"W\" \(Self.dns1035)",
            "test.yaml:9:12: error: invalid spec.ports[0].name \"A\": starts with \"A\" \(Self.dns1123)",
            "test.yaml:9:21: error: invalid spec.ports[0].port 0 (expected a port number in 1-65535)",
            "test.yaml:9:34: error: unsupported spec.ports[0].protocol \"ICMP\" (expected one of \"SCTP\", \"TCP\", \"UDP\")",
            "test.yaml:9:50: error: invalid spec.ports[0].nodePort 1: outside the node port range (expected a port in 30000-32767 (--service-node-port-range))",
            "test.yaml:10:17: error: invalid spec.externalIPs[0] \"x\" (expected an IP address, e.g. 10.9.8.7 or 2001:db8::ffff)",
        ])
    }
}
