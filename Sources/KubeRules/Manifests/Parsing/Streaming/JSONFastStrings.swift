/// Strings, item regions and documents of the fast JSON reader.
extension JSONFastCursor {
    /// A string at `"`, escapes decoded. Raw control characters are errors; a surrogate escape
    /// is left to ``JSONDocumentParser`` (which pairs or replaces it).
    mutating func string() throws(Failure) -> String {
        pos += 1
        let start = pos
        // Runs of plain bytes (most of a name or an address) eight at a time.
        pos = ByteScan.skipPlainStringBody(bytes, from: pos, to: end)
        while pos < end {
            let byte = bytes[pos]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
                pos += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if byte < 0x20 { throw Failure() }
            pos += 1
        }
        throw Failure()
    }

    private mutating func escapedString(from start: Int) throws(Failure) -> String {
        var output = Array(UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        while pos < end {
            let byte = bytes[pos]
            if byte == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: output, as: UTF8.self)
            }
            if byte < 0x20 { throw Failure() }
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                pos += 1
                continue
            }
            pos += 1
            guard pos < end else { throw Failure() }
            let escape = bytes[pos]
            pos += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var value: UInt32 = 0
                for _ in 0..<4 {
                    guard pos < end, let digit = Self.hexValue(bytes[pos]) else { throw Failure() }
                    value = value << 4 | digit
                    pos += 1
                }
                guard !(0xD800...0xDFFF).contains(value), let scalar = Unicode.Scalar(value) else { throw Failure() }
                output.append(contentsOf: String(Character(scalar)).utf8)
            default:
                throw Failure()
            }
        }
        throw Failure()
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// From the `[` of an array: each element's region (start, position, and end at the `,` or
    /// `]` after it), found by skipping strings and counting brackets; the cursor ends past `]`.
    /// The elements themselves are checked when parsed.
    mutating func itemRegions(depth: Int) throws(Failure) -> ItemRegions {
        var regions = ItemRegions(column: 0)
        pos += 1
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            pos += 1
            regions.end = pos
            return regions
        }
        _ = try scanItems(into: &regions, stoppingAt: nil)
        return regions
    }

    /// How ``scanItems(into:stoppingAt:)`` ended.
    enum ItemScanEnd {
        /// At the array's `]` (the cursor past it, `regions.end` set).
        case closed
        /// At an item starting exactly at the stop offset (not recorded).
        case landed
        /// At an item starting past the stop offset: the stop was not an item start.
        case passed
    }

    /// From an item's start (or the whitespace before it): records each item's region until the
    /// array's `]`, or until an item starts at or past `stop`.
    mutating func scanItems(into regions: inout ItemRegions, stoppingAt stop: Int?) throws(Failure) -> ItemScanEnd {
        while true {
            skipWhitespace()
            guard pos < end else { throw Failure() }
            if let stop, pos >= stop { return pos == stop ? .landed : .passed }
            regions.starts.append(pos)
            regions.lines.append(line)
            regions.columns.append(location().column)
            try skipValue()
            skipWhitespace()
            regions.ends.append(pos)
            if peek == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard peek == UInt8(ascii: "]") else { throw Failure() }
            pos += 1
            regions.end = pos
            return .closed
        }
    }

    /// Moves past one value without building it: strings skipped by their quotes, nesting by
    /// counting brackets (whether they pair up is checked when the value is parsed).
    private mutating func skipValue() throws(Failure) {
        var nesting = 0
        while pos < end {
            // Inside a container only quotes, brackets and line breaks matter here: runs of
            // other bytes (indentation, keys' neighbours, numbers) go eight at a time.
            if nesting > 0 {
                pos = ByteScan.skipNonStructural(bytes, from: pos, to: end)
                guard pos < end else { break }
            }
            let byte = bytes[pos]
            switch byte {
            case UInt8(ascii: "\""):
                pos += 1
                // Kubernetes strings (names, addresses, annotations) run long: eight bytes at a
                // time to the first word that may end or escape the string (or hold a control
                // byte: the byte walk below passes it like any other).
                pos = ByteScan.skipPlainStringBody(bytes, from: pos, to: end)
                while pos < end, bytes[pos] != UInt8(ascii: "\"") {
                    pos += bytes[pos] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard pos < end else { throw Failure() }
                pos += 1
                if nesting == 0 { return }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                nesting += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if nesting == 0 { return }
                nesting -= 1
                if nesting == 0 {
                    pos += 1
                    return
                }
            case UInt8(ascii: ","):
                if nesting == 0 { return }
            case 0x0A:
                line += 1
                checkpoint = pos + 1
                checkpointColumn = 1
            case 0x20, 0x09, 0x0D:
                if nesting == 0 { return }
            default:
                break
            }
            pos += 1
        }
        if nesting > 0 { throw Failure() }
    }
}

