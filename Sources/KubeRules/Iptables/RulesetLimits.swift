/// The sizes and characters the kernel and `iptables-restore` accept, checked on a compiled
/// ``Ruleset`` before it is printed or applied, so that a ruleset that cannot load is refused
/// with a clear error instead of failing half-way (or, worse, being read differently from what
/// was meant).
///
/// The limits are iptables 1.8's and the kernel's:
/// - chain names: at most 28 bytes (`XT_EXTENSION_MAXNAMELEN` 29 with the NUL,
///   `assert_valid_chain_name` in `iptables/xshared.c`), no blanks, not starting with `-` or `!`;
/// - `--comment`: at most 255 bytes (`XT_MAX_COMMENT_LEN` 256, `xt_comment.h`). iptables 1.8.9
///   does not refuse a longer one: it cuts it to 255 bytes without a word, so the kernel would
///   hold a rule that differs from the one written (and from every later comparison);
/// - one word of a restore line: at most 1023 bytes ("Parameter too long!": `struct
///   xt_param_buf`, 1024 with the NUL); no newline, carriage return or NUL anywhere (the restore
///   format reads one rule per line and C strings end at NUL, so such a word would split the rule
///   or cut it short);
/// - one restore line: at most 10239 bytes before its newline (iptables-restore reads lines into
///   a 10240-byte buffer and reads the rest of a longer line as a line of its own) and at most
///   251 words, `-A CHAIN` included ("Parser cannot handle more arguments": `MAX_ARGC` 255 less
///   the program name, `-t`, the table and the terminating NULL);
/// - interface names: 1–15 bytes (`IFNAMSIZ` 16), no blanks, `/` or `:`;
/// - ipset names: at most 31 bytes (`IPSET_MAXNAMELEN` 32); nfacct names at most 31 bytes
///   (`NFACCT_NAME_MAX` 32); `recent` list names at most 199 bytes (`XT_RECENT_NAME_LEN` 200);
/// - ports in 0–65535.
public enum RulesetLimits {
    public static let maxChainNameBytes = 28
    public static let maxCommentBytes = 255
    public static let maxWordBytes = 1023
    public static let maxLineBytes = 10239
    public static let maxLineWords = 251
    public static let maxInterfaceNameBytes = 15
    public static let maxSetNameBytes = 31
    public static let maxNfacctNameBytes = 31
    public static let maxRecentNameBytes = 199

    /// Every limit the ruleset exceeds, as error diagnostics naming the table, chain and rule.
    public static func problems(_ ruleset: Ruleset) -> [Diagnostic] {
        // Large rulesets are scanned on every core first; only one that fails the scan is
        // walked again to name its problems.
        if LimitScan.isClean(ruleset) { return [] }
        var found: [Diagnostic] = []
        for table in ruleset.tables {
            var place = Place(table: table.name, chain: "", rule: nil)
            for chain in table.chains {
                place.chain = chain.name
                place.rule = nil
                found += chainNameProblems(chain.name, place)
                // `-A NAME`: the line's first two words, as the renderer writes them.
                let prefixBytes = 3 + chain.name.utf8.count
                for rule in chain.rules {
                    // Almost every rule is within every limit: prove that without building its
                    // text, and describe only the rules that are not.
                    if LimitScan.isClean(rule, prefixBytes: prefixBytes, commandWords: 2) { continue }
                    place.rule = IptablesRenderer.ruleText(chain: chain.name, rule)
                    found += ruleProblems(rule, place, commandWords: 2)
                }
            }
            for hook in table.hooks {
                place.chain = hook.chain
                // The renderer writes hooks as `-I CHAIN N …` (or `-A CHAIN …` without a position).
                let prefix = hook.position.map { "-I \(hook.chain) \($0)" } ?? "-A \(hook.chain)"
                place.rule = prefix + IptablesRenderer.ruleText(chain: "", hook.rule).dropFirst(3)
                found += chainNameProblems(hook.chain, place)
                    + ruleProblems(hook.rule, place, commandWords: hook.position == nil ? 2 : 3)
            }
            for deleted in table.deletedChains {
                place.chain = deleted
                place.rule = nil
                found += chainNameProblems(deleted, place)
            }
        }
        return found
    }

    /// Where a problem is, for the message.
    struct Place {
        var table: TableName
        var chain: String
        /// The rule as rendered (cut short when very long).
        var rule: String?

        var description: String {
            var text = "table \(table.rawValue), chain \(Self.shown(chain))"
            if let rule { text += ", rule `\(Self.shown(rule))`" }
            return text
        }

