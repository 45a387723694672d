/// How rules tell traffic from local pods apart from other traffic: kube-proxy's
/// `LocalTrafficDetector` (`pkg/proxy/util/localdetector.go`), chosen per family as
/// `getLocalDetectors` in `cmd/kube-proxy/app/server_linux.go` does.
public struct LocalTrafficDetector: Hashable, Sendable {
    /// Arguments matching traffic from a local pod (`-s 10.0.0.0/8`); empty when not implemented.
    public var ifLocal: [RuleArgument]
    /// Arguments matching traffic not from a local pod (`! -s 10.0.0.0/8`).
    public var ifNotLocal: [RuleArgument]

    /// kube-proxy's no-op detector (`--detect-local-mode` with nothing to detect by).
    public static let none = LocalTrafficDetector(ifLocal: [], ifNotLocal: [])

    public init(ifLocal: [RuleArgument], ifNotLocal: [RuleArgument]) {
        self.ifLocal = ifLocal
        self.ifNotLocal = ifNotLocal
    }

    /// `NewDetectLocalByCIDR`.
    public static func cidr(_ cidr: CIDR) -> LocalTrafficDetector {
        LocalTrafficDetector(
            ifLocal: [.source(.prefix(cidr))], ifNotLocal: [.source(.prefix(cidr), negated: true)])
    }

    /// `NewDetectLocalByBridgeInterface` / `NewDetectLocalByInterfaceNamePrefix` (pass `name+`).
    public static func interface(_ name: String) -> LocalTrafficDetector {
        LocalTrafficDetector(
            ifLocal: [.inInterface(name)], ifNotLocal: [.inInterface(name, negated: true)])
    }

    /// `IsImplemented()`.
    public var isImplemented: Bool { !ifLocal.isEmpty }

    /// The detector kube-proxy builds for `family` from the options and the node: the first
    /// cluster CIDR (or node pod CIDR) of the family, the bridge or the interface prefix.
    public init(options: ProxyOptions, node: NodeInfo, family: IPFamily) {
        switch options.detectLocalMode {
        case .clusterCIDR:
            self = options.clusterCIDRs.first { $0.family == family }.map(Self.cidr) ?? .none
        case .nodeCIDR:
            self = node.podCIDRs.first { $0.family == family }.map(Self.cidr) ?? .none
        case .bridgeInterface(let name):
            self = .interface(name)
        case .interfaceNamePrefix(let prefix):
            self = .interface(prefix + "+")
        case .none:
            self = .none
        }
    }
}
