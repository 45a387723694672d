#if LibIPTC
import CIPTC
import KubeRules
import KubeRulesApply

/// The target encodings. Verdicts and jumps are "standard" targets that libiptc resolves by name
/// (`ACCEPT`, `DROP`, `RETURN`, or a chain); the others carry their extension's payload.
enum TargetEncoding {
    static func finish(_ builder: EntryBuilder, with target: Target) throws(ApplyError) -> EncodedEntry {
        switch target {
        case .jump(let chain):
            // XT_EXTENSION_MAXNAMELEN (29) with the NUL; libiptc resolves the name to a chain.
            guard !chain.isEmpty, chain.utf8.count < Int(XT_EXTENSION_MAXNAMELEN) else {
                throw .invalidRuleset("chain name \(chain) is longer than 28 characters")
            }
            return builder.finish(target: chain, Int32.self)
        case .none:
            // No `-j`: libiptc maps an empty standard target to fall-through.
            return builder.finish(target: "", Int32.self)
        case .accept: return builder.finish(target: "ACCEPT", Int32.self)
        case .drop: return builder.finish(target: "DROP", Int32.self)
        case .return: return builder.finish(target: "RETURN", Int32.self)
        case .reject(let with):
            let type = try rejectType(with ?? "icmp-port-unreachable")
            return builder.finish(target: "REJECT", ipt_reject_info.self) { $0.with = type }
        case .masquerade(let randomFully):
            return builder.finish(target: "MASQUERADE", nf_nat_ipv4_multi_range_compat.self) { info in
                info.rangesize = 1
                if randomFully { info.range.flags = UInt32(NF_NAT_RANGE_PROTO_RANDOM_FULLY) }
            }
        case .dnat(let destination):
            let (address, port) = try natDestination(destination)
            return builder.finish(target: "DNAT", revision: 2, nf_nat_range2.self) { range in
                range.flags = UInt32(NF_NAT_RANGE_MAP_IPS)
                range.min_addr.ip = address.bigEndian
                range.max_addr.ip = address.bigEndian
                if let port {
                    range.flags |= UInt32(NF_NAT_RANGE_PROTO_SPECIFIED)
                    range.min_proto.all = port.bigEndian
                    range.max_proto.all = port.bigEndian
                }
            }
        case .mark(let operation):
            // libxt_MARK revision 2: --or-mark V is mark=mask=V, --xor-mark V is mark=V mask=0.
            let (mark, mask): (UInt32, UInt32)
            switch operation {
            case .or(let value): (mark, mask) = (value, value)
            case .xor(let value): (mark, mask) = (value, 0)
            case .setXMark(let value, let bits): (mark, mask) = (value, bits)
            }
            return builder.finish(target: "MARK", revision: 2, xt_mark_tginfo2.self) { info in
                info.mark = mark
                info.mask = mask
            }
        case .other(let name, _):
            throw .unsupported("the libiptc backend cannot encode target \(name) (kuberules never emits it)")
        }
    }

    /// libipt_REJECT's names for `enum ipt_reject_with`.
    static func rejectType(_ name: String) throws(ApplyError) -> ipt_reject_with {
        switch name {
        case "icmp-net-unreachable": return IPT_ICMP_NET_UNREACHABLE
        case "icmp-host-unreachable": return IPT_ICMP_HOST_UNREACHABLE
        case "icmp-proto-unreachable": return IPT_ICMP_PROT_UNREACHABLE
        case "icmp-port-unreachable": return IPT_ICMP_PORT_UNREACHABLE
        case "icmp-net-prohibited": return IPT_ICMP_NET_PROHIBITED
        case "icmp-host-prohibited": return IPT_ICMP_HOST_PROHIBITED
        case "tcp-reset": return IPT_TCP_RESET
        case "icmp-admin-prohibited": return IPT_ICMP_ADMIN_PROHIBITED
        default: throw .invalidRuleset("unknown --reject-with \(name)")
        }
    }

    /// The IPv4 address and optional port of a DNAT `ADDR[:PORT]`.
    static func natDestination(_ destination: String) throws(ApplyError) -> (UInt32, UInt16?) {
        let parts = destination.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(parts[0]), case .v4(let value) = address.storage else {
            throw .unsupported("the libiptc backend encodes IPv4 DNAT destinations only, not \(destination)")
        }
        guard parts.count == 2 else { return (value, nil) }
        guard let port = UInt16(parts[1]), port > 0 else {
            throw .invalidRuleset("DNAT port in \(destination) is not 1-65535")
        }
        return (value, port)
    }
}
#endif
