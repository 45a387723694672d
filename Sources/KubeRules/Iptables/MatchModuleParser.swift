/// Interprets the options of one `-m MODULE` as the typed ``RuleArgument`` kuberules emits for
/// it, accepting both kube-proxy's and `iptables-save`'s spelling; any other use of the module
/// is kept verbatim as ``RuleArgument/otherMatch(module:tokens:)``.
enum MatchModuleParser {
    static func arguments(module: String, options: [String]) -> [RuleArgument] {
        typed(module: module, options: options) ?? [.otherMatch(module: module, tokens: options)]
    }

    private static func typed(module: String, options: [String]) -> [RuleArgument]? {
        let words = Words(options)
        switch module {
        case "tcp", "udp", "sctp":
            guard let proto = TransportProtocol(rawValue: module) else { return nil }
            var result: [RuleArgument] = [.protocolModule(proto)]
            for (option, value, negated) in words.pairs {
                guard let value, let port = port(value) else { return nil }
                switch option {
                case "--dport", "--destination-port": result.append(.destinationPort(port, negated: negated))
                case "--sport", "--source-port": result.append(.sourcePort(port, negated: negated))
                default: return nil
                }
            }
            return result
        case "comment":
            guard options.count == 2, options[0] == "--comment" else { return nil }
            return [.comment(options[1])]
        case "mark":
            guard let (option, value, negated) = words.single, option == "--mark", let value else { return nil }
            let parts = value.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let mark = number(parts[0]) else { return nil }
            var mask: UInt32?
            if parts.count == 2 {
                guard let parsed = number(parts[1]) else { return nil }
                mask = parsed
            }
            return [.mark(value: mark, mask: mask, negated: negated)]
        case "conntrack":
            guard let (option, value, negated) = words.single, option == "--ctstate", let value else { return nil }
            return [.conntrackState(value.split(separator: ",").map(String.init), negated: negated)]
        case "addrtype":
            return addressType(words)
        case "statistic":
            guard options.count == 4, options[0] == "--mode", options[1] == "random", options[2] == "--probability"
            else { return nil }
            return [.statisticRandom(probability: options[3])]
        case "recent":
            return recent(words)
        case "set":
            // `[!] --match-set NAME FLAGS` (IPVS mode's companion rules).
            var rest = options[...]
            let negated = rest.first == "!"
            if negated { rest = rest.dropFirst() }
            guard rest.count == 3, rest[rest.startIndex] == "--match-set" else { return nil }
            let flags = rest[rest.startIndex + 2].split(separator: ",").map { SetMatch.Direction(rawValue: String($0)) }
            guard !flags.isEmpty, !flags.contains(nil) else { return nil }
            return [.matchSet(SetMatch(name: rest[rest.startIndex + 1], directions: flags.compactMap { $0 }, negated: negated))]
        case "nfacct":
            guard options.count == 2, options[0] == "--nfacct-name" else { return nil }
            return [.nfacct(options[1])]
        case "set":
            let negated = options.first == "!"
            let rest = negated ? Array(options.dropFirst()) : options
            guard rest.count == 3, rest[0] == "--match-set" else { return nil }
            var directions: [SetMatch.Direction] = []
            for flag in rest[2].split(separator: ",") {
                guard let direction = SetMatch.Direction(rawValue: String(flag)) else { return nil }
                directions.append(direction)
            }
            return [.matchSet(SetMatch(name: rest[1], directions: directions, negated: negated))]
        default:
            return nil
        }
    }

    private static func addressType(_ words: Words) -> [RuleArgument]? {
        var match: AddressTypeMatch?
        for (option, value, negated) in words.pairs {
            switch option {
            case "--src-type", "--dst-type":
                guard match == nil, let value else { return nil }
                match = AddressTypeMatch(
                    direction: option == "--src-type" ? .source : .destination, type: value, negated: negated)
            case "--limit-iface-in", "--limit-iface-out":
                guard value == nil, !negated, match != nil,
                    (option == "--limit-iface-in") == (match?.direction == .source)
                else { return nil }
                match?.limitInterface = true
            default:
                return nil
            }
        }
        return match.map { [.addressType($0)] }
    }

    private static func recent(_ words: Words) -> [RuleArgument]? {
        var name: String?
        var set = false
        var check = false
        var seconds: Int?
        var reap = false
        var mask: String?
        var rsource = false
        for (option, value, negated) in words.pairs {
            guard !negated else { return nil }
            switch option {
            case "--name": name = value
            case "--set": set = true
            case "--rcheck": check = true
            case "--seconds": seconds = value.flatMap { Int($0) }; if seconds == nil { return nil }
            case "--reap": reap = true
            case "--mask": mask = value
            case "--rsource": rsource = true
            default: return nil
            }
        }
        guard let name, set != check else { return nil }
        if set {
            guard seconds == nil, !reap else { return nil }
            return [.recent(RecentMatch(name: name, mode: .set, mask: mask, rsource: rsource))]
        }
        guard let seconds else { return nil }
        return [.recent(RecentMatch(name: name, mode: .check(seconds: seconds, reap: reap), mask: mask, rsource: rsource))]
    }

    /// A port number 0–65535 (not a range or service name).
    static func port(_ text: String) -> Int? {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text), value <= 65535 else { return nil }
        return value
    }

    /// `strtoul(…, 0)` as iptables reads marks: `0x…` hex, else decimal.
    static func number(_ text: Substring) -> UInt32? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return UInt32(text.dropFirst(2), radix: 16) }
        return UInt32(text)
    }
}

/// A module's option words as (option, value, negated) triples: `!` negates the next option;
/// an option takes the following word as its value unless that word is another option.
private struct Words {
    var pairs: [(String, String?, Bool)] = []

    init(_ words: [String]) {
        var index = 0
        var negated = false
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "!" {
                negated = true
                continue
            }
            var value: String?
            if index < words.count, !words[index].hasPrefix("--"), words[index] != "!" {
                value = words[index]
                index += 1
            }
            pairs.append((word, value, negated))
            negated = false
        }
    }

    var single: (String, String?, Bool)? { pairs.count == 1 ? pairs[0] : nil }
}
