import Foundation
import Testing

@testable import KubeRules

/// `kuberules diff … --against SAVED` end to end (in-process CLI): exit codes, the per-service
/// report, kube-proxy's notion of sameness, and bad input.
@Suite struct DiffCommandTests {
    static var overall: FixtureCase { FixtureCase.all().first { $0.name == "kube-proxy-TestOverallIPTablesRules" }! }
    var fixture: FixtureCase { Self.overall }
    var expected: String { try! String(contentsOf: fixture.url("expected.iptables"), encoding: .utf8) }
    var manifests: String { try! String(contentsOf: fixture.url("manifests.yaml"), encoding: .utf8) }

    /// `kuberules diff MANIFESTS FLAGS --against SAVED` with the saved text written to a file.
    func diff(manifests: String? = nil, saved: String, extra: [String] = []) throws -> CLIRun {
        let directory = try TemporaryDirectory()
        let savedPath = try directory.write("saved.iptables", saved)
        let input = try manifests.map { try directory.write("manifests.yaml", $0) } ?? fixture.url("manifests.yaml").path
        return CLIRun(["diff", input] + fixture.flags + ["--against", savedPath] + extra)
    }

    @Test func sameRulesExitZeroAndPrintNothing() throws {
        let run = try diff(saved: expected)
        #expect(run.exitCode == 0)
        #expect(run.stdout == "")
        #expect(run.stderr == "")
    }

    @Test func savedFromStdin() throws {
        let run = CLIRun(["diff", fixture.url("manifests.yaml").path] + fixture.flags + ["--against", "-"], stdin: expected)
        #expect(run.exitCode == 0)
        #expect(run.stdout == "")
    }

    @Test func ruleOrderInKubeServicesDoesNotMatter() throws {
        // kube-proxy writes services in map order; its tests sort KUBE-SERVICES by service name.
        // Reverse the order of the services' rule groups (each group keeps its own order).
        var lines = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let nat = lines.firstIndex(of: "*nat")!
        let services = lines.indices.filter { $0 > nat && lines[$0].hasPrefix("-A KUBE-SERVICES -m comment --comment \"ns") }
        #expect(services.count > 2)
        func service(_ line: String) -> Substring { line.split(separator: "\"")[1].prefix { $0 != ":" && $0 != " " } }
        var groups: [[String]] = []
        for index in services {
            if let last = groups.last?.last, service(last) == service(lines[index]) {
                groups[groups.count - 1].append(lines[index])
            } else {
                groups.append([lines[index]])
            }
        }
        #expect(groups.count > 2)
        for (index, line) in zip(services, groups.reversed().flatMap { $0 }) { lines[index] = line }
        #expect(lines.joined(separator: "\n") != expected)
        let run = try diff(saved: lines.joined(separator: "\n"))
        #expect(run.exitCode == 0, "\(run.stdout)")
    }

