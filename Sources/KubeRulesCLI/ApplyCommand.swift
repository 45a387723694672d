import ArgumentParser
import KubeRules
import KubeRulesApply

/// `kuberules apply FILE…`: program the rules kube-proxy would write for the node into this host
/// or a network namespace — only kube-proxy's chains and its jump rules, each table atomically.
public struct ApplyCommand: StreamingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Program a node's kube-proxy rules into this host or a network namespace (root).",
        discussion: """
            Only kube-proxy's chains (KUBE-*) and its jump rules in the built-in chains are \
            touched; your own rules and chains stay. Each table changes atomically; if the kernel \
            refuses a table, the tables keep their previous rules and the refused rule is named. \
            IPVS mode (--proxy-mode ipvs) also programs kube-proxy's ipsets, the virtual servers \
            (ipvsadm) and the kube-ipvs0 device, and needs a kernel with IPVS; a failed step \
            undoes the steps before it. \
            Exit status: 0 applied, 1 apply failed (nothing changed), 2 bad input, 64 bad usage.
            """)

    @OptionGroup public var input: InputOptions
    @OptionGroup public var dataplane: DataplaneOptions

    @Flag(name: .customLong("dry-run"), help: "Print the iptables-restore input that would be applied (one block per table; IPVS mode: also the ipset restore and ipvsadm -R input) and change nothing.")
    public var dryRun = false

    public init() {}

    public func run(io: CommandIO) throws {
        var ruleset: Ruleset?
        var ipvs: (config: IPVSConfig, options: ProxyOptions)?
        try DiagnosticRunner.run(io) { (diagnostics: inout DiagnosticCollector) throws(DiagnosticsError) -> String in
            let (options, manifests) = try input.load(io: io, diagnostics: &diagnostics)
            let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
            // With the jump rules from the built-in chains: a bare host needs them.
            switch options.proxyMode {
            case .iptables:
                let compiled = IptablesCompiler(options: options).compile(graph, hooks: true)
                // A ruleset iptables would refuse or misread is bad input, refused before touching anything.
                let problems = RulesetLimits.problems(compiled)
                if !problems.isEmpty { throw DiagnosticsError(problems) }
                ruleset = compiled
            case .ipvs:
                let config = Pipeline.ipvs(graph, options: options, hooks: true, diagnostics: &diagnostics)
                // What ipset, ipvsadm or iptables-restore would refuse half-way is bad input.
                let problems = IPVSLimits.problems(config)
                if !problems.isEmpty { throw DiagnosticsError(problems) }
                ipvs = (config, options)
            }
            return ""
        }
        if let ipvs { return try applyIPVS(ipvs.config, options: ipvs.options, io: io) }
        guard let ruleset else { return }
        try dataplane.requireRoot(io, for: dryRun ? "apply --dry-run" : "apply")
        let plan = try dataplane.reportingFailure(io) { () throws(ApplyError) in
            let applier = try dataplane.applier(family: ruleset.family)
            return dryRun ? try applier.plan(ruleset) : try applier.apply(ruleset)
        }
        if dryRun {
            io.out(plan.restoreText)
        } else {
            io.err("kuberules: applied to \(dataplane.namespace): \(Self.summary(plan))\n")
        }
    }

    /// IPVS mode: ipsets, companion rules, virtual servers and `kube-ipvs0` (``IPVSApplier``).
    private func applyIPVS(_ config: IPVSConfig, options: ProxyOptions, io: CommandIO) throws {
        // The mode may come from --config, so this usage error is found only now.
        if let problem = dataplane.ipvsUsageProblem {
            io.err("kuberules: error: \(problem)\n")
            throw ExitCode(64)
        }
        try dataplane.requireRoot(io, for: dryRun ? "apply --dry-run" : "apply")
        let applier = dataplane.ipvsApplier(excludeCIDRs: options.ipvsExcludeCIDRs, family: config.family)
        let plan = try dataplane.reportingFailure(io) { () throws(ApplyError) in
            dryRun ? try applier.plan(config) : try applier.apply(config)
        }
        if dryRun {
            io.out(plan.dryRunText(namespace: dataplane.namespace))
        } else {
            io.err("kuberules: applied IPVS mode to \(dataplane.namespace): \(plan.summary)\n")
        }
    }

    /// `filter: 12 changes, nat: up to date`.
    static func summary(_ plan: ApplyPlan) -> String {
        plan.transactions.map { transaction in
            "\(transaction.table.rawValue): " + (transaction.isEmpty ? "up to date" : "\(transaction.operations.count) changes")
        }.joined(separator: ", ")
    }
}
