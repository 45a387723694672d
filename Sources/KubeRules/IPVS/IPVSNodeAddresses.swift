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
        // With "match all" node ports go on every usable address; otherwise kube-proxy matches
        // every interface address but loopback against the CIDRs (`GetNodeIPs`), not only the
        // ones valid for an ipset.
        let npa = NodePortAddresses(nodePortAddresses, family: family, node: node)
        nodePort = npa.matchAll ? all : npa.nodeIPs(of: node, family: family).filter { !$0.isLoopback }
    }

    /// `netlinkHandle.isValidForSet` (`pkg/proxy/ipvs/netlink_linux.go`).
    static func isValidForSet(_ ip: IPAddress, family: IPFamily) -> Bool {
        guard ip.family == family, !ip.isLoopback else { return false }
        if family == .ipv6, CIDR("fe80::/10")!.contains(ip) { return false }
        return true
    }
}
