/// Reads the words after `-A CHAIN` back into a ``Rule``: kube-proxy's own spelling and
/// `iptables-save`'s canonical one (`-p tcp -m tcp`, `/32` prefixes, `--set-xmark`, recent's
/// `--mask … --rsource`, 11-decimal probabilities). Anything kuberules does not model is kept
/// verbatim (``RuleArgument/otherMatch(module:tokens:)``, ``RuleArgument/raw(_:)``,
/// ``Target/other(name:tokens:)``) so a live dump's foreign rules still parse and re-render.
struct RuleParser {
    /// Why a rule could not be read, and where.
    struct Failure: Error {
        var message: String
        var expected: String?
        var column: Int
    }

    private let tokens: [RestoreToken]
    /// The column just past the line's end, for "missing value" errors.
    private let endColumn: Int
    private var index = 0

    init(_ tokens: [RestoreToken], endColumn: Int) {
        self.tokens = tokens
        self.endColumn = endColumn
    }

    static let topLevelOptions: Set<String> = [
        "-p", "--protocol", "-s", "--source", "--src", "-d", "--destination", "--dst",
        "-i", "--in-interface", "-o", "--out-interface", "-m", "--match", "-j", "--jump",
        "-g", "--goto", "-f", "--fragment",
    ]

    mutating func parse() throws(Failure) -> Rule {
        var arguments: [RuleArgument] = []
        while index < tokens.count {
            var negated = false
            var token = tokens[index]
            if token.text == "!", !token.quoted {
                negated = true
                index += 1
                guard index < tokens.count else {
                    throw Failure(message: "'!' at the end of the rule", expected: "an option after '!'", column: token.column)
                }
                token = tokens[index]
            }
            index += 1
            switch token.text {
            case "-p", "--protocol":
                let value = try self.value(after: token)
                if let proto = TransportProtocol(rawValue: value.text.lowercased()) {
                    arguments.append(.protocol(proto, negated: negated))
                } else {
                    arguments.append(.raw(not(negated) + [token.text, value.text]))
                }
            case "-s", "--source", "--src":
                arguments.append(.source(try address(after: token), negated: negated))
            case "-d", "--destination", "--dst":
                arguments.append(.destination(try address(after: token), negated: negated))
            case "-i", "--in-interface":
                arguments.append(.inInterface(try value(after: token).text, negated: negated))
            case "-o", "--out-interface":
                arguments.append(.outInterface(try value(after: token).text, negated: negated))
            case "-m", "--match":
                if negated {
                    throw Failure(message: "'!' before '\(token.text)'", expected: "'!' after the match module, before its option", column: token.column)
                }
                let module = try value(after: token).text
                arguments += MatchModuleParser.arguments(module: module, options: moduleOptions())
            case "--dport", "--destination-port", "--sport", "--source-port":
                // Allowed without -m after -p tcp/udp/sctp (iptables loads the module implicitly).
                let value = try self.value(after: token)
                let isDestination = token.text == "--dport" || token.text == "--destination-port"
                if let port = MatchModuleParser.port(value.text) {
                    arguments.append(isDestination ? .destinationPort(port, negated: negated) : .sourcePort(port, negated: negated))
                } else {
                    arguments.append(.raw(not(negated) + [token.text, value.text]))
                }
            case "-j", "--jump":
                if negated { throw Failure(message: "'!' before '-j'", expected: "a target that is not negated", column: token.column) }
                let name = try value(after: token).text
                let options = tokens[index...].map(\.text)
                index = tokens.count
                return Rule(arguments, TargetParser.target(name: name, options: options))
            default:
                guard token.text.hasPrefix("-"), !token.quoted else {
                    throw Failure(
                        message: "unexpected '\(token.text)'",
                        expected: "an option such as -m, -p, -s, -d or -j", column: token.column)
                }
                // An option kuberules does not model (-g CHAIN, -f, …): keep it and its values.
                var raw = not(negated) + [token.text]
                while index < tokens.count,
                    tokens[index].quoted || (!tokens[index].text.hasPrefix("-") && tokens[index].text != "!")
                {
                    raw.append(tokens[index].text)
                    index += 1
                }
                arguments.append(.raw(raw))
            }
        }
        return Rule(arguments, .none)
    }

    /// The words after `-m NAME` up to the next top-level option (`!` included when it negates one).
    private mutating func moduleOptions() -> [String] {
        var options: [String] = []
        while index < tokens.count {
            let text = tokens[index].text
            if !tokens[index].quoted {
                if Self.topLevelOptions.contains(text) { break }
                if text == "!", index + 1 < tokens.count, !tokens[index + 1].quoted,
                    Self.topLevelOptions.contains(tokens[index + 1].text)
                { break }
            }
            options.append(text)
            index += 1
        }
        return options
    }

    private mutating func value(after option: RestoreToken) throws(Failure) -> RestoreToken {
        guard index < tokens.count else {
            throw Failure(message: "'\(option.text)' needs a value", expected: "a value after '\(option.text)'", column: endColumn)
        }
        defer { index += 1 }
        return tokens[index]
    }

    private mutating func address(after option: RestoreToken) throws(Failure) -> AddressMatch {
        let token = try value(after: option)
        if let ip = IPAddress(token.text) { return .address(ip) }
        if let cidr = CIDR(token.text) { return .prefix(cidr) }
        throw Failure(message: "invalid address '\(token.text)'", expected: "an IP address or CIDR", column: token.column)
    }

    private func not(_ negated: Bool) -> [String] { negated ? ["!"] : [] }
}
