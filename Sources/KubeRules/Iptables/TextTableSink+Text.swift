/// The text sink's per-endpoint rules, written as bytes, and the finished table text.
extension TextTableSink {
    /// Without a comment or session affinity (a large cluster's rules), the line is written
    /// here; otherwise through ``append(_:_:_:)`` with ``EndpointRules``' arguments.
    mutating func appendEndpointJump(
        _ chain: String, comment: String?, to endpoint: EndpointChainNames.Entry, _ match: EndpointJumpMatch
    ) {
        let remaining: Int?
        switch match {
        case .probability(let count): remaining = count
        case .none: remaining = nil
        case .affinity: return append(chain, EndpointRules.jump(comment: comment, to: endpoint, match), .jump(endpoint.chain))
        }
        guard comment == nil else {
            return append(chain, EndpointRules.jump(comment: comment, to: endpoint, match), .jump(endpoint.chain))
        }
        // The only word of this line that is not fixed: the target's name.
        if !LimitScan.isPlainChainName(endpoint.chain) { markInexact() }
        withRules(chain) { writer in
            writer.beginLine("-A", chain)
            if let remaining {
                RuleArgument.statisticRandom(probability: IptablesProbability.text(remaining)).emit(into: &writer)
            }
            Target.jump(endpoint.chain).emit(into: &writer)
            writer.newline()
        }
    }

    mutating func appendHairpin(_ chain: String, comment: String?, source: IPAddress) {
        guard comment == nil else {
            return append(chain, EndpointRules.hairpin(comment: comment, source: source), .jump(KubeChain.markMasq))
        }
        withRules(chain) { writer in
            writer.beginLine("-A", chain)
            // `RuleArgument.source(.address(source))`'s tokens, without boxing the argument.
            writer.keyword("-s")
            writer.address(.address(source))
            Target.jump(KubeChain.markMasq).emit(into: &writer)
            writer.newline()
        }
    }

    mutating func appendDNAT(
        _ chain: String, comment: String?, recordAffinity: Bool, protocol proto: TransportProtocol,
        destination: String
    ) {
        guard comment == nil, !recordAffinity else {
            return append(
                chain,
                EndpointRules.dnat(chain: chain, comment: comment, recordAffinity: recordAffinity, protocol: proto),
                .dnat(toDestination: destination))
        }
        // The destination is an endpoint's `ip:port` text: digits, dots, colons and brackets.
        withRules(chain) { writer in
            writer.beginLine("-A", chain)
            RuleArgument.protocolModule(proto).emit(into: &writer)
            RuleArgument.protocol(proto).emit(into: &writer)
            Target.dnat(toDestination: destination).emit(into: &writer)
            writer.newline()
        }
    }

    /// The table's restore text in consecutive pieces, laid out as ``TableBuilder/build(hooks:)``
    /// lays out the table and ``IptablesRenderer`` prints it; nil unless ``isExact`` (and the
    /// hook rules are within the limits).
    consuming func build(hooks: [HookRule]) -> [[UInt8]]? {
        packServiceChains()
        if !hooks.allSatisfy(LimitScan.isClean) { markInexact() }
        let at = packedAt ?? sharedOrder.count
        let services = packed + [ownText]
        var late = shared.indices.filter { !shared[$0].isDeclared }.compactMap { index -> (name: String, rules: [UInt8])? in
            let rules = shared[index].pieces.joined() + shared[index].rules.bytes
            return rules.isEmpty ? nil : (shared[index].name, Array(rules))
        } + undeclared
        late.sort { $0.name < $1.name }
        // Two undeclared chains of one name: their order would rest on the sort's stability.
        for index in late.indices.dropFirst() where late[index].name == late[index - 1].name { markInexact() }
        guard isExact else { return nil }

        var head = RestoreTextWriter()
        IptablesRenderer.writeTableLine(name, into: &head)
        for index in sharedOrder[..<at] { head.declaration(shared[index].name) }
        var pieces = [head.bytes] + services.map(\.declarations.bytes)
        var middle = RestoreTextWriter()
        for index in sharedOrder[at...] { middle.declaration(shared[index].name) }
        for chain in late { middle.declaration(chain.name) }
        pieces.append(middle.bytes)
        for index in sharedOrder[..<at] { pieces += shared[index].pieces + [shared[index].rules.bytes] }
        pieces += services.map(\.rules.bytes)
        for index in sharedOrder[at...] { pieces += shared[index].pieces + [shared[index].rules.bytes] }
        pieces += late.map(\.rules)
        var tail = RestoreTextWriter()
        IptablesRenderer.writeTail(hooks: hooks, deletedChains: [], into: &tail)
        pieces.append(tail.bytes)
        return pieces.filter { !$0.isEmpty }
    }
}
