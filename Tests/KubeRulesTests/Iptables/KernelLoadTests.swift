import Foundation
import Testing

@testable import KubeRules

/// Every rendered ruleset loads into a real kernel, with both xtables backends, inside a network
/// namespace the test creates and deletes: `iptables-restore --test` (`ip6tables-restore` for
/// IPv6), then a real load (after creating kube-proxy's nfacct counters in the namespace, which
/// the `nfacct` match needs at load time but not for `--test`), then `iptables-save` read back
/// with ``IptablesParser`` must equal what was rendered, rule for rule, in canonical form.
@Suite(.serialized, .enabled(if: NetworkNamespace.unavailableReason == nil, "needs root, ip and iptables-legacy/nft"))
struct KernelLoadTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var ruleset: Ruleset
        var description: String { name }
    }

    static var cases: [Case] {
        var result: [Case] = []
        let fixtures = (try? FileManager.default.contentsOfDirectory(atPath: Golden.fixtures.path)) ?? []
        for fixture in fixtures.sorted() {
            for (file, family) in [("expected.iptables", IPFamily.ipv4), ("expected.ip6tables", .ipv6)] {
                let url = Golden.fixtures.appendingPathComponent("\(fixture)/\(file)")
                guard let text = try? String(contentsOf: url, encoding: .utf8),
                    let ruleset = try? IptablesParser(file: url.path).parse(text, family: family)
                else { continue }
                result.append(Case(name: "\(fixture)/\(file)", ruleset: ruleset))
            }
        }
        for (index, ruleset) in ParserTests.compiled.enumerated() {
            result.append(Case(name: "compiled-\(index)\(ruleset.tables.contains { !$0.hooks.isEmpty } ? "-hooks" : "")", ruleset: ruleset))
        }
        return result
    }

    static let nfacct = "/usr/sbin/nfacct"

    @Test(arguments: cases)
    func loadsIntoTheKernel(_ testCase: Case) throws {
        let text = IptablesRenderer.render(testCase.ruleset)
        let prefix = testCase.ruleset.family == .ipv4 ? "iptables" : "ip6tables"
        for variant in ["legacy", "nft"] {
            let namespace = try NetworkNamespace()
            let restore = "/usr/sbin/\(prefix)-\(variant)-restore"
            let check = try namespace.run([restore, "--test"], stdin: text)
            #expect(check.status == 0, "\(restore) --test: \(check.stderr)")

            guard FileManager.default.isExecutableFile(atPath: Self.nfacct) else {
                // Without the nfacct tool the counters cannot be created, so only --test runs.
                continue
            }
            for counter in KubeProxyCounters.all {
                let made = try namespace.run([Self.nfacct, "add", counter])
                #expect(made.status == 0, "nfacct add \(counter): \(made.stderr)")
            }
            let load = try namespace.run([restore], stdin: text)
            #expect(load.status == 0, "\(restore): \(load.stderr)")
            guard load.status == 0 else { continue }
            let save = try namespace.run(["/usr/sbin/\(prefix)-\(variant)-save"])
            #expect(save.status == 0, "\(prefix)-\(variant)-save: \(save.stderr)")
            let saved = try IptablesParser(file: "\(prefix)-\(variant)-save").parse(save.stdout, family: testCase.ruleset.family)
            let problems = Self.differences(rendered: testCase.ruleset, saved: saved)
            #expect(problems.isEmpty, "\(variant): \(problems.joined(separator: "\n"))")
        }
    }

    /// What the kernel holds that differs from what was rendered (both in canonical form).
    static func differences(rendered: Ruleset, saved: Ruleset) -> [String] {
        let ours = IptablesCanonicalForm.canonical(rendered)
        let theirs = IptablesCanonicalForm.canonical(saved)
        var problems: [String] = []
        for table in ours.tables {
            guard let kernel = theirs[table: table.name] else {
                problems.append("table \(table.name) missing")
                continue
            }
            for chain in table.chains {
                guard let loaded = kernel[chain: chain.name] else {
                    problems.append("\(table.name)/\(chain.name) missing")
                    continue
                }
                for (index, pair) in zip(chain.rules, loaded.rules).enumerated() where pair.0 != pair.1 {
                    problems.append("\(table.name)/\(chain.name) rule \(index + 1):\n  rendered \(IptablesRenderer.ruleText(chain: chain.name, pair.0))\n  kernel   \(IptablesRenderer.ruleText(chain: chain.name, pair.1))")
                }
                if chain.rules.count != loaded.rules.count {
                    problems.append("\(table.name)/\(chain.name): \(chain.rules.count) rules rendered, \(loaded.rules.count) in the kernel")
                }
            }
            let extra = Set(kernel.chains.map(\.name)).subtracting(table.chains.map(\.name))
                .subtracting(table.name.builtinChains)
            if !extra.isEmpty { problems.append("\(table.name): unexpected chains \(extra.sorted())") }
            for builtin in table.name.builtinChains {
                let hooks = table.hooks.filter { $0.chain == builtin }.sorted { ($0.position ?? .max) < ($1.position ?? .max) }
                let loaded = kernel[chain: builtin]?.rules ?? []
                if hooks.map(\.rule) != loaded {
                    problems.append("\(table.name)/\(builtin): hooks \(hooks.map { IptablesRenderer.ruleText(chain: builtin, $0.rule) }) vs kernel \(loaded.map { IptablesRenderer.ruleText(chain: builtin, $0) })")
                }
            }
        }
        return problems
    }
}
