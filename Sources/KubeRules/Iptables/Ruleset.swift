/// The typed iptables document: what the compiler produces, the renderer prints as
/// `iptables-restore` text, the parser reads back, the appliers program and the tracer walks.
///
/// A ruleset is per family (`iptables-restore` vs `ip6tables-restore`). Tables appear in the order
/// they are written (kube-proxy writes `filter` then `nat`); within a table, chains in declaration
/// order, each with its rules in order.
public struct Ruleset: Hashable, Sendable {
    public var family: IPFamily
    public var tables: [Table]

    public init(family: IPFamily, tables: [Table] = []) {
        self.family = family
        self.tables = tables
    }

    public subscript(table name: TableName) -> Table? {
        tables.first { $0.name == name }
    }

    /// Number of `-A` rules in every table.
    public var ruleCount: Int { tables.reduce(0) { $0 + $1.ruleCount } }
}

/// An iptables table.
public enum TableName: String, Hashable, Sendable, CaseIterable, Comparable {
    case filter
    case nat
    case mangle
    case raw

    /// Built-in chains of the table, in `iptables-save` order.
    public var builtinChains: [String] {
        switch self {
        case .filter: return ["INPUT", "FORWARD", "OUTPUT"]
        case .nat: return ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"]
        case .mangle: return ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"]
        case .raw: return ["PREROUTING", "OUTPUT"]
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// One table: declared chains with their rules, and chains to delete (`-X`, stale chains).
public struct Table: Hashable, Sendable {
    public var name: TableName
    public var chains: [Chain]
    /// Chains deleted by this restore (`-X NAME`, written after the rules).
    public var deletedChains: [String]
    /// Rules in built-in chains that the text does not declare: kube-proxy's jump rules
    /// (`render --hooks`), written as `-I CHAIN N` after the declared chains' rules.
    public var hooks: [HookRule]

    public init(
        name: TableName, chains: [Chain] = [], deletedChains: [String] = [], hooks: [HookRule] = []
    ) {
        self.name = name
        self.chains = chains
        self.deletedChains = deletedChains
        self.hooks = hooks
    }

    public subscript(chain name: String) -> Chain? {
        chains.first { $0.name == name }
    }

    public var ruleCount: Int { chains.reduce(0) { $0 + $1.rules.count } + hooks.count }
}

/// A rule placed in a built-in chain (`INPUT`, `PREROUTING`, …) without declaring that chain, so
/// loading the text leaves the chain's policy and other rules alone.
///
/// kube-proxy adds its jump rules with `iptables -I CHAIN` (prepend), one after the other
/// (`pkg/proxy/iptables/proxier.go`, `iptablesJumpChains`); ``position`` is the 1-based place the
/// rule ends up at among kube-proxy's own jumps, so `-I CHAIN 1`, `-I CHAIN 2`, … in text order
/// leaves the chain exactly as kube-proxy's successive prepends do. `nil` appends (`-A CHAIN`).
public struct HookRule: Hashable, Sendable {
    public var chain: String
    public var position: Int?
    public var rule: Rule

    public init(chain: String, position: Int?, rule: Rule) {
        self.chain = chain
        self.position = position
        self.rule = rule
    }
}

/// A chain declaration (`:NAME POLICY [packets:bytes]`) and its rules.
public struct Chain: Hashable, Sendable {
    public var name: String
    /// `ACCEPT`/`DROP` for built-in chains; nil (`-`) for user chains.
    public var policy: String?
    /// Counters as read from a saved dump; kube-proxy writes `[0:0]`. Ignored by comparisons.
    public var packets: UInt64
    public var bytes: UInt64
    public var rules: [Rule]

    public init(
        name: String, policy: String? = nil, rules: [Rule] = [], packets: UInt64 = 0,
        bytes: UInt64 = 0
    ) {
        self.name = name
        self.policy = policy
        self.rules = rules
        self.packets = packets
        self.bytes = bytes
    }

    public var isBuiltin: Bool { policy != nil }
}

/// One `-A CHAIN …` rule: ordered arguments, then a target.
///
/// Arguments keep kube-proxy's order (`-m tcp -p tcp -d 172.30.0.41 --dport 80`), so the
/// renderer reproduces kube-proxy's text byte for byte without deciding anything.
public struct Rule: Hashable, Sendable {
    public var arguments: [RuleArgument]
    public var target: Target

    public init(_ arguments: [RuleArgument], _ target: Target) {
        self.arguments = arguments
        self.target = target
    }

    /// The `-m comment --comment` text, if any.
    public var comment: String? {
        for argument in arguments {
            if case .comment(let text) = argument { return text }
        }
        return nil
    }
}

/// One typed piece of a rule's match part. Each case renders to a fixed token sequence.
///
/// Cases whose payload is wider than a `String` and a flag are `indirect` (boxed): a large
/// cluster holds a few hundred thousand argument arrays, and every element is as wide as the
/// widest case, so boxing the rare wide ones (addresses, which carry a CIDR, and the match
/// structs) cuts each element from 56 to 24 bytes. Matching and construction are unchanged.
public enum RuleArgument: Hashable, Sendable {
    /// `[!] -p tcp`
    case `protocol`(TransportProtocol, negated: Bool = false)
    /// `[!] -s ADDR[/LEN]` — an address (printed bare) or a prefix.
    indirect case source(AddressMatch, negated: Bool = false)
    /// `[!] -d ADDR[/LEN]`
    indirect case destination(AddressMatch, negated: Bool = false)
    /// `[!] -i NAME` (`+` suffix allowed: a prefix match)
    case inInterface(String, negated: Bool = false)
    /// `[!] -o NAME`
    case outInterface(String, negated: Bool = false)
    /// `-m tcp` / `-m udp` / `-m sctp`: loads the protocol match whose `--dport`/`--sport`
    /// options may follow later in the rule (kube-proxy writes `-m tcp -p tcp -d IP --dport N`).
    case protocolModule(TransportProtocol)
    /// `[!] --dport N` (option of the preceding protocol module)
    case destinationPort(Int, negated: Bool = false)
    /// `[!] --sport N`
    case sourcePort(Int, negated: Bool = false)
    /// `-m comment --comment TEXT` (quoted when it contains anything but safe characters)
    case comment(String)
    /// `-m mark [!] --mark VALUE[/MASK]`
    case mark(value: UInt32, mask: UInt32?, negated: Bool = false)
    /// `-m conntrack [!] --ctstate S1,S2`
    case conntrackState([String], negated: Bool = false)
    /// `-m addrtype [!] --src-type T | --dst-type T [--limit-iface-in|--limit-iface-out]`
    indirect case addressType(AddressTypeMatch)
    /// `-m statistic --mode random --probability P` (P printed by the compiler, 10 decimals)
    case statisticRandom(probability: String)
    /// `-m recent --name N --set|--rcheck --seconds S --reap [--mask M] [--rsource]`
    indirect case recent(RecentMatch)
    /// `-m nfacct --nfacct-name NAME`
    case nfacct(String)
    /// `-m set [!] --match-set NAME dst,dst` — an ipset lookup (IPVS mode's companion rules).
    indirect case matchSet(SetMatch)
    /// `-m physdev` and anything else kuberules has no typed case for: kept verbatim (`-m NAME`
    /// followed by its raw option tokens) so comparisons still work. Read from live dumps, and
    /// emitted by IPVS mode for its two rare matches, `-m physdev ! --physdev-is-in` and
    /// `-m ipvs --vaddr … --vproto … --vport …` (see ``IPVSIptablesCompiler``).
    indirect case otherMatch(module: String, tokens: [String])
    /// Tokens outside any match module that kuberules does not model (`-f`, `-g CHAIN`, …), read
    /// from a live dump and printed verbatim.
    case raw([String])
}

/// An address or prefix as written (`10.0.0.1` or `10.0.0.0/8`).
public enum AddressMatch: Hashable, Sendable, CustomStringConvertible {
    case address(IPAddress)
    case prefix(CIDR)

    public var description: String {
        switch self {
        case .address(let address): return address.description
        case .prefix(let cidr): return cidr.description
        }
    }

    public func contains(_ address: IPAddress) -> Bool {
        switch self {
        case .address(let own): return own == address
        case .prefix(let cidr): return cidr.contains(address)
        }
    }
}

public struct AddressTypeMatch: Hashable, Sendable {
    public enum Direction: Hashable, Sendable {
        case source
        case destination
    }

    public var direction: Direction
    /// `LOCAL`, `UNICAST`, …
    public var type: String
    public var negated: Bool
    /// `--limit-iface-in` (source) / `--limit-iface-out` (destination)
    public var limitInterface: Bool

    public init(direction: Direction, type: String, negated: Bool = false, limitInterface: Bool = false) {
        self.direction = direction
        self.type = type
        self.negated = negated
        self.limitInterface = limitInterface
    }
}

public struct RecentMatch: Hashable, Sendable {
    public enum Mode: Hashable, Sendable {
        /// `--set`
        case set
        /// `--rcheck --seconds S --reap`
        case check(seconds: Int, reap: Bool)
    }

    public var name: String
    public var mode: Mode
    /// `--mask 255.255.255.255 --rsource` as iptables-save adds them; kube-proxy omits both.
    public var mask: String?
    public var rsource: Bool

    public init(name: String, mode: Mode, mask: String? = nil, rsource: Bool = false) {
        self.name = name
        self.mode = mode
        self.mask = mask
        self.rsource = rsource
    }
}

/// What a rule does when it matches.
public enum Target: Hashable, Sendable {
    /// `-j CHAIN` (a user chain)
    case jump(String)
    /// `-j ACCEPT`
    case accept
    /// `-j DROP`
    case drop
    /// `-j RETURN`
    case `return`
    /// `-j REJECT [--reject-with TYPE]`
    case reject(with: String?)
    /// `-j MASQUERADE [--random-fully]`
    case masquerade(randomFully: Bool)
    /// `-j DNAT --to-destination ADDR:PORT` (text as kube-proxy writes it, `[v6]:port` for IPv6)
    case dnat(toDestination: String)
    /// `-j MARK --or-mark V` / `--xor-mark V` / `--set-xmark V/M`
    case mark(MarkOperation)
    /// A target kuberules never emits, read from a live dump: `-j NAME` and raw option tokens.
    case other(name: String, tokens: [String])
    /// No `-j` at all: the rule only counts packets. kube-proxy ends every `KUBE-FW-*` chain
    /// with such a rule ("other traffic to … will be dropped by KUBE-PROXY-FIREWALL").
    case none
}

public enum MarkOperation: Hashable, Sendable {
    case or(UInt32)
    case xor(UInt32)
    case setXMark(value: UInt32, mask: UInt32)
}
