import KubeRules
import Testing

/// ``RulesetLimits`` and ``IPVSLimits`` refuse exactly what iptables, ipset and ipvsadm cannot
/// load as written, and accept what is just within the limit. ``LimitsKernelTests`` proves the
/// same boundaries against the installed tools.
@Suite("Kernel and tool limits")
struct LimitsTests {
    /// A filter table with one user chain holding `rule` (and the chain's name as given).
    static func ruleset(chain: String = "KUBE-TEST", _ rule: Rule) -> Ruleset {
        Ruleset(family: .ipv4, tables: [Table(name: .filter, chains: [Chain(name: chain, rules: [rule])])])
    }

    static func comment(_ text: String) -> Rule { Rule([.comment(text)], .accept) }

    /// `count` distinct comments: 4 words each.
    static func comments(_ count: Int) -> [RuleArgument] {
        (0..<count).map { .comment("c\($0)") }
    }

    /// Comments of at most 255 bytes making `-A KUBE-TEST … -j ACCEPT` exactly `bytes` long.
    static func filling(bytes: Int) -> [RuleArgument] {
        let fixed = "-A KUBE-TEST".utf8.count + " -j ACCEPT".utf8.count
        let perComment = " -m comment --comment ".utf8.count
        var remaining = bytes - fixed
        var arguments: [RuleArgument] = []
        while remaining > 0 {
            let length = min(255, remaining - perComment)
            arguments.append(.comment(String(repeating: "x", count: length)))
            remaining -= perComment + length
        }
        precondition(remaining == 0 && IptablesRenderer.ruleText(chain: "KUBE-TEST", Rule(arguments, .accept)).utf8.count == bytes)
        return arguments
    }

    /// One boundary: the value just within the limit and the value just over it.
    struct Boundary: CustomStringConvertible, Sendable {
        var name: String
        var within: Ruleset
        var over: Ruleset
        var description: String { name }
    }

    static let boundaries: [Boundary] = [
        Boundary(
            name: "chain name 28/29 bytes",
            within: ruleset(chain: String(repeating: "K", count: 28), comment("c")),
            over: ruleset(chain: String(repeating: "K", count: 29), comment("c"))),
        Boundary(
            name: "jump target 28/29 bytes",
            within: Ruleset(family: .ipv4, tables: [Table(name: .filter, chains: [
                Chain(name: "KUBE-A", rules: [Rule([], .jump(String(repeating: "J", count: 28)))]),
                Chain(name: String(repeating: "J", count: 28), rules: [comment("c")]),
            ])]),
            over: Ruleset(family: .ipv4, tables: [Table(name: .filter, chains: [
                Chain(name: "KUBE-A", rules: [Rule([], .jump(String(repeating: "J", count: 29)))]),
                Chain(name: String(repeating: "J", count: 29), rules: [comment("c")]),
            ])])),
        Boundary(
            name: "comment 255/256 bytes",
            within: ruleset(comment(String(repeating: "c", count: 255))),
            over: ruleset(comment(String(repeating: "c", count: 256)))),
        Boundary(
            name: "comment of multi-byte characters 255/257 bytes",
            within: ruleset(comment(String(repeating: "é", count: 127) + "c")),
            over: ruleset(comment(String(repeating: "é", count: 128) + "c"))),
        Boundary(
            name: "interface name 15/16 bytes",
            within: ruleset(Rule([.inInterface(String(repeating: "i", count: 15))], .accept)),
            over: ruleset(Rule([.inInterface(String(repeating: "i", count: 16))], .accept))),
        Boundary(
            name: "line of 251/252 words",
            within: ruleset(Rule([.protocol(.tcp), .raw(["-f"])] + comments(61), .accept)),
            over: ruleset(Rule(comments(62), .accept))),
        Boundary(
            name: "line of 10239/10240 bytes",
            within: ruleset(Rule(filling(bytes: 10239), .accept)),
            over: ruleset(Rule(filling(bytes: 10240), .accept))),
        Boundary(
            name: "newline inside a comment",
            within: ruleset(comment("a b")),
            over: ruleset(comment("a\n-A KUBE-TEST -j DROP"))),
        Boundary(
            name: "carriage return inside an interface name",
            within: ruleset(Rule([.inInterface("eth0")], .accept)),
            over: ruleset(Rule([.inInterface("eth0\r")], .accept))),
    ]

    @Test("within passes, over is reported", arguments: boundaries)
    func boundary(_ boundary: Boundary) {
        #expect(RulesetLimits.problems(boundary.within).isEmpty)
        let problems = RulesetLimits.problems(boundary.over)
        #expect(!problems.isEmpty)
        for problem in problems {
            #expect(problem.severity == .error)
            #expect(problem.headline.contains("exceeds an iptables limit"))
            // The message names the rule on one line, even when the rule holds a newline.
            #expect(!problem.headline.contains("\n"))
        }
    }

    @Test func everyFixtureIsWithinTheLimits() throws {
        for fixture in FixtureCase.all(having: "expected.iptables") {
            let (_, ruleset) = try fixture.compileIptables(family: .ipv4, hooks: true)
            #expect(RulesetLimits.problems(ruleset).isEmpty, "\(fixture)")
        }
    }

    @Test func ipsetOverMaxelemAndBadSchedulerAreReported() {
        let address = IPAddress("172.30.0.1")!
        func config(entries: Int, scheduler: String = "rr") -> IPVSConfig {
            let set = IPSet(
                name: "KUBE-CLUSTER-IP", type: .hashIPPort, family: .ipv4, comment: "cluster IPs",
                entries: (0..<entries).map { .ipPort(address, $0 < 65535 ? .tcp : .udp, $0 % 65535 + 1) })
            let server = VirtualServer(
                address: address, port: 80, protocol: .tcp, scheduler: scheduler,
                servicePort: ServicePortName(namespace: "ns1", name: "svc1", port: "p80", protocol: .tcp),
                kind: .clusterIP, boundToDummyDevice: true)
            return IPVSConfig(family: .ipv4, virtualServers: [server], ipsets: [set], iptables: Ruleset(family: .ipv4))
        }
        #expect(IPVSLimits.problems(config(entries: 65536)).isEmpty)
        let full = IPVSLimits.problems(config(entries: 65537))
        #expect(full.map(\.headline) == [
            "error: the IPVS configuration exceeds a kernel limit: ipset KUBE-CLUSTER-IP would hold 65537 entries, more than its maxelem 65536 (expected at most 65536 entries per set: fewer service ports, endpoints or addresses)"
        ])
        let hostile = IPVSLimits.problems(config(entries: 1, scheduler: "rr\n-A -t 1.1.1.1:80 -s rr"))
        #expect(hostile.count == 1)
        #expect(hostile.first?.headline.contains("scheduler \"rr\\n-A -t 1.1.1.1:80 -s rr\" is not an IPVS scheduler") == true)
    }
}
