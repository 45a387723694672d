/// `kuberules diff` for IPVS mode's table: the rendered virtual servers against an
/// `ipvsadm-save -n` dump or golden file.
///
/// IPVS services are a set, not a sequence (``IPVSSaveOrder`` explains why `ipvsadm-save`'s order
/// is not always reproducible), so both sides are sorted by protocol, address and port, real
/// servers by address, before they are compared and printed.
public enum IPVSDiff {
    public static func compare(
        rendered: IPVSConfig, saved: [IPVSSavedService], renderedName: String, savedName: String
    ) -> DiffReport {
        // Rendered text parsed back: both sides in exactly the same form.
        let new = sorted((try? IPVSadmParser().parse(IPVSadmRenderer.render(rendered))) ?? [])
        let old = sorted(saved)
        let oldText = old.map(\.text).joined(), newText = new.map(\.text).joined()
        guard oldText != newText else { return DiffReport(findings: [], unifiedDiff: "") }

        var owners: [String: String] = [:]
        for server in rendered.virtualServers {
            owners["\(IPVSadmRenderer.protocolOption(server.protocol)) \(server.address.joined(port: server.port))"] =
                server.servicePort.description
        }
        var findings: [DiffFinding] = []
        let oldByKey = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(new.map(\.key))
        for service in new {
            let owner = owners[service.key]
            guard let before = oldByKey[service.key] else {
                findings.append(DiffFinding(service: owner, text: "virtual server \(service.key) missing"))
                continue
            }
            if before.scheduler != service.scheduler {
                findings.append(DiffFinding(service: owner, text: "virtual server \(service.key): scheduler \(before.scheduler) → \(service.scheduler)"))
            }
            if before.persistence != service.persistence || before.options != service.options {
                findings.append(DiffFinding(
                    service: owner,
                    text: "virtual server \(service.key): persistence/flags \(describe(before)) → \(describe(service))"))
            }
            let oldReals = Dictionary(before.realServers.map { ($0.address, $0) }, uniquingKeysWith: { a, _ in a })
            let newReals = Set(service.realServers.map(\.address))
            for real in service.realServers {
                if let previous = oldReals[real.address] {
                    if previous != real {
                        findings.append(DiffFinding(
                            service: owner, text: "real server changed on \(service.key): \(previous.text) → \(real.text)"))
                    }
                } else {
                    findings.append(DiffFinding(service: owner, text: "gained endpoint \(real.address) (virtual server \(service.key))"))
                }
            }
            for real in before.realServers where !newReals.contains(real.address) {
                findings.append(DiffFinding(service: owner, text: "lost endpoint \(real.address) (virtual server \(service.key))"))
            }
        }
        for service in old where !newKeys.contains(service.key) {
            findings.append(DiffFinding(service: nil, text: "stale virtual server \(service.key): not in the manifests"))
        }
        return DiffReport(
            findings: DiffFinding.ordered(findings),
            unifiedDiff: UnifiedDiff.render(old: oldText, new: newText, oldName: savedName, newName: renderedName))
    }

    private static func describe(_ service: IPVSSavedService) -> String {
        let parts = (service.persistence.map { ["-p \($0)"] } ?? []) + service.options
        return parts.isEmpty ? "none" : parts.joined(separator: " ")
    }

    /// Services by protocol option, address and port; real servers by address and port.
    static func sorted(_ services: [IPVSSavedService]) -> [IPVSSavedService] {
        services.map { service in
            var copy = service
            copy.realServers.sort { hostPortPrecedes($0.address, $1.address) }
            return copy
        }.sorted { a, b in
            if a.protocolOption != b.protocolOption { return a.protocolOption < b.protocolOption }
            return hostPortPrecedes(a.address, b.address)
        }
    }

    static func hostPortPrecedes(_ a: String, _ b: String) -> Bool {
        guard let (x, p) = ChainWalker.hostPort(a), let (y, q) = ChainWalker.hostPort(b) else { return a < b }
        if x != y { return x < y }
        return (p ?? 0) < (q ?? 0)
    }
}
