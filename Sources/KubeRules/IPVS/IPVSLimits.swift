/// The limits an IPVS configuration must stay within to load: checked before its texts are
/// printed or applied, so a configuration that `ipvsadm-restore` or `ipset restore` would refuse
/// half-way is refused whole, with a clear error.
///
/// - scheduler: one of the kernel's schedulers (``IPVSSchedulers``), at most 15 bytes
///   (`IP_VS_SCHEDNAME_MAXLEN` 16) — the name is a word of ipvsadm text;
/// - virtual and real server ports in 0–65535;
/// - ipset names at most 31 bytes (`IPSET_MAXNAMELEN` 32); a set holds at most its `maxelem`
///   entries (kube-proxy creates hash sets with 65536: one more entry and `ipset add` fails with
///   "Hash is full"), and a `bitmap:port` set only ports inside its range;
/// - the companion iptables rules: ``RulesetLimits``.
public enum IPVSLimits {
    public static let maxSchedulerNameBytes = 15

    /// Every limit `config` exceeds, as error diagnostics.
    public static func problems(_ config: IPVSConfig) -> [Diagnostic] {
        var found: [Diagnostic] = []
        var schedulers = Set<String>()
        // Every server usually has the one `--ipvs-scheduler`: each name is checked when it
        // differs from the previous server's.
        var previous: String?
        // Servers and destinations read in place (a loop variable copies each server: a
        // retain per field), and only a server with a problem is described.
        config.virtualServers.withUnsafeBufferPointer { servers in
            for index in servers.indices {
                let server = servers.baseAddress! + index
                if server.pointee.scheduler != previous {
                    let scheduler = server.pointee.scheduler
                    if !IPVSSchedulers.isSupported(scheduler) || scheduler.utf8.count > maxSchedulerNameBytes {
                        schedulers.insert(scheduler)
                    }
                    previous = scheduler
                }
                if !(0...65535).contains(server.pointee.port) {
                    found.append(problem(
                        "virtual server \(server.pointee.address) has port \(server.pointee.port)",
                        expected: "a port in 0-65535"))
                }
                server.pointee.realServers.withUnsafeBufferPointer { reals in
                    for real in reals.indices where !(0...65535).contains(reals[real].port) {
                        found.append(problem(
                            "real server \(reals[real].address) of \(server.pointee) has port \(reals[real].port)",
                            expected: "a port in 0-65535"))
                    }
                }
            }
        }
        for scheduler in schedulers.sorted() {
            found.append(problem(
                "scheduler \(ManifestDiagnostics.quote(scheduler)) is not an IPVS scheduler",
                expected: "one of \(IPVSSchedulers.supported.joined(separator: ", "))"))
        }
        for set in config.ipsets {
            found += setProblems(set)
        }
        return found + RulesetLimits.problems(config.iptables)
    }

    static func setProblems(_ set: IPSet) -> [Diagnostic] {
        var found: [Diagnostic] = []
        if set.name.isEmpty || set.name.utf8.count > RulesetLimits.maxSetNameBytes
            || set.name.unicodeScalars.contains(where: RulesetLimits.isBlankOrControl)
        {
            found.append(problem(
                "ipset name \(ManifestDiagnostics.quote(set.name)) is not valid",
                expected: "1-\(RulesetLimits.maxSetNameBytes) bytes without blanks"))
        }
        if set.type == .bitmapPort {
            // A bitmap holds each port of its range once; entries outside the range are refused.
            let outside = set.entries.filter { entry in
                if case .port(let port) = entry { return !set.portRange.contains(port) }
                return true
            }
            if let first = outside.first {
                found.append(problem(
                    "ipset \(set.name) (bitmap:port range \(set.portRange.lowerBound)-\(set.portRange.upperBound)) cannot hold \(first)",
                    expected: "ports inside the set's range"))
            }
        } else if set.entries.count > set.maxElements {
            found.append(problem(
                "ipset \(set.name) would hold \(set.entries.count) entries, more than its maxelem \(set.maxElements)",
                expected: "at most \(set.maxElements) entries per set: fewer service ports, endpoints or addresses"))
        }
        return found
    }

    static func problem(_ message: String, expected: String) -> Diagnostic {
        Diagnostic(severity: .error, message: "the IPVS configuration exceeds a kernel limit: \(message)", expected: expected)
    }
}
