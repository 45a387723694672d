/// The text sink's general rules (``IptablesTableSink/append(_:_:_:)``), each written and checked
/// in one pass, and the sizing of a chunk's text.
extension TextTableSink {
    /// Sizes the chunk's text for its endpoint chains (nat: a declaration, hairpin, DNAT and
    /// a jump or two per endpoint, about 300 bytes; generously more, as memory reserved but
    /// never written is never touched) and its service chains. The filter table writes
    /// nothing per endpoint.
    mutating func reserve(servicePorts: Int, endpoints: Int) {
        guard name == .nat else { return }
        ownText.rules.reserveCapacity(endpoints * Self.natRuleBytesPerEndpoint + servicePorts * 512)
        ownText.declarations.reserveCapacity((endpoints + 4 * servicePorts) * 40)
    }

    /// Over the largest an endpoint's nat rules take without comments or affinity (IPv4:
    /// about 300 bytes).
    static let natRuleBytesPerEndpoint = 400

    mutating func append(_ chain: String, _ arguments: [RuleArgument], _ target: Target) {
        // Written and checked in one pass (``CheckedLineCursor``: what ``RulesetLimits`` checks
        // first, on the same rule); a rule it does not vouch for is dropped and written the
        // general way, and the text steps aside.
        let prefixBytes = 3 + chain.utf8.count
        var kept = false
        withRules(chain) { writer in
            kept = writer.withLineIfKept(maxBytes: CheckedLineCursor.reservation(prefixBytes: prefixBytes)) { cursor in
                let lineStart = cursor.position
                cursor.put("-A ")
                cursor.put(chain)
                var line = CheckedLineCursor(cursor, lineStart: lineStart)
                let clean = arguments.withUnsafeBufferPointer { arguments in
                    for index in arguments.indices {
                        guard LimitScan.isClean(arguments[index]) else { return false }
                        arguments[index].emit(into: &line)
                    }
                    return true
                }
                guard clean else { return false }
                target.emit(into: &line)
                guard line.isWithinLimits(commandWords: 2) else { return false }
                if case .jump(let chain) = target, !LimitScan.isPlainChainName(chain) { return false }
                cursor = line.cursor
                cursor.put(0x0A)
                return true
            }
        }
        if kept { return }
        markInexact()
        withRules(chain) { writer in
            writer.beginLine("-A", chain)
            arguments.withUnsafeBufferPointer { arguments in
                for index in arguments.indices { arguments[index].emit(into: &writer) }
            }
            target.emit(into: &writer)
            writer.newline()
        }
    }
}
