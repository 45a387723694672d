import Testing
@testable import KubeRules

/// The renderer writes tokens straight into one buffer (``RestoreTextWriter``); the text must
/// be exactly the token list joined by spaces, each quoted by ``IptablesRenderer/quoted(_:)``.
@Suite("Restore text writer")
struct RestoreTextWriterTests {
    static let arguments: [RuleArgument] = [
        .protocol(.tcp), .protocol(.udp, negated: true), .source(.address(IPAddress("10.0.0.1")!)),
        .destination(.prefix(CIDR("10.0.0.0/8")!), negated: true), .inInterface("eth+"), .outInterface("o", negated: true),
        .protocolModule(.sctp), .destinationPort(80), .destinationPort(0, negated: true), .sourcePort(65535),
        .comment("ns1/svc1:p80 cluster IP"), .comment(""), .comment("quote \" back\\slash 'single' tab\there"),
        .comment("ünïcode → ok"), .mark(value: 0x4000, mask: 0x4000, negated: true), .mark(value: 1, mask: nil),
        .conntrackState(["RELATED", "ESTABLISHED"], negated: true),
        .addressType(AddressTypeMatch(direction: .source, type: "LOCAL", negated: true, limitInterface: true)),
        .addressType(AddressTypeMatch(direction: .destination, type: "LOCAL")),
        .statisticRandom(probability: "0.3333333333"),
        .recent(RecentMatch(name: "KUBE-SEP-X", mode: .check(seconds: 10800, reap: true), mask: "255.255.255.255", rsource: true)),
        .recent(RecentMatch(name: "KUBE-SEP-X", mode: .set)), .nfacct("localhost_nps_accepted_pkts"),
        .matchSet(SetMatch(name: "KUBE-CLUSTER-IP", directions: [.dst, .dst], negated: true)),
        .otherMatch(module: "physdev", tokens: ["!", "--physdev-is-in"]), .raw(["-f", "x y"]),
    ]
    static let targets: [Target] = [
        .jump("KUBE-SVC-X"), .accept, .drop, .return, .reject(with: nil), .reject(with: "icmp-port-unreachable"),
        .masquerade(randomFully: true), .masquerade(randomFully: false), .dnat(toDestination: "[fd00::1]:80"),
        .mark(.or(0x4000)), .mark(.xor(0x4000)), .mark(.setXMark(value: 0x4000, mask: 0xffff_ffff)),
        .other(name: "LOG", tokens: ["--log-prefix", "a b"]), .none,
    ]

    @Test("addresses and prefixes written and measured from their bits equal their text")
    func addressesFromBits() {
        var generator = SystemRandomNumberGenerator()
        var matches: [AddressMatch] = [
            .address(IPAddress(v4: 0)), .address(IPAddress(v4: .max)), .prefix(CIDR("0.0.0.0/0")!),
            .prefix(CIDR("10.0.0.0/8")!), .address(IPAddress("fd00::1")!), .prefix(CIDR("fd00::/64")!),
        ]
        for _ in 0..<300 {
            let value = UInt32.random(in: 0...UInt32.max, using: &generator)
            matches.append(.address(IPAddress(v4: value)))
            matches.append(.prefix(CIDR(network: IPAddress(v4: value), prefixLength: Int.random(in: 0...32, using: &generator))))
        }
        for match in matches {
            var writer = RestoreTextWriter()
            writer.address(match)
            #expect(writer.text == " " + match.description)
            if let (value, prefixLength) = IPv4Text.parts(match) {
                #expect(IPv4Text.length(value, separator: prefixLength != nil, value: prefixLength ?? 0)
                    == match.description.utf8.count)
            }
            // The limit check measures the same line the renderer writes.
            let rule = Rule([.source(match), .destination(match, negated: true)], .accept)
            let line = IptablesRenderer.ruleText(chain: "C", rule)
            #expect(LimitScan.isClean(rule, prefixBytes: RulesetLimits.maxLineBytes - line.utf8.count + 4, commandWords: 2))
            #expect(!LimitScan.isClean(rule, prefixBytes: RulesetLimits.maxLineBytes - line.utf8.count + 5, commandWords: 2))
        }
        for port in [0, 1, 9, 10, 65535, -1, Int.max, Int.min] {
            for value: UInt32 in [0, 0x0A00_0001, .max] {
                let text = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: IPv4Text.maxBytes) { buffer in
                    let count = IPv4Text.write(value, separator: UInt8(ascii: ":"), value: port, into: buffer)
                    return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
                }
                #expect(text == EndpointInfo(ip: IPAddress(v4: value), port: port, isLocal: false).description)
                #expect(IPv4Text.length(value, separator: true, value: port) == text.utf8.count)
            }
        }
    }

    @Test("every argument and target, written directly, equals its tokens quoted and joined")
    func parity() {
        for (index, argument) in Self.arguments.enumerated() {
            let target = Self.targets[index % Self.targets.count]
            let rule = Rule([argument, .comment("c\(index)")], target)
            let joined = (["-A", "KUBE-TEST"] + rule.tokens.map(IptablesRenderer.quoted)).joined(separator: " ")
            #expect(IptablesRenderer.ruleText(chain: "KUBE-TEST", rule) == joined)
        }
        for target in Self.targets {
            let rule = Rule([], target)
            let joined = (["-A", "C"] + rule.tokens.map(IptablesRenderer.quoted)).joined(separator: " ")
            #expect(IptablesRenderer.ruleText(chain: "C", rule) == joined)
        }
    }
}

/// The table builder's byte-level per-service-chain test must agree with kube-proxy's prefixes.
@Suite("Table builder chain classes")
struct TableBuilderChainClassTests {
    @Test func perServicePortChainsMatchKubeChainPrefixes() {
        let names = [
            "KUBE-SVC-XPGD46QRK7WJZT7O", "KUBE-SVL-XPGD46QRK7WJZT7O", "KUBE-SEP-SXIVWICOYRO3J4NJ", "KUBE-FW-ABC",
            "KUBE-EXT-ABC", "KUBE-FW-", "KUBE-SVC-", "KUBE-SERVICES", "KUBE-SEP", "KUBE-EXTERNAL-SERVICES",
            "KUBE-NODEPORTS", "KUBE-MARK-MASQ", "KUBE-FWD", "KUBE-FORWARD", "KUBE-PROXY-FIREWALL", "", "KUBE-",
            "INPUT", "kube-svc-x", "KUBE-SVCX-1",
        ]
        for name in names {
            #expect(TableBuilder.isPerServicePort(name) == KubeChain.isServiceChain(name), "\(name)")
        }
    }
}
