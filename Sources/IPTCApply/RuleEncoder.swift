#if LibIPTC
import CIPTC
import KubeRules
import KubeRulesApply

/// Turns one typed rule into the `ipt_entry` blob iptables would build for the same
/// command-line arguments (`iptables -A CHAIN <rule>`), match by match in the rule's order, with
/// the match and target revisions iptables 1.8 picks on current kernels. The encodings follow
/// iptables' extensions (libxt_tcp/udp/sctp, libxt_comment, libxt_mark, libxt_conntrack,
/// libxt_addrtype, libxt_statistic, libxt_recent, libxt_nfacct, libxt_DNAT, libxt_MASQUERADE,
/// libipt_REJECT, libxt_MARK); IPTCEncodingTests compares the result byte for byte with what
/// `iptables-legacy-restore` loads.
enum RuleEncoder {
    static func encode(_ rule: Rule) throws(ApplyError) -> EncodedEntry {
        var builder = EntryBuilder()
        var matches: [MatchSpec] = []
        var lastProtocol: TransportProtocol?
        for argument in rule.arguments {
            switch argument {
            case .protocol(let proto, let negated):
                builder.entry { entry in
                    entry.ip.proto = UInt16(proto.ipProtocolNumber)
                    if negated { entry.ip.invflags |= UInt8(IPT_INV_PROTO) }
                }
                lastProtocol = proto
            case .source(let match, let negated):
                let (address, mask) = try ipv4(match)
                builder.entry { entry in
                    entry.ip.src.s_addr = address.bigEndian
                    entry.ip.smsk.s_addr = mask.bigEndian
                    if negated { entry.ip.invflags |= UInt8(IPT_INV_SRCIP) }
                }
            case .destination(let match, let negated):
                let (address, mask) = try ipv4(match)
                builder.entry { entry in
                    entry.ip.dst.s_addr = address.bigEndian
                    entry.ip.dmsk.s_addr = mask.bigEndian
                    if negated { entry.ip.invflags |= UInt8(IPT_INV_DSTIP) }
                }
            case .inInterface(let name, let negated):
                try checkInterface(name)
                builder.entry { entry in
                    setInterface(name, &entry.ip.iniface, &entry.ip.iniface_mask)
                    if negated { entry.ip.invflags |= UInt8(IPT_INV_VIA_IN) }
                }
            case .outInterface(let name, let negated):
                try checkInterface(name)
                builder.entry { entry in
                    setInterface(name, &entry.ip.outiface, &entry.ip.outiface_mask)
                    if negated { entry.ip.invflags |= UInt8(IPT_INV_VIA_OUT) }
                }
            case .protocolModule(let proto):
                matches.append(.ports(PortMatch(protocol: proto)))
            case .destinationPort(let port, let negated), .sourcePort(let port, let negated):
                // Like iptables, a port option with no `-m tcp` loads the protocol's match
                // implicitly (from `-p`), at this point in the match list.
                let index: Int
                if let last = matches.lastIndex(where: { if case .ports = $0 { true } else { false } }) {
                    index = last
                } else {
                    guard let lastProtocol else {
                        throw .invalidRuleset("a port match needs -p tcp|udp|sctp before it")
                    }
                    matches.append(.ports(PortMatch(protocol: lastProtocol)))
                    index = matches.count - 1
                }
                guard case .ports(var ports) = matches[index], (0...65535).contains(port) else {
                    throw .invalidRuleset("port \(port) is outside 0-65535")
                }
                if case .destinationPort = argument {
                    ports.destination = (UInt16(port), negated)
                } else {
                    ports.source = (UInt16(port), negated)
                }
                matches[index] = .ports(ports)
            case .comment(let text): matches.append(.comment(text))
            case .mark(let value, let mask, let negated): matches.append(.mark(value, mask ?? 0xFFFF_FFFF, negated))
            case .conntrackState(let states, let negated): matches.append(.conntrack(states, negated))
            case .addressType(let match): matches.append(.addressType(match))
            case .statisticRandom(let probability): matches.append(.statistic(probability))
            case .recent(let match): matches.append(.recent(match))
            case .nfacct(let name): matches.append(.nfacct(name))
            case .otherMatch(let module, _):
                throw .unsupported("the libiptc backend cannot encode match \"\(module)\" (kuberules never emits it)")
            case .matchSet:
                throw .unsupported("the libiptc backend cannot encode `-m set` (IPVS mode's ipset matches); use --backend restore")
            case .raw(let tokens):
                throw .unsupported("the libiptc backend cannot encode \(tokens.joined(separator: " "))")
            }
        }
        for match in matches { try MatchEncoding.add(match, to: &builder) }
        return try TargetEncoding.finish(builder, with: rule.target)
    }

    /// An IPv4 address or prefix as host-order address and mask.
    static func ipv4(_ match: AddressMatch) throws(ApplyError) -> (UInt32, UInt32) {
        let (address, length): (IPAddress, Int)
        switch match {
        case .address(let ip): (address, length) = (ip, 32)
        case .prefix(let cidr): (address, length) = (cidr.network, cidr.prefixLength)
        }
        guard case .v4(let value) = address.storage else {
            throw .unsupported("the libiptc backend drives IPv4 (libip4tc) only; \(match) is IPv6 — use --backend restore")
        }
        let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << (32 - UInt32(length))
        return (value, mask)
    }

    /// Interface name and mask as iptables' `xtables_parse_interface` fills them: the name's bytes
    /// plus its NUL are matched exactly; a trailing `+` matches any name with that prefix.
    static func checkInterface(_ name: String) throws(ApplyError) {
        // IFNAMSIZ is 16 including the NUL.
        guard !name.isEmpty, name.utf8.count < 16, !name.utf8.contains(0) else {
            throw .invalidRuleset("interface name \"\(name)\" is not 1-15 bytes")
        }
    }

    static func setInterface<Name, Mask>(_ name: String, _ field: inout Name, _ mask: inout Mask) {
        EntryBuilder.copy(name, into: &field)
        let wildcard = name.hasSuffix("+")
        let significant = wildcard ? name.utf8.count - 1 : name.utf8.count + 1
        withUnsafeMutableBytes(of: &mask) { raw in
            for index in raw.indices { raw[index] = index < significant ? 0xFF : 0 }
        }
    }
}

extension TransportProtocol {
    /// The IP protocol number (IANA; `IPPROTO_TCP`, `IPPROTO_UDP`, `IPPROTO_SCTP`).
    var ipProtocolNumber: Int32 {
        switch self {
        case .tcp: return 6
        case .udp: return 17
        case .sctp: return 132
        }
    }
}
#endif
