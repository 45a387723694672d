import Testing

@testable import KubeRules

/// ``TextTableSink``'s one-pass rule writing (``CheckedLineCursor``) and its endpoint chains
/// written whole, against the model path: ``TableBuilder`` printed by ``IptablesRenderer``,
/// with ``RulesetLimits`` deciding what may be written.
@Suite("iptables text sink: single rules and endpoint chains")
struct TextSinkRuleTests {
    /// The text sink's table text for `write`, or nil where it steps aside; and the model's
    /// ruleset for the same calls.
    static func both(_ write: (inout TextTableSink) -> Void, _ model: (inout TableBuilder) -> Void)
        -> (text: [UInt8]?, ruleset: Ruleset)
    {
        var sink = TextTableSink(.nat)
        write(&sink)
        var builder = TableBuilder(.nat)
        model(&builder)
        let text = (consume sink).build(hooks: []).map { Array($0.joined()) }
        return (text, Ruleset(family: .ipv4, tables: [(consume builder).build(hooks: [])]))
    }

    /// Rules near every limit (long lines, many words, long words, line breaks and NULs, odd
    /// quoting, bad chain names): the text holds exactly the rendered rule when
    /// ``RulesetLimits`` finds nothing, and steps aside otherwise.
    @Test("random rules near the limits", arguments: 0..<400)
    func randomRule(seed: UInt64) {
        var random = SeededRandom(seed: seed &* 104_729 &+ 3)
        let arguments = (0..<random.pick([1, 3, 40, 120, 124, 125, 130, 250])).map { _ in Self.argument(&random) }
        let target: Target = random.pick([
            .jump("KUBE-SVC-ABCDEFGHIJKLMNOP"), .jump("-bad"), .jump(String(repeating: "C", count: 29)), .accept,
            .dnat(toDestination: "10.0.0.1:80"), .jump(""),
        ])
        let chain = random.pick(["KUBE-SERVICES", "KUBE-NODEPORTS"])
        let (text, ruleset) = Self.both({ $0.declare(chain); $0.append(chain, arguments, target) }) {
            $0.declare(chain)
            $0.append(chain, arguments, target)
        }
        let problems = RulesetLimits.problems(ruleset)
        if problems.isEmpty {
            #expect(text == IptablesRenderer.renderBytes(ruleset), "seed \(seed)")
        } else {
            #expect(text == nil, "seed \(seed): \(problems.first.map(\.message) ?? "")")
        }
    }

    /// One random argument, sometimes long or holding characters that need quotes or break
    /// the line.
    static func argument(_ random: inout SeededRandom) -> RuleArgument {
        let pieces = ["a", " ", "\"", "\\", "'", "\n", "\r", "\0", "é", "ns/svc:p", String(repeating: "x", count: 200)]
        var text = ""
        for _ in 0..<random.pick([0, 1, 2, 5, 8]) {
            // Mostly plain characters, so that many rules are clean.
            text += random.chance(80) ? random.pick(["a", "ns/svc:p", String(repeating: "x", count: 200)]) : random.pick(pieces)
        }
        switch random.int(8) {
        case 0: return .comment(text)
        case 1: return .destinationPort(random.pick([0, 80, 65535, 65536, -1]))
        case 2: return .source(.address(IPAddress(v4: UInt32(truncatingIfNeeded: random.next()))))
        case 3: return .destination(.prefix(CIDR(network: IPAddress(v4: 0x0A00_0000), prefixLength: random.int(33))))
        case 4: return .source(.address(IPAddress("fd00::1")!))
        case 5: return .raw([text, "x"])
        case 6: return .otherMatch(module: "physdev", tokens: [String(repeating: "y", count: random.pick([1, 1000, 1023, 1024]))])
        default: return .protocolModule(.tcp)
        }
    }

    /// An endpoint chain claimed again right after it was written gets its rules in place, as
    /// in the model; claimed again after another one, the text steps aside.
    @Test func endpointChainClaimedTwice() {
        let port = ServicePortName(namespace: "ns1", name: "svc1", port: "p80", protocol: .tcp)
        let a = EndpointInfo(ip: IPAddress("10.180.0.1")!, port: 80, isLocal: false)
        let b = EndpointInfo(ip: IPAddress("10.180.0.2")!, port: 8080, isLocal: false)
        func write<Sink: IptablesTableSink>(_ sink: inout Sink, _ claims: [EndpointInfo]) {
            sink.beginServicePort()
            var names = EndpointChainNames(port)
            for endpoint in claims {
                let (entry, isNew) = names.claimChain(endpoint)
                sink.appendEndpointChain(entry, isNew: isNew, comment: nil, recordAffinity: false, protocol: .tcp)
            }
            sink.packServiceChains()
        }
        let twice = Self.both({ write(&$0, [b, a, a]) }) { write(&$0, [b, a, a]) }
        #expect(twice.text != nil)
        #expect(twice.text == IptablesRenderer.renderBytes(twice.ruleset))
        let apart = Self.both({ write(&$0, [a, b, a]) }) { write(&$0, [a, b, a]) }
        #expect(apart.text == nil)
        // Written once each: the text equals the model's, declarations and rules.
        let once = Self.both({ write(&$0, [a, b]) }) { write(&$0, [a, b]) }
        #expect(once.text == IptablesRenderer.renderBytes(once.ruleset))
        let rendered = String(decoding: once.text ?? [], as: UTF8.self)
        #expect(rendered.contains(":\(ServiceChainNames.endpoint(port, a)) - [0:0]\n"))
        #expect(rendered.contains("-A \(ServiceChainNames.endpoint(port, b)) -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:8080\n"))
    }
}
