/// The text sink's per-endpoint rules, written as bytes, and the finished table text.
///
/// The per-endpoint lines below are ``EndpointRules``' arguments as ``RuleArgument/emit(into:)``
/// prints them, written as whole words without the token-by-token quoting checks (none of their
/// words can need quotes); ``TextSinkDifferentialTests`` holds the two together.
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
        // Written as plain bytes: every word is fixed, a number or a chain name, none needing
        // quotes. The chain's name was checked when its slot was made; the target is an
        // endpoint chain (plain by construction, see `declareNew`).
        let probability = remaining.map(IptablesProbability.text)
        let statistic: StaticString = " -m statistic --mode random --probability "
        let bound = 8 + chain.utf8.count + (probability.map { statistic.utf8CodeUnitCount + $0.utf8.count } ?? 0)
            + EndpointChainNames.Entry.chainBytes  // "-A ", " -j ", the newline
        withRules(chain) { writer in
            writer.withLine(maxBytes: bound) { cursor in
                cursor.put("-A ")
                cursor.put(chain)
                if let probability {
                    cursor.put(statistic)
                    cursor.put(probability)
                }
                cursor.put(" -j ")
                cursor.put(endpoint)
                cursor.put(0x0A)
            }
        }
    }

    mutating func appendHairpin(_ chain: String, comment: String?, source: IPAddress) {
        guard comment == nil else {
            return append(chain, EndpointRules.hairpin(comment: comment, source: source), .jump(KubeChain.markMasq))
        }
        guard case .v4(let address) = source.storage else {
            return withRules(chain) { writer in
                writer.beginLine("-A", chain)
                writer.write(" -s")
                writer.address(.address(source))
                writer.write(" -j KUBE-MARK-MASQ\n")
            }
        }
        let jump: StaticString = " -j KUBE-MARK-MASQ\n"
        withRules(chain) { writer in
            writer.withLine(maxBytes: 7 + chain.utf8.count + IPv4Text.maxBytes + jump.utf8CodeUnitCount) { cursor in
                cursor.put("-A ")
                cursor.put(chain)
                cursor.put(" -s ")
                cursor.ipv4(address)
                cursor.put(jump)
            }
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
        // The destination is an endpoint's `ip:port` text (digits, dots, colons, brackets).
        let name = proto.rawValue
        let dnat: StaticString = " -j DNAT --to-destination "
        let bound = 12 + chain.utf8.count + 2 * name.utf8.count + dnat.utf8CodeUnitCount + destination.utf8.count
        withRules(chain) { writer in
            writer.withLine(maxBytes: bound) { cursor in
                cursor.put("-A ")
                cursor.put(chain)
                cursor.put(" -m ")
                cursor.put(name)
                cursor.put(" -p ")
                cursor.put(name)
                cursor.put(dnat)
                cursor.put(destination)
                cursor.put(0x0A)
            }
        }
    }

    /// Without a comment or session affinity, an IPv4 endpoint's chain is written here, its
    /// declaration and both rules as bytes from the entry (no name or address string);
    /// otherwise through the general operations.
    mutating func appendEndpointChain(
        _ endpoint: EndpointChainNames.Entry, isNew: Bool, comment: String?, recordAffinity: Bool,
        protocol proto: TransportProtocol
    ) {
        guard comment == nil, !recordAffinity, case .v4(let address) = endpoint.ip.storage,
            isNew ? openEndpointChain(endpoint.hash) : isDirectEndpointChain(endpoint.hash)
        else {
            // A second claim of a chain written here but not last could not go in its place.
            if !isNew, comment == nil, !recordAffinity, case .v4 = endpoint.ip.storage { return markInexact() }
            return appendEndpointChainRules(
                endpoint, isNew: isNew, comment: comment, recordAffinity: recordAffinity, protocol: proto)
        }
        let chainBytes = EndpointChainNames.Entry.chainBytes
        if isNew {
            let tail: StaticString = " - [0:0]\n"
            ownText.declarations.withLine(maxBytes: 1 + chainBytes + tail.utf8CodeUnitCount) { cursor in
                cursor.put(UInt8(ascii: ":"))
                cursor.put(endpoint)
                cursor.put(tail)
            }
        }
        // `-A SEP -s IP -j KUBE-MARK-MASQ` and `-A SEP -m PROTO -p PROTO -j DNAT --to-destination
        // IP:PORT`, as ``appendHairpin(_:comment:source:)`` and ``appendDNAT(_:comment:recordAffinity:protocol:destination:)``
        // write them.
        let masq: StaticString = " -j KUBE-MARK-MASQ\n"
        let dnat: StaticString = " -j DNAT --to-destination "
        let name = proto.rawValue
        let bound = 2 * (3 + chainBytes + IPv4Text.maxBytes) + 4 + masq.utf8CodeUnitCount + 8 + 2 * name.utf8.count
            + dnat.utf8CodeUnitCount + 1
        ownText.rules.withLine(maxBytes: bound) { cursor in
            cursor.put("-A ")
            cursor.put(endpoint)
            cursor.put(" -s ")
            cursor.ipv4(address)
            cursor.put(masq)
            cursor.put("-A ")
            cursor.put(endpoint)
            cursor.put(" -m ")
            cursor.put(name)
            cursor.put(" -p ")
            cursor.put(name)
            cursor.put(dnat)
            cursor.ipv4(address, separator: UInt8(ascii: ":"), value: endpoint.port)
            cursor.put(0x0A)
        }
    }

    /// The table's restore text in consecutive pieces, laid out as ``TableBuilder/build(hooks:)``
    /// lays out the table and ``IptablesRenderer`` prints it; nil unless ``isExact`` (and the
    /// hook rules are within the limits).
    consuming func build(hooks: [HookRule]) -> [[UInt8]]? {
        packServiceChains()
        if !hooks.allSatisfy(LimitScan.isClean) { markInexact() }
        let at = packedAt ?? sharedOrder.count
        packed.append(ownText)
        var late = undeclared
        for index in shared.indices where !shared[index].isDeclared {
            let rules = shared[index].pieces.joined() + shared[index].rules.bytes
            if !rules.isEmpty { late.append((shared[index].name, Array(rules))) }
        }
        late.sort { $0.name < $1.name }
        // Two undeclared chains of one name: their order would rest on the sort's stability.
        for index in late.indices.dropFirst() where late[index].name == late[index - 1].name { markInexact() }
        guard isExact else { return nil }

        var head = RestoreTextWriter()
        IptablesRenderer.writeTableLine(name, into: &head)
        for index in sharedOrder[..<at] { head.declaration(shared[index].name) }
        var pieces = [head.take()]
        for index in packed.indices { pieces.append(packed[index].declarations.take()) }
        var middle = RestoreTextWriter()
        for index in sharedOrder[at...] { middle.declaration(shared[index].name) }
        for chain in late { middle.declaration(chain.name) }
        pieces.append(middle.take())
        for index in sharedOrder[..<at] { pieces += shared[index].pieces + [shared[index].rules.take()] }
        for index in packed.indices { pieces.append(packed[index].rules.take()) }
        for index in sharedOrder[at...] { pieces += shared[index].pieces + [shared[index].rules.take()] }
        pieces += late.map(\.rules)
        var tail = RestoreTextWriter()
        IptablesRenderer.writeTail(hooks: hooks, deletedChains: [], into: &tail)
        pieces.append(tail.take())
        return pieces.filter { !$0.isEmpty }
    }
}
