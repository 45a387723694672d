import KubeRules

/// Checks that a ruleset's restore text says exactly what the ruleset says — the property that
/// keeps a hostile manifest from smuggling a rule in:
///
/// - the text has one `-A`/`-I` line per rule of the IR (counted on raw lines, independently of
///   kuberules' own parser, so a token that broke a line would show);
/// - parsing the text gives back the same number of rules, and rendering that parse gives the
///   same text (render ∘ parse ∘ render = render);
/// - every chain a rule or hook jumps to is declared in its table.
public enum RulesetAudit {
    /// What was wrong, worded for a crash report or a test failure.
    public struct Violation: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String

        public init(_ message: String) {
            self.message = message
        }

        public var description: String { message }
    }

    /// The rendered text of `ruleset`, after checking it; throws the first violation found.
    @discardableResult
    public static func check(_ ruleset: Ruleset, requireFullConsistency: Bool) throws(Violation) -> String {
        let text = IptablesRenderer.render(ruleset)
        let ruleLines = ruleLineCount(text)
        guard ruleLines == ruleset.ruleCount else {
            throw Violation("the IR has \(ruleset.ruleCount) rules but its text has \(ruleLines) rule lines:\n\(text)")
        }
        let parsed: Ruleset
        do {
            parsed = try IptablesParser(file: "rendered").parse(text, family: ruleset.family)
        } catch {
            throw Violation("the rendered text does not parse back: \(error)\n\(text)")
        }
        guard parsed.ruleCount == ruleset.ruleCount else {
            throw Violation("the IR has \(ruleset.ruleCount) rules but the parsed text has \(parsed.ruleCount)")
        }
        let again = IptablesRenderer.render(parsed)
        guard again == text else {
            throw Violation("render(parse(render(x))) differs from render(x):\n--- render(x)\n\(text)--- again\n\(again)")
        }
        let problems = IptablesConsistencyCheck.problems(ruleset).filter {
            requireFullConsistency || $0.kind == .usedButNotCreated
        }
        guard problems.isEmpty else {
            throw Violation("inconsistent jumps: " + problems.map(\.description).joined(separator: "; "))
        }
        return text
    }

    /// Lines of `text` that add a rule (`-A CHAIN …`, `-I CHAIN …`).
    public static func ruleLineCount(_ text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: true).count { $0.hasPrefix("-A ") || $0.hasPrefix("-I ") }
    }
}