        /// Long or multi-line values shown as one short line.
        static func shown(_ text: String) -> String {
            var flat = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\n": flat += "\\n"
                case "\r": flat += "\\r"
                case "\0": flat += "\\0"
                default: flat.unicodeScalars.append(scalar)
                }
            }
            return flat.utf8.count > 160 ? String(flat.prefix(157)) + "..." : flat
        }
    }

    static func problem(_ place: Place, _ message: String, expected: String) -> Diagnostic {
        Diagnostic(
            severity: .error, message: "the ruleset exceeds an iptables limit in \(place): \(message)",
            expected: expected)
    }

    static func chainNameProblems(_ name: String, _ place: Place) -> [Diagnostic] {
        if LimitScan.isPlainChainName(name) { return [] }
        let expected = "a chain name of 1-\(maxChainNameBytes) bytes without blanks, not starting with '-' or '!'"
        if name.isEmpty { return [problem(place, "a chain name is empty", expected: expected)] }
        if name.utf8.count > maxChainNameBytes {
            return [problem(place, "chain name \(Place.shown(name)) is \(name.utf8.count) bytes long", expected: expected)]
        }
        if name.hasPrefix("-") || name.hasPrefix("!") || name.unicodeScalars.contains(where: isBlankOrControl) {
            return [problem(place, "chain name \(quoted(name)) is not valid", expected: expected)]
        }
        return []
    }

    /// `commandWords`: the words before the rule's own on its line (`-A CHAIN`, `-I CHAIN N`).
    static func ruleProblems(_ rule: Rule, _ place: Place, commandWords: Int) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let words = rule.tokens
        if words.count + commandWords > maxLineWords {
            found.append(problem(
                place, "the rule's line has \(words.count + commandWords) words",
                expected: "at most \(maxLineWords) words per line"))
        }
        let lineBytes = (place.rule ?? "").utf8.count
        if lineBytes > maxLineBytes {
            found.append(problem(place, "the rule's line is \(lineBytes) bytes long", expected: "at most \(maxLineBytes) bytes per line"))
        }
        for word in words {
            if word.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" }) {
                found.append(problem(
                    place, "the word \(quoted(word)) contains a line break or NUL",
                    expected: "no newline, carriage return or NUL in rule text"))
            } else if word.utf8.count > maxWordBytes {
                found.append(problem(place, "a word is \(word.utf8.count) bytes long", expected: "at most \(maxWordBytes) bytes per word"))
            }
        }
        for argument in rule.arguments {
            found += argumentProblems(argument, place)
        }
        found += targetProblems(rule.target, place)
        return found
    }

    static func argumentProblems(_ argument: RuleArgument, _ place: Place) -> [Diagnostic] {
        switch argument {
        case .comment(let text) where text.utf8.count > maxCommentBytes:
            return [problem(place, "the comment is \(text.utf8.count) bytes long", expected: "at most \(maxCommentBytes) bytes (xt_comment)")]
        case .inInterface(let name, _), .outInterface(let name, _):
            return interfaceProblems(name, place)
        case .destinationPort(let port, _), .sourcePort(let port, _):
            return (0...65535).contains(port) ? [] : [problem(place, "port \(port) is out of range", expected: "a port in 0-65535")]
        case .matchSet(let match) where match.name.isEmpty || match.name.utf8.count > maxSetNameBytes:
            return [problem(place, "ipset name \(quoted(match.name)) has \(match.name.utf8.count) bytes", expected: "1-\(maxSetNameBytes) bytes")]
        case .nfacct(let name) where name.isEmpty || name.utf8.count > maxNfacctNameBytes:
            return [problem(place, "nfacct name \(quoted(name)) has \(name.utf8.count) bytes", expected: "1-\(maxNfacctNameBytes) bytes")]
        case .recent(let match) where match.name.isEmpty || match.name.utf8.count > maxRecentNameBytes:
            return [problem(place, "recent list name has \(match.name.utf8.count) bytes", expected: "1-\(maxRecentNameBytes) bytes")]
        default:
            return []
        }
    }

    static func interfaceProblems(_ name: String, _ place: Place) -> [Diagnostic] {
        let expected = "an interface name of 1-\(maxInterfaceNameBytes) bytes without blanks, '/' or ':' (a trailing '+' matches a prefix)"
        if name.isEmpty || name.utf8.count > maxInterfaceNameBytes
            || name.unicodeScalars.contains(where: { isBlankOrControl($0) || $0 == "/" || $0 == ":" })
        {
            return [problem(place, "interface name \(quoted(name)) is not valid", expected: expected)]
        }
        return []
    }

    static func targetProblems(_ target: Target, _ place: Place) -> [Diagnostic] {
        switch target {
        case .jump(let chain):
            return chainNameProblems(chain, place)
        default:
            return []
        }
    }

    static func isBlankOrControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value <= 0x20 || scalar.value == 0x7F || scalar.properties.isWhitespace
    }

    /// A value in double quotes with line breaks made visible.
    static func quoted(_ text: String) -> String {
        "\"" + Place.shown(text) + "\""
    }
}
