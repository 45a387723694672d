/// `kuberules explain --output text`: one block per Service.
public enum ExplainText {
    public static func render(_ document: ExplainDocument) -> String {
        var out = "Services as node \(document.node) sees them (\(document.mode) mode)\n"
        for service in document.services {
            out += "\n" + render(service)
        }
        return out
    }

    static func render(_ s: ServiceExplanation) -> String {
        var out = "\(s.namespace)/\(s.name): \(s.type)\n"
        for (index, line) in s.meaning.enumerated() { out += index == 0 ? "  type: \(line)\n" : "  \(line)\n" }
        out += "  selector: \(s.selector ?? "none")\n"
        for note in s.notes { out += "  note: \(note)\n" }
        if !s.reach.isEmpty {
            out += "  reach it:\n"
            for point in s.reach { out += "    \(point.kind): \(point.address) (\(point.detail))\n" }
        }
        out += "  DNS:\n"
        for name in s.dns { out += "    \(name.name) → \(name.answer), from \(name.from)\n" }
        if !s.ports.isEmpty {
            out += "  ports:\n"
            for port in s.ports { out += "    \(port.name.isEmpty ? "" : "\(port.name): ")\(port.text)\n" }
        }
        if !s.endpoints.isEmpty {
            out += "  endpoints:\n"
            let named = Set(s.endpoints.map(\.port)).count > 1
            for endpoint in s.endpoints {
                var line = "    \(endpoint.address)"
                if named { line += " (\(endpoint.port))" }
                line += " \(endpoint.condition)"
                if let node = endpoint.node { line += ", node \(node)\(endpoint.local ? " (this node)" : "")" }
                if let hostname = endpoint.hostname { line += ", hostname \(hostname)" }
                line += ": \(endpoint.traffic)"
                out += line + "\n"
            }
        } else if s.type != "ExternalName" {
            out += "  endpoints: none\n"
        }
        for policy in s.trafficPolicies {
            out += "  \(policy.name) \(policy.value):\n"
            for effect in policy.effects { out += "    \(effect)\n" }
        }
        if s.type != "ExternalName", !s.type.hasSuffix("(headless)") {
            out += "  session affinity \(s.sessionAffinity.mode): \(s.sessionAffinity.meaning)\n"
        }
        out += "  on node \(s.implementation.node) (\(s.implementation.mode) mode):\n"
        for item in s.implementation.items { out += "    \(item)\n" }
        out += "    \(s.implementation.sync)\n"
        return out
    }
}
