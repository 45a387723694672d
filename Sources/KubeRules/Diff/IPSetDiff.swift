/// `kuberules diff` for IPVS mode's ipsets: the rendered sets against `ipset save` output or a
/// golden file, as sets of entries (`ipset save` lists entries in hash order).
///
/// Of a live dump only kube-proxy's sets (`KUBE-*`) count; of a `create` line only the type and
/// family do (newer ipset adds `bucketsize` and `initval`, which kube-proxy never sets).
public enum IPSetDiff {
    /// One set as saved: type, family (nil for bitmaps), entries as printed.
    public struct SavedSet: Hashable, Sendable {
        public var name: String
        public var type: String
        public var family: String?
        public var entries: [String]

        public var text: String {
            var out = "create \(name) \(type)" + (family.map { " family \($0)" } ?? "") + "\n"
            for entry in entries { out += "add \(name) \(entry)\n" }
            return out
        }
    }

    /// Reads `ipset save` / `ipset restore` text (`create` and `add` lines).
    public static func parse(_ text: String, file: String) throws(DiagnosticsError) -> [SavedSet] {
        var diagnostics = DiagnosticCollector()
        var sets: [SavedSet] = []
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(raw)
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let command = words.first, !command.hasPrefix("#") else { continue }
            func fail(_ message: String, _ expected: String, _ word: Int) {
                var column = 1
                if word < words.count, let range = line.range(of: words[word]) {
                    column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
                } else {
                    column = line.count + 1
                }
                diagnostics.emit(Diagnostic(
                    severity: .error, message: message, expected: expected,
                    location: SourceLocation(file: file, line: offset + 1, column: column), sourceLine: line))
            }
            switch command {
            case "create", "-N":
                guard words.count >= 3 else { fail("incomplete create line", "create NAME TYPE [options]", words.count); continue }
                let family = words.firstIndex(of: "family").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
                if sets.contains(where: { $0.name == words[1] }) { fail("set \(words[1]) is created twice", "each set once", 1); continue }
                sets.append(SavedSet(name: words[1], type: words[2], family: family, entries: []))
            case "add", "-A":
                guard words.count == 3 else { fail("an add line takes a set and one entry", "add NAME ENTRY", min(words.count, 3)); continue }
                guard let index = sets.firstIndex(where: { $0.name == words[1] }) else {
                    fail("entry for unknown set \(words[1])", "its create line first", 1)
                    continue
                }
                sets[index].entries.append(words[2])
            default:
                fail("unknown ipset command '\(command)'", "create or add", 0)
            }
        }
        try diagnostics.throwIfErrors()
        return sets
    }

    public static func compare(
        rendered: IPVSConfig, saved: [SavedSet], renderedName: String, savedName: String
    ) -> DiffReport {
        let new = normalized((try? parse(IPSetRenderer.render(rendered), file: "-")) ?? [])
        let old = normalized(saved.filter { $0.name.hasPrefix("KUBE-") })
        let oldText = old.map(\.text).joined(), newText = new.map(\.text).joined()
        guard oldText != newText else { return DiffReport(findings: [], unifiedDiff: "") }
        var findings: [DiffFinding] = []
        let oldByName = Dictionary(old.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for set in new {
            guard let before = oldByName[set.name] else {
                findings.append(DiffFinding(service: nil, text: "ipset \(set.name) missing"))
                continue
            }
            if before.type != set.type || before.family != set.family {
                findings.append(DiffFinding(service: nil, text: "ipset \(set.name): type \(before.type) → \(set.type)"))
            }
            let had = Set(before.entries), has = Set(set.entries)
            for entry in set.entries where !had.contains(entry) {
                findings.append(DiffFinding(service: owner(entry, rendered), text: "ipset \(set.name): entry \(entry) missing"))
            }
            for entry in before.entries where !has.contains(entry) {
                findings.append(DiffFinding(service: owner(entry, rendered), text: "ipset \(set.name): extra entry \(entry) (not in the manifests)"))
            }
        }
        let newNames = Set(new.map(\.name))
        for set in old where !newNames.contains(set.name) {
            findings.append(DiffFinding(service: nil, text: "stale ipset \(set.name): not in the manifests"))
        }
        return DiffReport(
            findings: DiffFinding.ordered(findings),
            unifiedDiff: UnifiedDiff.render(old: oldText, new: newText, oldName: savedName, newName: renderedName))
    }

    /// Sets by name, entries sorted by text.
    static func normalized(_ sets: [SavedSet]) -> [SavedSet] {
        sets.map { set in
            var copy = set
            copy.entries.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            return copy
        }.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The service port of an `ip,proto:port[,…]` entry: the virtual server on that address, or
    /// (hairpin entries of KUBE-LOOP-BACK) the one with that endpoint as a real server.
    static func owner(_ entry: String, _ config: IPVSConfig) -> String? {
        let parts = entry.split(separator: ",")
        guard parts.count >= 2, let ip = IPAddress(parts[0]) else { return nil }
        let protoPort = parts[1].split(separator: ":")
        guard protoPort.count == 2, let proto = TransportProtocol(rawValue: String(protoPort[0])), let port = Int(protoPort[1])
        else { return nil }
        if let server = config.virtualServer(protocol: proto, address: ip, port: port) {
            return server.servicePort.description
        }
        let real = RealServer(address: ip, port: port)
        return config.virtualServers.first {
            $0.protocol == proto && $0.realServers.contains { $0.address == real.address && $0.port == real.port }
        }?.servicePort.description
    }
}
