/// `kuberules trace --output json`: `{"verdict", "endpoints":[{"address","probability"}],
/// "masquerade", "path":[{"table","chain","rule"}]}` plus the details the text shows, in
/// ``JSONValue``'s fixed layout.
public enum TraceJSON {
    public static func render(_ result: TraceResult) -> String {
        document(result).rendered
    }

    public static func document(_ result: TraceResult) -> JSONValue {
        .object([
            "mode": .string(result.mode.rawValue),
            "packet": .object([
                "protocol": .string(result.packet.protocol.rawValue),
                "source": .string(result.packet.source.description),
                "destination": .string(result.packet.destination.joined(port: result.packet.destinationPort)),
            ]),
            "origin": .string(result.origin.rawValue),
            "verdict": .string(result.verdict),
            "endpoints": .array(result.endpoints.map { endpoint in
                .object(dropping: [
                    "address": .string(endpoint.endpoint ?? ""),
                    "probability": .double(rounded(endpoint.probability)),
                    "masquerade": .bool(endpoint.masquerade),
                    "via": endpoint.via.map(JSONValue.string),
                    "affinitySeconds": endpoint.affinitySeconds.map(JSONValue.int),
                    "affinityHit": endpoint.affinityHit ? .bool(true) : nil,
                ])
            }),
            "masquerade": .bool(result.masquerade),
            "outcomes": .array(result.outcomes.map { outcome in
                .object(dropping: [
                    "verdict": .string(outcome.kind.rawValue),
                    "endpoint": outcome.endpoint.map(JSONValue.string),
                    "probability": .double(rounded(outcome.probability)),
                    "masquerade": .bool(outcome.masquerade),
                    "masqueradeReasons": JSONValue.nonEmptyStrings(outcome.masqueradeReasons),
                    "decidedBy": outcome.decidedBy.map(JSONValue.string),
                ])
            }),
            "path": .array(result.path.map { step in
                .object(dropping: [
                    "hook": .string(step.hook),
                    "table": .string(step.table),
                    "chain": .string(step.chain),
                    "rule": .string(step.rule),
                    "probability": .double(rounded(step.probability)),
                    "notes": JSONValue.nonEmptyStrings(step.notes),
                ])
            }),
            "notes": .strings(result.notes),
        ])
    }

    /// Ten decimals, as kube-proxy prints probabilities; hides binary noise (0.30000000000000004).
    static func rounded(_ value: Double) -> Double {
        (value * 1e10).rounded() / 1e10
    }
}
