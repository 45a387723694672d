/// One IPVS virtual service: kube-proxy's `utilipvs.VirtualServer` (`pkg/proxy/ipvs/util/ipvs.go`)
/// plus its real servers, and where it came from (for trace and explain).
///
/// kube-proxy creates one per ClusterIP:port, per external IP:port, per load-balancer ingress
/// IP:port (ipMode VIP) and per node address:nodePort, always with masquerading (NAT)
/// forwarding and weight 1 real servers.
public struct VirtualServer: Hashable, Sendable, CustomStringConvertible {
    /// What kind of service address this virtual server listens on.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case clusterIP = "cluster IP"
        case externalIP = "external IP"
        case loadBalancer = "load balancer IP"
        case nodePort = "node port"
    }

    public var address: IPAddress
    public var port: Int
    public var `protocol`: TransportProtocol
    /// The IPVS scheduler (`rr`, `wrr`, `lc`, `mh`, …), from `--ipvs-scheduler`.
    public var scheduler: String
    public var flags: VirtualServerFlags
    /// Persistence timeout in seconds (`-p`); meaningful only with ``VirtualServerFlags/persistent``.
    public var timeout: Int
    /// The destinations, sorted the way `ipvsadm-save` lists them (see ``IPVSSaveOrder``).
    public var realServers: [RealServer]
    /// The service port this virtual server implements.
    public var servicePort: ServicePortName
    public var kind: Kind
    /// Whether kube-proxy binds the address to the `kube-ipvs0` dummy device (cluster IPs, and
    /// external / LB IPs that are not already a node address); node-port addresses never are.
    public var boundToDummyDevice: Bool

    public init(
        address: IPAddress, port: Int, protocol: TransportProtocol, scheduler: String,
        flags: VirtualServerFlags = [], timeout: Int = 0, realServers: [RealServer] = [],
        servicePort: ServicePortName, kind: Kind, boundToDummyDevice: Bool
    ) {
        self.address = address
        self.port = port
        self.protocol = `protocol`
        self.scheduler = scheduler
        self.flags = flags
        self.timeout = timeout
        self.realServers = realServers
        self.servicePort = servicePort
        self.kind = kind
        self.boundToDummyDevice = boundToDummyDevice
    }

    /// The identity IPVS keys a service by: protocol, address, port.
    public var key: Key { Key(protocol: `protocol`, address: address, port: port) }

    /// kube-proxy's `VirtualServer.String()`: `ip:port/PROTO` (`[ip]:port/PROTO` for IPv6).
    public var description: String { "\(address.joined(port: port))/\(`protocol`.apiValue)" }

    /// Whether ClientIP session affinity (IPVS persistence) is on.
    public var isPersistent: Bool { flags.contains(.persistent) }

    /// A virtual server's identity in the IPVS table.
    public struct Key: Hashable, Sendable {
        public var `protocol`: TransportProtocol
        public var address: IPAddress
        public var port: Int

        public init(protocol: TransportProtocol, address: IPAddress, port: Int) {
            self.protocol = `protocol`
            self.address = address
            self.port = port
        }
    }
}

/// `IP_VS_SVC_F_*` service flags, as kube-proxy sets them (`utilipvs.ServiceFlags`).
public struct VirtualServerFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `IP_VS_SVC_F_PERSISTENT` (0x1): ClientIP session affinity.
    public static let persistent = VirtualServerFlags(rawValue: 0x1)
    /// `IP_VS_SVC_F_HASHED` (0x2): set by the kernel on every service, never printed.
    public static let hashed = VirtualServerFlags(rawValue: 0x2)
    /// `IP_VS_SVC_F_SCHED1` (0x8): `sh-fallback` / `mh-fallback`.
    public static let scheduler1 = VirtualServerFlags(rawValue: 0x8)
    /// `IP_VS_SVC_F_SCHED2` (0x10): kube-proxy's `FlagSourceHash`, `sh-port` / `mh-port`.
    public static let sourceHash = VirtualServerFlags(rawValue: 0x10)
    /// `IP_VS_SVC_F_SCHED3` (0x20).
    public static let scheduler3 = VirtualServerFlags(rawValue: 0x20)
}

/// One IPVS destination of a virtual server (`utilipvs.RealServer`).
public struct RealServer: Hashable, Sendable, CustomStringConvertible {
    /// How IPVS forwards to the destination; kube-proxy always uses masquerading (NAT).
    public enum Forwarding: String, Hashable, Sendable {
        /// `-m`: NAT to the real server.
        case masquerade = "-m"
        /// `-g`: direct routing.
        case gatewaying = "-g"
        /// `-i`: IP-in-IP tunnelling.
        case tunnel = "-i"
    }

    public var address: IPAddress
    public var port: Int
    /// kube-proxy always writes 1 (`syncEndpoint`); 0 means quiesced (graceful termination).
    public var weight: Int
    public var forwarding: Forwarding

    public init(address: IPAddress, port: Int, weight: Int = 1, forwarding: Forwarding = .masquerade) {
        self.address = address
        self.port = port
        self.weight = weight
        self.forwarding = forwarding
    }

    /// `ip:port` (`[ip]:port` for IPv6), kube-proxy's `RealServer.String()`.
    public var description: String { address.joined(port: port) }
}
