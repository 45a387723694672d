import KubeRules

/// Programs IPVS mode into a host or network namespace: what kube-proxy's IPVS proxier writes in
/// one sync (`syncProxyRules` in `pkg/proxy/ipvs/proxier.go`), as one apply that either lands
/// whole or is undone.
///
/// Before changing anything it checks that the kernel has IPVS (without it nothing is applied:
/// no ipsets, no rules), reads the ipsets, the IPVS table, `kube-ipvs0` and the iptables tables,
/// and plans every step; a conflict found there changes nothing. Then, in an order in which no
/// step refers to something a later step creates:
///
/// 1. `kube-ipvs0` is created when missing (no addresses yet, so no traffic changes);
/// 2. the ipsets (``IPSetPlanner``: new sets filled, changed sets swapped in whole);
/// 3. the companion iptables rules and kube-proxy's jump rules, through the iptables applier
///    (each table atomic, as in iptables mode); they match the sets of step 2;
/// 4. the virtual servers (``IPVSTablePlanner``, `ipvsadm -R`), read back and compared;
/// 5. the service addresses on `kube-ipvs0` (only now does the kernel deliver them locally,
///    where IPVS takes them), and addresses no service uses any more are removed.
///
/// If a step fails, the steps before it are undone, latest first, each from a fresh read of what
/// it changed, and the error names the step and quotes the tool.
public struct IPVSApplier: Sendable {
    public let host: IPVSHost
    /// `--ipvs-exclude-cidrs`: services there are never deleted.
    public let excludeCIDRs: [CIDR]
    /// The iptables applier (restore or libiptc), made only after the kernel check. It should
    /// take no apply lock of its own: this applier holds ``exclusion`` around all its steps.
    public let makeIptables: @Sendable () throws(ApplyError) -> any DataplaneApplier
    /// The apply lock held from the first read to the last step of an apply or cleanup, so no
    /// other kuberules apply interleaves (nil: none; the CLI passes ``ApplyExclusion/standard``).
    public let exclusion: ApplyExclusion?
    /// Termination signals are deferred during the steps; one stops the apply before its next
    /// step, undoing the steps done.
    public let termination: TerminationDeferral

    public init(
        host: IPVSHost, excludeCIDRs: [CIDR] = [], exclusion: ApplyExclusion? = nil,
        termination: TerminationDeferral = .process,
        iptables: @escaping @Sendable () throws(ApplyError) -> any DataplaneApplier
    ) {
        self.host = host
        self.excludeCIDRs = excludeCIDRs
        self.exclusion = exclusion
        self.termination = termination
        self.makeIptables = iptables
    }

    /// The steps' names, in error messages.
    public enum Step {
        public static let device = "kube-ipvs0 device"
        public static let ipsets = "ipsets"
        public static let iptables = "iptables rules"
        public static let virtualServers = "IPVS virtual servers"
        public static let addresses = "kube-ipvs0 addresses"
    }

    /// What ``apply(_:)`` would do, changing nothing. `config` is the compiler's output with
    /// hooks (`IPVSCompiler.compile(_:hooks: true)`).
    public func plan(_ config: IPVSConfig) throws(ApplyError) -> IPVSApplyPlan {
        try planWithApplier(config).plan
    }

    @discardableResult
    public func apply(_ config: IPVSConfig) throws(ApplyError) -> IPVSApplyPlan {
        let held = try exclusion?.acquire()
        defer { withExtendedLifetime(held) {} }
        return try termination.run { (interrupted) throws(ApplyError) -> IPVSApplyPlan in
            try applySteps(config, log: UndoLog(interrupted: interrupted))
        }
    }

    private func applySteps(_ config: IPVSConfig, log: UndoLog) throws(ApplyError) -> IPVSApplyPlan {
        var (plan, iptables) = try planWithApplier(config)
        if plan.createsDevice {
            try log.run(Step.device) { () throws(ApplyError) in try host.createDummyDevice() }
            log.push(Step.device) { () throws(ApplyError) in try host.deleteDummyDevice() }
        }
        if !plan.ipsetLines.isEmpty {
            // Pushed first: a failing `ipset restore` may have run some of its lines.
            log.push(Step.ipsets) { [plan] () throws(ApplyError) in try undoIPSets(plan) }
            try log.run(Step.ipsets) { [plan] () throws(ApplyError) in try host.restoreIPSets(plan.ipsetLines) }
        }
        var applied: AppliedRuleset?
        try log.run(Step.iptables) { () throws(ApplyError) in applied = try iptables.applyReversibly(config.iptables) }
        if let applied {
            plan.iptables = applied.plan
            log.push(Step.iptables) { () throws(ApplyError) in try iptables.revert(applied) }
        }
        if !plan.ipvsadmLines.isEmpty {
            log.push(Step.virtualServers) { [plan] () throws(ApplyError) in
                try syncServices(plan.ipvsadmLinesBack(from: try current()), scope: plan.serviceScope, wanted: plan.before.services)
            }
            try log.run(Step.virtualServers) { [plan] () throws(ApplyError) in
                try syncServices(plan.ipvsadmLines, scope: plan.serviceScope, wanted: plan.wantedServices)
            }
        }
        if !plan.addressLines.isEmpty {
            log.push(Step.addresses) { [plan] () throws(ApplyError) in
                let before = plan.before.device.addresses.filter { $0.family == plan.family }
                try host.changeAddresses(DummyDeviceState.addressLines(
                    wanted: before.sorted { $0.description < $1.description }, current: try host.dummyDevice().addresses,
                    family: plan.family))
            }
            try log.run(Step.addresses) { [plan] () throws(ApplyError) in try host.changeAddresses(plan.addressLines) }
        }
        return plan
    }

    // MARK: - Planning

