/// Interprets `-j NAME OPTIONS…` as a ``Target``: the targets kuberules emits in kube-proxy's or
/// `iptables-save`'s spelling, a user chain (`-j KUBE-SVC-…`), or anything else kept verbatim.
enum TargetParser {
    /// Target extensions that take no options but are not chains.
    static let optionlessExtensions: Set<String> = ["NOTRACK", "TRACE", "CLASSIFY", "AUDIT", "LOG", "NFLOG", "CT"]

    static func target(name: String, options: [String]) -> Target {
        typed(name: name, options: options) ?? .other(name: name, tokens: options)
    }

    private static func typed(name: String, options: [String]) -> Target? {
        switch (name, options.count) {
        case ("ACCEPT", 0): return .accept
        case ("DROP", 0): return .drop
        case ("RETURN", 0): return .return
        case ("REJECT", 0): return .reject(with: nil)
        case ("REJECT", 2) where options[0] == "--reject-with": return .reject(with: options[1])
        case ("MASQUERADE", 0): return .masquerade(randomFully: false)
        case ("MASQUERADE", 1) where options[0] == "--random-fully": return .masquerade(randomFully: true)
        case ("DNAT", 2) where options[0] == "--to-destination": return .dnat(toDestination: options[1])
        case ("MARK", 2): return mark(options[0], options[1])
        case (_, 0) where !optionlessExtensions.contains(name) && !name.isEmpty: return .jump(name)
        default: return nil
        }
    }

    /// libxt_MARK's spellings; `--set-mark V/M` and `--and-mark` become the `--set-xmark` they mean.
    private static func mark(_ option: String, _ value: String) -> Target? {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let mark = MatchModuleParser.number(parts[0]) else { return nil }
        let mask = parts.count == 2 ? MatchModuleParser.number(parts[1]) : nil
        if parts.count == 2, mask == nil { return nil }
        switch option {
        case "--or-mark" where mask == nil: return .mark(.or(mark))
        case "--xor-mark" where mask == nil: return .mark(.xor(mark))
        case "--and-mark" where mask == nil: return .mark(.setXMark(value: 0, mask: ~mark))
        case "--set-xmark": return .mark(.setXMark(value: mark, mask: mask ?? 0xFFFF_FFFF))
        case "--set-mark": return .mark(.setXMark(value: mark, mask: mark | (mask ?? 0xFFFF_FFFF)))
        default: return nil
        }
    }
}
