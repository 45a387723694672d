/// The three texts IPVS mode produces (`render --proxy-mode ipvs --emit …`), each by its
/// renderer, and the golden file each is kept in.
public enum IPVSText: String, Hashable, Sendable, CaseIterable {
    /// `ipvsadm-restore` input, as `ipvsadm-save -n` prints the table.
    case ipvsadm
    /// `ipset restore` input.
    case ipset
    /// The companion rules as `iptables-restore` (or `ip6tables-restore`) input.
    case iptables

    public func render(_ config: IPVSConfig) -> String {
        switch self {
        case .ipvsadm: return IPVSadmRenderer.render(config)
        case .ipset: return IPSetRenderer.render(config)
        case .iptables: return IptablesRenderer.render(config.iptables)
        }
    }

    /// The fixture file holding this text (`fixtures/<case>/expected.ipvsadm`, …).
    public var goldenFileName: String {
        switch self {
        case .ipvsadm: return "expected.ipvsadm"
        case .ipset: return "expected.ipset"
        case .iptables: return "expected.ipvs-iptables"
        }
    }
}

extension Pipeline {
    /// compile, IPVS mode: the IPVS table, ipsets and companion rules of the graph's node, with
    /// kube-proxy's built-in-chain jumps when `hooks`. Virtual servers two service ports both
    /// claim are reported as warnings.
    public static func ipvs(
        _ graph: ServiceGraph, options: ProxyOptions, hooks: Bool = false, diagnostics: inout DiagnosticCollector
    ) -> IPVSConfig {
        let config = IPVSCompiler(options: options).compile(graph, hooks: hooks)
        for clash in config.conflicts {
            diagnostics.emit(Diagnostic(
                severity: .warning,
                message: "\(clash.dropped) and \(clash.kept) both claim IPVS virtual server "
                    + "\(clash.key.address.joined(port: clash.key.port))/\(clash.key.protocol.apiValue); "
                    + "\(clash.kept) is kept (kube-proxy picks one at random)"))
        }
        return config
    }
}
