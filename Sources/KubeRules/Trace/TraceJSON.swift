import Foundation

/// `kuberules trace --output json`: `{"verdict", "endpoints":[{"address","probability"}],
/// "masquerade", "path":[{"table","chain","rule"}]}` plus the details the text shows, with
/// sorted keys so the output is deterministic.
public enum TraceJSON {
    public static func render(_ result: TraceResult) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Plain structs of strings, numbers and booleans always encode.
        guard let data = try? encoder.encode(Document(result)) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    struct Document: Encodable {
        struct Packet: Encodable {
            var `protocol`: String
            var source: String
            var destination: String
        }

        struct Endpoint: Encodable {
            var address: String
            var probability: Double
            var masquerade: Bool
            var via: String?
            var affinitySeconds: Int?
            var affinityHit: Bool?
        }

        struct Outcome: Encodable {
            var verdict: String
            var endpoint: String?
            var probability: Double
            var masquerade: Bool
            var masqueradeReasons: [String]?
            var decidedBy: String?
        }

        struct Step: Encodable {
            var hook: String
            var table: String
            var chain: String
            var rule: String
            var probability: Double
            var notes: [String]?
        }

        var mode: String
        var packet: Packet
        var origin: String
        var verdict: String
        var endpoints: [Endpoint]
        var masquerade: Bool
        var outcomes: [Outcome]
        var path: [Step]
        var notes: [String]

        init(_ result: TraceResult) {
            mode = result.mode.rawValue
            packet = Packet(
                protocol: result.packet.protocol.rawValue, source: result.packet.source.description,
                destination: result.packet.destination.joined(port: result.packet.destinationPort))
            origin = result.origin.rawValue
            verdict = result.verdict
            endpoints = result.endpoints.map {
                Endpoint(
                    address: $0.endpoint ?? "", probability: rounded($0.probability), masquerade: $0.masquerade,
                    via: $0.via, affinitySeconds: $0.affinitySeconds, affinityHit: $0.affinityHit ? true : nil)
            }
            masquerade = result.masquerade
            outcomes = result.outcomes.map {
                Outcome(
                    verdict: $0.kind.rawValue, endpoint: $0.endpoint, probability: rounded($0.probability),
                    masquerade: $0.masquerade, masqueradeReasons: $0.masqueradeReasons.isEmpty ? nil : $0.masqueradeReasons,
                    decidedBy: $0.decidedBy)
            }
            path = result.path.map {
                Step(
                    hook: $0.hook, table: $0.table, chain: $0.chain, rule: $0.rule, probability: rounded($0.probability),
                    notes: $0.notes.isEmpty ? nil : $0.notes)
            }
            notes = result.notes
        }
    }

    /// Ten decimals, as kube-proxy prints probabilities; hides binary noise (0.30000000000000004).
    static func rounded(_ value: Double) -> Double {
        (value * 1e10).rounded() / 1e10
    }
}
