/// The input is outside the YAML subset the fast reader handles (or is not valid YAML at
/// all): the caller reads the whole input again with Yams, which then decides, so the fast
/// path never has to reproduce libyaml's error messages.
struct YAMLSubsetUnsupported: Error {
    /// Why, for tests and for debugging a fallback.
    var reason: String
    /// The byte offset where the parser gave up.
    var offset: Int
}

/// Bytes handed across threads: the text stays alive (and unchanged) for as long as any reader
/// of it runs.
struct SharedBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
}

/// A position-tracking cursor over the UTF-8 bytes of one region of a YAML text, moving line by
/// line as a block-structured YAML reader does.
///
/// Invariant between parse steps: `pos` is at the first non-space byte of the current content
/// line (blank and comment lines already skipped) and ``indent`` is that line's indentation, or
/// -1 when the region (or the document, at a `---` line) ends.
struct YAMLSubsetCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    /// One past the last byte this cursor may read (a region end is always a line start).
    let end: Int
    var pos: Int
    /// 1-based number of the line `pos` is on, and where that line starts.
    var line: Int
    var lineStart: Int
    /// Indentation of the current content line; -1 at the end of the region or document.
    var indent = -1
    /// Block nodes open around the current one. The reader recurses per level, so nesting is
    /// bounded (``maximumDepth``) and deeper input goes to Yams, whose libyaml iterates and
    /// stops at 1000 levels with an error: 3000 nested mappings (about 4.5 MB of indentation)
    /// crashed the reader with a stack overflow before this bound (found in issue 8's fuzzing
    /// work; fixtures/fuzz-regressions/deep-block-mappings).
    var depth = 0
    /// Deeper than any Kubernetes object (managedFields' `fieldsV1` trees stay under 30).
    static let maximumDepth = 100
    /// Set for list items: an `endpoints` block sequence of the item's root mapping is read
    /// into ``sliceEndpoints`` without a tree when it has kubectl's shape (``SliceEndpointShortcut``).
    var collectsSliceEndpoints = false
    var sliceEndpoints: [RawSliceEndpoint]? = nil
    /// Diagnostics name this file; each thread holds its own copy of the string.
    let file: String
    /// No byte ≥ 0x80 in the text: columns are byte offsets (else Unicode scalars are counted,
    /// as libyaml counts characters).
    let ascii: Bool

    init(bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, line: Int, lineStart: Int, file: String, ascii: Bool) {
        self.bytes = bytes
        self.end = end
        self.pos = start
        self.line = line
        self.lineStart = lineStart
        self.file = file
        self.ascii = ascii
    }

    @inline(__always) func byte(_ offset: Int) -> UInt8 { offset < end ? bytes[offset] : 0 }

    /// Space, newline or the end: what must follow `:` in a key and `-` in an entry.
    @inline(__always) func isBlankOrEnd(_ offset: Int) -> Bool {
        offset >= end || bytes[offset] == 0x20 || bytes[offset] == 0x0A
    }

    func unsupported(_ reason: String) -> YAMLSubsetUnsupported {
        YAMLSubsetUnsupported(reason: reason, offset: pos)
    }

    /// The location of `offset`, which must be on the current line.
    func location(_ offset: Int) -> SourceLocation {
        if ascii { return SourceLocation(file: file, line: line, column: offset - lineStart + 1) }
        var column = 1
        var index = lineStart
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Moves past the rest of the current line (its newline included).
    mutating func nextLine() {
        var index = pos
        // Whole lines are skipped (item regions, comments): eight bytes a step to the break.
        while index + 8 <= end, !ByteScan.has(ByteScan.word(bytes, index), 0x0A) { index += 8 }
        while index < end, bytes[index] != 0x0A { index += 1 }
        if index < end {
            pos = index + 1
            line += 1
            lineStart = pos
        } else {
            pos = end
        }
    }

    /// Skips spaces on the current line; a tab is outside the subset (YAML forbids it in
    /// indentation, and elsewhere the fast reader leaves it to libyaml).
    mutating func skipSpaces() throws(YAMLSubsetUnsupported) {
        while pos < end, bytes[pos] == 0x20 { pos += 1 }
        if pos < end, bytes[pos] == 0x09 { throw unsupported("tab") }
    }

    /// After a value: only spaces and a comment may remain on the line. Moves to the next
    /// content line.
    mutating func finishLine() throws(YAMLSubsetUnsupported) {
        let before = pos
        try skipSpaces()
        if pos < end, bytes[pos] != 0x0A {
            guard bytes[pos] == UInt8(ascii: "#"), pos > before else { throw unsupported("text after a value") }
        }
        nextLine()
        try skipToContent()
    }

    /// From a line start: skips blank and comment lines and sets ``indent``; stops (indent -1)
    /// at the end of the region or at a `---`/`...` line.
    mutating func skipToContent() throws(YAMLSubsetUnsupported) {
        while pos < end {
            var index = pos
            while index < end, bytes[index] == 0x20 { index += 1 }
            if index >= end {
                pos = end
                break
            }
            switch bytes[index] {
            case 0x0A:
                pos = index
                nextLine()
            case UInt8(ascii: "#"):
                pos = index
                nextLine()
            case 0x09:
                pos = index
                throw unsupported("tab in indentation")
            default:
                if index == lineStart, isDocumentMarker(index) {
                    pos = index
                    indent = -1
                    return
                }
                pos = index
                indent = index - lineStart
                return
            }
        }
        indent = -1
    }

    /// `---` or `...` at the start of a line, followed by a blank or the end.
    func isDocumentMarker(_ offset: Int) -> Bool {
        guard offset + 3 <= end else { return false }
        let first = bytes[offset]
        guard first == UInt8(ascii: "-") || first == UInt8(ascii: ".") else { return false }
        return bytes[offset + 1] == first && bytes[offset + 2] == first
            && (offset + 3 == end || bytes[offset + 3] == 0x20 || bytes[offset + 3] == 0x0A)
    }

    /// A block sequence entry (`-` then a blank) starts at `pos`.
    var atSequenceEntry: Bool {
        pos < end && bytes[pos] == UInt8(ascii: "-") && isBlankOrEnd(pos + 1)
    }
}
