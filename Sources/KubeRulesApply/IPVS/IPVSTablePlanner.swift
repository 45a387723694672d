import KubeRules

/// Turns "the IPVS table as it is" and "the virtual servers as they should be" into `ipvsadm -R`
/// input that changes only the services in scope, each in place.
///
/// This is kube-proxy's own sync (`syncService` and `syncEndpoint` in `pkg/proxy/ipvs/proxier.go`):
/// a missing service is added (`-A`) with its destinations (`-a`); a service whose scheduler,
/// persistence or flags changed is edited (`-E`), never deleted and re-added, so its established
/// connections survive; destinations are added, edited (`-e`, a new weight) or deleted (`-d`)
/// one by one; stale services are deleted (`-D`) last, as `cleanLegacyService` does after the
/// sync. kube-proxy's graceful termination (weight 0 first, delete once connections drain) is
/// not modelled: a stale destination is deleted at once.
///
/// Why `ipvsadm -R` and not the `ipvsadm-restore` script: the script runs `ipvsadm -C` first,
/// which empties the whole table — every other user's services, and kube-proxy's own for a
/// moment. `ipvsadm -R` runs the same lines without that.
public enum IPVSTablePlanner {
    /// The lines that make each service of `scope` (keys, in order) equal `wanted[key]`, or
    /// deleted where `wanted` has none.
    public static func plan(
        scope: [String], wanted: [String: IPVSSavedService], current: [String: IPVSSavedService]
    ) -> [String] {
        var lines: [String] = []
        var deletions: [String] = []
        for key in scope {
            switch (wanted[key], current[key]) {
            case (nil, nil):
                continue
            case (nil, _?):
                deletions.append("-D \(key)")
            case (let want?, nil):
                lines += want.text.split(separator: "\n").map(String.init)
            case (let want?, let have?):
                if !sameHeader(want, have) { lines.append(header(want, command: "-E")) }
                lines += destinationLines(key: key, want: want, have: have)
            }
        }
        return lines + deletions
    }

    /// The first service of `scope` that `current` does not hold as `wanted` says, or nil.
    public static func mismatch(
        scope: [String], wanted: [String: IPVSSavedService], current: [String: IPVSSavedService]
    ) -> String? {
        for key in scope {
            switch (wanted[key], current[key]) {
            case (nil, nil): continue
            case (nil, _?): return "service \(key) is still there"
            case (_?, nil): return "service \(key) is missing"
            case (let want?, let have?):
                if !sameHeader(want, have) { return "service \(key) is `\(header(have, command: "-A"))`, not `\(header(want, command: "-A"))`" }
                let wantDestinations = destinations(want)
                let haveDestinations = destinations(have)
                if wantDestinations != haveDestinations {
                    let missing = wantDestinations.keys.filter { haveDestinations[$0] != wantDestinations[$0] }.sorted()
                    let extra = haveDestinations.keys.filter { wantDestinations[$0] == nil }.sorted()
                    return "service \(key): destinations differ (missing or changed: \(missing.joined(separator: " ")); extra: \(extra.joined(separator: " ")))"
                }
            }
        }
        return nil
    }

    /// Services by key.
    public static func byKey(_ services: [IPVSSavedService]) -> [String: IPVSSavedService] {
        Dictionary(services.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// `-A|-E KEY -s SCHED [-p T] [options]`: the service line of `service`.
    static func header(_ service: IPVSSavedService, command: String) -> String {
        var line = "\(command) \(service.key) -s \(service.scheduler)"
        if let persistence = service.persistence { line += " -p \(persistence)" }
        for option in service.options { line += " \(option)" }
        return line
    }

    /// Scheduler, persistence and scheduler flags agree. The persistence netmask (`-M`) is left
    /// out: kube-proxy always uses a host mask, which ipvsadm prints as nothing.
    static func sameHeader(_ a: IPVSSavedService, _ b: IPVSSavedService) -> Bool {
        a.scheduler == b.scheduler && a.persistence == b.persistence
            && a.options.filter { !$0.hasPrefix("-M ") } == b.options.filter { !$0.hasPrefix("-M ") }
    }

    /// Destinations by address, with what ipvsadm prints after `-r ADDRESS`.
    static func destinations(_ service: IPVSSavedService) -> [String: String] {
        Dictionary(service.realServers.map { ($0.address, $0.text) }, uniquingKeysWith: { _, last in last })
    }

    private static func destinationLines(key: String, want: IPVSSavedService, have: IPVSSavedService) -> [String] {
        let current = destinations(have)
        var lines: [String] = []
        var wanted = Set<String>()
        for real in want.realServers {
            wanted.insert(real.address)
            switch current[real.address] {
            case nil: lines.append("-a \(key) \(real.text)")
            case let text? where text != real.text: lines.append("-e \(key) \(real.text)")
            default: break
            }
        }
        for real in have.realServers where !wanted.contains(real.address) {
            lines.append("-d \(key) -r \(real.address)")
        }
        return lines
    }
}
