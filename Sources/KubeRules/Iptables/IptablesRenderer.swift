/// Prints a ``Ruleset`` as `iptables-restore` input (or `ip6tables-restore` input for an IPv6
/// ruleset: the syntax is the same), the way kube-proxy writes it: `*table`, the chain
/// declarations `:NAME - [0:0]`, the `-A` rules chain by chain, hook rules (`-I CHAIN N`), `-X`
/// deletions, `COMMIT`.
///
/// The renderer decides nothing: every token comes from the ruleset. A token is quoted only
/// when `iptables-restore` would otherwise split or misread it (whitespace, quotes, backslash,
/// empty), which reproduces kube-proxy's hand-quoted comments: `"ns1/svc1:p80 cluster IP"` is
/// quoted, `ns1/svc1:p80` is not.
public enum IptablesRenderer {
    /// The restore text of every table.
    public static func render(_ ruleset: Ruleset) -> String {
        var writer = RestoreTextWriter(reservingCapacity: estimatedSize(ruleset))
        for table in ruleset.tables { write(table, into: &writer) }
        return writer.text
    }

    /// The restore text of every table as UTF-8 bytes, in one buffer: what the CLI writes to
    /// stdout without ever holding the text as a `String`.
    public static func renderBytes(_ ruleset: Ruleset) -> [UInt8] {
        var writer = RestoreTextWriter(reservingCapacity: estimatedSize(ruleset))
        for table in ruleset.tables { write(table, into: &writer) }
        return writer.bytes
    }

