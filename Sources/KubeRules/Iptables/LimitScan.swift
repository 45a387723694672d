/// ``RulesetLimits``' fast path: proves that a rule is within every limit without rendering it
/// or building a single string, so checking a 100,000-service ruleset costs a fraction of
/// printing it. A rule the scan cannot clear goes through the detailed checks, which name the
/// problem; the scan only ever says "clean" when those checks would find nothing.
enum LimitScan {
    /// Whether ``RulesetLimits/problems(_:)`` would find nothing in `ruleset`: every chain name
    /// plain and every rule clean, chains scanned concurrently.
    static func isClean(_ ruleset: Ruleset) -> Bool {
        for table in ruleset.tables {
            for deleted in table.deletedChains where !isPlainChainName(deleted) { return false }
            for hook in table.hooks where !isClean(hook) { return false }
            let chains = table.chains
            let ranges = ParallelChunks.ranges(count: chains.count) { chains[$0].rules.count + 1 }
            let clean = ParallelChunks.map(ranges) { range -> Bool in
                // Rules borrowed in place from their arrays (no retain of each rule's parts).
                chains.withUnsafeBufferPointer { chains in
                    for chain in range {
                        guard isPlainChainName(chains[chain].name) else { return false }
                        let prefixBytes = 3 + chains[chain].name.utf8.count
                        let clean = chains[chain].rules.withUnsafeBufferPointer { rules in
                            rules.indices.allSatisfy { isClean(rules[$0], prefixBytes: prefixBytes, commandWords: 2) }
                        }
                        guard clean else { return false }
                    }
                    return true
                }
            }
            if clean.contains(false) { return false }
        }
        return true
    }

    /// Whether the detailed checks would find no problem in `hook`.
    static func isClean(_ hook: HookRule) -> Bool {
        // `-I CHAIN N` or `-A CHAIN`, as the renderer writes hooks.
        var prefixBytes = 3 + hook.chain.utf8.count
        if let position = hook.position { prefixBytes += 1 + String(position).utf8.count }
        return isPlainChainName(hook.chain)
            && isClean(hook.rule, prefixBytes: prefixBytes, commandWords: hook.position == nil ? 2 : 3)
    }

    /// Whether the detailed checks would find no problem in `rule` on a line starting with
    /// `prefixBytes` bytes of `commandWords` words (`-A CHAIN`).
    static func isClean(_ rule: Rule, prefixBytes: Int, commandWords: Int) -> Bool {
        cleanLength(rule.arguments, rule.target, prefixBytes: prefixBytes, commandWords: commandWords) != nil
    }

    /// The bytes `arguments` and `target` take on the line (each word after a space, quoted
    /// as ``RestoreTextWriter`` quotes it) when the rule is clean (``isClean(_:prefixBytes:commandWords:)``),
    /// else nil.
    static func cleanLength(_ arguments: [RuleArgument], _ target: Target, prefixBytes: Int, commandWords: Int) -> Int? {
        // One pass over the arguments: each checked, then measured as `Rule.emit` writes it.
        var sink = LineMeasure()
        let argumentsClean = arguments.withUnsafeBufferPointer { arguments in
            for index in arguments.indices {
                guard isClean(arguments[index]) else { return false }
                arguments[index].emit(into: &sink)
            }
            return true
        }
        guard argumentsClean else { return nil }
        target.emit(into: &sink)
        guard sink.isClean, sink.words + commandWords <= RulesetLimits.maxLineWords,
            sink.bytes + prefixBytes <= RulesetLimits.maxLineBytes
        else { return nil }
        if case .jump(let chain) = target, !isPlainChainName(chain) { return nil }
        return sink.bytes
    }

    /// ``RulesetLimits/argumentProblems(_:_:)`` finds nothing (checked conservatively).
    static func isClean(_ argument: RuleArgument) -> Bool {
        switch argument {
        case .comment(let text):
            return text.utf8.count <= RulesetLimits.maxCommentBytes
        case .inInterface(let name, _), .outInterface(let name, _):
            return isPlainInterfaceName(name)
        case .recent(let match):
            return !match.name.isEmpty && match.name.utf8.count <= RulesetLimits.maxRecentNameBytes
        case .nfacct(let name):
            return !name.isEmpty && name.utf8.count <= RulesetLimits.maxNfacctNameBytes
        case .matchSet(let match):
            return !match.name.isEmpty && match.name.utf8.count <= RulesetLimits.maxSetNameBytes
        case .destinationPort(let port, _), .sourcePort(let port, _):
            return (0...65535).contains(port)
        default:
            return true
        }
    }

    /// An interface name of 1–15 printable ASCII bytes without `/` or `:`: valid for
    /// ``RulesetLimits/interfaceProblems(_:_:)``.
    static func isPlainInterfaceName(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            guard !bytes.isEmpty, bytes.count <= RulesetLimits.maxInterfaceNameBytes else { return false }
            for byte in bytes where byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ":") {
                return false
            }
            return true
        }
    }

    /// A chain name of 1–28 printable ASCII bytes, not starting with `-` or `!`: valid for
    /// ``RulesetLimits/chainNameProblems(_:_:)`` (any other name gets the detailed check).
    static func isPlainChainName(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            guard !bytes.isEmpty, bytes.count <= RulesetLimits.maxChainNameBytes,
                bytes[0] != UInt8(ascii: "-"), bytes[0] != UInt8(ascii: "!")
            else { return false }
            for byte in bytes where byte <= 0x20 || byte >= 0x7F { return false }
            return true
        }
    }
}

/// Counts a rule's words and rendered bytes (each word after a space, quoted as
/// ``RestoreTextWriter`` quotes it) and notes any word too long or holding a line break or NUL.
private struct LineMeasure: RuleTokenSink {
    var words = 0
    var bytes = 0
    var isClean = true

    mutating func keyword(_ token: StaticString) {
        words += 1
        bytes += 1 + token.utf8CodeUnitCount
    }

    mutating func token(_ token: String) {
        words += 1
        var token = token
        token.withUTF8 { utf8 in
            if utf8.count > RulesetLimits.maxWordBytes { isClean = false }
            var quoted = utf8.isEmpty
            var escapes = 0
            for byte in utf8 {
                switch byte {
                case 0x0A, 0x0D, 0x00: isClean = false
                case 0x22, 0x5C:
                    quoted = true
                    escapes += 1
                case 0x27, 0x7F: quoted = true
                case ...0x20: quoted = true
                default: break
                }
            }
            bytes += 1 + utf8.count + (quoted ? 2 + escapes : 0)
        }
    }

    /// IPv4 measured from the address bits: a short word of digits, dots and `/`.
    mutating func address(_ address: AddressMatch) {
        guard let (value, prefixLength) = IPv4Text.parts(address) else { return token(address.description) }
        words += 1
        bytes += 1 + IPv4Text.length(value, separator: prefixLength != nil, value: prefixLength ?? 0)
    }

    mutating func number(_ value: Int) {
        words += 1
        var digits = value <= 0 ? 2 : 0
        var rest = value
        while rest != 0 {
            digits += 1
            rest /= 10
        }
        // Negative numbers: sign plus digits; zero: one digit (counted generously above).
        bytes += 1 + digits
    }
}
