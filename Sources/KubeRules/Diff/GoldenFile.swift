/// One file of a golden directory (`render --output-dir`): a node's rules in one mode, family
/// and text, named `<node><suffix>` (`node-1.iptables`, `node-1.ipvsadm`, …).
public struct GoldenFile: Hashable, Sendable, Comparable {
    /// What the file holds; the suffix says it.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case iptables = ".iptables"
        case ip6tables = ".ip6tables"
        case ipvsadm = ".ipvsadm"
        case ipset = ".ipset"
        case ipvsIptables = ".ipvs-iptables"
        case ipvsadm6 = ".ipvsadm6"
        case ipset6 = ".ipset6"
        case ipvsIp6tables = ".ipvs-ip6tables"

        public var mode: ProxyOptions.ProxyMode {
            switch self {
            case .iptables, .ip6tables: return .iptables
            default: return .ipvs
            }
        }

        public var family: IPFamily {
            switch self {
            case .iptables, .ipvsadm, .ipset, .ipvsIptables: return .ipv4
            default: return .ipv6
            }
        }

        /// The files `render --output-dir` writes for a mode and family.
        public static func written(mode: ProxyOptions.ProxyMode, family: IPFamily) -> [Kind] {
            allCases.filter { $0.mode == mode && $0.family == family }
        }

        /// The text of this kind for a node.
        func render(_ graph: ServiceGraph, options: ProxyOptions, hooks: Bool) -> String {
            switch self {
            case .iptables, .ip6tables:
                return IptablesRenderer.render(IptablesCompiler(options: options).compile(graph, hooks: hooks))
            case .ipvsadm, .ipvsadm6:
                return IPVSadmRenderer.render(IPVSCompiler(options: options).compile(graph))
            case .ipset, .ipset6:
                return IPSetRenderer.render(IPVSCompiler(options: options).compile(graph))
            case .ipvsIptables, .ipvsIp6tables:
                return IptablesRenderer.render(IPVSCompiler(options: options).compile(graph, hooks: hooks).iptables)
            }
        }
    }

    public var node: String
    public var kind: Kind

    public init(node: String, kind: Kind) {
        self.node = node
        self.kind = kind
    }

    public var fileName: String { node + kind.rawValue }

    /// The golden file a directory entry names, or nil for any other file. The longest suffix
    /// wins (`.ipvs-iptables` over `.iptables`); node names are DNS subdomains, so a dot in one
    /// is fine.
    public init?(fileName: String) {
        let kinds = Kind.allCases.sorted { $0.rawValue.count > $1.rawValue.count }
        guard let kind = kinds.first(where: { fileName.hasSuffix($0.rawValue) }) else { return nil }
        let node = String(fileName.dropLast(kind.rawValue.count))
        guard !node.isEmpty, !node.hasPrefix(".") else { return nil }
        self.init(node: node, kind: kind)
    }

    public static func < (a: GoldenFile, b: GoldenFile) -> Bool {
        a.fileName.utf8.lexicographicallyPrecedes(b.fileName.utf8)
    }
}
