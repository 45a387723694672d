/// Reads `iptables-restore` input or `iptables-save` output back into a ``Ruleset``: the
/// opposite of ``IptablesRenderer`` (render(parse(render(x))) == render(x)), and the reader of
/// live dumps and golden files for diff, trace and the appliers.
///
/// Accepted: `#` comments and blank lines; `*table` … `COMMIT`; chain lines
/// `:NAME POLICY [packets:bytes]` (counters optional); `[p:b]`-prefixed rules (`iptables-save
/// -c`); `-A`/`--append`, `-I`/`--insert [N]`, `-N`/`--new-chain`, `-X`/`--delete-chain`. Rules
/// for an undeclared built-in chain become ``Table/hooks``. Every problem is reported as
/// `file:line:column: error: … (expected …)` with the line and a caret, all of them at once.
public struct IptablesParser: Sendable {
    /// Shown in diagnostics (`-` for stdin).
    public var file: String

    public init(file: String = "-") {
        self.file = file
    }

    /// Parses `text`. The family is `family` when given, else IPv6 if any address in the text
    /// is IPv6, else IPv4.
    public func parse(_ text: String, family: IPFamily? = nil) throws(DiagnosticsError) -> Ruleset {
        var state = ParseState(file: file)
        // "\r\n" is one Character in Swift, so split on every newline kind.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (offset, line) in lines.enumerated() {
            state.read(String(line), number: offset + 1)
        }
        state.finish(lastLine: lines.count)
        try state.diagnostics.throwIfErrors()
        return Ruleset(family: family ?? (state.sawIPv6 ? .ipv6 : .ipv4), tables: state.tables)
    }
}

/// The parser's progress through the text.
private struct ParseState {
    let file: String
    var diagnostics = DiagnosticCollector()
    var tables: [Table] = []
    var current: Table?
    var currentStart = (line: 0, text: "")
    var sawIPv6 = false

    init(file: String) {
        self.file = file
    }

    mutating func error(_ message: String, expected: String?, line: Int, column: Int, text: String) {
        diagnostics.emit(Diagnostic(
            severity: .error, message: message, expected: expected,
            location: SourceLocation(file: file, line: line, column: column), sourceLine: text))
    }

