/// One word of a restore or save line, with the 1-based column it starts at.
struct RestoreToken: Hashable, Sendable {
    var text: String
    var column: Int
    /// Written in quotes: always a value, never an option (a comment `"-j ACCEPT"` stays a comment).
    var quoted = false
}

/// Splits a line into words the way `iptables-restore` does (`add_param_to_argv`, iptables
/// 1.8 `xshared.c`): whitespace separates words; a double-quoted string is one word, inside
/// which a backslash escapes the next character (iptables-save writes `\"` and `\\`); a closing
/// quote ends the word. Outside quotes a backslash is an ordinary character.
enum RestoreTokenizer {
    struct UnterminatedQuote: Error {
        /// Column of the opening quote.
        var column: Int
    }

    static func tokenize(_ line: String) throws(UnterminatedQuote) -> [RestoreToken] {
        var tokens: [RestoreToken] = []
        var current = ""
        var start = 0
        var inWord = false
        var quoteOpen = false
        var quoteColumn = 0
        var escaped = false
        for (offset, character) in line.enumerated() {
            let column = offset + 1
            if quoteOpen {
                if escaped {
                    current.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    quoteOpen = false
                    tokens.append(RestoreToken(text: current, column: start, quoted: true))
                    current = ""
                    inWord = false
                } else {
                    current.append(character)
                }
                continue
            }
            if character == "\"" {
                if !inWord { start = column }
                inWord = true
                quoteOpen = true
                quoteColumn = column
            } else if character == " " || character == "\t" || character == "\n" || character == "\r" {
                if inWord {
                    tokens.append(RestoreToken(text: current, column: start))
                    current = ""
                    inWord = false
                }
            } else {
                if !inWord {
                    start = column
                    inWord = true
                }
                current.append(character)
            }
        }
        if quoteOpen { throw UnterminatedQuote(column: quoteColumn) }
        if inWord { tokens.append(RestoreToken(text: current, column: start)) }
        return tokens
    }
}
