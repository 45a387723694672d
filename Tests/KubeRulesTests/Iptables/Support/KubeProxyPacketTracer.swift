@testable import KubeRules

/// kube-proxy's test packet tracer (`tracePacket`, `iptablesTracer` in
/// `pkg/proxy/iptables/proxier_test.go`) over a ``Ruleset``: nat `KUBE-SERVICES` (what
/// PREROUTING jumps to), then the DNAT applied, then filter `KUBE-SERVICES`,
/// `KUBE-EXTERNAL-SERVICES`, `KUBE-NODEPORTS` and `KUBE-PROXY-FIREWALL`.
///
/// Like kube-proxy's, it follows every probabilistic jump (so all reachable endpoints appear in
/// the output), treats rules that test past state (`recent --rcheck`, `mark`, `conntrack`) as
/// not matching, and everything it does not model as matching. It exists to check the
/// `flows.tsv` of every fixture exactly as kube-proxy's `runPacketFlowTests` checks its tables;
/// the full tracer is `kuberules trace`.
struct KubeProxyPacketTracer {
    let ruleset: Ruleset
    /// Addresses that match `--src-type LOCAL` / `--dst-type LOCAL`.
    let localIPs: Set<IPAddress>

    struct Result: Equatable {
        /// Endpoints (`ip:port`) or `ACCEPT`/`REJECT`/`DROP`, in the order reached.
        var outputs: [String] = []
        var masquerade = false
        var matched: [String] = []
    }

    init(ruleset: Ruleset, node: NodeInfo) {
        self.ruleset = ruleset
        localIPs = Set(node.allAddresses + [IPAddress("127.0.0.1")!, IPAddress("::1")!])
    }

    func trace(source: IPAddress, protocol proto: TransportProtocol, destination: IPAddress, port: Int) -> Result {
        var result = Result()
        var packet = Packet(source: source, proto: proto, destination: destination, port: port)
        _ = run(.nat, KubeChain.services, packet, &result)
        if let first = result.outputs.first, let dnat = Self.host(of: first) {
            packet.destination = dnat
        }
        for chain in [KubeChain.services, KubeChain.externalServices, KubeChain.nodePorts, KubeChain.proxyFirewall] {
            _ = run(.filter, chain, packet, &result)
        }
        return result
    }

    struct Packet {
        var source: IPAddress
        var proto: TransportProtocol
        var destination: IPAddress
        var port: Int
    }

    /// Runs `chain`; true when a terminal target was hit.
    private func run(_ table: TableName, _ chain: String, _ packet: Packet, _ result: inout Result) -> Bool {
        guard let rules = ruleset[table: table]?[chain: chain]?.rules else { return false }
        for rule in rules {
            if case .none = rule.target { continue }
            guard matches(rule, packet) else { continue }
            result.matched.append(IptablesRenderer.ruleText(chain: chain, rule))
            switch rule.target {
            case .jump(KubeChain.markMasq):
                result.masquerade = true
            case .accept:
                result.outputs.append("ACCEPT")
                return true
            case .reject:
                result.outputs.append("REJECT")
                return true
            case .drop:
                result.outputs.append("DROP")
                return true
            case .dnat(let destination):
                result.outputs.append(destination)
                return true
            case .jump(let next):
                let terminated = run(table, next, packet, &result)
                let probabilistic = rule.arguments.contains {
                    if case .statisticRandom = $0 { return true }
                    return false
                }
                if terminated && !probabilistic { return true }
            default:
                continue
            }
        }
        return false
    }

    private func matches(_ rule: Rule, _ packet: Packet) -> Bool {
        for argument in rule.arguments {
            switch argument {
            case .source(let address, let negated):
                if address.contains(packet.source) == negated { return false }
            case .destination(let address, let negated):
                if address.contains(packet.destination) == negated { return false }
            case .protocol(let proto, let negated):
                if (proto == packet.proto) == negated { return false }
            case .destinationPort(let port, let negated):
                if (port == packet.port) == negated { return false }
            case .addressType(let match):
                let address = match.direction == .source ? packet.source : packet.destination
                let isLocal = localIPs.contains(address) && match.type == "LOCAL"
                if isLocal == match.negated { return false }
            case .recent(let recent):
                if case .check = recent.mode { return false }
            case .mark, .conntrackState:
                return false
            default:
                continue
            }
        }
        return true
    }

    /// The address of `ip:port` or `[ip]:port`.
    static func host(of endpoint: String) -> IPAddress? {
        if endpoint.hasPrefix("["), let close = endpoint.firstIndex(of: "]") {
            return IPAddress(endpoint[endpoint.index(after: endpoint.startIndex)..<close])
        }
        guard let colon = endpoint.lastIndex(of: ":") else { return nil }
        return IPAddress(endpoint[..<colon])
    }
}
