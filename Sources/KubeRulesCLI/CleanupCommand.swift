import ArgumentParser
import KubeRules
import KubeRulesApply

/// `kuberules cleanup`: remove everything `apply` added — kube-proxy's chains, its jump rules in
/// the built-in chains, its nfacct counters (IPVS mode: also its virtual servers, `kube-ipvs0`
/// and its ipsets) — so the host is as it was before.
public struct CleanupCommand: StreamingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Remove kube-proxy's chains and jump rules from this host or a network namespace (root).",
        discussion: """
            Your own rules and chains stay. A rule of yours that jumps into a kube-proxy chain \
            stops the cleanup before anything changes (remove it first). \
            Exit status: 0 cleaned up, 1 failed, 64 bad usage.
            """)

    @OptionGroup public var dataplane: DataplaneOptions

    @Option(name: .customLong("ip-family"), help: "ipv4 (default) or ipv6: whose tables to clean.")
    public var ipFamily: String = "ipv4"

    @Option(name: .customLong("proxy-mode"), help: "iptables (default) or ipvs: ipvs also removes kube-proxy's virtual servers, the kube-ipvs0 device and the ipsets.")
    public var proxyMode: String = "iptables"

    public init() {}

    public func validate() throws {
        guard IPFamily(flagValue: ipFamily) != nil else {
            throw ValidationError("--ip-family must be ipv4 or ipv6, not \(ipFamily).")
        }
        guard ProxyOptions.ProxyMode(rawValue: proxyMode) != nil else {
            throw ValidationError("--proxy-mode must be iptables or ipvs, not \(proxyMode).")
        }
        if proxyMode == ProxyOptions.ProxyMode.ipvs.rawValue, let problem = dataplane.ipvsUsageProblem {
            throw ValidationError(problem + ".")
        }
    }

    public func run(io: CommandIO) throws {
        let family = IPFamily(flagValue: ipFamily) ?? .ipv4
        try dataplane.requireRoot(io, for: "cleanup")
        if proxyMode == ProxyOptions.ProxyMode.ipvs.rawValue {
            let report = try dataplane.reportingFailure(io) { () throws(ApplyError) in
                try dataplane.ipvsApplier(excludeCIDRs: [], family: family).cleanup(family: family)
            }
            io.err("kuberules: cleaned up IPVS mode in \(dataplane.namespace): \(report.summary)\n")
            return
        }
        let plan = try dataplane.reportingFailure(io) { () throws(ApplyError) in
            try dataplane.applier(family: family).cleanup(family: family)
        }
        io.err("kuberules: cleaned up \(dataplane.namespace): \(ApplyCommand.summary(plan))\n")
    }
}
