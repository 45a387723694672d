/// One difference `kuberules diff` reports in words, attributed to the service port whose rules
/// it touches when that can be told (from the chain name or the rule's comment).
public struct DiffFinding: Hashable, Sendable, CustomStringConvertible {
    /// `ns/name:port`, or nil for kube-proxy's own machinery (jump rules, fixed chains).
    public var service: String?
    public var text: String

    public init(service: String?, text: String) {
        self.service = service
        self.text = text
    }

    /// `ns1/svc1:p80 gained endpoint 10.180.0.3:80 (KUBE-SEP-…)` for the endpoint findings,
    /// `ns1/svc1:p80: KUBE-EXT-… missing` for the others.
    public var description: String {
        guard let service else { return text }
        if text.hasPrefix("gained ") || text.hasPrefix("lost ") { return "\(service) \(text)" }
        return "\(service): \(text)"
    }

    /// Services in name order, then the unattributed findings; each group keeps its order.
    public static func ordered(_ findings: [DiffFinding]) -> [DiffFinding] {
        var seen = Set<DiffFinding>()
        let unique = findings.filter { seen.insert($0).inserted }
        let services = Set(unique.compactMap(\.service)).sorted()
        return services.flatMap { name in unique.filter { $0.service == name } } + unique.filter { $0.service == nil }
    }
}

/// The result of one comparison: same or not, the findings, and the unified diff of the
/// normalized texts (old = the saved or golden side, new = the rendered side).
public struct DiffReport: Hashable, Sendable {
    public var findings: [DiffFinding]
    public var unifiedDiff: String

    public init(findings: [DiffFinding], unifiedDiff: String) {
        self.findings = findings
        self.unifiedDiff = unifiedDiff
    }

    public var isSame: Bool { unifiedDiff.isEmpty && findings.isEmpty }

    /// The findings, one per line, a blank line, then the unified diff.
    public var text: String {
        guard !isSame else { return "" }
        var out = findings.map { $0.description + "\n" }.joined()
        if !unifiedDiff.isEmpty {
            if !out.isEmpty { out += "\n" }
            out += unifiedDiff
        }
        return out
    }
}
