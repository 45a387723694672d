import KubeRules
import Testing
@testable import KubeRulesApply

/// The pure parts of IPVS-mode apply: reading `ipset save`, `ipvsadm -S` and `ip` output, and
/// planning each tool's input.
@Suite struct IPVSPlannerTests {
    static func set(_ name: KubeIPSet, _ entries: [IPSetEntry]) -> IPSetPlanner.WantedSet {
        IPSetPlanner.WantedSet(IPSet(name: name.rawValue, type: name.type, family: .ipv4, comment: name.comment, entries: entries))
    }

    static func services(_ text: String) throws -> [String: IPVSSavedService] {
        IPVSTablePlanner.byKey(try IPVSadmParser().parse(text))
    }

    @Test func ipsetSaveIsReadOnlyForManagedSetsAndInTheKernelsSpelling() throws {
        let text = """
            create USER hash:ip family inet hashsize 1024 maxelem 65536
            add USER 10.0.0.1
            create KUBE-LOAD-BALANCER-SOURCE-CIDR hash:ip,port,net family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x1
            add KUBE-LOAD-BALANCER-SOURCE-CIDR 1.2.3.4,tcp:80,203.0.113.5
            add KUBE-LOAD-BALANCER-SOURCE-CIDR 1.2.3.4,tcp:80,203.0.113.0/25
            create KUBE-NODE-PORT-TCP bitmap:port range 0-65535
            add KUBE-NODE-PORT-TCP 30080
            create KUBE-KR-TMP-3 hash:ip family inet

            """
        let snapshot = try IPSetSnapshot.parse(text) { IPSetPlanner.isManaged($0, family: .ipv4) }
        #expect(snapshot.sets.keys.sorted() == ["KUBE-KR-TMP-3", "KUBE-LOAD-BALANCER-SOURCE-CIDR", "KUBE-NODE-PORT-TCP"])
        #expect(snapshot["KUBE-LOAD-BALANCER-SOURCE-CIDR"]?.entries == ["1.2.3.4,tcp:80,203.0.113.5", "1.2.3.4,tcp:80,203.0.113.0/25"])
        #expect(snapshot["KUBE-NODE-PORT-TCP"]?.family == nil)
        #expect(snapshot["KUBE-NODE-PORT-TCP"]?.type == "bitmap:port")
        // A host-length net is the same entry however it is spelled.
        #expect(IPSetEntryText.normalized("1.2.3.4,tcp:80,203.0.113.5/32") == "1.2.3.4,tcp:80,203.0.113.5")
        #expect(IPSetEntryText.normalized("2001:db8::1,tcp:80,2001:db8::5/128") == "2001:db8::1,tcp:80,2001:db8::5")
        #expect(IPSetEntryText.normalized("2001:db8::1,tcp:80,2001:db8::/64") == "2001:db8::1,tcp:80,2001:db8::/64")

        #expect(throws: ApplyError.self) { try IPSetSnapshot.parse("add KUBE-CLUSTER-IP 1.2.3.4,tcp:80\n") { _ in true } }
        #expect(throws: ApplyError.self) { try IPSetSnapshot.parse("flush KUBE-CLUSTER-IP\n") { _ in true } }
    }

