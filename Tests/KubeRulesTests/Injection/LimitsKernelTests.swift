import Foundation
import KubeRules
import Testing

/// The boundaries of ``RulesetLimits`` are the installed iptables' and the kernel's: inside a
/// network namespace the test creates and deletes, every "within" ruleset of ``LimitsTests``
/// loads (legacy and nft) and reads back exactly as written, and every "over" ruleset is either
/// refused or — worse — loaded as something other than what was written (iptables 1.8.9 cuts a
/// comment over 255 bytes without a word, and reads the rest of an overlong line as a new line).
/// Also: an ipset created as kube-proxy creates it refuses its 65537th entry.
@Suite(.serialized, .enabled(if: NetworkNamespace.unavailableReason == nil, "needs root, ip and iptables-legacy/nft"))
struct LimitsKernelTests {
    @Test("within loads as written; over is refused or altered", arguments: LimitsTests.boundaries)
    func boundary(_ boundary: LimitsTests.Boundary) throws {
        for variant in ["legacy", "nft"] {
            let within = try load(boundary.within, variant: variant)
            #expect(within.refusal == nil, "\(variant) refused the within case: \(within.refusal ?? "")")
            #expect(within.differences.isEmpty, "\(variant): \(within.differences)")
            let over = try load(boundary.over, variant: variant)
            #expect(
                over.refusal != nil || !over.differences.isEmpty,
                "\(variant) loaded the over case exactly as written, so the limit is wrong")
        }
    }

    /// Loads `ruleset` into a fresh namespace and reads it back.
    func load(_ ruleset: Ruleset, variant: String) throws -> (refusal: String?, differences: [String]) {
        let namespace = try NetworkNamespace()
        let text = IptablesRenderer.render(ruleset)
        let load = try namespace.run(["/usr/sbin/iptables-\(variant)-restore"], stdin: text)
        guard load.status == 0 else { return (load.stderr, []) }
        let save = try namespace.run(["/usr/sbin/iptables-\(variant)-save"])
        guard save.status == 0 else { return ("save failed: \(save.stderr)", []) }
        let saved: Ruleset
        do {
            saved = try IptablesParser(file: "iptables-save").parse(save.stdout, family: .ipv4)
        } catch {
            return (nil, ["the saved table does not parse: \(error)"])
        }
        return (nil, KernelLoadTests.differences(rendered: ruleset, saved: saved))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/ipset"), "needs /usr/sbin/ipset"))
    func ipsetRefusesMoreEntriesThanMaxelem() throws {
        let namespace = try NetworkNamespace()
        // kube-proxy's KUBE-CLUSTER-IP as IPSetRenderer writes it, filled to maxelem, then one more.
        var text = "create KUBE-CLUSTER-IP hash:ip,port family inet hashsize 1024 maxelem 65536\n"
        for index in 0..<65536 {
            text += "add KUBE-CLUSTER-IP 172.30.\(index / 256).\(index % 256),tcp:80\n"
        }
        let full = try namespace.run(["/usr/sbin/ipset", "restore"], stdin: text, timeout: 120)
        #expect(full.status == 0, "\(full.stderr)")
        // The kernel's full check runs against an element count its hash regions update lazily,
        // so the very next add is sometimes still taken; a few more never all are.
        let more = (0..<256).map { "add KUBE-CLUSTER-IP 172.31.0.\($0),tcp:80\n" }.joined()
        let over = try namespace.run(["/usr/sbin/ipset", "restore"], stdin: more, timeout: 120)
        #expect(over.status != 0)
        #expect(over.stderr.contains("full"), "\(over.stderr)")
    }
}