/// The documents of a JSON text for ``StreamingManifestReader``.
enum JSONStreamReader {
    /// Every top-level value; a root object's `items` array comes back as regions. Nil on any
    /// syntax problem.
    static func documents(_ shared: SharedBytes, source: SourceText) -> [StreamedDocument]? {
        var cursor = JSONFastCursor(
            bytes: shared.buffer, start: 0, end: shared.buffer.count, line: 1, column: 1, file: source.name)
        var documents: [StreamedDocument] = []
        do throws(JSONFastCursor.Failure) {
            while true {
                cursor.skipWhitespace()
                if cursor.pos >= cursor.end { return documents }
                guard cursor.peek == UInt8(ascii: "{") else {
                    documents.append(.value(try cursor.value(depth: 0)))
                    continue
                }
                let location = cursor.location()
                var regions: ItemRegions? = nil
                let object = try cursor.object(depth: 0, at: location, lazyItems: true, regions: &regions)
                if let regions, let entry = object.entries.firstIndex(where: { $0.key.text == "items" }) {
                    documents.append(.list(header: object, itemsEntry: entry, items: regions))
                } else {
                    documents.append(.value(.mapping(object)))
                }
            }
        } catch {
            return nil
        }
    }
}

/// List items of a JSON text.
struct JSONItems: ItemParser {
    let bytes: SharedBytes
    let file: String

    init(bytes: SharedBytes, source: SourceText) {
        self.bytes = bytes
        self.file = source.name
    }

    private init(bytes: SharedBytes, file: String) {
        self.bytes = bytes
        self.file = file
    }

    func forWorker() -> JSONItems {
        JSONItems(bytes: bytes, file: String(decoding: Array(file.utf8), as: UTF8.self))
    }

    func item(_ index: Int, of regions: ItemRegions) -> ManifestValue? {
        item(index, of: regions, collectsSliceEndpoints: false)?.value
    }

    func item(_ index: Int, of regions: ItemRegions, collectsSliceEndpoints: Bool)
        -> (value: ManifestValue, sliceEndpoints: [RawSliceEndpoint]?)?
    {
        let range = regions.range(index)
        var cursor = JSONFastCursor(
            bytes: bytes.buffer, start: range.lowerBound, end: range.upperBound, line: regions.lines[index],
            column: regions.columns[index], file: file)
        cursor.collectsSliceEndpoints = collectsSliceEndpoints
        // Items sit at depth 2: the root object, then its `items` array.
        guard let value = try? cursor.value(depth: 2) else { return nil }
        cursor.skipWhitespace()
        return cursor.pos == range.upperBound ? (value, cursor.sliceEndpoints) : nil
    }

    func rawItem(_ index: Int, of regions: ItemRegions) -> RawItem? {
        let range = regions.range(index)
        var cursor = JSONFastCursor(
            bytes: bytes.buffer, start: range.lowerBound, end: range.upperBound, line: regions.lines[index],
            column: regions.columns[index], file: file)
        // Items sit at depth 2, as for the tree.
        guard let raw = try? cursor.rawObject(.listItem, slots: RawShape.listItemSlots, depth: 2) else { return nil }
        cursor.skipWhitespace()
        return cursor.pos == range.upperBound ? raw : nil
    }
}

extension JSONStreamReader {
    /// Every top-level value as a whole tree (no lazy items): what ``JSONDocumentParser`` gives
    /// on success, or nil. For differential tests.
    static func trees(_ source: SourceText) -> [ManifestValue]? {
        var text = source.text
        return text.withUTF8 { bytes -> [ManifestValue]? in
            var cursor = JSONFastCursor(bytes: bytes, start: 0, end: bytes.count, line: 1, column: 1, file: source.name)
            var values: [ManifestValue] = []
            while true {
                cursor.skipWhitespace()
                if cursor.pos >= cursor.end { return values }
                guard let value = try? cursor.value(depth: 0) else { return nil }
                values.append(value)
            }
        }
    }
}
