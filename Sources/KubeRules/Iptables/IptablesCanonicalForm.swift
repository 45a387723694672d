/// Rewrites rules into the form the kernel keeps them in, which is what `iptables-save`
/// (legacy and nft) prints: so a rule kuberules wrote and the same rule read back from a live
/// dump compare equal.
///
/// The rewrites: header fields first in save order (`-s -d -i -o -p`), addresses as prefixes
/// (`/32`, `/128`); a protocol module takes its port options with it (`-m tcp --sport --dport`)
/// and is created where iptables loads it implicitly; a mark mask of all ones is dropped;
/// conntrack states in kernel order; the probability as the kernel's 31-bit fraction printed
/// with 11 decimals; `recent` with its default mask and `--rsource`; `REJECT` with its default
/// `--reject-with`; `MARK --or-mark`/`--xor-mark` as `--set-xmark`. Counters are zeroed.
public enum IptablesCanonicalForm {
    public static func canonical(_ ruleset: Ruleset) -> Ruleset {
        var result = ruleset
        for t in result.tables.indices {
            for c in result.tables[t].chains.indices {
                result.tables[t].chains[c].packets = 0
                result.tables[t].chains[c].bytes = 0
                result.tables[t].chains[c].rules = result.tables[t].chains[c].rules.map { canonical($0, family: ruleset.family) }
            }
            for h in result.tables[t].hooks.indices {
                result.tables[t].hooks[h].rule = canonical(result.tables[t].hooks[h].rule, family: ruleset.family)
            }
        }
        return result
    }

    public static func canonical(_ rule: Rule, family: IPFamily) -> Rule {
        var header: [(Int, RuleArgument)] = []
        var matches: [RuleArgument] = []
        var ports: [RuleArgument] = []
        var moduleIndex: Int?
        var proto: TransportProtocol?
        for argument in rule.arguments {
            switch argument {
            case .source(let address, let negated): header.append((0, .source(prefix(address), negated: negated)))
            case .destination(let address, let negated): header.append((1, .destination(prefix(address), negated: negated)))
            case .inInterface: header.append((2, argument))
            case .outInterface: header.append((3, argument))
            case .protocol(let p, _):
                proto = p
                header.append((4, argument))
            case .protocolModule:
                moduleIndex = matches.count
                matches.append(argument)
            case .destinationPort, .sourcePort:
                if moduleIndex == nil {
                    // iptables loads the protocol's match where it meets the first port option.
                    moduleIndex = matches.count
                    matches.append(.protocolModule(proto ?? .tcp))
                }
                ports.append(argument)
            default:
                matches.append(canonical(argument, family: family))
            }
        }
        if let moduleIndex {
            let source = ports.filter { if case .sourcePort = $0 { return true } else { return false } }
            let destination = ports.filter { if case .destinationPort = $0 { return true } else { return false } }
            matches.insert(contentsOf: source + destination, at: moduleIndex + 1)
        }
        let sortedHeader = header.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        return Rule(sortedHeader + matches, canonical(rule.target, family: family))
    }

    static func prefix(_ address: AddressMatch) -> AddressMatch {
        if case .address(let ip) = address { return .prefix(CIDR(host: ip)) }
        return address
    }

    static let conntrackOrder = ["INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT"]

    static func canonical(_ argument: RuleArgument, family: IPFamily) -> RuleArgument {
        switch argument {
        case .mark(let value, let mask, let negated):
            return .mark(value: value, mask: mask == 0xFFFF_FFFF ? nil : mask, negated: negated)
        case .conntrackState(let states, let negated):
            let known = states.filter(conntrackOrder.contains)
            let ordered = conntrackOrder.filter(known.contains) + states.filter { !conntrackOrder.contains($0) }
            return .conntrackState(ordered, negated: negated)
        case .statisticRandom(let probability):
            guard let value = Double(probability) else { return argument }
            // libxt_statistic: probability = lround(0x80000000 * p); saved as that / 0x80000000.
            let fraction = (value * 2_147_483_648).rounded(.toNearestOrAwayFromZero)
            return .statisticRandom(probability: String(format: "%.11f", fraction / 2_147_483_648))
        case .recent(var match):
            if match.mask == nil {
                match.mask = family == .ipv4 ? "255.255.255.255" : "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
            }
            match.rsource = true
            return .recent(match)
        default:
            return argument
        }
    }

    static func canonical(_ target: Target, family: IPFamily) -> Target {
        switch target {
        case .mark(.or(let value)): return .mark(.setXMark(value: value, mask: value))
        case .mark(.xor(let value)): return .mark(.setXMark(value: value, mask: 0))
        case .reject(nil): return .reject(with: family == .ipv4 ? "icmp-port-unreachable" : "icmp6-port-unreachable")
        default: return target
        }
    }
}