    private func planWithApplier(_ config: IPVSConfig) throws(ApplyError) -> (plan: IPVSApplyPlan, iptables: any DataplaneApplier) {
        // A configuration a tool would refuse half-way is refused before anything is read.
        let limits = IPVSLimits.problems(config)
        guard limits.isEmpty else { throw .invalidRuleset(limits.map(\.headline).joined(separator: "\n")) }
        try host.requireIPVS()
        let family = config.family
        let ipsets = try host.ipsets(family: family)
        let services = try host.virtualServers()
        let device = try host.dummyDevice()
        if device.exists && !device.isDummy {
            throw .conflictingState("a device named \(DummyDeviceState.name) exists and is not a dummy device (kube-proxy's is)")
        }
        let wantedSets = config.ipsets.map(IPSetPlanner.WantedSet.init)
        try IPSetPlanner.checkCompatible(wantedSets, with: ipsets)

        let wantedList: [IPVSSavedService]
        do {
            wantedList = try IPVSadmParser(file: "ipvsadm-restore").parse(IPVSadmRenderer.render(config))
        } catch {
            throw .invalidRuleset("the compiled IPVS table does not read back: \(error.description)")
        }
        let wanted = IPVSTablePlanner.byKey(wantedList)
        let ownership = IPVSOwnership(family: family, ipsets: ipsets, deviceAddresses: device.addresses, excluded: excludeCIDRs)
        let stale = services.filter { wanted[$0.key] == nil && ownership.owns($0) }.map(\.key)
        let scope = wantedList.map(\.key) + stale
        let current = IPVSTablePlanner.byKey(services)

        let iptables = try makeIptables()
        let rules = try iptables.plan(config.iptables)
        let bound = config[set: .ipvsAddresses]?.entries.compactMap { entry -> IPAddress? in
            if case .ip(let address) = entry { return address } else { return nil }
        } ?? []
        let plan = IPVSApplyPlan(
            family: family, createsDevice: !device.exists,
            ipsetLines: IPSetPlanner.plan(wantedSets.map { ($0.name, $0) }, current: ipsets),
            iptables: rules,
            ipvsadmLines: IPVSTablePlanner.plan(scope: scope, wanted: wanted, current: current),
            addressLines: DummyDeviceState.addressLines(wanted: bound, current: device.addresses, family: family),
            before: .init(ipsets: ipsets, services: current, device: device),
            serviceScope: scope, wantedServices: wanted, wantedSets: wantedSets)
        return (plan, iptables)
    }

    // MARK: - Steps and their undoing

    private func current() throws(ApplyError) -> [String: IPVSSavedService] {
        IPVSTablePlanner.byKey(try host.virtualServers())
    }

    /// Runs `lines` through `ipvsadm -R`, reads the table back, and fails unless every service
    /// of `scope` is as `wanted` says (ipvsadm's exit status alone is not enough: it goes on
    /// after a refused line and reports only the last line's status).
    func syncServices(_ lines: [String], scope: [String], wanted: [String: IPVSSavedService]) throws(ApplyError) {
        guard !lines.isEmpty else { return }
        let result = try host.restoreVirtualServers(lines)
        let problem = IPVSTablePlanner.mismatch(scope: scope, wanted: wanted, current: try current())
        guard result.succeeded, problem == nil else {
            let said = (result.stderr.isEmpty ? result.stdout : result.stderr).trimmingTrailingWhitespace
            let readBack = problem.map { "\nread back with `ipvsadm -S -n`: \($0)" } ?? ""
            throw .toolFailed(
                command: CommandInvocation(host.arguments(["ipvsadm", "-R"])).description, status: result.status,
                message: said + readBack)
        }
    }

    /// Puts kube-proxy's sets back as they were before `plan` (destroying the ones it created).
    private func undoIPSets(_ plan: IPVSApplyPlan) throws(ApplyError) {
        let now = try host.ipsets(family: plan.family)
        let back = plan.wantedSets.map { ($0.name, plan.before.ipsets[$0.name].map(IPSetPlanner.WantedSet.init)) }
        try host.restoreIPSets(IPSetPlanner.plan(back, current: now))
    }
}

extension IPVSApplyPlan {
    /// The `ipvsadm -R` lines that take the services of scope from `current` back to ``before``.
    func ipvsadmLinesBack(from current: [String: IPVSSavedService]) -> [String] {
        IPVSTablePlanner.plan(scope: serviceScope, wanted: before.services, current: current)
    }
}

/// The undo actions of the steps done so far; turns a step's failure into the error to report,
/// after undoing them, latest first.
final class UndoLog: @unchecked Sendable {
    private var actions: [(step: String, undo: () throws(ApplyError) -> Void)] = []
    /// A deferred termination signal, checked before each step (``TerminationDeferral``).
    private let interrupted: () -> String?

    init(interrupted: @escaping () -> String? = { nil }) {
        self.interrupted = interrupted
    }

    func push(_ step: String, _ undo: @escaping () throws(ApplyError) -> Void) {
        actions.append((step, undo))
    }

    /// Runs `work`; if it fails, undoes everything pushed and throws what happened.
    func run(_ step: String, _ work: () throws(ApplyError) -> Void) throws(ApplyError) {
        do throws(ApplyError) {
            if let signal = interrupted() { throw .interrupted(signal: signal, rolledBack: []) }
            try work()
        } catch {
            var undone: [String] = []
            for action in actions.reversed() {
                do {
                    try action.undo()
                } catch let undoError {
                    throw .undoFailed(step: step, error: error, undoing: action.step, undoError: undoError)
                }
                undone.append(action.step)
            }
            actions.removeAll()
            throw .stepFailed(operation: "apply", step: step, error: error, undone: undone)
        }
    }
}
