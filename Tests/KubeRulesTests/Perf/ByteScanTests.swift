import Testing
@testable import KubeRules

/// The eight-bytes-at-a-time scans against byte-by-byte loops, on random texts rich in the bytes
/// they look for and in their neighbours (`[`/`{`/`]`/`}` and the bytes 0x20 away from them).
@Suite struct ByteScanTests {
    static let alphabet: [UInt8] = Array("\"{}[]\n ,:\\;=\u{7F}abc01".utf8) + [0x5A, 0x5C, 0x7A, 0x7C, 0x0B, 0x2A, 0xC3, 0xA9]

    static func text(seed: UInt64, length: Int) -> [UInt8] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return (0..<length).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            // Mostly filler, so runs longer than a word occur.
            let pick = Int(state >> 33) % (alphabet.count * 4)
            return pick < alphabet.count ? alphabet[pick] : UInt8(ascii: "x")
        }
    }

    @Test func lineIndexMatchesAByteLoop() {
        for seed in 0..<UInt64(300) {
            let bytes = Self.text(seed: seed, length: Int(seed % 97))
            var fast: [Int] = []
            bytes.withUnsafeBufferPointer { ByteScan.lineBreakEnds($0, into: &fast) }
            let slow = bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
            #expect(fast == slow, "seed \(seed)")
        }
    }

    @Test func structuralSkipStopsAtTheFirstWordWithAStructuralByte() {
        Self.checkSkip(stoppingAt: "\"{}[]\n", length: 131, step: 7) { bytes, start, end in
            ByteScan.skipNonStructural(bytes, from: start, to: end)
        }
    }

    @Test func plainStringSkipStopsAtTheFirstWordWithAQuoteBackslashOrControlByte() {
        let stops = "\"\\" + String(decoding: (0..<UInt8(0x20)).map { $0 }, as: UTF8.self)
        Self.checkSkip(stoppingAt: stops, length: 131, step: 5) { bytes, start, end in
            ByteScan.skipPlainStringBody(bytes, from: start, to: end)
        }
        // Every byte value at every position of a word, every alignment, lengths around a word.
        for value in 0...255 {
            for length in 1...17 {
                for position in 0..<length {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length + 3)
                    bytes[position + 3] = UInt8(value)
                    let stop = bytes.withUnsafeBufferPointer { ByteScan.skipPlainStringBody($0, from: 3, to: bytes.count) }
                    let stopsHere = value == 0x22 || value == 0x5C || value < 0x20
                    // The word holding it, when it is a whole word; else where less than one is left.
                    let expected = stopsHere && (position / 8 + 1) * 8 <= length ? 3 + position / 8 * 8 : 3 + length / 8 * 8
                    #expect(stop == expected, "\(value) at \(position) of \(length)")
                }
            }
        }
    }

    @Test func exactMatchMaskMarksExactlyTheEqualBytes() {
        func slow(_ bytes: [UInt8], _ byte: UInt8) -> UInt64 {
            bytes.indices.reduce(0) { $0 | (bytes[$1] == byte ? 0x80 << UInt64(8 * $1) : 0) }
        }
        func fast(_ bytes: [UInt8], _ byte: UInt8) -> UInt64 {
            bytes.withUnsafeBufferPointer { ByteScan.matches(ByteScan.littleEndianWord($0, 0), byte) }
        }
        // Every byte value at every position, beside the byte looked for and its neighbours
        // (where a borrow between bytes would show).
        for byte in [UInt8(0x0A), 0x00, 0x20, 0x22, 0x7F, 0x80, 0xFF] {
            for position in 0..<8 {
                for value in 0...255 {
                    var bytes = [UInt8](repeating: byte &+ 1, count: 8)
                    bytes[position] = UInt8(value)
                    bytes[(position + 1) % 8] = byte
                    bytes[(position + 5) % 8] = byte &- 1
                    #expect(fast(bytes, byte) == slow(bytes, byte), "\(value) at \(position) for \(byte)")
                }
            }
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let bytes = (0..<8).map { UInt8(truncatingIfNeeded: state >> UInt64(8 * $0)) & ($0 % 3 == 0 ? 0x0F : 0xFF) }
            for byte in [UInt8(0x0A), 0x00, 0x05] { #expect(fast(bytes, byte) == slow(bytes, byte), "\(bytes)") }
        }
    }

    /// A word-at-a-time skip over random texts from many starts: it skips none of the `stops`
    /// bytes, and it stops at a word holding one of them, or with less than a word left.
    private static func checkSkip(
        stoppingAt stops: String, length: Int, step: Int,
        _ skip: (UnsafeBufferPointer<UInt8>, Int, Int) -> Int
    ) {
        let stops = Set(stops.utf8)
        for seed in 0..<UInt64(300) {
            let bytes = text(seed: seed, length: Int(seed % UInt64(length)))
            for start in stride(from: 0, through: bytes.count, by: step) {
                let stop = bytes.withUnsafeBufferPointer { skip($0, start, bytes.count) }
                #expect(stop >= start && stop <= bytes.count)
                #expect(!bytes[start..<stop].contains(where: stops.contains), "seed \(seed) start \(start)")
                if stop + 8 <= bytes.count {
                    #expect(bytes[stop..<(stop + 8)].contains(where: stops.contains), "seed \(seed) start \(start)")
                }
            }
        }
    }

    /// The lazily built line index gives every line as splitting the text on line feeds does,
    /// also when first asked from several threads at once, and through copies of the text.
    @Test func lazyLineIndexQuotesEveryLine() async {
        for seed in 0..<UInt64(40) {
            let text = String(decoding: Self.text(seed: seed, length: 40 + Int(seed) * 13).filter { $0 < 0x80 }, as: UTF8.self)
            let source = SourceText(name: "t", text: text)
            let expected = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                String(line.hasSuffix("\r") ? line.dropLast() : line)
            }
            let copies = [source, source, source, source]
            let lines = await withTaskGroup(of: [String?].self) { group in
                for copy in copies { group.addTask { (1...(expected.count + 1)).map { copy.line($0) } } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            for got in lines {
                #expect(got == expected.map { Optional($0) } + [nil], "seed \(seed)")
            }
            #expect(source.line(0) == nil)
        }
    }

    @Test func printableWordTestMatchesAByteTest() {
        func slow(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A } }
        func word(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBufferPointer { ByteScan.word($0, 0) } }
        // Every byte value in every position of a printable word, and next to a line feed.
        for position in 0..<8 {
            for value in 0...255 {
                var bytes = Array("abcdefgh".utf8)
                bytes[position] = UInt8(value)
                #expect(ByteScan.isPrintableASCIIOrLineFeed(word(bytes)) == slow(bytes), "\(value) at \(position)")
                bytes[(position + 3) % 8] = 0x0A
                #expect(ByteScan.isPrintableASCIIOrLineFeed(word(bytes)) == slow(bytes), "\(value) at \(position) with a line feed")
            }
        }
        for seed in 0..<UInt64(2_000) {
            let bytes = Self.text(seed: seed, length: 8)
            #expect(ByteScan.isPrintableASCIIOrLineFeed(word(bytes)) == slow(bytes), "seed \(seed)")
        }
    }
}

