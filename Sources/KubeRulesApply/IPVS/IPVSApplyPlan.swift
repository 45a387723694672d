import KubeRules

/// What an IPVS-mode apply changes (or, for a dry run, would change), computed against the
/// namespace as it was read, one input per tool, and the state read (to undo a failed apply).
public struct IPVSApplyPlan: Hashable, Sendable {
    public var family: IPFamily
    /// `ip link add kube-ipvs0 type dummy` is needed.
    public var createsDevice: Bool
    /// `ipset restore` input.
    public var ipsetLines: [String]
    /// The companion iptables rules' transactions (one `iptables-restore --noflush` per table).
    public var iptables: ApplyPlan
    /// `ipvsadm -R` input.
    public var ipvsadmLines: [String]
    /// `ip -batch -` input: `kube-ipvs0`'s addresses.
    public var addressLines: [String]

    /// The state read before the plan was made.
    public var before: Before
    /// Services kuberules changes (wanted ones, in order, then stale ones) and what each should be.
    public var serviceScope: [String]
    public var wantedServices: [String: IPVSSavedService]
    public var wantedSets: [IPSetPlanner.WantedSet]

    /// Everything read before changing anything.
    public struct Before: Hashable, Sendable {
        public var ipsets: IPSetSnapshot
        public var services: [String: IPVSSavedService]
        public var device: DummyDeviceState

        public init(ipsets: IPSetSnapshot, services: [String: IPVSSavedService], device: DummyDeviceState) {
            self.ipsets = ipsets
            self.services = services
            self.device = device
        }
    }

    /// Whether applying changes nothing but refilling kube-proxy's chains with the same rules.
    public var changesOnlyRules: Bool {
        !createsDevice && ipsetLines.isEmpty && ipvsadmLines.isEmpty && addressLines.isEmpty
    }

    /// `--dry-run`: each tool's input under a `#` header naming the command that reads it.
    public func dryRunText(namespace: NetworkNamespaceTarget) -> String {
        let prefix = namespace.commandPrefix.map { $0 + " " }.joined()
        func section(_ command: String, _ body: [String]) -> String {
            "# \(prefix)\(command)\n" + (body.isEmpty ? "# (nothing to change)\n" : body.map { $0 + "\n" }.joined())
        }
        var text = ""
        if createsDevice { text += "# \(prefix)ip link add \(DummyDeviceState.name) type dummy\n" }
        text += section("ipset restore", ipsetLines)
        let restore = family == .ipv4 ? "iptables-restore" : "ip6tables-restore"
        text += "# \(prefix)\(restore) --noflush (one run per table)\n" + iptables.restoreText
        text += section("ipvsadm -R", ipvsadmLines)
        text += section("ip -batch -", addressLines)
        return text
    }

    /// `kube-ipvs0: created, ipsets: 4 changes, nat: 12 changes, filter: 9 changes, IPVS: 7 changes, addresses: 2 changes`.
    public var summary: String {
        func count(_ name: String, _ lines: [String]) -> String {
            "\(name): " + (lines.isEmpty ? "up to date" : "\(lines.count) changes")
        }
        var parts: [String] = []
        if createsDevice { parts.append("\(DummyDeviceState.name): created") }
        parts.append(count("ipsets", ipsetLines))
        parts += iptables.transactions.map { transaction in
            "\(transaction.table.rawValue): " + (transaction.isEmpty ? "up to date" : "\(transaction.operations.count) changes")
        }
        parts.append(count("IPVS", ipvsadmLines))
        parts.append(count("addresses", addressLines))
        return parts.joined(separator: ", ")
    }
}
