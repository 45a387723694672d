import KubeRules

/// Which virtual servers already in the IPVS table kuberules may replace or delete.
///
/// kube-proxy deletes every virtual server of its family that the current sync did not create,
/// except those inside `--ipvs-exclude-cidrs` (`cleanLegacyService` in
/// `pkg/proxy/ipvs/proxier.go`): it assumes it owns the whole table. kuberules programs hosts that
/// may run other IPVS users, so it deletes only what its previous apply left, and it reads that
/// record from the kernel itself, before changing anything:
///
/// - services on an address bound to `kube-ipvs0`, or listed in `KUBE-IPVS-IPS` (cluster IPs,
///   and external / load-balancer IPs that are not node addresses);
/// - services whose `ip,proto:port` is in `KUBE-CLUSTER-IP`, `KUBE-EXTERNAL-IP`,
///   `KUBE-EXTERNAL-IP-LOCAL`, `KUBE-LOAD-BALANCER` or `KUBE-NODE-PORT-SCTP-HASH`;
/// - TCP and UDP services on a port in `KUBE-NODE-PORT-TCP` / `-UDP` (node ports, whichever node
///   address they were on).
///
/// Like kube-proxy, it never touches services of the other family, firewall-mark services, or
/// services inside `--ipvs-exclude-cidrs`.
public struct IPVSOwnership: Hashable, Sendable {
    public var family: IPFamily
    public var boundAddresses: Set<IPAddress>
    /// `ip,proto:port`, as ipset prints hash:ip,port entries.
    public var addressPorts: Set<String>
    /// `proto:port` of node ports.
    public var nodePorts: Set<String>
    public var excluded: [CIDR]

    public init(family: IPFamily, ipsets: IPSetSnapshot, deviceAddresses: Set<IPAddress>, excluded: [CIDR]) {
        self.family = family
        self.excluded = excluded
        func entries(_ set: KubeIPSet) -> Set<String> { ipsets[set.name(for: family)]?.entries ?? [] }
        boundAddresses = deviceAddresses.union(entries(.ipvsAddresses).compactMap { IPAddress($0) })
        addressPorts = [KubeIPSet.clusterIP, .externalIP, .externalIPLocal, .loadBalancer, .nodePortSCTP]
            .reduce(into: Set<String>()) { $0.formUnion(entries($1)) }
        nodePorts = Set(entries(.nodePortTCP).map { "tcp:\($0)" } + entries(.nodePortUDP).map { "udp:\($0)" })
    }

    /// Whether `service` was kube-proxy's (kuberules') before this run.
    public func owns(_ service: IPVSSavedService) -> Bool {
        guard let (proto, address, port) = IPVSServiceKey.parse(service), address.family == family else { return false }
        if excluded.contains(where: { $0.contains(address) }) { return false }
        return boundAddresses.contains(address) || addressPorts.contains("\(address),\(proto.rawValue):\(port)")
            || nodePorts.contains("\(proto.rawValue):\(port)")
    }

    /// Whether kuberules may touch `service` at all: its family, outside the excluded CIDRs.
    public func isInScope(_ service: IPVSSavedService) -> Bool {
        guard let (_, address, _) = IPVSServiceKey.parse(service), address.family == family else { return false }
        return !excluded.contains { $0.contains(address) }
    }
}

/// Reads a saved service's identity back into typed values.
enum IPVSServiceKey {
    /// `(protocol, address, port)` of a `-t`/`-u`/`--sctp-service` service; nil for `-f`.
    static func parse(_ service: IPVSSavedService) -> (TransportProtocol, IPAddress, Int)? {
        let proto: TransportProtocol
        switch service.protocolOption {
        case "-t": proto = .tcp
        case "-u": proto = .udp
        case "--sctp-service": proto = .sctp
        default: return nil
        }
        guard let (address, port) = hostPort(service.address) else { return nil }
        return (proto, address, port)
    }

    /// `a.b.c.d:port` or `[v6]:port`.
    static func hostPort(_ text: String) -> (IPAddress, Int)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                let address = IPAddress(text[text.index(after: text.startIndex)..<close])
            else { return nil }
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()) else { return nil }
            return (address, port)
        }
        guard let colon = text.lastIndex(of: ":"), let address = IPAddress(text[..<colon]),
            let port = Int(text[text.index(after: colon)...])
        else { return nil }
        return (address, port)
    }
}
