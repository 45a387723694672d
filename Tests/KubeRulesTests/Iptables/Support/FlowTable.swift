@testable import KubeRules

/// A fixture's `flows.tsv`: packets and what kube-proxy's rules do with them, as kube-proxy's
/// `packetFlowTest` tables state it.
///
/// Format (shared with the trace helper): UTF-8, tab-separated, `#` lines are comments, one flow
/// per line: `name protocol source-ip destination-ip:port output masquerade`, destination
/// `[v6]:port` for IPv6, output a `, `-separated list of endpoints or `REJECT`, `DROP`, `ACCEPT`,
/// or `-` for none, masquerade `true`/`false`.
struct Flow: Equatable, CustomStringConvertible {
    var name: String
    var proto: TransportProtocol
    var source: IPAddress
    var destination: IPAddress
    var port: Int
    /// kube-proxy's output string ("" for no match).
    var output: String
    var masquerade: Bool
    var line: Int

    var family: IPFamily { destination.family }
    var description: String { "line \(line) \"\(name)\"" }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String, file: String) throws -> [Flow] {
        var flows: [Flow] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            if raw.isEmpty || raw.hasPrefix("#") { continue }
            let columns = raw.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func fail(_ why: String) -> Malformed { Malformed(description: "\(file):\(line): \(why)") }
            guard columns.count == 6 else { throw fail("expected 6 tab-separated columns, found \(columns.count)") }
            guard let proto = TransportProtocol(rawValue: columns[1]) else { throw fail("bad protocol \(columns[1])") }
            guard let source = IPAddress(columns[2]) else { throw fail("bad source \(columns[2])") }
            let target = columns[3]
            guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]) else {
                throw fail("bad destination \(target)")
            }
            var host = String(target[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard let destination = IPAddress(host) else { throw fail("bad destination \(target)") }
            guard let masquerade = Bool(columns[5]) else { throw fail("bad masquerade \(columns[5])") }
            flows.append(Flow(
                name: columns[0], proto: proto, source: source, destination: destination, port: port,
                output: columns[4] == "-" ? "" : columns[4], masquerade: masquerade, line: line))
        }
        return flows
    }

    /// The flow's outcome under `ruleset`, as kube-proxy's `runPacketFlowTests` checks it; nil
    /// when it agrees, else what differs and the rules matched.
    func check(_ ruleset: Ruleset, node: NodeInfo) -> String? {
        let result = KubeProxyPacketTracer(ruleset: ruleset, node: node)
            .trace(source: source, protocol: proto, destination: destination, port: port)
        let output = result.outputs.joined(separator: ", ")
        var errors: [String] = []
        if output != self.output { errors.append("wrong output: expected \"\(self.output)\" got \"\(output)\"") }
        if result.masquerade != masquerade { errors.append("wrong masq: expected \(masquerade) got \(result.masquerade)") }
        if errors.isEmpty { return nil }
        return "\(self): " + errors.joined(separator: "; ") + "\nmatched:\n" + result.matched.joined(separator: "\n")
    }
}
