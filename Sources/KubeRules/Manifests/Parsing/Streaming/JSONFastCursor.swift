/// The fast JSON reader: the same trees as ``JSONDocumentParser`` (positions, token styles,
/// duplicate-key and depth rules) read from raw bytes, and `items` arrays split into regions
/// that are parsed in parallel. Any syntax error, and the rare lone-surrogate escape, returns
/// nil, and ``JSONDocumentParser`` reads the text to report it.
struct JSONFastCursor {
    struct Failure: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    var pos: Int
    var line: Int
    /// Column of `checkpoint` (1-based): columns count Unicode scalars, advanced incrementally
    /// so that minified one-line JSON stays linear.
    var checkpoint: Int
    var checkpointColumn: Int
    let file: String
    /// Set for list items (at depth 2): an `endpoints` array of the item's object is read into
    /// ``sliceEndpoints`` without a tree when it has the plain shape (``SliceEndpointShortcut``).
    var collectsSliceEndpoints = false
    var sliceEndpoints: [RawSliceEndpoint]? = nil

    init(bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, line: Int, column: Int, file: String) {
        self.bytes = bytes
        self.end = end
        self.pos = start
        self.line = line
        self.checkpoint = start
        self.checkpointColumn = column
        self.file = file
    }

    @inline(__always) var peek: UInt8 { pos < end ? bytes[pos] : 0 }

    mutating func location() -> SourceLocation {
        var column = checkpointColumn
        var index = checkpoint
        while index < pos {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        checkpoint = pos
        checkpointColumn = column
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Moves past JSON whitespace, counting lines. Most calls find none (between a key's quote
    /// and its `:`, before a `,`): that answer is inlined, the rest is a call.
    @inline(__always) mutating func skipWhitespace() {
        if pos < end, bytes[pos] > 0x20 { return }
        skipWhitespaceRun()
    }

    private mutating func skipWhitespaceRun() {
        while pos < end {
            let byte = bytes[pos]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                pos += 1
            } else if byte == 0x0A {
                pos += 1
                line += 1
                // The indentation a word at a time; the column is known past it.
                let lineStart = pos
                pos = ByteScan.skipSpaces(bytes, from: pos, to: end)
                checkpoint = pos
                checkpointColumn = pos - lineStart + 1
            } else {
                return
            }
        }
    }

    mutating func value(depth: Int) throws(Failure) -> ManifestValue {
        guard depth < JSONDocumentParser.maximumDepth, pos < end else { throw Failure() }
        switch bytes[pos] {
        case UInt8(ascii: "{"):
            let location = self.location()
            var unused: ItemRegions? = nil
            return .mapping(try object(depth: depth, at: location, lazyItems: false, regions: &unused))
        case UInt8(ascii: "["):
            let location = self.location()
            pos += 1
            var items: [ManifestValue] = []
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                pos += 1
                return .sequence(ManifestSequence(items: items, location: location))
            }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                if peek == UInt8(ascii: ",") {
                    pos += 1
                    continue
                }
                guard peek == UInt8(ascii: "]") else { throw Failure() }
                pos += 1
                return .sequence(ManifestSequence(items: items, location: location))
            }
        case UInt8(ascii: "\""):
            let location = self.location()
            return .scalar(ManifestScalar(text: try string(), kind: .string, style: .json, location: location))
        case UInt8(ascii: "t"):
            return try literal("true", kind: .boolean)
        case UInt8(ascii: "f"):
            return try literal("false", kind: .boolean)
        case UInt8(ascii: "n"):
            let location = self.location()
            _ = try literal("null", kind: .string)
            return .null(location)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try number()
        default:
            throw Failure()
        }
    }

    /// An object at `{`. With `lazyItems`, an `items` array is split into `regions` and its
    /// value is an empty sequence at the `[`.
    mutating func object(
        depth: Int, at location: SourceLocation, lazyItems: Bool, regions: inout ItemRegions?
    ) throws(Failure) -> ManifestMapping {
        pos += 1
        var entries: [ManifestMapping.Entry] = []
        // Most Kubernetes mappings have a few keys: one allocation instead of growing 1, 2, 4.
        entries.reserveCapacity(4)
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            pos += 1
            return ManifestMapping(entries: entries, location: location)
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw Failure() }
            let keyLocation = self.location()
            let key = try string()
            for entry in entries where entry.key.text == key { throw Failure() }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw Failure() }
            pos += 1
            skipWhitespace()
            let value: ManifestValue
            if lazyItems, regions == nil, key == "items", peek == UInt8(ascii: "[") {
                let arrayLocation = self.location()
                // kubectl's layout gives the split away; other layouts are scanned.
                if let guessed = guessedItemRegions() {
                    regions = guessed
                } else {
                    regions = try itemRegionsInParallel(depth: depth + 1)
                }
                value = .sequence(ManifestSequence(items: [], location: arrayLocation))
            } else if collectsSliceEndpoints, depth == 2, sliceEndpoints == nil, key == "endpoints",
                let endpoints = tryRawSliceEndpoints(depth: depth + 1)
            {
                // Read without a tree (``SliceEndpointShortcut``); the decoder is handed them
                // instead of this empty placeholder.
                sliceEndpoints = endpoints
                value = .sequence(ManifestSequence(items: [], location: keyLocation))
            } else {
                value = try self.value(depth: depth + 1)
            }
            entries.append(
                ManifestMapping.Entry(
                    key: ManifestScalar(text: key, kind: .string, style: .json, location: keyLocation), value: value))
            skipWhitespace()
            if peek == UInt8(ascii: ",") {
                pos += 1
                continue
            }
            guard peek == UInt8(ascii: "}") else { throw Failure() }
            pos += 1
            return ManifestMapping(entries: entries, location: location)
        }
    }

    /// ``rawSliceEndpoints(depth:)``, or nil with the cursor back where it was.
    private mutating func tryRawSliceEndpoints(depth: Int) -> [RawSliceEndpoint]? {
        let saved = self
        if let endpoints = try? rawSliceEndpoints(depth: depth) { return endpoints }
        self = saved
        return nil
    }

    mutating func literal(_ word: StaticString, kind: ManifestScalar.Kind) throws(Failure) -> ManifestValue {
        let location = self.location()
        let count = word.utf8CodeUnitCount
        guard pos + count <= end else { throw Failure() }
        for index in 0..<count where bytes[pos + index] != word.utf8Start[index] { throw Failure() }
        pos += count
        return .scalar(ManifestScalar(text: word.description, kind: kind, style: .json, location: location))
    }

    mutating func number() throws(Failure) -> ManifestValue {
        let location = self.location()
        let (text, isInteger) = try numberToken()
        return .scalar(ManifestScalar(text: text, kind: isInteger ? .integer : .float, style: .json, location: location))
    }

    /// The number token at `pos` (JSON's grammar: no leading zeros, no `+`, digits after `.`
    /// and the exponent) and whether it is an integer; `pos` ends past it.
    mutating func numberToken() throws(Failure) -> (text: String, isInteger: Bool) {
        let start = pos
        var isInteger = true
        @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if peek == UInt8(ascii: "-") { pos += 1 }
        if peek == UInt8(ascii: "0") {
            pos += 1
            if isDigit(peek) { throw Failure() }
        } else {
            guard isDigit(peek) else { throw Failure() }
            while isDigit(peek) { pos += 1 }
        }
        if peek == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard isDigit(peek) else { throw Failure() }
            while isDigit(peek) { pos += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            isInteger = false
            pos += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { pos += 1 }
            guard isDigit(peek) else { throw Failure() }
            while isDigit(peek) { pos += 1 }
        }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self), isInteger)
    }
}