    /// The same bytes as ``renderBytes(_:)``, in consecutive pieces rendered concurrently (the
    /// rules of large tables split by chain across the cores): written out one after the other,
    /// they are the restore text, without ever being joined into one buffer.
    public static func renderChunks(_ ruleset: Ruleset) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        renderChunks(ruleset) { chunks.append($0) }
        return chunks
    }

    /// ``renderChunks(_:)``, handing each piece to `emit` in order as soon as it is ready: one
    /// piece per core is rendered at a time while the pieces before are emitted on another
    /// thread (``OrderedEmitter``, a few pieces at most), so a caller that writes and drops
    /// each piece never holds more than a few megabytes of text, and writing overlaps rendering.
    /// `emit` is called on that other thread, one piece at a time, and never after this returns.
    public static func renderChunks(_ ruleset: Ruleset, _ emit: ([UInt8]) -> Void) {
        OrderedEmitter.run(limit: 2 * max(1, ParallelChunks.cores), emit: emit) { out in
            for table in ruleset.tables { renderChunks(table, to: out) }
        }
    }

    /// One table's pieces, in order.
    private static func renderChunks(_ table: Table, to out: OrderedEmitter) {
        let chains = table.chains
        var head = RestoreTextWriter(reservingCapacity: 64)
        writeTableLine(table, into: &head)
        out.send(head.bytes)
        // The declarations too are split across the cores (one line per chain: a few
        // hundred thousand in a large cluster).
        let declarations = ParallelChunks.ranges(count: chains.count) { _ in 1 }
        for piece in ParallelChunks.map(declarations, { range -> [UInt8] in
            var writer = RestoreTextWriter(reservingCapacity: range.count * 36)
            for chain in chains[range] { writeDeclaration(chain, into: &writer) }
            return writer.bytes
        }) {
            out.send(piece)
        }
        let ranges = ParallelChunks.ranges(count: chains.count) { chains[$0].rules.count + 1 }
        let wave = max(1, ParallelChunks.cores)
        for first in stride(from: 0, to: ranges.count, by: wave) {
            let pieces = ParallelChunks.map(Array(ranges[first..<min(first + wave, ranges.count)])) {
                range -> [UInt8] in
                var writer = RestoreTextWriter(
                    reservingCapacity: chains[range].reduce(0) { $0 + $1.rules.count * 120 })
                // Rules borrowed in place from their arrays (no retain of each rule's parts).
                chains.withUnsafeBufferPointer { chains in
                    for chain in range {
                        let name = chains[chain].name
                        chains[chain].rules.withUnsafeBufferPointer { rules in
                            for rule in rules.indices { line("-A", name, rules[rule], into: &writer) }
                        }
                    }
                }
                return writer.bytes
            }
            for piece in pieces { out.send(piece) }
        }
        var tail = RestoreTextWriter()
        writeTail(table, into: &tail)
        out.send(tail.bytes)
    }

    public static func render(_ table: Table, into output: inout String) {
        var writer = RestoreTextWriter()
        write(table, into: &writer)
        output += writer.text
    }

    /// Writes one table's restore text.
    public static func write(_ table: Table, into writer: inout RestoreTextWriter) {
        writeHeader(table, into: &writer)
        for chain in table.chains {
            for rule in chain.rules { line("-A", chain.name, rule, into: &writer) }
        }
        writeTail(table, into: &writer)
    }

    /// `*table` and the chain declarations.
    private static func writeHeader(_ table: Table, into writer: inout RestoreTextWriter) {
        writeTableLine(table, into: &writer)
        for chain in table.chains { writeDeclaration(chain, into: &writer) }
    }

    /// `*table`.
    private static func writeTableLine(_ table: Table, into writer: inout RestoreTextWriter) {
        writeTableLine(table.name, into: &writer)
    }

    static func writeTableLine(_ name: TableName, into writer: inout RestoreTextWriter) {
        writer.write("*")
        writer.write(name.rawValue)
        writer.newline()
    }

    /// `:NAME POLICY [packets:bytes]`.
    private static func writeDeclaration(_ chain: Chain, into writer: inout RestoreTextWriter) {
        writer.declaration(chain.name, policy: chain.policy, packets: chain.packets, bytes: chain.bytes)
    }

    /// After the declared chains' rules: hook rules, deletions, `COMMIT`.
    private static func writeTail(_ table: Table, into writer: inout RestoreTextWriter) {
        writeTail(hooks: table.hooks, deletedChains: table.deletedChains, into: &writer)
    }

    static func writeTail(hooks: [HookRule], deletedChains: [String], into writer: inout RestoreTextWriter) {
        for hook in hooks {
            if let position = hook.position {
                line("-I", "\(hook.chain) \(position)", hook.rule, into: &writer)
            } else {
                line("-A", hook.chain, hook.rule, into: &writer)
            }
        }
        for chain in deletedChains {
            writer.write("-X \(chain)")
            writer.newline()
        }
        writer.write("COMMIT")
        writer.newline()
    }

    /// One rule line (`-A CHAIN …`), as the renderer prints it, without the newline.
    public static func ruleText(chain: String, _ rule: Rule) -> String {
        var writer = RestoreTextWriter()
        line("-A", chain, rule, into: &writer)
        return String(writer.text.dropLast())
    }

    private static func line(_ command: StaticString, _ chain: String, _ rule: Rule, into writer: inout RestoreTextWriter) {
        writer.beginLine(command, chain)
        rule.emit(into: &writer)
        writer.newline()
    }

    /// About the text's size, so the buffer grows once.
    private static func estimatedSize(_ ruleset: Ruleset) -> Int {
        ruleset.tables.reduce(0) { total, table in
            table.chains.reduce(total) { $0 + 40 + $1.rules.count * 120 }
        }
    }

    /// `token`, or `"token"` with `"` and `\` escaped when `iptables-restore` needs quotes.
    public static func quoted(_ token: String) -> String {
        guard needsQuotes(token) else { return token }
        var text = "\""
        for character in token.unicodeScalars {
            if character == "\"" || character == "\\" { text += "\\" }
            text.unicodeScalars.append(character)
        }
        return text + "\""
    }

    static func needsQuotes(_ token: String) -> Bool {
        token.isEmpty
            || token.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\"" || $0 == "'" || $0 == "\\" }
    }
}
