@testable import KubeRules

/// Random kubectl-style `List`s of Services, EndpointSlices and Nodes — mostly valid, with
/// wrong values, wrong types, null and scalar items mixed in — for comparing the streaming reader
/// with the tree reader on objects and diagnostics, not only on trees.
enum RandomManifests {
    static func list(_ random: inout RandomYAML) -> String {
        var items: [String] = []
        for index in 0..<(random.int(6)) {
            switch random.int(10) {
            case 0: items.append("-")
            case 1: items.append("- " + random.pick(["5", "text", "[]", "{}"]))
            case 2, 3: items.append(slice(&random, index))
            case 4: items.append(node(&random, index))
            default: items.append(service(&random, index))
            }
        }
        let indent = random.chance(20) ? "  " : ""
        let body = items.map { item in item.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }.joined(separator: "\n") }
        var text = "apiVersion: " + random.pick(["v1", "v1", "v1", "5"]) + "\n"
        text += body.isEmpty ? "items: []\n" : "items:\n" + body.joined(separator: "\n") + "\n"
        text += "kind: " + random.pick(["List", "List", "ServiceList", "Other", "\"List\""]) + "\n"
        text += "metadata:\n  resourceVersion: \"\"\n"
        if random.chance(15) { text = random.perturb(text) }
        if random.chance(10) { text = "---\n" + text + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: extra\nspec:\n  ports:\n  - port: 80\n" }
        return text
    }

    static func service(_ random: inout RandomYAML, _ index: Int) -> String {
        var lines = ["- apiVersion: v1", "  kind: Service", "  metadata:"]
        lines.append("    name: " + random.pick(["svc-\(index)", "svc-\(index)", "Bad_Name", "\"\"", "123x"]))
        lines.append("    namespace: " + random.pick(["ns", "ns", "other", "NS!"]))
        if random.chance(30) { lines += ["    labels:", "      app: web", "      tier: " + random.pick(["a", "\"b\"", "~"])] }
        if random.chance(30) { lines += ["    managedFields:", "    - manager: kubectl", "      fieldsV1:", "        f:spec:", "          .: {}"] }
        lines.append("  spec:")
        lines.append("    type: " + random.pick(["ClusterIP", "NodePort", "LoadBalancer", "Weird"]))
        lines.append("    clusterIP: " + random.pick(["172.30.0.\(index + 1)", "None", "bogus", "\"172.30.1.\(index)\""]))
        lines.append("    ports:")
        for port in 0..<(1 + random.int(2)) {
            lines.append("    - name: " + random.pick(["p\(port)", "http", "Bad Name"]))
            lines.append("      port: " + random.pick(["80", "8080", "70000", "\"80\"", "0x50"]))
            lines.append("      protocol: " + random.pick(["TCP", "UDP", "ICMP"]))
            lines.append("      targetPort: " + random.pick(["8080", "web", "-1"]))
            if random.chance(30) { lines.append("      nodePort: " + random.pick(["30080", "1"])) }
        }
        if random.chance(20) { lines += ["    sessionAffinity: ClientIP", "    sessionAffinityConfig:", "      clientIP:", "        timeoutSeconds: " + random.pick(["10", "0"])] }
        if random.chance(20) { lines.append("    externalTrafficPolicy: " + random.pick(["Local", "Cluster", "Sometimes"])) }
        if random.chance(20) { lines += ["  status:", "    loadBalancer:", "      ingress:", "      - ip: " + random.pick(["5.6.7.8", "nope"])] }
        return lines.joined(separator: "\n")
    }

    static func slice(_ random: inout RandomYAML, _ index: Int) -> String {
        var lines = [
            "- addressType: " + random.pick(["IPv4", "IPv4", "IPv6", "Bogus"]), "  apiVersion: discovery.k8s.io/v1",
            "  endpoints:",
        ]
        for endpoint in 0..<random.int(4) {
            lines.append("  - addresses:")
            lines.append("    - " + random.pick(["10.180.0.\(endpoint + 1)", "10.180.0.\(endpoint + 1)", "fd00::1", "x"]))
            lines.append("    conditions:")
            lines.append("      ready: " + random.pick(["true", "false", "yes", "\"true\""]))
            if random.chance(50) { lines.append("    nodeName: " + random.pick(["node-1", "Node_2"])) }
        }
        lines += ["  kind: EndpointSlice", "  metadata:", "    labels:",
                  "      kubernetes.io/service-name: svc-\(index)", "    name: slice-\(index)", "    namespace: ns", "  ports:",
                  "  - name: " + random.pick(["http", "p0"]), "    port: " + random.pick(["8080", "99999"]), "    protocol: TCP"]
        return lines.joined(separator: "\n")
    }

    static func node(_ random: inout RandomYAML, _ index: Int) -> String {
        [
            "- apiVersion: v1", "  kind: Node", "  metadata:", "    name: node-\(index)", "  status:", "    addresses:",
            "    - address: " + random.pick(["192.168.0.\(index + 2)", "nope"]), "      type: InternalIP",
        ].joined(separator: "\n")
    }

    /// `value` as JSON, pretty-printed (kubectl's four spaces) or minified.
    static func json(_ value: ManifestValue, pretty: Bool, indent: Int) -> String {
        let newline = pretty ? "\n" + String(repeating: " ", count: indent + 4) : ""
        let close = pretty ? "\n" + String(repeating: " ", count: indent) : ""
        switch value {
        case .null: return "null"
        case .scalar(let scalar):
            switch scalar.kind {
            case .string: return quote(scalar.text)
            case .boolean: return scalar.booleanValue == true ? "true" : "false"
            case .integer: return scalar.integerValue.map(String.init) ?? quote(scalar.text)
            case .float: return Double(scalar.text).map { $0.isFinite ? String($0) : quote(scalar.text) } ?? quote(scalar.text)
            }
        case .sequence(let sequence):
            guard !sequence.items.isEmpty else { return "[]" }
            return "[" + sequence.items.map { newline + json($0, pretty: pretty, indent: indent + 4) }.joined(separator: ",") + close + "]"
        case .mapping(let mapping):
            guard !mapping.entries.isEmpty else { return "{}" }
            return "{" + mapping.entries.map { newline + quote($0.key.text) + (pretty ? ": " : ":") + json($0.value, pretty: pretty, indent: indent + 4) }
                .joined(separator: ",") + close + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 {
                    output += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}
