/// The node addresses IPVS mode uses, from the rendered node and `--nodeport-addresses`.
///
/// kube-proxy lists the addresses of every interface except `kube-ipvs0` and keeps those valid
/// for an ipset of the family (`netlinkHandle.isValidForSet`: the right family, not loopback, and
/// for IPv6 not link-local). Offline, the node's addresses are those of the rendered family in
/// ``NodeInfo/addresses`` (from the Node object or `--node-ip`).
struct IPVSNodeAddresses {
    /// Every usable node address: decides whether an external / LB IP is bound to `kube-ipvs0`.
    var all: [IPAddress]
    /// The addresses that get a node-port virtual server (`syncProxyRules`, `nodeIPs`).
    var nodePort: [IPAddress]
    /// The primary address, tested against `loadBalancerSourceRanges` (`proxier.nodeIP`).
    var primary: IPAddress?

    init(node: NodeInfo, family: IPFamily, nodePortAddresses: ProxyOptions.NodePortAddresses) {
        var seen = Set<IPAddress>()
        let unique = node.addresses.filter { $0.family == family && seen.insert($0).inserted }
        let all = unique.filter { Self.isValidForSet($0, family: family) }
        let primary = unique.first
        self.all = all
        self.primary = primary
        // With explicit CIDRs kube-proxy matches every interface address but loopback
        // (`NodePortAddresses.GetNodeIPs`), not only the ones valid for an ipset.
        let candidates = unique.filter { !$0.isLoopback }
        switch nodePortAddresses {
        case .all:
            nodePort = all
        case .primary:
            // kube-proxy turns `primary` into the node IP's host CIDR before the proxier sees it.
            nodePort = candidates.filter { $0 == primary }
        case .cidrs(let cidrs):
            // `NewNodePortAddresses`: no CIDR of this family, or a zero CIDR, matches all.
            let ofFamily = cidrs.filter { $0.family == family }
            if ofFamily.isEmpty || ofFamily.contains(where: { $0.prefixLength == 0 }) {
                nodePort = all
            } else {
                nodePort = candidates.filter { ip in ofFamily.contains { $0.contains(ip) } }
            }
        }
    }

    /// `netlinkHandle.isValidForSet` (`pkg/proxy/ipvs/netlink_linux.go`).
    static func isValidForSet(_ ip: IPAddress, family: IPFamily) -> Bool {
        guard ip.family == family, !ip.isLoopback else { return false }
        if family == .ipv6, CIDR("fe80::/10")!.contains(ip) { return false }
        return true
    }
}
