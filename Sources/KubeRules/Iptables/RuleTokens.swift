/// The token sequence of each rule part, exactly as kube-proxy writes it
/// (`-m tcp -p tcp -d 172.30.0.41 --dport 80`). The renderer joins these with spaces; the parser
/// reads the same shapes back (plus `iptables-save`'s canonical variants).
extension RuleArgument {
    public var tokens: [String] {
        switch self {
        case .protocol(let proto, let negated):
            return not(negated) + ["-p", proto.rawValue]
        case .source(let address, let negated):
            return not(negated) + ["-s", address.description]
        case .destination(let address, let negated):
            return not(negated) + ["-d", address.description]
        case .inInterface(let name, let negated):
            return not(negated) + ["-i", name]
        case .outInterface(let name, let negated):
            return not(negated) + ["-o", name]
        case .protocolModule(let proto):
            return ["-m", proto.rawValue]
        case .destinationPort(let port, let negated):
            return not(negated) + ["--dport", String(port)]
        case .sourcePort(let port, let negated):
            return not(negated) + ["--sport", String(port)]
        case .comment(let text):
            return ["-m", "comment", "--comment", text]
        case .mark(let value, let mask, let negated):
            let text = mask.map { "\(hex(value))/\(hex($0))" } ?? hex(value)
            return ["-m", "mark"] + not(negated) + ["--mark", text]
        case .conntrackState(let states, let negated):
            return ["-m", "conntrack"] + not(negated) + ["--ctstate", states.joined(separator: ",")]
        case .addressType(let match):
            let option = match.direction == .source ? "--src-type" : "--dst-type"
            var tokens = ["-m", "addrtype"] + not(match.negated) + [option, match.type]
            if match.limitInterface {
                tokens.append(match.direction == .source ? "--limit-iface-in" : "--limit-iface-out")
            }
            return tokens
        case .statisticRandom(let probability):
            return ["-m", "statistic", "--mode", "random", "--probability", probability]
        case .recent(let match):
            var tokens = ["-m", "recent", "--name", match.name]
            switch match.mode {
            case .set:
                tokens.append("--set")
            case .check(let seconds, let reap):
                tokens += ["--rcheck", "--seconds", String(seconds)]
                if reap { tokens.append("--reap") }
            }
            if let mask = match.mask { tokens += ["--mask", mask] }
            if match.rsource { tokens.append("--rsource") }
            return tokens
        case .nfacct(let name):
            return ["-m", "nfacct", "--nfacct-name", name]
        case .matchSet(let match):
            return ["-m", "set"] + match.tokens
        case .otherMatch(let module, let tokens):
            return ["-m", module] + tokens
        case .raw(let tokens):
            return tokens
        }
    }
}

extension Target {
    /// `-j NAME` and the target's options; empty for ``Target/none``.
    public var tokens: [String] {
        switch self {
        case .jump(let chain): return ["-j", chain]
        case .accept: return ["-j", "ACCEPT"]
        case .drop: return ["-j", "DROP"]
        case .return: return ["-j", "RETURN"]
        case .reject(let with): return ["-j", "REJECT"] + (with.map { ["--reject-with", $0] } ?? [])
        case .masquerade(let randomFully): return ["-j", "MASQUERADE"] + (randomFully ? ["--random-fully"] : [])
        case .dnat(let destination): return ["-j", "DNAT", "--to-destination", destination]
        case .mark(.or(let value)): return ["-j", "MARK", "--or-mark", hex(value)]
        case .mark(.xor(let value)): return ["-j", "MARK", "--xor-mark", hex(value)]
        case .mark(.setXMark(let value, let mask)): return ["-j", "MARK", "--set-xmark", "\(hex(value))/\(hex(mask))"]
        case .other(let name, let tokens): return ["-j", name] + tokens
        case .none: return []
        }
    }

    /// The chain this target jumps to, if it is a user chain.
    public var jumpedChain: String? {
        if case .jump(let chain) = self { return chain }
        return nil
    }
}

extension Rule {
    /// Every token after `-A CHAIN`.
    public var tokens: [String] { arguments.flatMap(\.tokens) + target.tokens }
}

/// `0x4000`: marks as kube-proxy's tests and `iptables-save` print them (lower-case hex).
func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }

private func not(_ negated: Bool) -> [String] { negated ? ["!"] : [] }
