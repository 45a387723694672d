#if LibIPTC
import KubeRules
import KubeRulesApply
import Testing
@testable import IPTCApply

/// Whether libiptc kernel tests can run here, and why not.
enum LegacyKernel {
    static let unavailable = HostCapabilities.kernelTestsUnavailable(
        needing: ["ip", "iptables-legacy-restore", "iptables-legacy-save"])
    static let reason = Comment(rawValue: unavailable ?? "")
}

/// The libiptc encoder against iptables itself: the same rules, once through
/// `iptables-legacy-restore` and once through ``IPTCCommitter``, must give the same kernel blobs
/// (bytes the kernel keeps for itself masked) and the same `iptables-legacy-save` text.
@Suite(.enabled(if: LegacyKernel.unavailable == nil, LegacyKernel.reason))
struct IPTCEncodingTests {
    /// (table, iptables argument text, the same rule typed)
    static let cases: [(TableName, String, Rule)] = [
        (.nat, "-m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-X",
         Rule([.comment("ns1/svc1:p80 cluster IP"), .protocolModule(.tcp), .protocol(.tcp),
               .destination(.address(IPAddress("172.30.0.41")!)), .destinationPort(80)], .jump("KUBE-X"))),
        (.nat, "-m udp -p udp ! --sport 53 -j KUBE-X",
         Rule([.protocolModule(.udp), .protocol(.udp), .sourcePort(53, negated: true)], .jump("KUBE-X"))),
        (.nat, "-m sctp -p sctp --dport 3868 -j KUBE-X",
         Rule([.protocolModule(.sctp), .protocol(.sctp), .destinationPort(3868)], .jump("KUBE-X"))),
        (.nat, "-p tcp --dport 30080 -j KUBE-X",
         Rule([.protocol(.tcp), .destinationPort(30080)], .jump("KUBE-X"))),
        (.nat, "! -p udp -j RETURN", Rule([.protocol(.udp, negated: true)], .return)),
        (.nat, "-m mark ! --mark 0x4000/0x4000 -j RETURN",
         Rule([.mark(value: 0x4000, mask: 0x4000, negated: true)], .return)),
        (.nat, "-m mark --mark 0x8000 -j RETURN", Rule([.mark(value: 0x8000, mask: nil)], .return)),
        (.nat, "-j MARK --xor-mark 0x4000", Rule([], .mark(.xor(0x4000)))),
        (.nat, "-j MARK --or-mark 0x4000", Rule([], .mark(.or(0x4000)))),
        (.nat, "-j MARK --set-xmark 0x8000/0xffff", Rule([], .mark(.setXMark(value: 0x8000, mask: 0xFFFF)))),
        (.nat, "-m addrtype --dst-type LOCAL -j KUBE-X",
         Rule([.addressType(AddressTypeMatch(direction: .destination, type: "LOCAL"))], .jump("KUBE-X"))),
        (.nat, "-m addrtype ! --src-type LOCAL --limit-iface-in -j KUBE-X",
         Rule([.addressType(AddressTypeMatch(direction: .source, type: "LOCAL", negated: true, limitInterface: true))],
              .jump("KUBE-X"))),
        (.nat, "-m comment --comment \"ns1/svc1:p80 -> 10.180.0.1:80\" -m statistic --mode random --probability 0.3333333333 -j KUBE-X",
         Rule([.comment("ns1/svc1:p80 -> 10.180.0.1:80"), .statisticRandom(probability: "0.3333333333")], .jump("KUBE-X"))),
        (.nat, "-m statistic --mode random --probability 0.5000000000 -j KUBE-X",
         Rule([.statisticRandom(probability: "0.5000000000")], .jump("KUBE-X"))),
        (.nat, "-m recent --name KUBE-SEP-SXIVWICOYRO3J4NJ --set -j KUBE-X",
         Rule([.recent(RecentMatch(name: "KUBE-SEP-SXIVWICOYRO3J4NJ", mode: .set))], .jump("KUBE-X"))),
        (.nat, "-m recent --name KUBE-SEP-SXIVWICOYRO3J4NJ --rcheck --seconds 10800 --reap -j KUBE-X",
         Rule([.recent(RecentMatch(name: "KUBE-SEP-SXIVWICOYRO3J4NJ", mode: .check(seconds: 10800, reap: true)))],
              .jump("KUBE-X"))),
        (.nat, "-s 10.0.0.0/8 -i eth+ ! -o lo -j KUBE-X",
         Rule([.source(.prefix(CIDR("10.0.0.0/8")!)), .inInterface("eth+"), .outInterface("lo", negated: true)],
              .jump("KUBE-X"))),
        (.nat, "! -s 10.0.0.0/8 -d 192.168.0.2 -i veth0 -j KUBE-X",
         Rule([.source(.prefix(CIDR("10.0.0.0/8")!), negated: true), .destination(.address(IPAddress("192.168.0.2")!)),
               .inInterface("veth0")], .jump("KUBE-X"))),
        (.nat, "-m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80",
         Rule([.comment("ns1/svc1:p80"), .protocolModule(.tcp), .protocol(.tcp)], .dnat(toDestination: "10.180.0.1:80"))),
        (.nat, "-j DNAT --to-destination 10.180.0.2", Rule([], .dnat(toDestination: "10.180.0.2"))),
        (.nat, "-m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully",
         Rule([.comment("kubernetes service traffic requiring SNAT")], .masquerade(randomFully: true))),
        (.nat, "-j MASQUERADE", Rule([], .masquerade(randomFully: false))),
        (.filter, "-m comment --comment \"block incoming localnet connections\" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP",
         Rule([.comment("block incoming localnet connections"), .destination(.prefix(CIDR("127.0.0.0/8")!)),
               .source(.prefix(CIDR("127.0.0.0/8")!), negated: true),
               .conntrackState(["RELATED", "ESTABLISHED", "DNAT"], negated: true)], .drop)),
        (.filter, "-m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP",
         Rule([.conntrackState(["INVALID"]), .nfacct("ct_state_invalid_dropped_pkts")], .drop)),
        (.filter, "-m conntrack --ctstate NEW -m comment --comment \"kubernetes service portals\" -j KUBE-F",
         Rule([.conntrackState(["NEW"]), .comment("kubernetes service portals")], .jump("KUBE-F"))),
        (.filter, "-m comment --comment \"ns1/svc1:p80 has no endpoints\" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j REJECT",
         Rule([.comment("ns1/svc1:p80 has no endpoints"), .protocolModule(.tcp), .protocol(.tcp),
               .destination(.address(IPAddress("172.30.0.41")!)), .destinationPort(80)], .reject(with: nil))),
        (.filter, "-j REJECT --reject-with icmp-host-unreachable", Rule([], .reject(with: "icmp-host-unreachable"))),
        (.filter, "-m mark --mark 0x4000/0x4000 -j ACCEPT", Rule([.mark(value: 0x4000, mask: 0x4000)], .accept)),
        (.filter, "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
         Rule([.conntrackState(["RELATED", "ESTABLISHED"])], .accept)),
    ]

