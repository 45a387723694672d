extension PacketTracer {
    /// The tracer for the graph's node in the mode of `options`: the rules compiled as
    /// `render --hooks` writes them (iptables mode), or the IPVS table, ipsets and companion
    /// rules with their hook rules (IPVS mode).
    public init(graph: ServiceGraph, options: ProxyOptions) {
        switch options.proxyMode {
        case .iptables:
            self.init(ruleset: IptablesCompiler(options: options).compile(graph, hooks: true), node: graph.node)
        case .ipvs:
            self.init(ipvs: IPVSCompiler(options: options).compile(graph, hooks: true), node: graph.node)
        }
    }

    /// Parses `ip:port` or `[ipv6]:port` as `--destination` takes it.
    public static func parseDestination(_ text: String) -> (IPAddress, Int)? {
        guard let (address, port) = ChainWalker.hostPort(text), let port, (1...65535).contains(port) else { return nil }
        return (address, port)
    }
}
