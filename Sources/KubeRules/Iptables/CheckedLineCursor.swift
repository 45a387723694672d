/// Writes one rule line and checks it in the same pass: what ``LimitScan/cleanLength(_:_:prefixBytes:commandWords:)``
/// measures first and ``ByteCursor`` then writes, done at once, so a clean rule's words are
/// read once instead of twice.
///
/// Each word goes through ``ByteCursor`` (so it is quoted exactly as there) while the cursor
/// counts words and notes what ``LimitScan`` refuses: a word over ``RulesetLimits/maxWordBytes``,
/// a line break or NUL in a word, a line over ``RulesetLimits/maxLineBytes``. Once the line is
/// unclean nothing more is written; the caller then drops the line and takes the checked path.
///
/// Invariant: the cursor writes at most ``reservation(prefixBytes:)`` bytes from the line's
/// start. A word starts only while the line is within ``RulesetLimits/maxLineBytes``, and no
/// word takes more than ``maxWordBytes`` (a word within the limit, quoted, escaped, after its
/// space; an IPv4 address, a number and every keyword are shorter).
struct CheckedLineCursor: RuleTokenSink {
    private(set) var cursor: ByteCursor
    /// Where the line (from `-A`) would pass ``RulesetLimits/maxLineBytes``.
    private let limit: UnsafeMutablePointer<UInt8>
    private(set) var words = 0
    private(set) var isClean = true

    /// The most bytes one word takes (see the invariant above).
    static let maxWordBytes = ByteCursor.tokenBound(RulesetLimits.maxWordBytes)

    /// The bytes to reserve for a line whose `-A CHAIN` takes `prefixBytes`: a line stays
    /// within them whatever its words (with the newline).
    static func reservation(prefixBytes: Int) -> Int {
        prefixBytes + RulesetLimits.maxLineBytes + maxWordBytes + 1
    }

    /// A cursor after the line's `prefixBytes` bytes, which start at `lineStart`.
    init(_ cursor: ByteCursor, lineStart: UnsafeMutablePointer<UInt8>) {
        self.cursor = cursor
        limit = lineStart + RulesetLimits.maxLineBytes
    }

    /// Whether another word may be written: the line is clean and within its limit so far.
    @inline(__always) private mutating func next() -> Bool {
        guard isClean, cursor.position <= limit else {
            isClean = false
            return false
        }
        words += 1
        return true
    }

    mutating func keyword(_ token: StaticString) {
        assert(token.utf8CodeUnitCount < Self.maxWordBytes, "CheckedLineCursor: a keyword over the word bound")
        guard next() else { return }
        cursor.keyword(token)
    }

    mutating func token(_ token: String) {
        guard next() else { return }
        var token = token
        isClean = token.withUTF8 { utf8 in
            utf8.count <= RulesetLimits.maxWordBytes && cursor.checkedToken(utf8)
        }
    }

    mutating func number(_ value: Int) {
        guard next() else { return }
        cursor.number(value)
    }

    mutating func address(_ address: AddressMatch) {
        guard IPv4Text.parts(address) != nil else { return token(address.description) }
        guard next() else { return }
        cursor.address(address)
    }

    /// Whether the line written is clean and within every limit, with `commandWords` words
    /// before these (`-A CHAIN`).
    func isWithinLimits(commandWords: Int) -> Bool {
        isClean && cursor.position <= limit && words + commandWords <= RulesetLimits.maxLineWords
    }
}
