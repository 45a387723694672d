import Testing
@testable import KubeRules

/// The document tree both parsers produce: scalar resolution as go-yaml v2 does it, JSON
/// tokens, escapes and positions.
@Suite struct DocumentTreeTests {
    @Test(arguments: [
        ("", nil), ("~", nil), ("null", nil), ("NULL", nil),
        ("true", .boolean), ("yes", .boolean), ("Y", .boolean), ("on", .boolean), ("Off", .boolean), ("NO", .boolean),
        ("80", .integer), ("+80", .integer), ("-1", .integer), ("0x50", .integer), ("0o17", .integer), ("017", .integer),
        ("1_000", .integer), ("0b101", .integer), ("-0b101", .integer), ("9223372036854775808", .integer),
        ("08", .float), ("1e3", .float), ("1.5", .float), (".5", .float), (".inf", .float), ("-.Inf", .float), (".NaN", .float),
        ("1e400", .string), ("1.2.3", .string), ("80-80", .string), ("2018-06-05T23:34:58Z", .string), ("2018-06-05", .string),
        ("abc", .string), ("yesno", .string),
        // The longest null/boolean spellings still resolve; longer texts with those first letters are strings.
        ("FALSE", .boolean), ("False", .boolean), ("nulls", .string), ("node-11", .string), ("trueish", .string),
        ("offset", .string), ("NodePort", .string), ("~tilde", .string), ("<<", .string), ("0x", .string), ("-", .string), ("***HIDDEN***", .string),
    ] as [(String, ManifestScalar.Kind?)])
    func plainScalarsResolveLikeGoYAMLv2(_ text: String, _ kind: ManifestScalar.Kind?) {
        #expect(YAMLScalarResolver.resolvePlain(text) == kind)
    }

    @Test func integerAndBooleanValues() {
        #expect(YAMLScalarResolver.integerValue(of: "0x50") == 80)
        #expect(YAMLScalarResolver.integerValue(of: "017") == 15)
        #expect(YAMLScalarResolver.integerValue(of: "0o17") == 15)
        #expect(YAMLScalarResolver.integerValue(of: "3_0001") == 30001)
        #expect(YAMLScalarResolver.integerValue(of: "-0b101") == -5)
        #expect(YAMLScalarResolver.integerValue(of: "-9223372036854775808") == Int.min)
        #expect(YAMLScalarResolver.integerValue(of: "9223372036854775808") == nil)
        #expect(YAMLScalarResolver.booleanValue(of: "on") == true)
        #expect(YAMLScalarResolver.booleanValue(of: "n") == false)
        #expect(YAMLScalarResolver.booleanValue(of: "maybe") == nil)
    }

    static func parseYAML(_ text: String) -> [ManifestValue] {
        YAMLDocumentParser().parse(SourceText(name: "t.yaml", text: text)).documents
    }

    static func parseJSON(_ text: String) -> (documents: [ManifestValue], errors: [Diagnostic]) {
        JSONDocumentParser().parse(SourceText(name: "t.json", text: text))
    }

    static func scalar(_ value: ManifestValue?) -> ManifestScalar? {
        if case .scalar(let scalar)? = value { return scalar }
        return nil
    }

    @Test func yamlQuotingAndTagsDecideTheKind() throws {
        let document = try #require(Self.parseYAML("a: 80\nb: \"80\"\nc: '80'\nd: !!str 80\ne: !!int 80\nf: |\n  80\ng:\nh: ~\n").first)
        guard case .mapping(let mapping) = document else { Issue.record("not a mapping"); return }
        #expect(Self.scalar(mapping["a"])?.kind == .integer)
        #expect(Self.scalar(mapping["b"])?.kind == .string && Self.scalar(mapping["b"])?.style == .doubleQuoted)
        #expect(Self.scalar(mapping["c"])?.kind == .string && Self.scalar(mapping["c"])?.style == .singleQuoted)
        #expect(Self.scalar(mapping["d"])?.kind == .string)
        #expect(Self.scalar(mapping["e"])?.integerValue == 80)
        #expect(Self.scalar(mapping["f"])?.text == "80\n" && Self.scalar(mapping["f"])?.style == .literal)
        #expect(mapping["g"] == .null(SourceLocation(file: "t.yaml", line: 8, column: 3)))
        #expect(mapping["h"] == .null(SourceLocation(file: "t.yaml", line: 9, column: 4)))
        #expect(mapping.entries.map(\.key.text) == ["a", "b", "c", "d", "e", "f", "g", "h"])
        #expect(mapping.entries[1].value.location == SourceLocation(file: "t.yaml", line: 2, column: 4))
    }

    @Test func jsonTokensKindsAndEscapes() throws {
        let (documents, errors) = Self.parseJSON(
            #"{"i": 80, "n": -1, "f": 1.5, "e": 1e2, "t": true, "z": null, "s": "\u00e9\ud83d\ude00\n\/", "lone": "\ud800x"}"#)
        #expect(errors.isEmpty)
        guard case .mapping(let mapping)? = documents.first else { Issue.record("not a mapping"); return }
        #expect(Self.scalar(mapping["i"])?.integerValue == 80)
        #expect(Self.scalar(mapping["n"])?.integerValue == -1)
        #expect(Self.scalar(mapping["f"])?.kind == .float)
        #expect(Self.scalar(mapping["e"])?.kind == .float)
        #expect(Self.scalar(mapping["t"])?.booleanValue == true)
        #expect(mapping["z"] == .null(SourceLocation(file: "t.json", line: 1, column: 56)))
        #expect(Self.scalar(mapping["s"])?.text == "é😀\n/")
        #expect(Self.scalar(mapping["lone"])?.text == "\u{FFFD}x")
    }

    @Test func jsonColumnsCountUnicodeScalarsAcrossLines() throws {
        let (documents, _) = Self.parseJSON("{\n  \"é😀\": \"ü\",  \"k\": [1,\n    {\"x\": 2}]}")
        guard case .mapping(let mapping)? = documents.first else { Issue.record("not a mapping"); return }
        #expect(mapping.location == SourceLocation(file: "t.json", line: 1, column: 1))
        #expect(mapping.entries[0].key.location == SourceLocation(file: "t.json", line: 2, column: 3))
        #expect(mapping.entries[0].value.location == SourceLocation(file: "t.json", line: 2, column: 9))
        #expect(mapping.entries[1].key.location == SourceLocation(file: "t.json", line: 2, column: 15))
        guard case .sequence(let list)? = mapping["k"] else { Issue.record("not a list"); return }
        #expect(list.items.map(\.location) == [
            SourceLocation(file: "t.json", line: 2, column: 21), SourceLocation(file: "t.json", line: 3, column: 5),
        ])
    }

    @Test func jsonAcceptsWhitespaceSeparatedDocumentsAndByteOrderMark() throws {
        let source = try SourceText(name: "t.json", bytes: [0xEF, 0xBB, 0xBF] + Array("{}\n[]\t\"x\" 1".utf8))
        let (documents, errors) = JSONDocumentParser().parse(source)
        #expect(errors.isEmpty)
        #expect(documents.map(\.typeDescription) == ["an object", "a list", "a string", "an integer"])
    }
}
