/// The `--nodeport-addresses` setting for one family, as kube-proxy's `NodePortAddresses`
/// (`pkg/proxy/util/nodeport_addresses.go`) sees it.
public struct NodePortAddresses: Hashable, Sendable {
    /// The CIDRs of the family; `0.0.0.0/0` (or `::/0`) when none of the family were given.
    public var cidrs: [CIDR]
    /// A zero CIDR was among them: NodePorts on every local address (`-m addrtype --dst-type LOCAL`).
    public var matchAll: Bool
    /// Some CIDR is or contains an IPv4 loopback address (`ContainsIPv4Loopback`); without one,
    /// kube-proxy turns localhost NodePorts off (`NewProxier`).
    public var containsIPv4Loopback: Bool

    /// `NewNodePortAddresses(family, cidrs)`; `primary` becomes the node's primary address of
    /// each family as a /32 or /128, as `cmd/kube-proxy` rewrites it before building the proxier.
    public init(_ setting: ProxyOptions.NodePortAddresses, family: IPFamily, node: NodeInfo) {
        var given: [CIDR]
        switch setting {
        case .all:
            given = []
        case .primary:
            given = node.allAddresses.first { $0.family == family && !$0.isLoopback }
                .map { [CIDR(host: $0)] } ?? []
        case .cidrs(let list):
            given = list
        }
        given = given.filter { $0.family == family }
        if given.isEmpty {
            given = [CIDR(network: family == .ipv4 ? IPAddress(v4: 0) : IPAddress(v6High: 0, low: 0), prefixLength: 0)]
        }
        var cidrs: [CIDR] = []
        var matchAll = false
        var loopback = false
        let loopbackStart = IPAddress(v4: 0x7F00_0000)
        for cidr in given {
            if cidr.family == .ipv4, cidr.network.isLoopback || cidr.contains(loopbackStart) {
                loopback = true
            }
            if cidr.prefixLength == 0 {
                cidrs = [cidr]
                matchAll = true
                break
            }
            cidrs.append(cidr)
        }
        self.cidrs = cidrs
        self.matchAll = matchAll
        self.containsIPv4Loopback = loopback
    }

    /// `GetNodeIPs`: the host's addresses inside the CIDRs. kube-proxy reads them from the
    /// network interfaces; offline, the host's addresses are the node's addresses plus the
    /// loopback address every host has (`127.0.0.1`, `::1`). Sorted, since kube-proxy's order is
    /// a map's (random).
    public func nodeIPs(of node: NodeInfo, family: IPFamily) -> [IPAddress] {
        let loopback = family == .ipv4 ? IPAddress(v4: 0x7F00_0001) : IPAddress(v6High: 0, low: 1)
        let host = Set(node.allAddresses.filter { $0.family == family } + [loopback])
        return host.filter { ip in cidrs.contains { $0.contains(ip) } }.sorted()
    }
}
