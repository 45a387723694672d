import KubeRules

/// Turns "the sets as they are" and "the sets as they should be" into one `ipset restore` input
/// that gets there without a moment in which a set that rules match is missing or half filled.
///
/// - A set that does not exist yet is created and filled (nothing matches it before the rules
///   that name it are committed, which happens after the sets).
/// - A set whose entries differ is refilled through a temporary set: `create` the temporary with
///   the wanted entries, `swap` it with the live set (the kernel exchanges the two atomically; a
///   rule naming the set sees either all old or all new entries), then `destroy` the temporary.
/// - A set whose entries already match is left alone, so applying twice changes nothing.
/// - A set wanted absent (undo, cleanup) is destroyed.
///
/// kube-proxy itself adds and deletes entries one by one (`syncIPSetEntries` in
/// `pkg/proxy/ipvs/ipset.go`); the swap gives the same end state in one step per set.
public enum IPSetPlanner {
    /// Temporary sets are named `KUBE-KR-TMP-<n>` (ipset names are at most 31 bytes, so the
    /// live name plus a suffix would not always fit). Leftovers of an interrupted run are
    /// destroyed by the next one.
    public static let temporaryPrefix = "KUBE-KR-TMP-"

    /// One set as wanted: its `create` line (as kube-proxy creates it) and its entries.
    public struct WantedSet: Hashable, Sendable {
        public var name: String
        public var type: String
        public var family: String?
        /// `create NAME TYPE OPTIONS…` (``IPSetRenderer/createLine(_:)``).
        public var createLine: String
        /// Entries as kube-proxy writes them, in its order.
        public var entries: [String]

        public init(_ set: IPSet) {
            name = set.name
            type = set.type.rawValue
            family = set.type == .bitmapPort ? nil : set.familyKeyword
            createLine = IPSetRenderer.createLine(set)
            entries = set.entries.map(\.description)
        }

        /// A set as it was saved, to put it back (undo).
        public init(_ saved: IPSetSnapshot.SavedSet) {
            name = saved.name
            type = saved.type
            family = saved.family
            createLine = saved.createLine
            entries = saved.entries.sorted()
        }
    }

    /// Whether kuberules may touch a set of this name: kube-proxy's sets of `family`, and its own
    /// temporaries.
    public static func isManaged(_ name: String, family: IPFamily) -> Bool {
        name.hasPrefix(temporaryPrefix) || KubeIPSet.allCases.contains { $0.name(for: family) == name }
    }

    /// Checks that every wanted set can take the place of the live one of its name: the kernel
    /// swaps only sets of the same type and family (`ipset swap`: "their type does not match").
    public static func checkCompatible(_ wanted: [WantedSet], with current: IPSetSnapshot) throws(ApplyError) {
        for set in wanted {
            guard let live = current[set.name] else { continue }
            if live.type != set.type || live.family != set.family {
                let found = live.type + (live.family.map { " family \($0)" } ?? "")
                let expected = set.type + (set.family.map { " family \($0)" } ?? "")
                throw .conflictingState(
                    "ipset \(set.name) exists as \(found), but kube-proxy's is \(expected)"
                        + " (destroy it, e.g. with `kuberules cleanup --proxy-mode ipvs`, and apply again)")
            }
        }
    }

    /// The `ipset restore` lines that make each named set hold `wanted` (nil: not exist), and
    /// destroy leftover temporaries. Empty when nothing needs to change.
    public static func plan(_ wanted: [(name: String, set: WantedSet?)], current: IPSetSnapshot) -> [String] {
        var lines: [String] = []
        for name in current.sets.keys.sorted() where name.hasPrefix(temporaryPrefix) {
            lines.append("destroy \(name)")
        }
        var temporaries = 0
        for (name, want) in wanted {
            let live = current[name]
            guard let want else {
                if live != nil { lines.append("destroy \(name)") }
                continue
            }
            guard let live else {
                lines.append(want.createLine)
                lines += want.entries.map { "add \(name) \($0)" }
                continue
            }
            if live.entries == Set(want.entries.map(IPSetEntryText.normalized)) { continue }
            let temporary = temporaryPrefix + String(temporaries)
            temporaries += 1
            lines.append(want.createLine.replacingFirst(name, with: temporary))
            lines += want.entries.map { "add \(temporary) \($0)" }
            lines.append("swap \(temporary) \(name)")
            lines.append("destroy \(temporary)")
        }
        return lines
    }
}

extension String {
    /// `create NAME …` with NAME replaced (the name is the second word of a create line).
    func replacingFirst(_ name: String, with other: String) -> String {
        let prefix = "create \(name) "
        guard hasPrefix(prefix) else { return self }
        return "create \(other) " + dropFirst(prefix.count)
    }
}
