import Foundation
import Testing
@testable import KubeRules

/// Items the whole-item shortcut must refuse: each reads with the streaming reader exactly as
/// with the tree reader (objects and diagnostics), and the shortcut takes none of them.
extension ItemShortcutTests {
    /// `base` with the line equal to `old` replaced by `new` (several lines, or none).
    static func replacing(_ old: String, with new: [String], in base: [String]) -> [String] {
        guard let index = base.firstIndex(of: old) else { preconditionFailure("no line \(old)") }
        var lines = base
        lines.replaceSubrange(index...index, with: new)
        return lines
    }

    @Test("Services the shortcut must refuse go to the tree decoder: same objects and diagnostics")
    func refusedServices() {
        let spec = Self.service().split(separator: "\n").map(String.init)
        func edited(_ old: String, _ new: [String]) -> String {
            Self.replacing(old, with: new, in: spec).joined(separator: "\n") + "\n"
        }
        let refused: [(String, String)] = [
            ("bad name", edited("    name: web", ["    name: Bad_Name"])),
            ("no name", edited("    name: web", [])),
            ("name a number", edited("    name: web", ["    name: 5"])),
            ("bad namespace", edited("    namespace: ns", ["    namespace: NS!"])),
            ("bad label key", edited("      app: web", ["      -app: web"])),
            ("label value a boolean", edited("      app: web", ["      app: true"])),
            ("null label value", edited("      app: web", ["      app: ~"])),
            ("bad annotation key", edited("    namespace: ns", ["    namespace: ns", "    annotations:", "      -x: y"])),
            ("unknown metadata field", edited("    namespace: ns", ["    namespace: ns", "    uid: 1234"])),
            ("no metadata", edited("  metadata:", []).replacingOccurrences(of: "    labels:\n      app: web\n    name: web\n    namespace: ns\n", with: "")),
            ("odd type", edited("    type: ClusterIP", ["    type: Weird"])),
            ("ExternalName", edited("    type: ClusterIP", ["    type: ExternalName", "    externalName: example.com"])),
            ("headless", edited("    clusterIP: 172.30.0.10", ["    clusterIP: None"])),
            ("bad clusterIP", edited("    clusterIP: 172.30.0.10", ["    clusterIP: 172.30.0.300"])),
            ("empty clusterIP", edited("    clusterIP: 172.30.0.10", ["    clusterIP: \"\""])),
            ("clusterIP a number", edited("    clusterIP: 172.30.0.10", ["    clusterIP: 5"])),
            ("clusterIPs differ", edited("    clusterIP: 172.30.0.10", ["    clusterIP: 172.30.0.10", "    clusterIPs:", "    - 172.30.0.11"])),
            (
                "three clusterIPs",
                edited("    clusterIP: 172.30.0.10", ["    clusterIP: 172.30.0.10", "    clusterIPs:", "    - 172.30.0.10", "    - fd00::1", "    - fd00::2"])
            ),
            ("two IPv4 clusterIPs", edited("    clusterIP: 172.30.0.10", ["    clusterIPs:", "    - 172.30.0.10", "    - 172.30.0.11"])),
            ("wrong ipFamilies", edited("    clusterIP: 172.30.0.10", ["    clusterIP: 172.30.0.10", "    ipFamilies:", "    - IPv6"])),
            ("duplicate ipFamilies", edited("    clusterIP: 172.30.0.10", ["    clusterIP: 172.30.0.10", "    ipFamilies:", "    - IPv4", "    - IPv4"])),
            ("bad ipFamilyPolicy", edited("    clusterIP: 172.30.0.10", ["    clusterIP: 172.30.0.10", "    ipFamilyPolicy: Sometimes"])),
            ("no ports", edited("    ports:", []).replacingOccurrences(of: "    - name: http\n      port: 80\n      protocol: TCP\n      targetPort: 8080\n", with: "")),
            ("empty ports", edited("    ports:", ["    ports: []"]).replacingOccurrences(of: "    - name: http\n      port: 80\n      protocol: TCP\n      targetPort: 8080\n", with: "")),
            ("port out of range", edited("      port: 80", ["      port: 70000"])),
            ("port 0", edited("      port: 80", ["      port: 0"])),
            ("quoted port", edited("      port: 80", ["      port: \"80\""])),
            ("fractional port", edited("      port: 80", ["      port: 80.5"])),
            ("huge port", edited("      port: 80", ["      port: 99999999999"])),
            ("no port", edited("      port: 80", [])),
            ("bad protocol", edited("      protocol: TCP", ["      protocol: ICMP"])),
            ("bad port name", edited("    - name: http", ["    - name: Bad Name"])),
            ("second port unnamed", edited("      targetPort: 8080", ["      targetPort: 8080", "    - port: 81"])),
            ("duplicate port names", edited("      targetPort: 8080", ["      targetPort: 8080", "    - name: http", "      port: 81"])),
            ("duplicate ports", edited("      targetPort: 8080", ["      targetPort: 8080", "    - name: other", "      port: 80"])),
            ("negative targetPort", edited("      targetPort: 8080", ["      targetPort: -1"])),
            ("bad targetPort name", edited("      targetPort: 8080", ["      targetPort: Bad_Name"])),
            ("boolean targetPort", edited("      targetPort: 8080", ["      targetPort: true"])),
            ("nodePort on ClusterIP", edited("      targetPort: 8080", ["      targetPort: 8080", "      nodePort: 30080"])),
            ("bad appProtocol", edited("      targetPort: 8080", ["      targetPort: 8080", "      appProtocol: -h2c"])),
            ("unknown port field", edited("      targetPort: 8080", ["      targetPort: 8080", "      hostPort: 1"])),
            ("null port entry", edited("    ports:", ["    ports:", "    -"])),
            ("ETP on ClusterIP", edited("    type: ClusterIP", ["    type: ClusterIP", "    externalTrafficPolicy: Local"])),
            ("bad ITP", edited("    type: ClusterIP", ["    type: ClusterIP", "    internalTrafficPolicy: Sometimes"])),
            ("healthCheckNodePort on ClusterIP", edited("    type: ClusterIP", ["    type: ClusterIP", "    healthCheckNodePort: 30004"])),
            ("sessionAffinityConfig with None", edited("    sessionAffinity: None", ["    sessionAffinity: None", "    sessionAffinityConfig:", "      clientIP:", "        timeoutSeconds: 60"])),
            ("bad sessionAffinity", edited("    sessionAffinity: None", ["    sessionAffinity: Sticky"])),
            ("allocateLoadBalancerNodePorts on ClusterIP", edited("    type: ClusterIP", ["    type: ClusterIP", "    allocateLoadBalancerNodePorts: true"])),
            ("publishNotReadyAddresses a string", edited("    type: ClusterIP", ["    type: ClusterIP", "    publishNotReadyAddresses: \"true\""])),
            ("externalIPs", edited("    type: ClusterIP", ["    type: ClusterIP", "    externalIPs:", "    - 5.6.7.8"])),
            ("loadBalancerSourceRanges", edited("    type: ClusterIP", ["    type: ClusterIP", "    loadBalancerSourceRanges:", "    - 10.0.0.0/8"])),
            ("unknown spec field", edited("    type: ClusterIP", ["    type: ClusterIP", "    colour: blue"])),
            ("null selector", edited("    selector:", ["    selector:", "    sessionAffinity: None"]).replacingOccurrences(of: "      app: web\n    sessionAffinity: None\n    sessionAffinity: None\n", with: "    sessionAffinity: None\n")),
            ("bad selector value", edited("    selector:", ["    selector:", "      tier: -a"])),
            ("null spec", Self.list(["- apiVersion: v1", "  kind: Service", "  metadata:", "    name: web", "  spec:"])),
            ("no spec", Self.list(["- apiVersion: v1", "  kind: Service", "  metadata:", "    name: web"])),
            ("kind inherited", edited("  kind: Service", [])),
            ("apiVersion v2", edited("- apiVersion: v1", ["- apiVersion: v2"])),
            ("unknown top-level field", edited("  kind: Service", ["  kind: Service", "  colour: blue"])),
            ("duplicate key", edited("    type: ClusterIP", ["    type: ClusterIP", "    type: NodePort"])),
            ("block literal name", edited("    name: web", ["    name: |", "      web"])),
        ]
        for (name, yaml) in refused {
            let hits = Self.expectSameOutcome(yaml, "\(name)")
            #expect(hits.yaml == 0, "\(name): YAML took the shortcut")
            #expect(hits.json == 0, "\(name): JSON took the shortcut")
        }
        // Bad LoadBalancer and NodePort details.
        let loadBalancer: [(String, [String])] = [
            ("healthCheckNodePort with Cluster", Self.replacing("    externalTrafficPolicy: Local", with: ["    externalTrafficPolicy: Cluster"], in: Self.loadBalancerSpec)),
            ("healthCheckNodePort out of range", Self.replacing("    healthCheckNodePort: 30004", with: ["    healthCheckNodePort: 40004"], in: Self.loadBalancerSpec)),
            ("nodePort out of range", Self.replacing("      nodePort: 30003", with: ["      nodePort: 1"], in: Self.loadBalancerSpec)),
            ("allocateLoadBalancerNodePorts a string", Self.replacing("    allocateLoadBalancerNodePorts: true", with: ["    allocateLoadBalancerNodePorts: \"true\""], in: Self.loadBalancerSpec)),
            ("bad ETP", Self.replacing("    externalTrafficPolicy: Local", with: ["    externalTrafficPolicy: Sometimes"], in: Self.loadBalancerSpec)),
            ("loadBalancerClass", Self.replacing("    type: LoadBalancer", with: ["    type: LoadBalancer", "    loadBalancerClass: example.com/lb"], in: Self.loadBalancerSpec)),
            ("duplicate nodePorts", Self.replacing("      nodePort: 30053", with: ["      nodePort: 30080"], in: Self.nodePortSpec).map { $0.replacingOccurrences(of: "protocol: UDP", with: "protocol: TCP") }),
        ]
        for (name, spec) in loadBalancer {
            let hits = Self.expectSameOutcome(Self.service(spec: spec), "\(name)")
            #expect(hits == (0, 0), "\(name) took the shortcut")
        }
        let ingress: [(String, [String])] = [
            ("bad ingress IP", ["      - ip: 5.6.0.300"]),
            ("ipMode without ip", ["      - ipMode: VIP"]),
            ("bad ipMode", ["      - ip: 5.6.0.9", "        ipMode: Tunnel"]),
            ("ingress hostname", ["      - hostname: lb.example.com"]),
            ("unknown status field", ["      - ip: 5.6.0.9", "    conditions: []"]),
        ]
        for (name, lines) in ingress {
            let yaml = Self.service(spec: Self.loadBalancerSpec, extra: ["  status:", "    loadBalancer:", "      ingress:"] + lines)
            let hits = Self.expectSameOutcome(yaml, "\(name)")
            #expect(hits == (0, 0), "\(name) took the shortcut")
        }
        // YAML spellings the YAML reader leaves to the tree reader; as JSON they are the plain
        // shape, which the JSON reader takes.
        let yamlOnly: [(String, String)] = [
            ("quoted key", edited("    type: ClusterIP", ["    \"type\": ClusterIP"])),
            ("comment after a key", edited("    selector:", ["    selector: # the pods"])),
            ("anchor", edited("    type: ClusterIP", ["    type: &t ClusterIP"])),
            ("tagged scalar", edited("    type: ClusterIP", ["    type: !!str ClusterIP"])),
            ("flow mapping", edited("    selector:", ["    selector: {app: web}"]).replacingOccurrences(of: "      app: web\n    sessionAffinity", with: "    sessionAffinity")),
        ]
        for (name, yaml) in yamlOnly {
            let hits = Self.expectSameOutcome(yaml, "\(name)")
            #expect(hits.yaml == 0, "\(name): YAML took the shortcut")
            #expect(hits.json == 1, "\(name): JSON did not take the shortcut")
        }
    }

