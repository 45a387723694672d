/// `kuberules trace --output text`: the path hook by hook, then the verdict, each endpoint
/// with its probability, masquerading and why, and ClientIP affinity.
public enum TraceText {
    public static func render(_ result: TraceResult) -> String {
        var out = "trace: \(result.packet) (first packet of a new connection, \(result.mode.rawValue) mode)\n"
        for note in result.notes { out += "note: \(note)\n" }
        out += "\npath:\n"
        var header = ""
        for step in result.path {
            let section = step.table == "ipvs" ? "IPVS virtual server \(step.chain)" : "\(step.table) \(step.hook)"
            if section != header {
                out += "  \(section):\n"
                header = section
            }
            out += "    \(step.rule)"
            if !isCertain(step.probability) { out += "   [p=\(percent(step.probability))]" }
            out += "\n"
            for note in step.notes { out += "      assumed: \(note)\n" }
        }
        if result.path.isEmpty { out += "  (no rule matched)\n" }
        out += "\nverdict: \(verdictLine(result))\n"
        let endpoints = result.endpoints
        if !endpoints.isEmpty {
            out += "endpoints:\n"
            for endpoint in endpoints {
                out += "  \(endpoint.endpoint ?? "?")  probability \(percent(endpoint.probability))"
                if let via = endpoint.via { out += "  via \(via)" }
                out += "\n"
            }
        }
        for line in masqueradeLines(result) { out += line + "\n" }
        for line in affinityLines(result) { out += line + "\n" }
        return out
    }

    static func verdictLine(_ result: TraceResult) -> String {
        func describe(_ outcome: TraceOutcome) -> String {
            switch outcome.kind {
            case .dnat:
                return "DNAT to \(outcome.endpoint ?? "?")"
            case .notAService:
                return "not a service (no kube-proxy rule took it: delivered or forwarded as addressed)"
            default:
                return "\(outcome.kind.rawValue) by \(outcome.decidedBy ?? "?")"
            }
        }
        if result.outcomes.count == 1 { return describe(result.outcomes[0]) }
        if result.verdict == "DNAT" {
            let targets = result.outcomes.map { "\($0.endpoint ?? "?") (\(percent($0.probability)))" }
            return "DNAT to one of \(targets.joined(separator: ", "))"
        }
        return result.outcomes.map { "\(describe($0)) (\(percent($0.probability)))" }.joined(separator: "; or ")
    }

    static func masqueradeLines(_ result: TraceResult) -> [String] {
        let masqueraded = result.outcomes.filter(\.masquerade)
        guard !masqueraded.isEmpty else {
            let reached = result.outcomes.contains { $0.kind == .dnat || $0.kind == .notAService || $0.kind == .accept }
            return reached ? ["masquerade: no, the destination sees the client's own address \(result.packet.source)"] : []
        }
        var lines: [String] = []
        if masqueraded.count < result.outcomes.count {
            let which = masqueraded.map { $0.endpoint ?? $0.kind.rawValue }.joined(separator: ", ")
            lines.append("masquerade: only towards \(which); the others see the client's own address \(result.packet.source)")
        } else {
            lines.append("masquerade: yes, the source \(result.packet.source) is replaced by the node's address (KUBE-POSTROUTING MASQUERADE), so replies come back through this node")
        }
        var reasons: [String] = []
        for outcome in masqueraded {
            for reason in outcome.masqueradeReasons where !reasons.contains(reason) { reasons.append(reason) }
        }
        for reason in reasons { lines.append("  because: \(reason)") }
        return lines
    }

    static func affinityLines(_ result: TraceResult) -> [String] {
        var lines: [String] = []
        for outcome in result.endpoints {
            guard let seconds = outcome.affinitySeconds else { continue }
            if outcome.affinityHit {
                lines.append("affinity: ClientIP, \(result.packet.source) connected to \(outcome.endpoint ?? "?") less than \(seconds) seconds ago, so it goes there again")
            } else if lines.isEmpty {
                lines.append("affinity: ClientIP, same endpoint as before for \(seconds) seconds: whichever endpoint this connection gets, later connections from \(result.packet.source) go to it until \(seconds) seconds pass without one")
            }
        }
        return lines
    }

    static func isCertain(_ probability: Double) -> Bool { probability > 0.999_999 }

    /// `0.5000` style, four decimals (kube-proxy's own probabilities carry ten).
    static func percent(_ probability: Double) -> String {
        let scaled = Int((probability * 10_000).rounded())
        let whole = scaled / 10_000
        let fraction = String(scaled % 10_000)
        return "\(whole)." + String(repeating: "0", count: 4 - fraction.count) + fraction
    }
}
