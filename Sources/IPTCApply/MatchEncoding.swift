#if LibIPTC
import CIPTC
import Foundation
import KubeRules
import KubeRulesApply

/// A match of a rule, after port options have been folded into their protocol match.
enum MatchSpec {
    case ports(PortMatch)
    case comment(String)
    case mark(UInt32, UInt32, Bool)
    case conntrack([String], Bool)
    case addressType(AddressTypeMatch)
    case statistic(String)
    case recent(RecentMatch)
    case nfacct(String)
}

/// `-m tcp|udp|sctp` with its `--sport`/`--dport` (single ports; kube-proxy writes no ranges).
struct PortMatch {
    var `protocol`: TransportProtocol
    var source: (port: UInt16, negated: Bool)?
    var destination: (port: UInt16, negated: Bool)?
}

/// The match encodings, one per extension, with the revision iptables 1.8 uses for each.
enum MatchEncoding {
    static func add(_ match: MatchSpec, to builder: inout EntryBuilder) throws(ApplyError) {
        switch match {
        case .ports(let ports): addPorts(ports, to: &builder)
        case .comment(let text):
            guard text.utf8.count < Int(XT_MAX_COMMENT_LEN), !text.utf8.contains(0) else {
                throw .invalidRuleset("comment longer than 255 bytes: \(text.prefix(40))…")
            }
            builder.addMatch("comment", revision: 0, xt_comment_info.self) { EntryBuilder.copy(text, into: &$0.comment) }
        case .mark(let value, let mask, let negated):
            builder.addMatch("mark", revision: 1, xt_mark_mtinfo1.self) { info in
                info.mark = value
                info.mask = mask
                info.invert = negated ? 1 : 0
            }
        case .conntrack(let states, let negated):
            var stateMask: UInt16 = 0
            for state in states { stateMask |= try conntrackStateBit(state) }
            builder.addMatch("conntrack", revision: 3, xt_conntrack_mtinfo3.self) { info in
                info.state_mask = stateMask
                info.match_flags = UInt16(XT_CONNTRACK_STATE)
                if negated { info.invert_flags = UInt16(XT_CONNTRACK_STATE) }
            }
        case .addressType(let match): try addAddressType(match, to: &builder)
        case .statistic(let text):
            guard let probability = Double(text), probability >= 0, probability <= 1 else {
                throw .invalidRuleset("statistic probability \(text) is not in 0-1")
            }
            builder.addMatch(
                "statistic", revision: 0, xt_statistic_info.self,
                userspaceSize: MemoryLayout<xt_statistic_info>.offset(of: \.master)
            ) { info in
                info.mode = UInt16(XT_STATISTIC_MODE_RANDOM.rawValue)
                // libxt_statistic: lround(0x80000000 * p); its final check then copies u.nth.every
                // (the same word) into u.nth.count, so iptables' blob carries the value twice.
                info.u.random.probability = UInt32(lround(0x8000_0000 * probability))
                info.u.nth.count = info.u.nth.every
            }
        case .recent(let match): try addRecent(match, to: &builder)
        case .nfacct(let name):
            guard !name.isEmpty, name.utf8.count < Int(NFACCT_NAME_MAX), !name.utf8.contains(0) else {
                throw .invalidRuleset("nfacct name \"\(name)\" is not 1-31 bytes")
            }
            builder.addMatch(
                "nfacct", revision: 1, xt_nfacct_match_info_v1.self,
                userspaceSize: MemoryLayout<xt_nfacct_match_info_v1>.offset(of: \.nfacct)
            ) { EntryBuilder.copy(name, into: &$0.name) }
        }
    }

    /// libxt_tcp/udp init ports to 0:65535; libxt_sctp leaves them 0 and sets a flag per option.
    static func addPorts(_ ports: PortMatch, to builder: inout EntryBuilder) {
        switch ports.protocol {
        case .tcp:
            builder.addMatch("tcp", revision: 0, xt_tcp.self) { info in
                info.spts = (0, 0xFFFF)
                info.dpts = (0, 0xFFFF)
                if let (port, negated) = ports.source {
                    info.spts = (port, port)
                    if negated { info.invflags |= UInt8(XT_TCP_INV_SRCPT) }
                }
                if let (port, negated) = ports.destination {
                    info.dpts = (port, port)
                    if negated { info.invflags |= UInt8(XT_TCP_INV_DSTPT) }
                }
            }
        case .udp:
            builder.addMatch("udp", revision: 0, xt_udp.self) { info in
                info.spts = (0, 0xFFFF)
                info.dpts = (0, 0xFFFF)
                if let (port, negated) = ports.source {
                    info.spts = (port, port)
                    if negated { info.invflags |= UInt8(XT_UDP_INV_SRCPT) }
                }
                if let (port, negated) = ports.destination {
                    info.dpts = (port, port)
                    if negated { info.invflags |= UInt8(XT_UDP_INV_DSTPT) }
                }
            }
        case .sctp:
            builder.addMatch("sctp", revision: 0, xt_sctp_info.self) { info in
                // sctp_init: every flag_info[i].chunktype = -1
                withUnsafeMutableBytes(of: &info.flag_info) { raw in
                    let stride = MemoryLayout<xt_sctp_flag_info>.stride
                    for index in 0..<Int(XT_NUM_SCTP_FLAGS) { raw[index * stride] = 0xFF }
                }
                if let (port, negated) = ports.source {
                    info.spts = (port, port)
                    info.flags |= UInt32(XT_SCTP_SRC_PORTS)
                    if negated { info.invflags |= UInt32(XT_SCTP_SRC_PORTS) }
                }
                if let (port, negated) = ports.destination {
                    info.dpts = (port, port)
                    info.flags |= UInt32(XT_SCTP_DEST_PORTS)
                    if negated { info.invflags |= UInt32(XT_SCTP_DEST_PORTS) }
                }
            }
        }
    }

