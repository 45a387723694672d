/// The item split of a large `items` array in kubectl's pretty-printed JSON, read off its line
/// layout instead of scanned: one pass over the line breaks (eight bytes at a time, both cores)
/// instead of the bracket-counting scan (``JSONFastCursor/itemRegionsInParallel(depth:minimumSize:)``),
/// which stopped at every quote, bracket and line break of tens of megabytes.
///
/// A raw line break is never inside a JSON string (control characters must be escaped), so the
/// lines are the text's own. Every item after the first is guessed to start at a line made of
/// the first item's indentation and the start of a value, right after a `,` (and whitespace); its region ends at
/// that `,`. The guesses stop at the first line indented less than the items (the array's `]`,
/// in kubectl's layout), and the last guessed item is scanned exactly to the `]`.
///
/// The guesses are NOT verified here: they are verified by the one thing every consumer of the
/// regions does anyway — parsing each region as one whole value that ends exactly at the
/// region's end (``JSONItems``; ``StreamingManifestReader`` gives up on the fast path, and the
/// tree parser reads the text, when any region fails). When they all parse, the regions are the
/// serial scan's, by induction from the first item (which starts after the `[`): a region that
/// parses is one whole value followed by whitespace up to a `,`, so the next region starts at
/// the next item, exactly where the serial scan would record it; and the last one is scanned
/// exactly from there. Lines come from counting line breaks, so they are exact regardless.
extension JSONFastCursor {
    /// Regions for the array at `pos` (a `[`) guessed from the layout, the cursor left past its
    /// `]` as the serial scan leaves it; nil (cursor unchanged) when the text from here is
    /// shorter than `minimumSize` or the first item is not an object starting its own line.
    /// Nil too when the exact scan of the last guessed item fails (a wrong guess may cause
    /// that): the caller's exact scan then decides.
    mutating func guessedItemRegions(minimumSize: Int = Self.parallelSplitSize) -> ItemRegions? {
        guard end - pos >= minimumSize, let column = firstItemColumn() else { return nil }
        var first = self
        first.pos += 1
        first.skipWhitespace()
        let (firstStart, firstLine) = (first.pos, first.line)

        // Each core looks at the line breaks of one part of the rest of the text.
        let parts = max(1, ParallelChunks.cores)
        let span = end - firstStart
        let ranges = (0..<parts).map { part in
            (firstStart + span / parts * part)..<(part == parts - 1 ? end : firstStart + span / parts * (part + 1))
        }
        let shared = SharedBytes(buffer: bytes)
        let floor = firstStart
        let scans = ParallelChunks.map(ranges) { range in
            ItemLineScan(shared.buffer, range: range, column: column, floor: floor)
        }

        var regions = ItemRegions(column: 0)
        regions.starts.append(firstStart)
        regions.lines.append(firstLine)
        var lineBase = firstLine
        for scan in scans {
            for (index, start) in scan.starts.enumerated() {
                regions.ends.append(scan.commas[index])
                regions.starts.append(start)
                regions.lines.append(lineBase + scan.lines[index])
            }
            if scan.cut { break }
            lineBase += scan.lineBreaks
        }
        regions.columns = Array(repeating: column, count: regions.starts.count)

        // The last guessed item, and any after it the guesses missed, scanned exactly.
        let lastStart = regions.starts.removeLast()
        let lastLine = regions.lines.removeLast()
        regions.columns.removeLast()
        var tail = JSONFastCursor(bytes: bytes, start: lastStart, end: end, line: lastLine, column: column, file: file)
        var tailRegions = ItemRegions(column: 0)
        // A failure here may be a wrong guess's: the caller's exact scan decides.
        guard (try? tail.scanItems(into: &tailRegions, stoppingAt: nil)) != nil else { return nil }
        regions.starts += tailRegions.starts
        regions.lines += tailRegions.lines
        regions.columns += tailRegions.columns
        regions.ends += tailRegions.ends
        regions.end = tailRegions.end
        (pos, line, checkpoint, checkpointColumn) = (tail.pos, tail.line, tail.checkpoint, tail.checkpointColumn)
        return regions
    }
}

/// The guessed item starts among the line breaks of one part of a JSON text
/// (``JSONFastCursor/guessedItemRegions(minimumSize:)``).
struct ItemLineScan {
    /// Each guessed item's first byte, its line counted from the part's start (the line break before
    /// it is the first counted), and the `,` before it.
    var starts: [Int] = []
    var lines: [Int] = []
    var commas: [Int] = []
    /// Line breaks in the part (up to the cut, when there is one).
    var lineBreaks = 0
    /// A line indented less than the items starts in this part: the guesses end there.
    var cut = false

    /// Looks at every line break in `range`; `column` is the items' (1-based) column; no
    /// backward look goes below `floor` (the first item's `{`).
    init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, column: Int, floor: Int) {
        var offset = range.lowerBound
        while offset + 8 <= range.upperBound {
            var mask = ByteScan.matches(ByteScan.littleEndianWord(bytes, offset), 0x0A)
            while mask != 0 {
                if !line(after: offset + mask.trailingZeroBitCount >> 3, bytes, column: column, floor: floor) { return }
                mask &= mask &- 1
            }
            offset += 8
        }
        while offset < range.upperBound {
            if bytes[offset] == 0x0A, !line(after: offset, bytes, column: column, floor: floor) { return }
            offset += 1
        }
    }

    /// Counts the line break at `lineBreak` and looks at the line after it; false at a cut.
    @inline(__always) private mutating func line(after lineBreak: Int, _ bytes: UnsafeBufferPointer<UInt8>, column: Int, floor: Int) -> Bool {
        lineBreaks += 1
        let start = lineBreak + 1
        let indentEnd = start + column - 1
        let end = bytes.count
        var index = start
        // kubectl's items sit at column 9: eight spaces, one word.
        while index + 8 <= indentEnd, index + 8 <= end, ByteScan.word(bytes, index) == ByteScan.eightSpaces { index += 8 }
        while index < indentEnd, index < end, bytes[index] == 0x20 { index += 1 }
        guard index == indentEnd else {
            // Indented less than the items: a blank line (or the text's end) is no cut.
            if index >= end || bytes[index] == 0x0A || bytes[index] == 0x0D { return true }
            cut = true
            return false
        }
        // Any value may follow (kubectl's items are objects; a `null` among them is no reason
        // to give up on the guesses).
        guard index < end, Self.startsValue(bytes[index]) else { return true }
        // The last byte before the line break that is not JSON whitespace must be a `,`.
        var before = lineBreak
        while before > floor {
            let byte = bytes[before - 1]
            guard byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D else { break }
            before -= 1
        }
        guard before > floor, bytes[before - 1] == UInt8(ascii: ",") else { return true }
        starts.append(index)
        lines.append(lineBreaks)
        commas.append(before - 1)
        return true
    }

    /// `byte` can be the first of a JSON value.
    private static func startsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return true
        default:
            return false
        }
    }
}
