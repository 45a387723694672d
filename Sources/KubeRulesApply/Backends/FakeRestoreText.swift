import KubeRules

extension FakeNetfilter {
    /// Loads `text` as `iptables-restore --noflush` would: table by table, each block applied
    /// atomically at its `COMMIT` (a refused block leaves its table untouched and stops, as the
    /// real tool does). Lines are typed by ``IptablesParser``, so the fake reads exactly the
    /// syntax the renderer writes; `-D` is read as the rule it deletes.
    ///
    /// - Returns: nil on success, else the 1-based line at fault and the tool's message.
    public func restore(_ text: String, family: IPFamily = .ipv4) -> (line: Int, message: String)? {
        var transaction: TableTransaction?
        var operationLines: [Int] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: " \t")
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("*") {
                guard transaction == nil, let table = TableName(rawValue: String(trimmed.dropFirst())) else {
                    return (number, "unexpected table line \(trimmed)")
                }
                transaction = TableTransaction(family: family, table: table)
                operationLines = []
                continue
            }
            guard var current = transaction else { return (number, "'\(trimmed)' outside a table") }
            if trimmed == "COMMIT" {
                transaction = nil
                do {
                    try commit(current)
                } catch {
                    // The fake kernel blames a line of the transaction's own restore input
                    // (operation i is its line i + 2); map it back to this text's numbering.
                    guard case .rejected(let rejected) = error, let blamed = rejected.line,
                        (2...current.operations.count + 1).contains(blamed)
                    else { return (number, error.description) }
                    return (operationLines[blamed - 2], rejected.message)
                }
                continue
            }
            guard let operation = Self.operation(trimmed, table: current.table) else {
                return (number, "cannot read '\(trimmed)'")
            }
            current.operations.append(operation)
            operationLines.append(number)
            transaction = current
        }
        return transaction.map { _ in (lines.count, "no COMMIT") }
    }

    /// One `:CHAIN`, `-A`, `-I`, `-D` or `-X` line.
    static func operation(_ line: String, table: TableName) -> RestoreOperation? {
        let words = line.split(separator: " ", maxSplits: 2).map(String.init)
        if line.hasPrefix(":") { return .declareChain(String(words[0].dropFirst())) }
        guard words.count >= 2 else { return nil }
        let chain = words[1]
        if words[0] == "-X" { return words.count == 2 ? .deleteChain(chain) : nil }
        var rest = words.count == 3 ? words[2] : ""
        if words[0] == "-I", let space = rest.firstIndex(of: " "), Int(rest[..<space]) != nil {
            rest = String(rest[rest.index(after: space)...])  // the position; the fake inserts at the top
        }
        // Parse the rule on its own, in a chain the parser knows.
        let declaration = table.builtinChains.contains(chain) ? "" : ":\(chain) - [0:0]\n"
        guard let parsed = try? IptablesParser(file: "-").parse("*\(table.rawValue)\n\(declaration)-A \(chain) \(rest)\nCOMMIT\n"),
            let parsedTable = parsed[table: table]
        else { return nil }
        let rule = parsedTable[chain: chain]?.rules.first ?? parsedTable.hooks.first?.rule
        guard let rule else { return nil }
        switch words[0] {
        case "-A": return .append(chain: chain, rule: rule)
        case "-I": return .insert(chain: chain, rule: rule)
        case "-D": return .delete(chain: chain, rule: rule)
        default: return nil
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
