import Foundation
import Testing
@testable import KubeRules

/// kube-proxy's IPVS unit tests as manifest fixtures (`fixtures/kube-proxy-ipvs-*`): the whole
/// pipeline (reader, graph builder, IPVS compiler, renderers) must produce what each test
/// asserts, read from the fixture's `kube-proxy-expectations.txt` (its README explains the
/// format) and checked against the rendered *text* with readers independent of the renderers.
@Suite("kube-proxy IPVS tests as fixtures")
struct KubeProxyIPVSFixtureTests {
    static var fixtures: [FixtureCase] { FixtureCase.all(having: "kube-proxy-expectations.txt") }

    /// `-A CHAIN … -j TARGET` lines of restore text, per chain in table order: "TARGET[:SET]".
    static func chains(_ text: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("-A ") {
            let tokens = line.split(separator: " ").map(String.init)
            let jump = tokens.firstIndex(of: "-j").map { tokens[$0 + 1] } ?? ""
            let set = tokens.firstIndex(of: "--match-set").map { ":" + tokens[$0 + 1] } ?? ""
            result[tokens[1], default: []].append(jump + set)
        }
        return result
    }

    @Test("each fixture renders what kube-proxy's test asserts", arguments: fixtures)
    func expectations(_ fixture: FixtureCase) throws {
        let texts = try fixture.ipvsTexts()
        let servers = IPVSExpect.servers(texts["expected.ipvsadm"]!)
        let sets = IPVSExpect.sets(texts["expected.ipset"]!)
        let chains = Self.chains(texts["expected.ipvs-iptables"]!)
        let lines = try String(contentsOf: fixture.url("kube-proxy-expectations.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        var expectedServers: [String: Set<String>] = [:]
        var count: Int?
        for words in lines {
            switch words[0] {
            case "vs":
                let key = "\(words[2])/\(words[1])"
                expectedServers[key] = Set(words.dropFirst(4))
            case "vs-count":
                count = Int(words[1])
            case "timeout":
                #expect(servers.values.allSatisfy { $0.timeout == Int(words[1]) }, "every virtual server persists \(words[1]) s")
            case "set":
                #expect(sets[words[1]]?.sorted() == words.dropFirst(2).sorted(), "set \(words[1])")
            case "chain":
                #expect(chains[words[1]] ?? [] == Array(words.dropFirst(2)), "chain \(words[1])")
            case "loopback":
                #expect(sets[KubeIPSet.loopBack.rawValue]?.count == Int(words[1]), "KUBE-LOOP-BACK entries")
            default:
                Issue.record("unknown expectation \(words)")
            }
        }
        if let count {
            #expect(servers.count == count, "number of virtual servers")
            for (key, reals) in expectedServers { #expect(servers[key]?.realServers == reals, "real servers of \(key)") }
        } else if !expectedServers.isEmpty {
            #expect(servers.mapValues(\.realServers) == expectedServers, "the whole IPVS table")
        }
    }
}
