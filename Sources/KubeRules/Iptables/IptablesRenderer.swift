/// Prints a ``Ruleset`` as `iptables-restore` input (or `ip6tables-restore` input for an IPv6
/// ruleset: the syntax is the same), the way kube-proxy writes it: `*table`, the chain
/// declarations `:NAME - [0:0]`, the `-A` rules chain by chain, hook rules (`-I CHAIN N`), `-X`
/// deletions, `COMMIT`.
///
/// The renderer decides nothing: every token comes from the ruleset. A token is quoted only
/// when `iptables-restore` would otherwise split or misread it (whitespace, quotes, backslash,
/// empty), which reproduces kube-proxy's hand-quoted comments: `"ns1/svc1:p80 cluster IP"` is
/// quoted, `ns1/svc1:p80` is not.
public enum IptablesRenderer {
    /// The restore text of every table.
    public static func render(_ ruleset: Ruleset) -> String {
        var output = ""
        for table in ruleset.tables { render(table, into: &output) }
        return output
    }

    public static func render(_ table: Table, into output: inout String) {
        output += "*\(table.name.rawValue)\n"
        for chain in table.chains {
            output += ":\(chain.name) \(chain.policy ?? "-") [\(chain.packets):\(chain.bytes)]\n"
        }
        for chain in table.chains {
            for rule in chain.rules { output += line("-A", chain.name, rule) }
        }
        for hook in table.hooks {
            if let position = hook.position {
                output += line("-I", "\(hook.chain) \(position)", hook.rule)
            } else {
                output += line("-A", hook.chain, hook.rule)
            }
        }
        for chain in table.deletedChains { output += "-X \(chain)\n" }
        output += "COMMIT\n"
    }

    /// One rule line (`-A CHAIN …`), as the renderer prints it, without the newline.
    public static func ruleText(chain: String, _ rule: Rule) -> String {
        String(line("-A", chain, rule).dropLast())
    }

    private static func line(_ command: String, _ chain: String, _ rule: Rule) -> String {
        var text = "\(command) \(chain)"
        for token in rule.tokens {
            text += " "
            text += quoted(token)
        }
        return text + "\n"
    }

    /// `token`, or `"token"` with `"` and `\` escaped when `iptables-restore` needs quotes.
    public static func quoted(_ token: String) -> String {
        guard needsQuotes(token) else { return token }
        var text = "\""
        for character in token.unicodeScalars {
            if character == "\"" || character == "\\" { text += "\\" }
            text.unicodeScalars.append(character)
        }
        return text + "\""
    }

    static func needsQuotes(_ token: String) -> Bool {
        token.isEmpty
            || token.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "'" || $0 == "\\" }
    }
}
