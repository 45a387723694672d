import KubeRules

/// The ipsets of a network namespace that kuberules may touch, as `ipset save` printed them:
/// kube-proxy's sets of one family and kuberules' own temporary sets (``IPSetPlanner``).
/// Every other set is skipped while reading, so a user's sets are never even held.
public struct IPSetSnapshot: Hashable, Sendable {
    /// One saved set: its `create` line's type and family, and its entries.
    public struct SavedSet: Hashable, Sendable {
        public var name: String
        /// `hash:ip,port`, `bitmap:port`, …
        public var type: String
        /// `inet` or `inet6`; nil for `bitmap:port`, which has no family.
        public var family: String?
        /// The `create` line as saved (what puts the set back as it was).
        public var createLine: String
        /// Entries as the kernel prints them (``IPSetEntryText/normalized(_:)``).
        public var entries: Set<String>

        public init(name: String, type: String, family: String?, createLine: String? = nil, entries: Set<String> = []) {
            self.name = name
            self.type = type
            self.family = family
            self.createLine = createLine ?? "create \(name) \(type)" + (family.map { " family \($0)" } ?? "")
            self.entries = entries
        }
    }

    /// By name.
    public var sets: [String: SavedSet]

    public init(sets: [SavedSet] = []) {
        self.sets = Dictionary(sets.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    public subscript(name: String) -> SavedSet? { sets[name] }

    /// Reads `ipset save` output, keeping the sets `keep` selects. `create NAME TYPE OPTIONS…`
    /// and `add NAME ENTRY` lines are all `ipset save` prints (ipset 6 and 7).
    public static func parse(_ text: String, keeping keep: (String) -> Bool) throws(ApplyError) -> IPSetSnapshot {
        var sets: [String: SavedSet] = [:]
        var order: [String] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = raw.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let command = words.first else { continue }
            func failure(_ message: String) -> ApplyError {
                .unreadableOutput(command: "ipset save", message: "line \(offset + 1): \(message): \(raw)")
            }
            switch command {
            case "create":
                guard words.count >= 3 else { throw failure("a create line needs a name and a type") }
                guard keep(words[1]) else { continue }
                let family = words.firstIndex(of: "family").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
                sets[words[1]] = SavedSet(
                    name: words[1], type: words[2], family: family, createLine: words.joined(separator: " "))
                order.append(words[1])
            case "add":
                guard words.count >= 3 else { throw failure("an add line needs a name and an entry") }
                guard keep(words[1]) else { continue }
                guard sets[words[1]] != nil else { throw failure("an entry of a set not created before it") }
                // Entry options (timeout, comment, …) follow the entry; kube-proxy sets none.
                sets[words[1]]!.entries.insert(IPSetEntryText.normalized(words[2]))
            default:
                throw failure("unknown command \(command)")
            }
        }
        return IPSetSnapshot(sets: order.compactMap { sets[$0] })
    }
}

/// How an entry is compared: as the kernel prints it back.
public enum IPSetEntryText {
    /// `ipset save` prints a host-length net without its prefix (`203.0.113.5`, not
    /// `203.0.113.5/32`; `2001:db8::1`, not `…/128`); kube-proxy writes the prefix. Both are
    /// the same entry, so both spell it the kernel's way here.
    public static func normalized(_ entry: String) -> String {
        var parts = entry.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for index in parts.indices {
            guard let slash = parts[index].firstIndex(of: "/") else { continue }
            let address = parts[index][..<slash]
            let prefix = parts[index][parts[index].index(after: slash)...]
            let full = address.contains(":") ? "128" : "32"
            if prefix == full { parts[index] = String(address) }
        }
        return parts.joined(separator: ",")
    }

    /// The entries of a compiled set, normalized.
    public static func entries(of set: IPSet) -> Set<String> {
        Set(set.entries.map { normalized($0.description) })
    }
}