    @Test func countersOnlyChangeIsSame() throws {
        let counted = expected.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix(":") { return line.replacingOccurrences(of: "[0:0]", with: "[1234:567890]") }
            if line.hasPrefix("-A ") { return "[7:420] " + line }
            return String(line)
        }.joined(separator: "\n")
        #expect(counted != expected)
        let run = try diff(saved: counted)
        #expect(run.exitCode == 0, "\(run.stdout)")
    }

    @Test func gainedAndLostEndpoint() throws {
        let run = try diff(manifests: manifests.replacingOccurrences(of: "    - 10.180.0.5\n", with: "    - 10.180.0.7\n"), saved: expected)
        #expect(run.exitCode == 1)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("ns4/svc4:p80 gained endpoint 10.180.0.7:80 (KUBE-SEP-KV4FMR6WJFBQE3OH)"))
        #expect(lines.contains("ns4/svc4:p80 lost endpoint 10.180.0.5:80 (KUBE-SEP-C6EBXVWJJZMIWKLZ)"))
        // The jumps to the two endpoint chains are their consequence, not findings of their own.
        #expect(!run.stdout.contains("rule missing in KUBE-SVC-4SW47YFZTEDKD3PK"))
        #expect(run.stdout.contains("--- \(fixture.url("expected.iptables").path.replacingOccurrences(of: fixture.directory.path, with: ""))") == false)
        #expect(run.stdout.contains("\n+-A KUBE-SEP-KV4FMR6WJFBQE3OH -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.7:80\n"))
        #expect(run.stdout.contains("\n--A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.5:80\n"))
        #expect(run.stderr == "")
    }

    @Test func changedClusterIP() throws {
        // ns1/svc1 gets another cluster IP: its capture rule in KUBE-SERVICES changes.
        let changed = manifests.replacingOccurrences(of: "172.30.0.41\n", with: "172.30.0.141\n")
        #expect(changed != manifests)
        let run = try diff(manifests: changed, saved: expected)
        #expect(run.exitCode == 1)
        #expect(run.stdout.contains("ns1/svc1:p80: rule changed in KUBE-SERVICES: -A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O → -A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 cluster IP\" -m tcp -p tcp -d 172.30.0.141 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O"), "\(run.stdout)")
    }

    @Test func staleChainsOfARemovedService() throws {
        // Rendered without ns1/svc1: the saved side still has its chains.
        let without = try FixtureEditing.removingObjects(named: "svc1", from: manifests)
        let run = try diff(manifests: without, saved: expected)
        #expect(run.exitCode == 1)
        #expect(run.stdout.contains("ns1/svc1:p80: stale chain KUBE-SVC-XPGD46QRK7WJZT7O (nat table): not in the manifests"), "\(run.stdout)")
        #expect(run.stdout.contains("ns1/svc1:p80 lost endpoint 10.180.0.1:80 (KUBE-SEP-SXIVWICOYRO3J4NJ)"))
        #expect(run.stdout.contains("ns1/svc1:p80: extra rule in KUBE-SERVICES (not in the manifests): -A KUBE-SERVICES -m comment --comment \"ns1/svc1:p80 cluster IP\""))
    }

    @Test func missingChainReported() throws {
        // The saved side lacks svc2's KUBE-EXT chain and every rule naming it.
        let saved = expected.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("KUBE-EXT-GNZBNJ2PO5MGZ6GT") }.joined(separator: "\n")
        let run = try diff(saved: saved)
        #expect(run.exitCode == 1)
        #expect(run.stdout.contains("ns2/svc2:p80: KUBE-EXT-GNZBNJ2PO5MGZ6GT missing (nat table)"), "\(run.stdout)")
    }

    @Test func badDumpExitsTwoWithPosition() throws {
        let broken = expected.replacingOccurrences(of: "--comment \"ns1/svc1:p80 cluster IP\" -m tcp", with: "--comment \"ns1/svc1:p80 cluster IP -m tcp")
        let directory = try TemporaryDirectory()
        let path = try directory.write("saved.iptables", broken)
        let run = CLIRun(["diff", fixture.url("manifests.yaml").path] + fixture.flags + ["--against", path])
        #expect(run.exitCode == 2)
        #expect(run.stdout == "")
        let line = broken.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("cluster IP -m tcp") }! + 1
        #expect(run.stderr.hasPrefix("\(path):\(line):"), "\(run.stderr)")
        #expect(run.stderr.contains("error:"))
        #expect(run.stderr.contains("^"))
    }

    @Test func exactlyOneOfAgainstAndGolden() {
        #expect(CLIRun(["diff", fixture.url("manifests.yaml").path]).exitCode == 64)
        #expect(CLIRun(["diff", fixture.url("manifests.yaml").path, "--against", "x", "--golden", "y"]).exitCode == 64)
        #expect(CLIRun(["diff", "-", "--against", "-"]).exitCode == 64)
    }
}

/// Small edits of kubectl `List` manifests for tests.
enum FixtureEditing {
    struct NotFound: Error {}

    /// The `List` text without its items (Service, EndpointSlice, …) whose `metadata.name` is
    /// `name` or whose service-name label is `name`.
    static func removingObjects(named name: String, from text: String) throws -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let itemsLine = lines.firstIndex(of: "items:") else { throw NotFound() }
        var items: [[String]] = []
        var head = Array(lines[...itemsLine]), tail: [String] = []
        for line in lines[(itemsLine + 1)...] {
            if line.hasPrefix("- ") { items.append([line]) }
            else if line.hasPrefix(" ") || line.isEmpty, !items.isEmpty { items[items.count - 1].append(line) }
            else { tail.append(line) }
        }
        let kept = items.filter { item in
            !item.contains("    name: \(name)") && !item.contains("      kubernetes.io/service-name: \(name)")
        }
        guard kept.count < items.count else { throw NotFound() }
        head += kept.flatMap { $0 }
        return (head + tail).joined(separator: "\n")
    }
}