    mutating func read(_ text: String, number: Int) {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return }
        let tokens: [RestoreToken]
        do {
            tokens = try RestoreTokenizer.tokenize(text)
        } catch {
            self.error("unterminated quoted string", expected: "a closing '\"'", line: number, column: error.column, text: text)
            return
        }
        guard let first = tokens.first else { return }
        var fail: (String, String?, Int)?
        if first.text.hasPrefix("*") {
            fail = startTable(first, line: number, text: text)
        } else if current == nil {
            fail = ("'\(first.text)' outside a table", "a table line such as '*filter' first", first.column)
        } else if first.text == "COMMIT" {
            fail = tokens.count == 1 ? nil : ("unexpected text after COMMIT", "COMMIT alone on its line", tokens[1].column)
            if let table = current { tables.append(table) }
            current = nil
        } else if first.text.hasPrefix(":") {
            fail = declareChain(tokens)
        } else {
            fail = command(tokens, endColumn: text.count + 1)
        }
        if let (message, expected, column) = fail {
            error(message, expected: expected, line: number, column: column, text: text)
        }
    }

    mutating func finish(lastLine: Int) {
        if current != nil {
            error("table '\(current!.name.rawValue)' has no COMMIT", expected: "a COMMIT line ending the table",
                  line: currentStart.line, column: 1, text: currentStart.text)
        }
    }

    private mutating func startTable(_ token: RestoreToken, line: Int, text: String) -> (String, String?, Int)? {
        if let open = current {
            return ("table '\(open.name.rawValue)' is not committed", "COMMIT before the next table", token.column)
        }
        let name = String(token.text.dropFirst())
        guard let table = TableName(rawValue: name) else {
            return ("unknown table '\(name)'", "filter, nat, mangle or raw", token.column + 1)
        }
        if tables.contains(where: { $0.name == table }) {
            return ("table '\(name)' appears twice", "each table once", token.column)
        }
        current = Table(name: table)
        currentStart = (line, text)
        return nil
    }

    private mutating func declareChain(_ tokens: [RestoreToken]) -> (String, String?, Int)? {
        let name = String(tokens[0].text.dropFirst())
        guard !name.isEmpty else { return ("empty chain name", "':NAME POLICY [packets:bytes]'", tokens[0].column) }
        guard tokens.count >= 2 else {
            return ("chain '\(name)' has no policy", "'-' or a built-in chain's policy such as ACCEPT", tokens[0].column + tokens[0].text.count)
        }
        guard tokens.count <= 3 else { return ("unexpected text after the counters", nil, tokens[3].column) }
        var chain = Chain(name: name, policy: tokens[1].text == "-" ? nil : tokens[1].text)
        if tokens.count == 3 {
            guard let (packets, bytes) = counters(tokens[2].text) else {
                return ("invalid counters '\(tokens[2].text)'", "[packets:bytes]", tokens[2].column)
            }
            chain.packets = packets
            chain.bytes = bytes
        }
        if current!.chains.contains(where: { $0.name == name }) {
            return ("chain '\(name)' is declared twice", "each chain declared once per table", tokens[0].column + 1)
        }
        current!.chains.append(chain)
        return nil
    }

    private mutating func command(_ all: [RestoreToken], endColumn: Int) -> (String, String?, Int)? {
        var tokens = all[...]
        if let first = tokens.first, first.text.hasPrefix("["), first.text.hasSuffix("]") {
            guard counters(first.text) != nil else { return ("invalid counters '\(first.text)'", "[packets:bytes]", first.column) }
            tokens = tokens.dropFirst()
        }
        guard let command = tokens.first else { return nil }
        tokens = tokens.dropFirst()
        guard let chainToken = tokens.first else {
            return ("'\(command.text)' needs a chain name", "a chain name after '\(command.text)'", endColumn)
        }
        let chain = chainToken.text
        tokens = tokens.dropFirst()
        switch command.text {
        case "-N", "--new-chain":
            if current!.chains.contains(where: { $0.name == chain }) { return ("chain '\(chain)' already exists", nil, chainToken.column) }
            current!.chains.append(Chain(name: chain))
            return nil
        case "-X", "--delete-chain":
            guard current!.chains.contains(where: { $0.name == chain }) else {
                return ("cannot delete undeclared chain '\(chain)'", "a ':\(chain) - [0:0]' line first", chainToken.column)
            }
            current!.deletedChains.append(chain)
            return nil
        case "-A", "--append", "-I", "--insert":
            var position: Int?
            if command.text == "-I" || command.text == "--insert" {
                position = 1
                if let next = tokens.first, let number = Int(next.text), !next.quoted {
                    guard number >= 1 else { return ("invalid rule position \(number)", "a position of 1 or more", next.column) }
                    position = number
                    tokens = tokens.dropFirst()
                }
            }
            var parser = RuleParser(Array(tokens), endColumn: endColumn)
            let rule: Rule
            do {
                rule = try parser.parse()
            } catch {
                return (error.message, error.expected, error.column)
            }
            noteFamily(rule)
            return add(rule, to: chain, at: position, chainColumn: chainToken.column)
        default:
            return ("unsupported command '\(command.text)'", "-A, -I, -N or -X", command.column)
        }
    }

    private mutating func add(_ rule: Rule, to chain: String, at position: Int?, chainColumn: Int) -> (String, String?, Int)? {
        if let index = current!.chains.firstIndex(where: { $0.name == chain }) {
            if current!.deletedChains.contains(chain) { return ("rule for deleted chain '\(chain)'", nil, chainColumn) }
            var rules = current!.chains[index].rules
            let place = min((position ?? rules.count + 1) - 1, rules.count)
            rules.insert(rule, at: place)
            current!.chains[index].rules = rules
        } else if current!.name.builtinChains.contains(chain) {
            current!.hooks.append(HookRule(chain: chain, position: position, rule: rule))
        } else {
            return ("chain '\(chain)' is not declared", "a ':\(chain) - [0:0]' line before its rules", chainColumn)
        }
        return nil
    }

    private mutating func noteFamily(_ rule: Rule) {
        for argument in rule.arguments {
            switch argument {
            case .source(let address, _), .destination(let address, _):
                let family: IPFamily
                switch address {
                case .address(let ip): family = ip.family
                case .prefix(let cidr): family = cidr.family
                }
                if family == .ipv6 { sawIPv6 = true }
            default: break
            }
        }
    }

    private func counters(_ text: String) -> (UInt64, UInt64)? {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        let parts = text.dropFirst().dropLast().split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let packets = UInt64(parts[0]), let bytes = UInt64(parts[1]) else { return nil }
        return (packets, bytes)
    }
}
