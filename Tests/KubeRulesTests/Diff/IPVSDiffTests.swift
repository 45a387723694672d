import Foundation
import Testing

@testable import KubeRules

/// `diff` of IPVS mode's texts: `ipvsadm-save -n` and `ipset save` against the rendered state.
@Suite struct IPVSDiffTests {
    static var clusterIP: FixtureCase { FixtureCase.all().first { $0.name == "ipvs-clusterip" }! }
    var fixture: FixtureCase { Self.clusterIP }

    func diff(_ saved: String) throws -> CLIRun {
        let directory = try TemporaryDirectory()
        let path = try directory.write("saved", saved)
        return CLIRun(["diff", fixture.url("manifests.yaml").path] + fixture.flags + ["--proxy-mode", "ipvs", "--against", path])
    }

    var ipvsadm: String { try! String(contentsOf: fixture.url("expected.ipvsadm"), encoding: .utf8) }
    var ipset: String { try! String(contentsOf: fixture.url("expected.ipset"), encoding: .utf8) }

    @Test func sameTablesAndSets() throws {
        #expect(try diff(ipvsadm).exitCode == 0)
        #expect(try diff(ipset).exitCode == 0)
        #expect(try diff(String(contentsOf: fixture.url("expected.ipvs-iptables"), encoding: .utf8)).exitCode == 0)
    }

    @Test func orderOfServicesAndRealServersDoesNotMatter() throws {
        // ipvsadm-save's order is the kernel's; the comparison treats the dump as a set.
        var services: [[String]] = []
        for line in ipvsadm.split(separator: "\n").map(String.init) {
            if line.hasPrefix("-A ") { services.append([line]) } else { services[services.count - 1].append(line) }
        }
        let shuffled = services.reversed().map { [$0[0]] + $0.dropFirst().reversed() }.flatMap { $0 }.joined(separator: "\n") + "\n"
        #expect(shuffled != ipvsadm)
        #expect(try diff(shuffled).exitCode == 0)
    }

    @Test func lostRealServerAndStaleVirtualServer() throws {
        let saved = ipvsadm.replacingOccurrences(of: "-a -t 172.30.0.41:80 -r 10.180.1.1:8080 -m -w 1\n", with: "")
            + "-A -t 172.30.0.99:80 -s rr\n-a -t 172.30.0.99:80 -r 10.180.0.9:80 -m -w 1\n"
        let run = try diff(saved)
        #expect(run.exitCode == 1)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("ns1/svc1:p80 gained endpoint 10.180.1.1:8080 (virtual server -t 172.30.0.41:80)"), "\(run.stdout)")
        #expect(lines.contains("stale virtual server -t 172.30.0.99:80: not in the manifests"))
        #expect(lines.contains("+-a -t 172.30.0.41:80 -r 10.180.1.1:8080 -m -w 1"))
    }

    @Test func changedSchedulerAndWeight() throws {
        let saved = ipvsadm.replacingOccurrences(of: "-A -t 172.30.0.41:80 -s rr", with: "-A -t 172.30.0.41:80 -s wrr")
            .replacingOccurrences(of: "-a -t 172.30.0.41:80 -r 10.180.0.1:8080 -m -w 1", with: "-a -t 172.30.0.41:80 -r 10.180.0.1:8080 -m -w 0")
        let run = try diff(saved)
        #expect(run.exitCode == 1)
        #expect(run.stdout.contains("ns1/svc1:p80: virtual server -t 172.30.0.41:80: scheduler wrr → rr"), "\(run.stdout)")
        #expect(run.stdout.contains("ns1/svc1:p80: real server changed on -t 172.30.0.41:80: -r 10.180.0.1:8080 -m -w 0 → -r 10.180.0.1:8080 -m -w 1"))
    }

    @Test func missingSetEntry() throws {
        let saved = ipset.replacingOccurrences(of: "add KUBE-CLUSTER-IP 172.30.0.41,tcp:80\n", with: "")
            + "create OTHER-SET hash:ip family inet\nadd OTHER-SET 1.1.1.1\n"
        let run = try diff(saved)
        #expect(run.exitCode == 1)
        #expect(run.stdout.contains("ns1/svc1:p80: ipset KUBE-CLUSTER-IP: entry 172.30.0.41,tcp:80 missing"), "\(run.stdout)")
        #expect(!run.stdout.contains("OTHER-SET"), "sets that are not kube-proxy's are ignored")
    }

    @Test func badIPVSDumpExitsTwo() throws {
        let run = try diff("-A -t 172.30.0.41:80 -s rr\n-a -t 172.30.0.41:80 -r 10.180.0.1:8080 -m -w many\n")
        #expect(run.exitCode == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.contains(":2:47: error: invalid weight 'many' (expected an integer in 0-65535)"), "\(run.stderr)")
        let orphan = try diff("-a -t 172.30.0.41:80 -r 10.180.0.1:8080 -m -w 1\n")
        #expect(orphan.exitCode == 2)
        #expect(orphan.stderr.contains(":1:1: error: destination for unknown service -t 172.30.0.41:80"))
    }

    @Test func parserReadsEverythingIpvsadmSavePrints() throws {
        let text = """
            -A -u [2001:db8::1]:53 -s sh -p 600 -M 64 -b sh-fallback,sh-port -o
            -a -u [2001:db8::1]:53 -r [fd00::1]:53 -g -w 3 -x 10 -y 2
            -A --sctp-service 1.2.3.4:80 -s rr
            -A -f 12 -s wlc

            """
        let services = try IPVSadmParser(file: "t").parse(text)
        #expect(services.map(\.text).joined() == """
            -A -u [2001:db8::1]:53 -s sh -p 600 -M 64 -b sh-fallback,sh-port -o
            -a -u [2001:db8::1]:53 -r [fd00::1]:53 -g -w 3 -x 10 -y 2
            -A --sctp-service 1.2.3.4:80 -s rr
            -A -f 12 -s wlc

            """)
    }
}
