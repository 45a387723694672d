/// The item split of a large JSON `items` array, in parallel parts: the serial scan
/// (``JSONFastCursor/itemRegions(depth:)``) was a tenth of a JSON read's time, all of it on one
/// core.
///
/// A raw line break is never inside a JSON string (control characters must be escaped), so in
/// pretty-printed JSON — kubectl's — an item start can be guessed from the text alone: a line
/// whose first byte is a `{` at the first item's column, after a `,`. Each part is scanned from
/// its guess with the serial scanner's own loop (``JSONFastCursor/scanItems(into:stoppingAt:)``)
/// up to the next guess. The parts are then checked in order: a part is only used when the
/// part before it (exact, by induction from the first, which starts at the `[`) stopped at an
/// item starting exactly at that part's guess — then the scan from the guess is the serial scan
/// from there. Any other outcome (a guess that was not an item start) discards the parts and
/// the array is scanned serially, so the regions are always the serial scan's.
extension JSONFastCursor {
    /// Arrays of at least this many bytes (to the text's end) are split in parallel.
    static let parallelSplitSize = 4 << 20

    /// ``itemRegions(depth:)`` for the array at `pos` (a `[`), in parallel parts when the text
    /// from here holds at least `minimumSize` bytes and the items start lines (pretty JSON).
    mutating func itemRegionsInParallel(depth: Int, minimumSize: Int = Self.parallelSplitSize) throws(Failure)
        -> ItemRegions
    {
        let parts = ParallelChunks.cores
        guard parts > 1, end - pos >= minimumSize, let column = firstItemColumn() else {
            return try itemRegions(depth: depth)
        }
        let stops = guessedItemStarts(parts: parts, column: column)
        guard !stops.isEmpty else { return try itemRegions(depth: depth) }

        let initial = self
        let shared = SharedBytes(buffer: bytes)
        let (file, textEnd, startLine) = (self.file, self.end, self.line)
        let bracket = (pos: pos, column: location().column)
        let scans = ParallelChunks.map((0...stops.count).map { $0..<($0 + 1) }) { range -> PartScan in
            let part = range.lowerBound
            let stop = part < stops.count ? stops[part] : nil
            // The first part starts at the `[` with the real line; the others at their guess,
            // counting lines from 0 (fixed up once the part before is known to land there).
            var cursor =
                part == 0
                ? JSONFastCursor(
                    bytes: shared.buffer, start: bracket.pos, end: textEnd, line: startLine, column: bracket.column, file: file)
                : JSONFastCursor(
                    bytes: shared.buffer, start: stops[part - 1], end: textEnd, line: 0, column: column, file: file)
            if part == 0 { cursor.pos += 1 }
            var regions = ItemRegions(column: 0)
            let ending = try? cursor.scanItems(into: &regions, stoppingAt: stop)
            return PartScan(
                regions: regions, ending: ending, pos: cursor.pos, line: cursor.line, checkpoint: cursor.checkpoint,
                checkpointColumn: cursor.checkpointColumn)
        }

        var regions = ItemRegions(column: 0)
        var lineBase = 0
        for scan in scans {
            // This part starts where the serial scan would be (the `[`, or an item start the
            // part before landed on): a failure here is the serial scan's failure.
            guard let ending = scan.ending else { throw Failure() }
            regions.starts += scan.regions.starts
            regions.lines += scan.regions.lines.map { $0 + lineBase }
            regions.columns += scan.regions.columns
            regions.ends += scan.regions.ends
            switch ending {
            case .closed:
                regions.end = scan.regions.end
                (pos, line, checkpoint, checkpointColumn) = (scan.pos, scan.line + lineBase, scan.checkpoint, scan.checkpointColumn)
                return regions
            case .landed:
                lineBase += scan.line
            case .passed:
                self = initial
                return try itemRegions(depth: depth)
            }
        }
        // The last part has no stop: it closes the array or fails.
        preconditionFailure("the last part of an item split neither closed nor failed")
    }

    /// One part's scan and the cursor state it ended in.
    private struct PartScan {
        var regions: ItemRegions
        /// nil when the scan failed.
        var ending: ItemScanEnd?
        var pos: Int
        var line: Int
        var checkpoint: Int
        var checkpointColumn: Int
    }

    /// The column of the array's first item when it is an object starting its own line (the
    /// array at `pos`); nil otherwise (an empty or minified array).
    func firstItemColumn() -> Int? {
        var probe = self
        probe.pos += 1
        probe.skipWhitespace()
        guard probe.peek == UInt8(ascii: "{") else { return nil }
        var index = probe.pos
        while index > pos, bytes[index - 1] == 0x20 { index -= 1 }
        guard index > pos, bytes[index - 1] == 0x0A else { return nil }
        return probe.pos - index + 1
    }

    /// Up to `parts - 1` increasing offsets past `pos`, about evenly spread, each the `{` of a
    /// line indented to `column` whose previous non-blank byte is a `,`: likely item starts.
    func guessedItemStarts(parts: Int, column: Int) -> [Int] {
        var stops: [Int] = []
        let span = end - pos
        for part in 1..<parts {
            var index = max(pos + span / parts * part, (stops.last ?? pos) + 1)
            // Look through at most a megabyte for a guess.
            let limit = min(end, index + (1 << 20))
            while index < limit {
                guard bytes[index] == 0x0A else {
                    index += 1
                    continue
                }
                let lineStart = index + 1
                var first = lineStart
                while first < end, bytes[first] == 0x20 { first += 1 }
                if first < end, first - lineStart == column - 1, bytes[first] == UInt8(ascii: "{"), followsComma(index) {
                    stops.append(first)
                    break
                }
                index = lineStart
            }
        }
        return stops
    }

    /// Whether the last byte before `offset` that is not JSON whitespace is a `,`.
    private func followsComma(_ offset: Int) -> Bool {
        var index = offset
        while index > pos {
            let byte = bytes[index - 1]
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                index -= 1
                continue
            }
            return byte == UInt8(ascii: ",")
        }
        return false
    }
}