    @Test func setsAreCreatedSwappedLeftOrDestroyed() throws {
        let current = IPSetSnapshot(sets: [
            .init(name: "KUBE-CLUSTER-IP", type: "hash:ip,port", family: "inet", entries: ["172.30.0.41,tcp:80"]),
            .init(name: "KUBE-LOAD-BALANCER-SOURCE-CIDR", type: "hash:ip,port,net", family: "inet", entries: ["1.2.3.4,tcp:80,203.0.113.5"]),
            .init(name: "KUBE-KR-TMP-0", type: "hash:ip", family: "inet"),
            .init(name: "KUBE-HEALTH-CHECK-NODE-PORT", type: "bitmap:port", family: nil),
        ])
        let ip = IPAddress("172.30.0.41")!
        let wanted: [(String, IPSetPlanner.WantedSet?)] = [
            ("KUBE-CLUSTER-IP", Self.set(.clusterIP, [.ipPort(ip, .tcp, 443), .ipPort(ip, .tcp, 80)])),
            // Equal once /32 is read the kernel's way: left alone.
            ("KUBE-LOAD-BALANCER-SOURCE-CIDR", Self.set(.loadBalancerSourceCIDR, [.ipPortNet(IPAddress("1.2.3.4")!, .tcp, 80, CIDR("203.0.113.5/32")!)])),
            ("KUBE-NODE-PORT-TCP", Self.set(.nodePortTCP, [.port(30080)])),
            ("KUBE-HEALTH-CHECK-NODE-PORT", nil),
        ]
        #expect(IPSetPlanner.plan(wanted, current: current) == [
            "destroy KUBE-KR-TMP-0",
            "create KUBE-KR-TMP-0 hash:ip,port family inet hashsize 1024 maxelem 65536",
            "add KUBE-KR-TMP-0 172.30.0.41,tcp:443",
            "add KUBE-KR-TMP-0 172.30.0.41,tcp:80",
            "swap KUBE-KR-TMP-0 KUBE-CLUSTER-IP",
            "destroy KUBE-KR-TMP-0",
            "create KUBE-NODE-PORT-TCP bitmap:port range 0-65535",
            "add KUBE-NODE-PORT-TCP 30080",
            "destroy KUBE-HEALTH-CHECK-NODE-PORT",
        ])
        #expect(throws: ApplyError.self) {
            try IPSetPlanner.checkCompatible([Self.set(.healthCheckNodePort, [])], with: IPSetSnapshot(sets: [
                .init(name: "KUBE-HEALTH-CHECK-NODE-PORT", type: "hash:ip", family: "inet"),
            ]))
        }
        try IPSetPlanner.checkCompatible(wanted.compactMap(\.1), with: current)
    }

    @Test func servicesAreEditedInPlaceAndStaleOnesDeletedLast() throws {
        let current = try Self.services("""
            -A -t 172.30.0.41:80 -s rr
            -a -t 172.30.0.41:80 -r 10.180.0.1:8080 -m -w 1
            -a -t 172.30.0.41:80 -r 10.180.0.2:8080 -m -w 0
            -a -t 172.30.0.41:80 -r 10.180.0.3:8080 -m -w 1
            -A -u 172.30.0.10:53 -s rr
            -A -t [2001:db8::1]:80 -s rr -p 10800

            """)
        let wanted = try Self.services("""
            -A -t 172.30.0.41:80 -s rr -p 10800
            -a -t 172.30.0.41:80 -r 10.180.0.1:8080 -m -w 1
            -a -t 172.30.0.41:80 -r 10.180.0.2:8080 -m -w 1
            -a -t 172.30.0.41:80 -r 10.180.0.4:8080 -m -w 1
            -A -t 172.30.0.43:80 -s rr
            -a -t 172.30.0.43:80 -r 10.180.0.9:80 -m -w 1

            """)
        let scope = ["-t 172.30.0.41:80", "-t 172.30.0.43:80", "-u 172.30.0.10:53"]
        let lines = IPVSTablePlanner.plan(scope: scope, wanted: wanted, current: current)
        #expect(lines == [
            "-E -t 172.30.0.41:80 -s rr -p 10800",
            "-e -t 172.30.0.41:80 -r 10.180.0.2:8080 -m -w 1",
            "-a -t 172.30.0.41:80 -r 10.180.0.4:8080 -m -w 1",
            "-d -t 172.30.0.41:80 -r 10.180.0.3:8080",
            "-A -t 172.30.0.43:80 -s rr",
            "-a -t 172.30.0.43:80 -r 10.180.0.9:80 -m -w 1",
            "-D -u 172.30.0.10:53",
        ])
        #expect(IPVSTablePlanner.mismatch(scope: scope, wanted: wanted, current: current) == "service -t 172.30.0.41:80 is `-A -t 172.30.0.41:80 -s rr`, not `-A -t 172.30.0.41:80 -s rr -p 10800`")
        #expect(IPVSTablePlanner.mismatch(scope: scope, wanted: wanted, current: wanted) == nil)
        #expect(IPVSTablePlanner.plan(scope: scope, wanted: wanted, current: wanted).isEmpty)
        // Out of scope, the IPv6 service is never mentioned.
        #expect(!lines.contains { $0.contains("2001:db8::1") })
    }

    @Test func ownershipComesFromTheSetsAndTheDevice() throws {
        let ipsets = IPSetSnapshot(sets: [
            .init(name: "KUBE-CLUSTER-IP", type: "hash:ip,port", family: "inet", entries: ["172.30.0.41,tcp:80"]),
            .init(name: "KUBE-NODE-PORT-TCP", type: "bitmap:port", family: nil, entries: ["30080"]),
            .init(name: "KUBE-NODE-PORT-SCTP-HASH", type: "hash:ip,port", family: "inet", entries: ["192.168.0.2,sctp:30090"]),
            .init(name: "KUBE-IPVS-IPS", type: "hash:ip", family: "inet", entries: ["172.30.0.50"]),
        ])
        let ownership = IPVSOwnership(
            family: .ipv4, ipsets: ipsets, deviceAddresses: [IPAddress("172.30.0.60")!], excluded: [CIDR("172.30.99.0/24")!])
        func owns(_ line: String) throws -> Bool {
            ownership.owns(try #require(try IPVSadmParser().parse(line + "\n").first))
        }
        #expect(try owns("-A -t 172.30.0.41:80 -s rr"))
        #expect(try !owns("-A -t 172.30.0.41:81 -s rr"), "same address, port kube-proxy never used")
        #expect(try owns("-A -t 192.168.0.2:30080 -s rr"), "a node port")
        #expect(try !owns("-A -u 192.168.0.2:30080 -s rr"), "a TCP node port, not UDP")
        #expect(try owns("-A --sctp-service 192.168.0.2:30090 -s rr"))
        #expect(try owns("-A -u 172.30.0.50:53 -s rr"), "an address in KUBE-IPVS-IPS")
        #expect(try owns("-A -t 172.30.0.60:8080 -s rr"), "an address on kube-ipvs0")
        #expect(try !owns("-A -t 192.0.2.10:80 -s wlc"))
        #expect(try !owns("-A -f 7 -s rr"))
        #expect(try !owns("-A -t [2001:db8::1]:80 -s rr"), "the other family")

        let excluded = IPVSOwnership(family: .ipv4, ipsets: ipsets, deviceAddresses: [IPAddress("172.30.99.1")!], excluded: [CIDR("172.30.99.0/24")!])
        #expect(!excluded.owns(try #require(try IPVSadmParser().parse("-A -t 172.30.99.1:80 -s rr\n").first)))
    }

    @Test func theDeviceIsReadFromIpAndItsAddressesPlanned() throws {
        #expect(DummyDeviceState.parseLinks(IPVSTestConfig.linksWithDevice) == DummyDeviceState(exists: true, isDummy: true))
        #expect(DummyDeviceState.parseLinks(IPVSTestConfig.linksWithoutDevice) == .absent)
        let bridge = "4: kube-ipvs0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN\\    link/ether 1a:2b:3c:4d:5e:6f brd ff:ff:ff:ff:ff:ff \\    bridge forward_delay 1500\n"
        #expect(DummyDeviceState.parseLinks(bridge) == DummyDeviceState(exists: true, isDummy: false))
        let addresses = try DummyDeviceState.parseAddresses(IPVSTestConfig.deviceAddresses(["172.30.0.41", "2001:db8::41"]))
        #expect(addresses == [IPAddress("172.30.0.41")!, IPAddress("2001:db8::41")!])
        #expect(DummyDeviceState.addressLines(
            wanted: [IPAddress("172.30.0.42")!, IPAddress("172.30.0.41")!], current: addresses.union([IPAddress("172.30.0.9")!]), family: .ipv4)
            == ["address add 172.30.0.42/32 dev kube-ipvs0", "address del 172.30.0.9/32 dev kube-ipvs0"])
        #expect(DummyDeviceState.addressLines(wanted: [IPAddress("2001:db8::42")!], current: addresses, family: .ipv6)
            == ["address add 2001:db8::42/128 dev kube-ipvs0", "address del 2001:db8::41/128 dev kube-ipvs0"])
    }
}
