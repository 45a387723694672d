/// Eight-bytes-at-a-time scans over UTF-8 text (SWAR: one 64-bit word holds eight bytes), for
/// the sequential passes of the read stage that look at every byte of a tens-of-megabytes input
/// (the line index, the JSON item splitter) and would otherwise branch once per byte.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Some byte of `word` is zero. Exact as to whether one is (the classic `haszero`: a borrow
    /// can only mark bytes above a zero byte, never invent one).
    @inline(__always) static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- ones) & ~word & highs != 0
    }

    /// Some byte of `word` equals `byte`.
    @inline(__always) static func has(_ word: UInt64, _ byte: UInt8) -> Bool {
        hasZeroByte(word ^ (ones &* UInt64(byte)))
    }

    /// 0x80 in exactly the bytes of `word` equal to `byte`, zero in the others. Exact (unlike
    /// ``hasZeroByte(_:)``, no borrow runs between bytes), so set bits can be counted and located.
    @inline(__always) static func matches(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let difference = word ^ (ones &* UInt64(byte))
        return ~(((difference & lows) &+ lows) | difference | lows)
    }

    /// The eight bytes at `offset` (any alignment) with the first byte lowest on every host, so
    /// that a match's bit position (``matches(_:_:)``) divided by eight is its byte's distance
    /// from `offset`.
    @inline(__always) static func littleEndianWord(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: word(bytes, offset))
    }

    /// The eight bytes at `offset` (any alignment), first byte lowest (little- or big-endian
    /// alike: only "is some byte equal" is asked of the word, never which one).
    @inline(__always) static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self)
    }

    /// The first offset from `start` (up to `end`) whose 8-byte word may hold a JSON structural
    /// byte inside a container — `"`, `[`, `{`, `]`, `}` or a line break — or `end` when fewer than
    /// eight bytes remain before it. Every byte skipped is none of those.
    static func skipNonStructural(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var offset = start
        while offset + 8 <= end {
            let value = word(bytes, offset)
            // `[` and `{` (0x5B, 0x7B) become 0x7B with bit 5 set, `]` and `}` become 0x7D; no
            // other byte does.
            let folded = value | (ones &* 0x20)
            if has(value, UInt8(ascii: "\"")) || has(value, 0x0A) || has(folded, UInt8(ascii: "{"))
                || has(folded, UInt8(ascii: "}"))
            {
                return offset
            }
            offset += 8
        }
        return offset
    }

    /// The first offset from `start` (up to `end`) whose 8-byte word may hold a `"`, a
    /// backslash or a control byte (below 0x20, which a JSON string may not hold raw), or `end`
    /// when fewer than eight bytes remain before it. Every byte skipped is none of those.
    static func skipPlainStringBody(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var offset = start
        while offset + 8 <= end {
            let value = word(bytes, offset)
            // Some byte below 0x20 (the classic `hasless`: exact as to whether one is).
            let control = (value &- ones &* 0x20) & ~value & highs
            if control != 0 || has(value, UInt8(ascii: "\"")) || has(value, UInt8(ascii: "\\")) { return offset }
            offset += 8
        }
        return offset
    }

    /// Eight spaces as one word (``word(_:_:)``): a run of indentation.
    static let eightSpaces: UInt64 = 0x2020_2020_2020_2020

    /// The first offset from `start` (up to `end`) that is not a space: the end of a line's
    /// indentation. Pretty-printed JSON indents every line (kubectl: four spaces a level, most of
    /// its bytes), so eight at a time: the first byte that is not a space is the lowest differing
    /// byte of the little-endian word.
    @inline(__always) static func skipSpaces(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var offset = start
        while offset + 8 <= end {
            let others = littleEndianWord(bytes, offset) ^ eightSpaces
            if others != 0 { return offset + others.trailingZeroBitCount >> 3 }
            offset += 8
        }
        while offset < end, bytes[offset] == 0x20 { offset += 1 }
        return offset
    }

    /// Offsets just past every `\n` in `bytes`, in order.
    static func lineBreakEnds(_ bytes: UnsafeBufferPointer<UInt8>, into starts: inout [Int]) {
        var offset = 0
        let count = bytes.count
        while offset + 8 <= count {
            if has(word(bytes, offset), 0x0A) {
                for index in offset..<(offset + 8) where bytes[index] == 0x0A { starts.append(index + 1) }
            }
            offset += 8
        }
        while offset < count {
            if bytes[offset] == 0x0A { starts.append(offset + 1) }
            offset += 1
        }
    }

    /// Every byte of `word` is printable ASCII (0x20...0x7E) or a line feed: the bytes the fast
    /// YAML reader's character check passes without a second look. Exact (no false answers).
    @inline(__always) static func isPrintableASCIIOrLineFeed(_ word: UInt64) -> Bool {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // 0x80 exactly in the bytes equal to 0x0A (the exact zero-byte mask of word ^ 0x0A…).
        let lineFeeds = word ^ (ones &* 0x0A)
        let lineFeedMask = ~(((lineFeeds & lows) &+ lows) | lineFeeds | lows)
        // Line feeds become `*` (0x2A): printable.
        let folded = word | (lineFeedMask >> 2)
        // 0x80 exactly in the bytes below 0x20: adding 0x60 to the low seven bits carries into
        // bit 7 only from 0x20 up.
        let below = ~(((folded & lows) &+ (ones &* 0x60)) | folded) & highs
        // 0x80 exactly in the bytes equal to 0x7F.
        let deletes = folded ^ lows
        let deleteMask = ~(((deletes & lows) &+ lows) | deletes | lows)
        return (folded & highs) | below | deleteMask == 0
    }
}
