/// The entries of a block sequence, found from line starts alone: an entry starts at each
/// `-` + blank at the sequence's column, and the sequence ends at the first other line that is
/// not more indented (blank and comment lines belong to the entry before them). Each entry is
/// then parsed on its own, possibly on another thread, and must end exactly at its region's end.
struct ItemRegions: Sendable {
    /// Column (0-based) of the entries' `-`.
    var column: Int
    /// Byte offset of each entry's `-` and its 1-based line.
    var starts: [Int] = []
    var lines: [Int] = []
    /// Where the last entry's region ends: the first line after the sequence.
    var end = 0
    /// JSON only: each item's 1-based start column and where its region ends (at the `,` or
    /// `]` after it), since JSON items need not start lines.
    var columns: [Int] = []
    var ends: [Int] = []

    var count: Int { starts.count }

    func range(_ index: Int) -> Range<Int> {
        if !ends.isEmpty { return starts[index]..<ends[index] }
        return starts[index]..<(index + 1 < starts.count ? starts[index + 1] : end)
    }
}

/// One document of a YAML (or JSON) stream as the fast readers hand it on.
enum StreamedDocument {
    case value(ManifestValue)
    /// A root mapping whose `items` is a block sequence left unparsed: entry `itemsEntry` of
    /// `header` holds an empty sequence at the sequence's position.
    case list(header: ManifestMapping, itemsEntry: Int, items: ItemRegions)
}

extension YAMLSubsetCursor {
    /// From the first entry of a block sequence: every entry's region; leaves the cursor on
    /// the first content line after the sequence.
    mutating func itemRegions() throws(YAMLSubsetUnsupported) -> ItemRegions {
        var regions = ItemRegions(column: indent)
        let column = indent
        regions.starts.append(pos)
        regions.lines.append(line)
        nextLine()
        while pos < end {
            var spaces = 0
            while spaces <= column, pos + spaces < end, bytes[pos + spaces] == 0x20 { spaces += 1 }
            let first = pos + spaces
            guard first < end else { break }
            let byte = bytes[first]
            if spaces > column || byte == 0x0A || byte == UInt8(ascii: "#") {
                nextLine()
                continue
            }
            guard spaces == column, byte == UInt8(ascii: "-"), isBlankOrEnd(first + 1) else { break }
            regions.starts.append(first)
            regions.lines.append(line)
            nextLine()
        }
        regions.end = pos
        try skipToContent()
        return regions
    }

    /// Parses entry `index` of `regions` of the same text.
    static func item(
        _ index: Int, of regions: ItemRegions, bytes: UnsafeBufferPointer<UInt8>, file: String, ascii: Bool
    ) throws(YAMLSubsetUnsupported) -> ManifestValue {
        try item(index, of: regions, bytes: bytes, file: file, ascii: ascii, collectsSliceEndpoints: false).value
    }

    /// Parses entry `index` of `regions`; with `collectsSliceEndpoints`, an EndpointSlice's
    /// endpoints may come back raw beside the tree (which then holds an empty placeholder).
    static func item(
        _ index: Int, of regions: ItemRegions, bytes: UnsafeBufferPointer<UInt8>, file: String, ascii: Bool,
        collectsSliceEndpoints: Bool
    ) throws(YAMLSubsetUnsupported) -> (value: ManifestValue, sliceEndpoints: [RawSliceEndpoint]?) {
        let range = regions.range(index)
        var cursor = YAMLSubsetCursor(
            bytes: bytes, start: range.lowerBound, end: range.upperBound, line: regions.lines[index],
            lineStart: range.lowerBound - regions.column, file: file, ascii: ascii)
        cursor.indent = regions.column
        cursor.collectsSliceEndpoints = collectsSliceEndpoints
        let value = try cursor.sequenceEntry()
        guard cursor.indent == -1, cursor.pos == range.upperBound else { throw cursor.unsupported("entry region") }
        return (value, cursor.sliceEndpoints)
    }

    /// Every document of the text. With `lazyItems`, a root mapping's `items` sequence comes
    /// back unparsed (``StreamedDocument/list(header:itemsEntry:items:)``).
    static func documents(
        bytes: UnsafeBufferPointer<UInt8>, file: String, ascii: Bool, lazyItems: Bool
    ) throws(YAMLSubsetUnsupported) -> [StreamedDocument] {
        var cursor = YAMLSubsetCursor(bytes: bytes, start: 0, end: bytes.count, line: 1, lineStart: 0, file: file, ascii: ascii)
        try cursor.skipToContent()
        var documents: [StreamedDocument] = []
        // A `---` was read and its document has no content yet.
        var openDocument = false
        while true {
            if cursor.indent == -1 {
                if cursor.pos >= cursor.end {
                    // libyaml gives an empty last document the stream end's position: the
                    // start of the line after the last one.
                    if openDocument { documents.append(.value(.null(cursor.streamEndLocation))) }
                    return documents
                }
                guard bytes[cursor.pos] == UInt8(ascii: "-") else { throw cursor.unsupported("document end marker") }
                if openDocument { documents.append(.value(.null(cursor.location(cursor.pos)))) }
                openDocument = true
                cursor.pos += 3
                try cursor.finishLine()
                continue
            }
            guard cursor.indent == 0 else { throw cursor.unsupported("indented document") }
            if cursor.atSequenceEntry {
                documents.append(.value(.sequence(try cursor.sequence())))
            } else {
                var regions: ItemRegions? = nil
                let mapping = try cursor.mapping(firstKey: nil, lazyItems: lazyItems, regions: &regions)
                if let regions, let entry = mapping.entries.firstIndex(where: { $0.key.text == "items" }) {
                    documents.append(.list(header: mapping, itemsEntry: entry, items: regions))
                } else {
                    documents.append(.value(.mapping(mapping)))
                }
            }
            openDocument = false
            guard cursor.indent == -1 else { throw cursor.unsupported("content after the root node") }
        }
    }

    /// Where libyaml puts the stream end: column 1 of the line after the last line break, or
    /// of the line after the last line when the text does not end in one.
    var streamEndLocation: SourceLocation {
        var lines = 1
        for index in 0..<bytes.count where bytes[index] == 0x0A { lines += 1 }
        if let last = bytes.last, last != 0x0A { lines += 1 }
        return SourceLocation(file: file, line: lines, column: 1)
    }
}
