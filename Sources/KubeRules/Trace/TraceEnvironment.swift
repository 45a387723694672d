/// What the tracer knows about the node besides its rules: which addresses are local (for
/// routing and `-m addrtype`), which networks hold its own pods (for `-i` matches when the
/// incoming interface is not given), and the ipsets IPVS mode's rules test.
struct TraceEnvironment: Sendable {
    /// Node addresses of both families, and in IPVS mode the addresses kube-proxy binds to the
    /// `kube-ipvs0` dummy device (cluster IPs, external and LB IPs): the kernel treats all of
    /// them as local. Loopback addresses are always local.
    var localAddresses: Set<IPAddress>
    /// The node's pod CIDRs: a source inside them is a pod of this node.
    var podCIDRs: [CIDR]
    /// IPVS mode's sets by kernel name.
    var ipsets: [String: IPSet]

    /// `-m addrtype --*-type LOCAL` and the routing decision "deliver locally".
    func isLocal(_ address: IPAddress) -> Bool {
        address.isLoopback || localAddresses.contains(address)
    }

    /// The kernel's route type of `address` as `-m addrtype` names it, for the types a node's
    /// routing table decides without configuration.
    func addressType(_ address: IPAddress) -> String {
        if isLocal(address) { return "LOCAL" }
        switch address.storage {
        case .v4(let value):
            if value == 0xFFFF_FFFF { return "BROADCAST" }
            if value >> 28 == 0xE { return "MULTICAST" }
        case .v6(let high, _):
            if high >> 56 == 0xFF { return "MULTICAST" }
        }
        return "UNICAST"
    }

    /// Whether `source` is a pod of this node.
    func isPodOfThisNode(_ source: IPAddress) -> Bool {
        podCIDRs.contains { $0.contains(source) }
    }
}
