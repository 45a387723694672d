import Testing
@testable import KubeRules

/// kube-proxy's IPVS test expectations (`ipvstest.FakeIPVS`, `netlinktest.ExpectedIPSet`,
/// `netlinktest.ExpectedIptablesChain`), checked against kuberules' *rendered text*, read back by
/// the small independent readers below rather than through the model that produced it.
enum IPVSExpect {
    /// One virtual server as kube-proxy's tests state it: `ip:port/PROTO` with its scheduler,
    /// persistence timeout (0: none) and real servers `ip:port` (weight 1).
    struct Server: Hashable, CustomStringConvertible {
        var service: String
        var scheduler = "rr"
        var timeout = 0
        var realServers: Set<String> = []
        var description: String { "\(service) \(scheduler) p=\(timeout) \(realServers.sorted())" }
    }

    /// Reads `ipvsadm-save -n` text back into servers (independently of ``IPVSadmRenderer``).
    static func servers(_ text: String) -> [String: Server] {
        var result: [String: Server] = [:]
        for line in text.split(separator: "\n") {
            let tokens = line.split(separator: " ").map(String.init)
            let proto = ["-t": "TCP", "-u": "UDP", "--sctp-service": "SCTP"][tokens[1]]!
            let key = "\(tokens[2].replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: ""))/\(proto)"
            if tokens[0] == "-A" {
                var server = Server(service: key, scheduler: tokens[4])
                if let p = tokens.firstIndex(of: "-p") { server.timeout = Int(tokens[p + 1])! }
                result[key] = server
            } else {
                #expect(tokens[3] == "-r" && tokens[5] == "-m" && tokens[6] == "-w" && tokens[7] == "1", "real server line \(line)")
                result[key]?.realServers.insert(tokens[4].replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: ""))
            }
        }
        return result
    }

    /// Asserts the whole IPVS table, like kube-proxy's `reflect.DeepEqual(ipvs, expectedIPVS)`.
    static func table(
        _ config: IPVSConfig, _ expected: [Server], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let actual = servers(IPVSadmRenderer.render(config))
        #expect(
            Set(actual.values.map(\.description)) == Set(expected.map(\.description)),
            sourceLocation: sourceLocation)
    }

    /// Reads `ipset restore` text back: set name → entries.
    static func sets(_ text: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for line in text.split(separator: "\n") {
            let tokens = line.split(separator: " ").map(String.init)
            if tokens[0] == "create" { result[tokens[1]] = [] } else { result[tokens[1], default: []].append(tokens[2]) }
        }
        return result
    }

    /// Asserts set contents, like kube-proxy's `checkIPSet` (only the sets named).
    static func ipsets(
        _ config: IPVSConfig, _ expected: [String: [String]], sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let actual = sets(IPSetRenderer.render(config))
        for (name, entries) in expected {
            #expect(actual[name]?.sorted() == entries.sorted(), "set \(name)", sourceLocation: sourceLocation)
        }
    }

    /// kube-proxy's `checkIptables`: for each chain (nat rules, then filter rules of that name),
    /// the jump target and the `--match-set` name of every rule, in order.
    static func chains(
        _ config: IPVSConfig, _ expected: [String: [(jump: String, set: String?)]],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        for (chain, rules) in expected {
            let actual = jumpsAndSets(config.iptables, chain: chain)
            #expect(
                actual.map { "\($0.jump) \($0.set ?? "-")" } == rules.map { "\($0.jump) \($0.set ?? "-")" },
                "chain \(chain)", sourceLocation: sourceLocation)
        }
    }

    static func jumpsAndSets(_ ruleset: Ruleset, chain: String) -> [(jump: String, set: String?)] {
        [TableName.nat, .filter].flatMap { ruleset[table: $0]?[chain: chain]?.rules ?? [] }.map { rule in
            let set = rule.arguments.compactMap { argument -> String? in
                if case .matchSet(let m) = argument { return m.name }
                return nil
            }.first
            return (targetName(rule.target), set)
        }
    }

    static func targetName(_ target: Target) -> String {
        switch target {
        case .jump(let chain): return chain
        case .accept: return "ACCEPT"
        case .drop: return "DROP"
        case .return: return "RETURN"
        case .reject: return "REJECT"
        case .masquerade: return "MASQUERADE"
        case .dnat: return "DNAT"
        case .mark: return "MARK"
        case .other(let name, _): return name
        case .none: return ""
        }
    }
}
