import Testing
@testable import KubeRules

@Suite struct DiagnosticTests {
    @Test func printsPositionMessageExpectedLineAndCaret() {
        let diagnostic = Diagnostic(
            severity: .error, message: "invalid port 70000", expected: "an integer in 1-65535",
            location: SourceLocation(file: "svc.yaml", line: 9, column: 11),
            sourceLine: "  - port: 70000")
        #expect(
            diagnostic.description == """
                svc.yaml:9:11: error: invalid port 70000 (expected an integer in 1-65535)
                  - port: 70000
                          ^
                """)
    }
}