    /// `XT_CONNTRACK_STATE_BIT(ctinfo)` = 1 << (ctinfo % IP_CT_IS_REPLY + 1), plus the pseudo states.
    static func conntrackStateBit(_ state: String) throws(ApplyError) -> UInt16 {
        let isReply = UInt32(IP_CT_IS_REPLY.rawValue)
        func bit(_ info: ip_conntrack_info) -> UInt16 { UInt16(1) << ((info.rawValue % isReply) + 1) }
        let number = UInt16(IP_CT_NUMBER.rawValue)
        switch state {
        case "INVALID": return 1
        case "ESTABLISHED": return bit(IP_CT_ESTABLISHED)
        case "RELATED": return bit(IP_CT_RELATED)
        case "NEW": return bit(IP_CT_NEW)
        case "SNAT": return 1 << (number + 1)
        case "DNAT": return 1 << (number + 2)
        case "UNTRACKED": return 1 << (number + 3)
        default: throw .invalidRuleset("unknown conntrack state \(state)")
        }
    }

    /// libxt_addrtype revision 1: one type mask per direction, inversion and interface limits as flags.
    static func addAddressType(_ match: AddressTypeMatch, to builder: inout EntryBuilder) throws(ApplyError) {
        let types: [String: UInt16] = [
            "UNSPEC": 1 << 0, "UNICAST": 1 << 1, "LOCAL": 1 << 2, "BROADCAST": 1 << 3, "ANYCAST": 1 << 4,
            "MULTICAST": 1 << 5, "BLACKHOLE": 1 << 6, "UNREACHABLE": 1 << 7, "PROHIBIT": 1 << 8, "THROW": 1 << 9,
            "NAT": 1 << 10, "XRESOLVE": 1 << 11,
        ]
        guard let bits = types[match.type] else { throw .invalidRuleset("unknown address type \(match.type)") }
        builder.addMatch("addrtype", revision: 1, xt_addrtype_info_v1.self) { info in
            switch match.direction {
            case .source:
                info.source = bits
                if match.negated { info.flags |= UInt32(XT_ADDRTYPE_INVERT_SOURCE) }
                if match.limitInterface { info.flags |= UInt32(XT_ADDRTYPE_LIMIT_IFACE_IN) }
            case .destination:
                info.dest = bits
                if match.negated { info.flags |= UInt32(XT_ADDRTYPE_INVERT_DEST) }
                if match.limitInterface { info.flags |= UInt32(XT_ADDRTYPE_LIMIT_IFACE_OUT) }
            }
        }
    }

    /// libxt_recent revision 1: recent_init sets side to source and the whole mask to ones.
    static func addRecent(_ match: RecentMatch, to builder: inout EntryBuilder) throws(ApplyError) {
        guard !match.name.isEmpty, match.name.utf8.count < Int(XT_RECENT_NAME_LEN), !match.name.utf8.contains(0) else {
            throw .invalidRuleset("recent list name \"\(match.name)\" is not 1-199 bytes")
        }
        var maskValue: UInt32?
        if let mask = match.mask {
            guard let address = IPAddress(mask), case .v4(let value) = address.storage else {
                throw .invalidRuleset("recent mask \(mask) is not an IPv4 address")
            }
            maskValue = value
        }
        builder.addMatch("recent", revision: 1, xt_recent_mtinfo_v1.self) { info in
            EntryBuilder.copy(match.name, into: &info.name)
            info.side = UInt8(XT_RECENT_SOURCE)
            withUnsafeMutableBytes(of: &info.mask) { raw in
                for index in raw.indices { raw[index] = 0xFF }
            }
            if let maskValue { info.mask.ip = maskValue.bigEndian }
            switch match.mode {
            case .set:
                info.check_set = UInt8(XT_RECENT_SET)
            case .check(let seconds, let reap):
                info.check_set = UInt8(XT_RECENT_CHECK) | (reap ? UInt8(XT_RECENT_REAP) : 0)
                info.seconds = UInt32(clamping: seconds)
            }
        }
    }
}
#endif
