/// Block scalars: literal (`|` keeps one final newline, `|-` none) — the form go-yaml uses for
/// multi-line strings such as `last-applied-configuration` — and folded (`>`, `>-`), which
/// other YAML writers use for long strings. Other headers (`|+`, indentation indicators) and
/// unusual layouts (leading blank lines, spaces-only lines deeper than the text) are left to
/// libyaml.
extension YAMLSubsetCursor {
    mutating func blockScalar(ownerIndent: Int) throws(YAMLSubsetUnsupported) -> ManifestValue {
        let location = self.location(pos)
        let folded = bytes[pos] == UInt8(ascii: ">")
        pos += 1
        var strip = false
        if pos < end, bytes[pos] == UInt8(ascii: "-") {
            strip = true
            pos += 1
        }
        guard isBlankOrEnd(pos) else { throw unsupported("block scalar header") }
        let headerEnd = pos
        try skipSpaces()
        if pos < end, bytes[pos] != 0x0A {
            guard bytes[pos] == UInt8(ascii: "#"), pos > headerEnd else { throw unsupported("block scalar header") }
        }
        nextLine()

        // The first line sets the content indentation.
        var contentIndent = 0
        while pos + contentIndent < end, bytes[pos + contentIndent] == 0x20 { contentIndent += 1 }
        guard pos + contentIndent < end, bytes[pos + contentIndent] != 0x0A, bytes[pos + contentIndent] != 0x09,
            contentIndent > ownerIndent, contentIndent > 0
        else { throw unsupported("empty or oddly indented block scalar") }

        // libyaml's `yaml_parser_scan_block_scalar`: a folded scalar joins two adjacent lines
        // with a space unless either starts with a blank ("more indented"); empty lines in
        // between stay line breaks.
        var text: [UInt8] = []
        var hasLine = false
        var previousStartsBlank = false
        var emptyLines = 0
        while pos < end {
            var spaces = 0
            while pos + spaces < end, bytes[pos + spaces] == 0x20 { spaces += 1 }
            let first = pos + spaces
            if first >= end || bytes[first] == 0x0A {
                guard spaces <= contentIndent else { throw unsupported("spaces-only line in a block scalar") }
                guard first < end else { break }
                emptyLines += 1
                nextLine()
                continue
            }
            if spaces < contentIndent { break }
            let contentStart = pos + contentIndent
            let startsBlank = bytes[contentStart] == 0x20 || bytes[contentStart] == 0x09
            if hasLine, folded, !previousStartsBlank, !startsBlank {
                if emptyLines == 0 { text.append(0x20) }
            } else if hasLine {
                text.append(0x0A)
            }
            for _ in 0..<emptyLines { text.append(0x0A) }
            var lineEnd = first
            while lineEnd < end, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            guard lineEnd < end else { throw unsupported("block scalar without a final newline") }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart..<lineEnd]))
            hasLine = true
            previousStartsBlank = startsBlank
            emptyLines = 0
            pos = lineEnd
            nextLine()
        }
        if !strip { text.append(0x0A) }
        // `pos` is at the start of the first line after the scalar.
        try skipToContent()
        return .scalar(
            ManifestScalar(
                text: String(decoding: text, as: UTF8.self), kind: .string, style: folded ? .folded : .literal,
                location: location))
    }
}
