import Testing
@testable import KubeRules

/// YAML and JSON syntax errors: position, message, quoted source line and caret.
@Suite struct SyntaxErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var expected: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "bad.yaml", text: "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n   bad: b\n",
            expected: """
                bad.yaml:5:7: error: YAML syntax error: mapping values are not allowed in this context (expected well-formed YAML)
                   bad: b
                      ^
                """),
        Case(
            name: "tab.yaml", text: "apiVersion: v1\nkind: Service\nmetadata:\n\tname: a\n",
            expected: """
                tab.yaml:4:1: error: YAML syntax error: found character that cannot start any token (a tab: YAML indents with spaces only) (while scanning for the next token at line 4, column 1) (expected well-formed YAML)
                \tname: a
                ^
                """),
        Case(
            name: "flow.yaml", text: "apiVersion: v1\nkind: Service\nspec:\n  ports: [{port: 80}\n",
            expected: """
                flow.yaml:4:10: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence that starts here) (expected well-formed YAML)
                  ports: [{port: 80}
                         ^
                """),
        Case(
            name: "quote.yaml", text: "apiVersion: v1\nkind: Service\nmetadata:\n  name: \"a\n",
            expected: """
                quote.yaml:4:9: error: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar that starts here) (expected well-formed YAML)
                  name: "a
                        ^
                """),
        Case(
            name: "dup.yaml", text: "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  # again\n  name: b\n",
            expected: """
                dup.yaml:6:3: error: duplicate key "name" (expected each key at most once in an object)
                  name: b
                  ^
                """),
        Case(
            name: "control.yaml", text: "apiVersion: v1\nmetadata:\n  name: \u{1B}[31mx\n",
            expected: """
                control.yaml:3:9: error: YAML syntax error: control characters are not allowed (expected well-formed YAML)
                  name: \u{FFFD}[31mx
                        ^
                """),
        Case(
            name: "comma.json", text: "{\"apiVersion\": \"v1\",\n \"kind\": \"Service\",}\n",
            expected: """
                comma.json:2:20: error: JSON syntax error: unexpected "}" (expected a string key)
                 "kind": "Service",}
                                   ^
                """),
        Case(
            name: "quote.json", text: "{\"kind\": 'Service'}",
            expected: """
                quote.json:1:10: error: JSON syntax error: unexpected "'" (expected a value)
                {"kind": 'Service'}
                         ^
                """),
        Case(
            name: "zero.json", text: "{\"port\": 080}",
            expected: """
                zero.json:1:11: error: JSON syntax error: unexpected "8" (expected '.', 'e' or the end of the number (no leading zeros))
                {"port": 080}
                          ^
                """),
        Case(
            name: "array.json", text: "{\"a\": [1, 2,]}",
            expected: """
                array.json:1:13: error: JSON syntax error: unexpected "]" (expected a value)
                {"a": [1, 2,]}
                            ^
                """),
        Case(
            name: "escape.json", text: "{\"a\": \"\\q\"}",
            expected: #"""
                escape.json:1:9: error: JSON syntax error: unexpected "q" (expected one of \" \\ \/ \b \f \n \r \t \uXXXX)
                {"a": "\q"}
                        ^
                """#),
        Case(
            name: "control.json", text: "{\"a\": \"x\ty\"}",
            expected: #"""
                control.json:1:9: error: JSON syntax error: unexpected "\t" (expected an escaped control character (\n, \t, \u00XX) inside a string)
                {"a": "x	y"}
                        ^
                """#),
        Case(
            name: "dup.json", text: "{\"a\": 1,\n \"a\": 2}",
            expected: """
                dup.json:2:2: error: duplicate key "a" (expected each key at most once in an object)
                 "a": 2}
                 ^
                """),
        Case(
            name: "end.json", text: "{\"a\": \"unterminated",
            expected: """
                end.json:1:20: error: JSON syntax error: unexpected end of input (expected a closing '"')
                {"a": "unterminated
                                   ^
                """),
        Case(
            name: "missing.json", text: "{\"kind\": \"Service\" \"x\": 1}",
            expected: """
                missing.json:1:20: error: JSON syntax error: unexpected "\\"" (expected ',' or '}')
                {"kind": "Service" "x": 1}
                                   ^
                """),
        Case(
            name: "tru.json", text: "[tru]",
            expected: """
                tru.json:1:5: error: JSON syntax error: unexpected "]" (expected a value ("true"?))
                [tru]
                    ^
                """),
    ]

    @Test(arguments: cases) func reportsPositionMessageLineAndCaret(_ testCase: Case) {
        let diagnostics = ManifestTestSupport.failures(testCase.text, name: testCase.name)
        #expect(diagnostics.map(\.description) == [testCase.expected])
    }

    @Test func deepNestingIsRefusedNotCrashing() {
        let diagnostics = ManifestTestSupport.failures(String(repeating: "[", count: 100_000), name: "deep.json")
        #expect(diagnostics.map(\.headline) == [
            "deep.json:1:513: error: JSON syntax error: nesting deeper than 512 levels (expected a shallower document)"
        ])
        // The 100000-character line is quoted as an excerpt with the caret under column 513.
        let diagnostic = diagnostics[0]
        #expect(diagnostic.sourceLine?.unicodeScalars.count == SourceText.excerptLength + 2)
        #expect(diagnostic.description.split(separator: "\n").last == Substring(String(repeating: " ", count: 81) + "^"))
    }

    @Test func invalidUTF8IsPositioned() {
        let error = #expect(throws: DiagnosticsError.self) {
            try ManifestReader().read([.bytes(name: "bin.yaml", [0x61, 0x3A, 0x0A, 0x62, 0x3A, 0x20, 0xC3, 0x28], format: .yaml)])
        }
        #expect(error?.diagnostics.map(\.headline) == ["bin.yaml:2:4: error: input is not valid UTF-8 (expected UTF-8 text)"])
    }

    @Test func aliasBombsAreRefused() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            text += "l\(level): &l\(level) [" + Array(repeating: level == 1 ? "*a" : "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let headlines = ManifestTestSupport.failures(text, name: "bomb.yaml").map(\.headline)
        #expect(headlines.count == 1)
        #expect(headlines.first?.hasPrefix("bomb.yaml:") == true)
        #expect(headlines.first?.hasSuffix("error: YAML aliases expand this document beyond a sane size (expected a document without excessive alias expansion)") == true)
    }

    @Test func documentsBeforeASyntaxErrorAreStillChecked() {
        let headlines = ManifestTestSupport.errorHeadlines(
            "apiVersion: v1\nkind: Service\nmetadata: {name: Bad}\nspec: {ports: [{port: 80}]}\n---\nkey: [\n")
        #expect(headlines.count == 2)
        #expect(headlines.first?.hasPrefix("test.yaml:3:18: error: invalid metadata.name \"Bad\"") == true)
        #expect(headlines.last == "test.yaml:6:7: error: YAML syntax error: did not find expected node content (while parsing a flow node that starts here) (expected well-formed YAML)")
    }
}
