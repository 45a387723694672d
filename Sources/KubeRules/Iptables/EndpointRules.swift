/// The three rules written once per endpoint (`writeServiceToEndpointRules` and the `KUBE-SEP-*`
/// chain in `syncProxyRules`, `pkg/proxy/iptables/proxier.go`), as typed arguments: what the
/// model sink stores, and what the text sink writes whenever it does not write the bytes itself.
/// Each argument array is allocated once at its final size (a large cluster keeps a few hundred
/// thousand of them).
enum EndpointRules {
    /// `[-m comment --comment "NAME -> IP:PORT"] MATCH`, then `-j KUBE-SEP-…`.
    static func jump(comment: String?, to endpoint: EndpointChainNames.Entry, _ match: EndpointJumpMatch)
        -> [RuleArgument]
    {
        var arguments = commented(comment.map { endpointComment($0, endpoint) }, room: match.isNone ? 0 : 1)
        switch match {
        case .affinity(let seconds):
            arguments.append(.recent(RecentMatch(name: endpoint.chain, mode: .check(seconds: seconds, reap: true))))
        case .probability(let remaining):
            arguments.append(.statisticRandom(probability: IptablesProbability.text(remaining)))
        case .none:
            break
        }
        return arguments
    }

    /// `[-m comment --comment NAME] -s SOURCE`, then `-j KUBE-MARK-MASQ`.
    static func hairpin(comment: String?, source: IPAddress) -> [RuleArgument] {
        var arguments = commented(comment, room: 1)
        arguments.append(.source(.address(source)))
        return arguments
    }

    /// `[-m comment --comment NAME] [-m recent --name CHAIN --set] -m PROTO -p PROTO`, then
    /// `-j DNAT --to-destination …`.
    static func dnat(chain: String, comment: String?, recordAffinity: Bool, protocol proto: TransportProtocol)
        -> [RuleArgument]
    {
        var arguments = commented(comment, room: recordAffinity ? 3 : 2)
        if recordAffinity {
            arguments.append(.recent(RecentMatch(name: chain, mode: .set)))
        }
        arguments.append(.protocolModule(proto))
        arguments.append(.protocol(proto))
        return arguments
    }

    /// `NAME -> IP:PORT`, built from the port's name and the endpoint's cached text.
    static func endpointComment(_ name: String, _ endpoint: EndpointChainNames.Entry) -> String {
        var text = name
        text.reserveCapacity(name.utf8.count + 4 + endpoint.text.utf8.count)
        text += " -> "
        text += endpoint.text
        return text
    }

    /// `appendServiceCommentLocked`: the comment, if any, with room for exactly `room` more
    /// arguments.
    private static func commented(_ comment: String?, room: Int) -> [RuleArgument] {
        var arguments: [RuleArgument] = []
        arguments.reserveCapacity((comment == nil ? 0 : 1) + room)
        if let comment { arguments.append(.comment(comment)) }
        return arguments
    }
}

extension EndpointJumpMatch {
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}

/// The model sink: the per-endpoint rules as typed ``Rule``s.
extension TableBuilder: IptablesTableSink {
    /// Nothing to size ahead: the model's chains are arrays of their own.
    mutating func reserve(servicePorts: Int, endpoints: Int) {}

    mutating func appendEndpointJump(
        _ chain: String, comment: String?, to endpoint: EndpointChainNames.Entry, _ match: EndpointJumpMatch
    ) {
        append(chain, EndpointRules.jump(comment: comment, to: endpoint, match), .jump(endpoint.chain))
    }

    mutating func appendHairpin(_ chain: String, comment: String?, source: IPAddress) {
        append(chain, EndpointRules.hairpin(comment: comment, source: source), .jump(KubeChain.markMasq))
    }

    mutating func appendDNAT(
        _ chain: String, comment: String?, recordAffinity: Bool, protocol proto: TransportProtocol,
        destination: String
    ) {
        append(
            chain, EndpointRules.dnat(chain: chain, comment: comment, recordAffinity: recordAffinity, protocol: proto),
            .dnat(toDestination: destination))
    }

    mutating func appendEndpointChain(
        _ endpoint: EndpointChainNames.Entry, isNew: Bool, comment: String?, recordAffinity: Bool,
        protocol proto: TransportProtocol
    ) {
        appendEndpointChainRules(
            endpoint, isNew: isNew, comment: comment, recordAffinity: recordAffinity, protocol: proto)
    }
}
