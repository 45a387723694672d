/// A saved dump or golden file as `kuberules diff` reads it: iptables rules
/// (`iptables-save` / restore text), an IPVS table (`ipvsadm-save -n`), or ipsets (`ipset save`).
public enum SavedRules: Sendable {
    case iptables(Ruleset)
    case ipvsadm([IPVSSavedService])
    case ipsets([IPSetDiff.SavedSet])

    /// Which of the three `text` is: its first line that is not blank or a comment decides
    /// (`*table` or `:CHAIN` → iptables; `-A -t|-u|--sctp-service|-f` or `-a` → ipvsadm;
    /// `create`/`add` → ipset). Empty text counts as iptables (an empty ruleset).
    public enum Format: String, Sendable {
        case iptables
        case ipvsadm
        case ipset

        public static func detect(_ text: String) -> Format {
            for raw in text.split(whereSeparator: \.isNewline) {
                let line = raw.drop { $0 == " " || $0 == "\t" }
                if line.isEmpty || line.hasPrefix("#") { continue }
                if line.hasPrefix("create ") || line.hasPrefix("add ") { return .ipset }
                let words = line.split(separator: " ", maxSplits: 2)
                if words.count >= 2, words[0] == "-A" || words[0] == "-a",
                    ["-t", "-u", "--sctp-service", "-f", "--tcp-service", "--udp-service", "--fwmark-service"].contains(words[1])
                {
                    return .ipvsadm
                }
                return .iptables
            }
            return .iptables
        }
    }

    /// Parses `text` (named `file` in diagnostics) in the format it is written in.
    public static func parse(_ text: String, file: String) throws(DiagnosticsError) -> SavedRules {
        switch Format.detect(text) {
        case .iptables: return .iptables(try IptablesParser(file: file).parse(text))
        case .ipvsadm: return .ipvsadm(try IPVSadmParser(file: file).parse(text))
        case .ipset: return .ipsets(try IPSetDiff.parse(text, file: file))
        }
    }

    public var format: Format {
        switch self {
        case .iptables: return .iptables
        case .ipvsadm: return .ipvsadm
        case .ipsets: return .ipset
        }
    }

    /// The address family the dump is about, when it says (an IPv6 address or `family inet6`).
    public var family: IPFamily? {
        switch self {
        case .iptables(let ruleset):
            return ruleset.tables.isEmpty ? nil : ruleset.family
        case .ipvsadm(let services):
            return services.first.flatMap { ChainWalker.hostPort($0.address)?.0.family }
        case .ipsets(let sets):
            return sets.compactMap(\.family).first.map { $0 == "inet6" ? .ipv6 : .ipv4 }
        }
    }

    /// Compares the dump with what `options` renders for `graph`: the iptables rules of the mode
    /// (with the jump rules when the dump has them), the IPVS table, or the ipsets.
    public func compare(
        graph: ServiceGraph, options: ProxyOptions, renderedName: String, savedName: String
    ) -> DiffReport {
        switch self {
        case .iptables(let saved):
            let hooks = IptablesDiff.wantsHooks(saved)
            let rendered = options.proxyMode == .ipvs
                ? IPVSCompiler(options: options).compile(graph, hooks: hooks).iptables
                : IptablesCompiler(options: options).compile(graph, hooks: hooks)
            return IptablesDiff.compare(
                rendered: rendered, saved: saved, graph: graph, renderedName: renderedName, savedName: savedName)
        case .ipvsadm(let saved):
            return IPVSDiff.compare(
                rendered: IPVSCompiler(options: options).compile(graph), saved: saved, renderedName: renderedName,
                savedName: savedName)
        case .ipsets(let saved):
            return IPSetDiff.compare(
                rendered: IPVSCompiler(options: options).compile(graph), saved: saved, renderedName: renderedName,
                savedName: savedName)
        }
    }
}