    @Test("EndpointSlice headers the shortcut must refuse go to the tree decoder")
    func refusedSlices() {
        let base = [
            "- addressType: IPv4", "  apiVersion: discovery.k8s.io/v1", "  endpoints:", "  - addresses:", "    - 10.180.0.1",
            "  kind: EndpointSlice", "  metadata:", "    name: web-abc", "    namespace: ns", "  ports:", "  - name: http",
            "    port: 8080", "    protocol: TCP",
        ]
        let refused: [(String, String, [String])] = [
            ("bad name", "    name: web-abc", ["    name: Web_abc"]),
            ("FQDN", "- addressType: IPv4", ["- addressType: FQDN"]),
            ("no addressType", "- addressType: IPv4", ["- apiVersion: discovery.k8s.io/v1"]),
            ("bad port", "    port: 8080", ["    port: 99999"]),
            ("duplicate port names", "    protocol: TCP", ["    protocol: TCP", "  - name: http", "    port: 9090"]),
            ("two unnamed ports", "  - name: http", ["  - port: 1", "  - protocol: UDP"]),
            ("bad port protocol", "    protocol: TCP", ["    protocol: ICMP"]),
            ("unknown field", "  kind: EndpointSlice", ["  kind: EndpointSlice", "  colour: blue"]),
            ("a Service field", "  kind: EndpointSlice", ["  kind: EndpointSlice", "  spec: {}"]),
            ("wrong apiVersion", "  apiVersion: discovery.k8s.io/v1", ["  apiVersion: discovery.k8s.io/v1beta1"]),
            ("bad endpoint", "    - 10.180.0.1", ["    - 127.0.0.1"]),
        ]
        for (name, old, new) in refused {
            var lines = base
            if name == "no addressType" {
                lines.removeFirst(2)
                lines.insert("- apiVersion: discovery.k8s.io/v1", at: 0)
            } else {
                lines = Self.replacing(old, with: new, in: base)
            }
            let hits = Self.expectSameOutcome(Self.list(lines), "\(name)")
            #expect(hits == (0, 0), "\(name) took the shortcut")
        }
        #expect(Self.expectSameOutcome(Self.list(base), "base slice") == (1, 1))
        // A port written `- {}` is a flow mapping to YAML (left to the tree reader), a plain
        // object to JSON (taken: an unnamed port without a number is valid).
        let flowPort = Self.replacing("  - name: http", with: ["  - {}", "  - name: http"], in: base)
        #expect(Self.expectSameOutcome(Self.list(flowPort), "flow port") == (0, 1))
    }
}
