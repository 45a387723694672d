/// Everything kube-proxy's IPVS proxier programs on one node for one family: the IPVS table, the
/// ipsets, and the companion iptables rules (`pkg/proxy/ipvs/proxier.go`, `syncProxyRules`).
///
/// Built by ``IPVSCompiler``; printed by ``IPVSadmRenderer`` (`ipvsadm-restore` text),
/// ``IPSetRenderer`` (`ipset restore` text) and the iptables renderer (the ``Ruleset``).
/// Every list is in a fixed order, so equal inputs give byte-identical output.
public struct IPVSConfig: Hashable, Sendable {
    public var family: IPFamily
    /// Virtual servers in `ipvsadm-save` order (``IPVSSaveOrder``), real servers likewise.
    public var virtualServers: [VirtualServer]
    /// All of kube-proxy's sets, empty ones too (kube-proxy creates every set on every sync), in
    /// ``KubeIPSet`` order.
    public var ipsets: [IPSet]
    /// The `nat` and `filter` rules IPVS mode writes with `iptables-restore --noflush`.
    public var iptables: Ruleset
    /// Virtual servers that two service ports both claimed (same protocol, address, port); the
    /// one kept is named in ``VirtualServer/servicePort``. kube-proxy resolves such clashes by
    /// map order (at random); kuberules keeps the last in service-port order and reports it.
    public var conflicts: [Conflict]

    public init(
        family: IPFamily, virtualServers: [VirtualServer], ipsets: [IPSet], iptables: Ruleset,
        conflicts: [Conflict] = []
    ) {
        self.family = family
        self.virtualServers = virtualServers
        self.ipsets = ipsets
        self.iptables = iptables
        self.conflicts = conflicts
    }

    /// The set with kube-proxy's name `set` (looked up by role, whatever the family prefix).
    public subscript(set set: KubeIPSet) -> IPSet? {
        let name = set.name(for: family)
        return ipsets.first { $0.name == name }
    }

    /// The virtual server for a destination, if IPVS has one.
    public func virtualServer(
        protocol proto: TransportProtocol, address: IPAddress, port: Int
    ) -> VirtualServer? {
        virtualServers.first { $0.protocol == proto && $0.address == address && $0.port == port }
    }

    /// Two service ports wanting the same virtual server.
    public struct Conflict: Hashable, Sendable {
        public var key: VirtualServer.Key
        /// The service port whose virtual server was replaced.
        public var dropped: ServicePortName
        /// The service port whose virtual server was kept.
        public var kept: ServicePortName

        public init(key: VirtualServer.Key, dropped: ServicePortName, kept: ServicePortName) {
            self.key = key
            self.dropped = dropped
            self.kept = kept
        }
    }
}
