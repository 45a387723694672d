import Testing
@testable import KubeRules

/// The `ipvsadm-save -n` text: formats checked against ipvsadm 1.31's format strings
/// (`-A %s -s %s`, ` -p %u`, ` -b `, `-a %s -r %s %s -w %d`, `%s%s%s:%u` for addresses).
@Suite("ipvsadm-save text")
struct IPVSadmRendererTests {
    let name = ServicePortName(namespace: "ns1", name: "svc1", port: "p80", protocol: .tcp)

    func server(_ address: String, _ port: Int, _ proto: TransportProtocol = .tcp, scheduler: String = "rr",
                flags: VirtualServerFlags = [], timeout: Int = 0, reals: [(String, Int)] = []) -> VirtualServer {
        VirtualServer(
            address: IPAddress(address)!, port: port, protocol: proto, scheduler: scheduler, flags: flags, timeout: timeout,
            realServers: reals.map { RealServer(address: IPAddress($0.0)!, port: $0.1) }, servicePort: name,
            kind: .clusterIP, boundToDummyDevice: true)
    }

    @Test("TCP, UDP and SCTP services with their real servers")
    func protocols() {
        let text = IPVSadmRenderer.render([
            server("172.30.0.41", 80, reals: [("10.180.0.1", 8080)]),
            server("172.30.0.42", 53, .udp, reals: [("10.180.0.2", 53)]),
            server("172.30.0.43", 7777, .sctp),
        ])
        #expect(text == """
            -A -t 172.30.0.41:80 -s rr
            -a -t 172.30.0.41:80 -r 10.180.0.1:8080 -m -w 1
            -A -u 172.30.0.42:53 -s rr
            -a -u 172.30.0.42:53 -r 10.180.0.2:53 -m -w 1
            -A --sctp-service 172.30.0.43:7777 -s rr

            """)
    }

    @Test("persistence, mh flags and IPv6 brackets")
    func persistenceAndIPv6() {
        let text = IPVSadmRenderer.render([
            server("2001:db8::10", 443, scheduler: "mh", flags: [.persistent, .sourceHash], timeout: 10800,
                   reals: [("fd00:10::5", 8443)]),
        ])
        #expect(text == """
            -A -t [2001:db8::10]:443 -s mh -p 10800 -b mh-port
            -a -t [2001:db8::10]:443 -r [fd00:10::5]:8443 -m -w 1

            """)
    }

    static let flagCases: [(String, VirtualServerFlags, [String])] = [
        ("sh", [.scheduler1, .sourceHash], ["sh-fallback", "sh-port"]),
        ("mh", [.sourceHash], ["mh-port"]),
        ("rr", [.sourceHash, .scheduler3], ["flag-2", "flag-3"]),
        ("rr", [.persistent, .hashed], []),
    ]

    @Test("scheduler flag names follow the scheduler", arguments: flagCases)
    func flagNames(scheduler: String, flags: VirtualServerFlags, names: [String]) {
        #expect(IPVSadmRenderer.schedulerFlagNames(flags, scheduler: scheduler) == names)
    }

    @Test("an empty table prints nothing")
    func empty() {
        #expect(IPVSadmRenderer.render([]) == "")
    }
}
