/// A partial ``ProxyOptions``: what one source (the command line, or a `KubeProxyConfiguration`
/// file) sets. Sources are layered with ``ProxyOptions/init(layers:)``: later layers win.
public struct ProxyOptionOverrides: Hashable, Sendable {
    public var proxyMode: ProxyOptions.ProxyMode?
    public var hostname: String?
    public var nodeIPs: [IPAddress]?
    public var clusterCIDRs: [CIDR]?
    public var detectLocalMode: ProxyOptions.LocalDetector?
    public var masqueradeBit: Int?
    public var masqueradeAll: Bool?
    public var nodePortAddresses: ProxyOptions.NodePortAddresses?
    public var localhostNodePorts: Bool?
    public var ipFamily: IPFamily?
    public var ipvsScheduler: String?
    public var ipvsStrictARP: Bool?
    public var ipvsExcludeCIDRs: [CIDR]?
    public var randomFully: Bool?
    public var nfacct: Bool?
    public var conntrackTCPBeLiberal: Bool?
    public var featureGates: [String: Bool]?
    public var serviceNodePortRange: ClosedRange<Int>?

    public init() {}
}

extension ProxyOptions {
    /// Defaults, then each layer in order (e.g. `[configFile, commandLine]`).
    public init(layers: [ProxyOptionOverrides]) {
        self.init()
        for layer in layers {
            if let v = layer.proxyMode { proxyMode = v }
            if let v = layer.hostname { hostname = v }
            if let v = layer.nodeIPs { nodeIPs = v }
            if let v = layer.clusterCIDRs { clusterCIDRs = v }
            if let v = layer.detectLocalMode { detectLocalMode = v }
            if let v = layer.masqueradeBit { masqueradeBit = v }
            if let v = layer.masqueradeAll { masqueradeAll = v }
            if let v = layer.nodePortAddresses { nodePortAddresses = v }
            if let v = layer.localhostNodePorts { localhostNodePorts = v }
            if let v = layer.ipFamily { ipFamily = v }
            if let v = layer.ipvsScheduler { ipvsScheduler = v }
            if let v = layer.ipvsStrictARP { ipvsStrictARP = v }
            if let v = layer.ipvsExcludeCIDRs { ipvsExcludeCIDRs = v }
            if let v = layer.randomFully { randomFully = v }
            if let v = layer.nfacct { nfacct = v }
            if let v = layer.conntrackTCPBeLiberal { conntrackTCPBeLiberal = v }
            if let v = layer.featureGates { featureGates.merge(v) { _, new in new } }
            if let v = layer.serviceNodePortRange { serviceNodePortRange = v }
        }
    }
}
