/// The `set` match: `-m set [!] --match-set NAME FLAGS`, testing packet fields against an ipset.
///
/// IPVS mode keeps its per-service data in ipsets and matches them from a handful of fixed
/// rules (`pkg/proxy/ipvs/proxier.go`, `writeIptablesRules`). `FLAGS` names, for each dimension
/// of the set's entries in order, which packet field supplies it: `dst,dst` for a
/// `hash:ip,port` set compares destination address and destination port; `dst,dst,src` for a
/// `hash:ip,port,ip` / `hash:ip,port,net` set adds the source address.
public struct SetMatch: Hashable, Sendable, CustomStringConvertible {
    /// Which packet field supplies one dimension of an entry.
    public enum Direction: String, Hashable, Sendable {
        case src
        case dst
    }

    /// The set name (at most 31 bytes, the kernel's `IPSET_MAXNAMELEN - 1`).
    public var name: String
    /// One direction per dimension of the set type, in order.
    public var directions: [Direction]
    /// `! --match-set`: the packet is *not* in the set.
    public var negated: Bool

    public init(name: String, directions: [Direction], negated: Bool = false) {
        self.name = name
        self.directions = directions
        self.negated = negated
    }

    /// The flags token as iptables writes it, e.g. `dst,dst`.
    public var flags: String { directions.map(\.rawValue).joined(separator: ",") }

    /// The rule tokens after `-m set`: `[!] --match-set NAME FLAGS`.
    public var tokens: [String] {
        (negated ? ["!"] : []) + ["--match-set", name, flags]
    }

    public var description: String { (["-m", "set"] + tokens).joined(separator: " ") }
}
