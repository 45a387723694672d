/// The ipsets kube-proxy's IPVS proxier creates (`pkg/proxy/ipvs/ipset.go` constants and the
/// `ipsetInfo` table in `pkg/proxy/ipvs/proxier.go`), in that table's order — the order kuberules
/// writes them in.
public enum KubeIPSet: String, Hashable, Sendable, CaseIterable {
    case loopBack = "KUBE-LOOP-BACK"
    case clusterIP = "KUBE-CLUSTER-IP"
    case externalIP = "KUBE-EXTERNAL-IP"
    case externalIPLocal = "KUBE-EXTERNAL-IP-LOCAL"
    case loadBalancer = "KUBE-LOAD-BALANCER"
    case loadBalancerFW = "KUBE-LOAD-BALANCER-FW"
    case loadBalancerLocal = "KUBE-LOAD-BALANCER-LOCAL"
    case loadBalancerSourceIP = "KUBE-LOAD-BALANCER-SOURCE-IP"
    case loadBalancerSourceCIDR = "KUBE-LOAD-BALANCER-SOURCE-CIDR"
    case nodePortTCP = "KUBE-NODE-PORT-TCP"
    case nodePortLocalTCP = "KUBE-NODE-PORT-LOCAL-TCP"
    case nodePortUDP = "KUBE-NODE-PORT-UDP"
    case nodePortLocalUDP = "KUBE-NODE-PORT-LOCAL-UDP"
    case nodePortSCTP = "KUBE-NODE-PORT-SCTP-HASH"
    case nodePortLocalSCTP = "KUBE-NODE-PORT-LOCAL-SCTP-HASH"
    case healthCheckNodePort = "KUBE-HEALTH-CHECK-NODE-PORT"
    case ipvsAddresses = "KUBE-IPVS-IPS"

    /// The set's place in ``allCases`` (a switch, not a search: the compiler files every ipset
    /// entry by it). `KubeIPSetTests` checks it against `allCases`.
    var ordinal: Int {
        switch self {
        case .loopBack: return 0
        case .clusterIP: return 1
        case .externalIP: return 2
        case .externalIPLocal: return 3
        case .loadBalancer: return 4
        case .loadBalancerFW: return 5
        case .loadBalancerLocal: return 6
        case .loadBalancerSourceIP: return 7
        case .loadBalancerSourceCIDR: return 8
        case .nodePortTCP: return 9
        case .nodePortLocalTCP: return 10
        case .nodePortUDP: return 11
        case .nodePortLocalUDP: return 12
        case .nodePortSCTP: return 13
        case .nodePortLocalSCTP: return 14
        case .healthCheckNodePort: return 15
        case .ipvsAddresses: return 16
        }
    }

    /// The set type (`ipsetInfo`).
    public var type: IPSetType {
        switch self {
        case .loopBack, .loadBalancerSourceIP: return .hashIPPortIP
        case .loadBalancerSourceCIDR: return .hashIPPortNet
        case .nodePortTCP, .nodePortLocalTCP, .nodePortUDP, .nodePortLocalUDP, .healthCheckNodePort:
            return .bitmapPort
        case .ipvsAddresses: return .hashIP
        case .clusterIP, .externalIP, .externalIPLocal, .loadBalancer, .loadBalancerFW,
            .loadBalancerLocal, .nodePortSCTP, .nodePortLocalSCTP:
            return .hashIPPort
        }
    }

    /// kube-proxy's comment constant; it becomes the `-m comment` of the rule matching the set.
    public var comment: String {
        switch self {
        case .loopBack: return "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose"
        case .clusterIP: return "Kubernetes service cluster ip + port for masquerade purpose"
        case .externalIP: return "Kubernetes service external ip + port for masquerade and filter purpose"
        case .externalIPLocal: return "Kubernetes service external ip + port with externalTrafficPolicy=local"
        case .loadBalancer: return "Kubernetes service lb portal"
        case .loadBalancerLocal: return "Kubernetes service load balancer ip + port with externalTrafficPolicy=local"
        case .loadBalancerFW: return "Kubernetes service load balancer ip + port for load balancer with sourceRange"
        case .loadBalancerSourceIP:
            return "Kubernetes service load balancer ip + port + source IP for packet filter purpose"
        case .loadBalancerSourceCIDR:
            return "Kubernetes service load balancer ip + port + source cidr for packet filter purpose"
        case .nodePortTCP: return "Kubernetes nodeport TCP port for masquerade purpose"
        case .nodePortLocalTCP: return "Kubernetes nodeport TCP port with externalTrafficPolicy=local"
        case .nodePortUDP: return "Kubernetes nodeport UDP port for masquerade purpose"
        case .nodePortLocalUDP: return "Kubernetes nodeport UDP port with externalTrafficPolicy=local"
        case .nodePortSCTP: return "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'"
        case .nodePortLocalSCTP:
            return "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'"
        case .healthCheckNodePort: return "Kubernetes health check node port"
        case .ipvsAddresses: return "Addresses on the ipvs interface"
        }
    }

    /// The kernel name of the set for a family. IPv6 sets replace the `KUBE-` prefix with
    /// `KUBE-6-` and are cut to 31 bytes, ipset's name limit (`NewIPSet`), so
    /// `KUBE-6-LOAD-BALANCER-SOURCE-CIDR` becomes `KUBE-6-LOAD-BALANCER-SOURCE-CID`.
    public func name(for family: IPFamily) -> String {
        guard family == .ipv6 else { return rawValue }
        let renamed = "KUBE-6-" + rawValue.dropFirst("KUBE-".count)
        return String(decoding: renamed.utf8.prefix(31), as: UTF8.self)
    }

    /// The set of node ports for a protocol (all node ports, or only ETP Local ones).
    public static func nodePort(_ proto: TransportProtocol, local: Bool) -> KubeIPSet {
        switch (proto, local) {
        case (.tcp, false): return .nodePortTCP
        case (.tcp, true): return .nodePortLocalTCP
        case (.udp, false): return .nodePortUDP
        case (.udp, true): return .nodePortLocalUDP
        case (.sctp, false): return .nodePortSCTP
        case (.sctp, true): return .nodePortLocalSCTP
        }
    }
}
