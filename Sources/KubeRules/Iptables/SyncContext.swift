/// What one `syncProxyRules` derives from the options and the node before writing rules: the
/// fields kube-proxy's `NewProxier` computes once and the large-cluster switch.
struct SyncContext {
    let family: IPFamily
    let node: NodeInfo
    /// `1 << --iptables-masquerade-bit`.
    let masqueradeMark: UInt32
    let localDetector: LocalTrafficDetector
    let nodePortAddresses: NodePortAddresses
    /// `--iptables-localhost-nodeports` after `NewProxier` turns it off for nodePortAddresses
    /// without an IPv4 loopback address; never on for IPv6.
    let localhostNodePorts: Bool
    /// More than `largeClusterEndpointsThreshold` (1000) endpoints: no comments on `KUBE-SEP-*`
    /// rules, to keep the ruleset small.
    let largeClusterMode: Bool
    /// The node's primary address of the family (`proxier.nodeIP`), for LB source ranges.
    let nodeIP: IPAddress?
    /// `--nfacct`: the counters exist, so rules may match them.
    let nfacct: Bool

    static let largeClusterEndpointsThreshold = 1000

    init(options: ProxyOptions, graph: ServiceGraph) {
        family = graph.family
        node = graph.node
        masqueradeMark = UInt32(1) << UInt32(options.masqueradeBit)
        localDetector = LocalTrafficDetector(options: options, node: graph.node, family: graph.family)
        nodePortAddresses = NodePortAddresses(options.nodePortAddresses, family: graph.family, node: graph.node)
        localhostNodePorts =
            graph.family == .ipv4 && options.localhostNodePorts && nodePortAddresses.containsIPv4Loopback
        // kube-proxy counts every endpoint of every proxied service port (`endpointsMap`), usable
        // or not.
        let total = graph.servicePorts.reduce(0) { $0 + $1.endpoints.count }
        largeClusterMode = total > Self.largeClusterEndpointsThreshold
        nodeIP = graph.node.primaryAddress
        nfacct = options.nfacct
    }
}