    static func hex(_ bytes: [UInt8]) -> String {
        stride(from: 112, to: bytes.count, by: 32).map { start in
            "\(start): " + bytes[start..<min(start + 32, bytes.count)].map { String($0, radix: 16) }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    @Test func libiptcBuildsTheBlobsIptablesBuilds() throws {
        let namespace = try ScratchNamespace(purpose: "iptc")
        defer { namespace.delete() }
        try NetlinkNfacct().ensure(["ct_state_invalid_dropped_pkts"], in: namespace.target)

        for table in [TableName.nat, .filter] {
            let rules = Self.cases.filter { $0.0 == table }
            let helperChain = table == .nat ? "KUBE-X" : "KUBE-F"
            var text = "*\(table.rawValue)\n:KUBE-REF - [0:0]\n:\(helperChain) - [0:0]\n"
            text += rules.map { "-A KUBE-REF \($0.1)\n" }.joined() + "COMMIT\n"
            let loaded = try namespace.exec(["iptables-legacy-restore", "--noflush"], input: text)
            try #require(loaded.succeeded, "iptables-legacy-restore refused the reference rules: \(loaded.stderr)")

            let transaction = TableTransaction(
                family: .ipv4, table: table,
                operations: [.declareChain("KUBE-ENC")] + rules.map { .append(chain: "KUBE-ENC", rule: $0.2) })
            try IPTCCommitter(namespace: namespace.target).commit(transaction)

            let (reference, ours) = try NamespaceSwitch.run(in: namespace.target) { () throws(ApplyError) in
                let handle = try IPTCTable(table)
                return (handle.rawRules(of: "KUBE-REF"), handle.rawRules(of: "KUBE-ENC"))
            }
            try #require(reference.count == rules.count && ours.count == rules.count)
            for (index, rule) in rules.enumerated() {
                let encoded = try RuleEncoder.encode(rule.2)
                #expect(ours[index].target == reference[index].target, "target of \(rule.1)")
                let difference = IPTCInspection.firstDifference(reference[index].bytes, ours[index].bytes, mask: encoded)
                #expect(difference == nil, "\(rule.1): kernel blobs differ at byte \(difference ?? -1):\n\(Self.hex(reference[index].bytes))\n\(Self.hex(ours[index].bytes))")
            }

            let saved = try namespace.exec(["iptables-legacy-save", "-t", table.rawValue])
            let lines = saved.stdout.split(separator: "\n")
            let referenceLines = lines.filter { $0.hasPrefix("-A KUBE-REF ") }.map { $0.dropFirst("-A KUBE-REF ".count) }
            let ourLines = lines.filter { $0.hasPrefix("-A KUBE-ENC ") }.map { $0.dropFirst("-A KUBE-ENC ".count) }
            #expect(ourLines == referenceLines)
        }
    }
}
#endif
