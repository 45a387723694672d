import KubeRules

/// What `cleanup --proxy-mode ipvs` removed.
public struct IPVSCleanupReport: Hashable, Sendable {
    public var family: IPFamily
    /// Whether the kernel had IPVS (without it there are no virtual servers to remove).
    public var hadIPVS: Bool
    /// `ipvsadm -R` input: one `-D` per virtual server kuberules owned.
    public var ipvsadmLines: [String]
    /// `ip link del kube-ipvs0`, or `ip -batch` lines removing this family's addresses from it
    /// when the other family still has some.
    public var deviceCommands: [String]
    public var iptables: ApplyPlan
    /// `ipset restore` input: one `destroy` per set.
    public var ipsetLines: [String]

    /// `IPVS: 3 removed, kube-ipvs0: deleted, nat: 9 changes, filter: 12 changes, ipsets: 17 removed`.
    public var summary: String {
        var parts = [hadIPVS ? "IPVS: \(ipvsadmLines.count) removed" : "IPVS: not in this kernel"]
        parts.append("\(DummyDeviceState.name): " + (deviceCommands.isEmpty ? "absent" : deviceCommands == [IPVSApplier.deleteDeviceCommand] ? "deleted" : "\(deviceCommands.count) addresses removed"))
        parts += iptables.transactions.map { "\($0.table.rawValue): " + ($0.isEmpty ? "clean" : "\($0.operations.count) changes") }
        parts.append("ipsets: \(ipsetLines.count) removed")
        return parts.joined(separator: ", ")
    }
}

extension IPVSApplier {
    static let deleteDeviceCommand = "ip link del \(DummyDeviceState.name)"

    /// Removes what IPVS-mode applies added for `family`, in kube-proxy's order
    /// (`cleanupLeftovers` in `pkg/proxy/ipvs/cleanup.go`): the virtual servers, the dummy
    /// device, the iptables rules (kube-proxy's chains and the jump rules of both modes), and
    /// last the ipsets, which the kernel refuses to destroy while a rule still uses them.
    ///
    /// kube-proxy flushes the whole IPVS table; kuberules deletes only the services it owns
    /// (``IPVSOwnership``, read from the sets before they go). It deletes `kube-ipvs0` only when
    /// no address of the other family is left on it. A kernel without IPVS is not an error here:
    /// there is simply no virtual server to remove. Steps are not undone; each is safe to repeat.
    @discardableResult
    public func cleanup(family: IPFamily) throws(ApplyError) -> IPVSCleanupReport {
        let held = try exclusion?.acquire()
        defer { withExtendedLifetime(held) {} }
        let hadIPVS = try host.hasIPVS()
        let ipsets = try host.ipsets(family: family)
        let device = try host.dummyDevice()
        if device.exists && !device.isDummy {
            throw .conflictingState("a device named \(DummyDeviceState.name) exists and is not a dummy device (kube-proxy's is); kuberules leaves it alone")
        }
        let ownership = IPVSOwnership(family: family, ipsets: ipsets, deviceAddresses: device.addresses, excluded: excludeCIDRs)
        let owned = hadIPVS ? try host.virtualServers().filter(ownership.owns) : []
        var report = IPVSCleanupReport(
            family: family, hadIPVS: hadIPVS, ipvsadmLines: owned.map { "-D \($0.key)" }, deviceCommands: [],
            iptables: ApplyPlan(family: family, transactions: []), ipsetLines: [])

        try step(Step.virtualServers) { () throws(ApplyError) in
            try syncServices(report.ipvsadmLines, scope: owned.map(\.key), wanted: [:])
        }
        if device.exists {
            let otherFamily = device.addresses.contains { $0.family != family }
            if otherFamily {
                report.deviceCommands = DummyDeviceState.addressLines(wanted: [], current: device.addresses, family: family)
                try step(Step.addresses) { () throws(ApplyError) in try host.changeAddresses(report.deviceCommands) }
            } else {
                report.deviceCommands = [Self.deleteDeviceCommand]
                try step(Step.device) { () throws(ApplyError) in try host.deleteDummyDevice() }
            }
        }
        try step(Step.iptables) { () throws(ApplyError) in
            report.iptables = try makeIptables().cleanup(family: family, hooks: Self.cleanupHooks)
        }
        let managed = KubeIPSet.allCases.map { ($0.name(for: family), IPSetPlanner.WantedSet?.none) }
        report.ipsetLines = IPSetPlanner.plan(managed, current: ipsets)
        try step(Step.ipsets) { () throws(ApplyError) in try host.restoreIPSets(report.ipsetLines) }
        return report
    }

    /// kube-proxy's jump rules of IPVS mode and of iptables mode: a host switched from one mode
    /// to the other may hold both, and either would keep a chain from being deleted.
    static var cleanupHooks: [TableName: [HookRule]] {
        var hooks = KubeProxyChains.iptablesModeHooks
        for table in [TableName.filter, .nat] {
            hooks[table, default: []] += IPVSHooks.rules(in: table)
        }
        return hooks
    }

    private func step(_ name: String, _ work: () throws(ApplyError) -> Void) throws(ApplyError) {
        do {
            try work()
        } catch {
            throw .stepFailed(operation: "cleanup", step: name, error: error, undone: nil)
        }
    }
}
