import Testing
@testable import KubeRules

/// The order `ipvsadm-save` prints in: libipvs' wrap-around comparison of address words.
@Suite("ipvsadm-save order")
struct IPVSSaveOrderTests {
    func sorted(_ addresses: [String]) -> [String] {
        IPVSSaveOrder.cyclicOrder(addresses.map { IPVSSaveOrder.SortKey(IPAddress($0)!, port: 0) }).map { addresses[$0] }
    }

    @Test("addresses more than 2^31 apart compare the wrapped way, as ipvsadm prints them")
    func wrapAround() {
        // 0x01020304 - 0xAC1E0001 is positive as a C int, so 1.2.3.4 sorts after 172.30.0.1.
        #expect(sorted(["1.2.3.4", "192.168.0.2", "172.30.0.1", "5.6.7.8"]) == ["172.30.0.1", "192.168.0.2", "1.2.3.4", "5.6.7.8"])
        #expect(sorted(["10.180.0.2", "10.180.0.10", "10.180.0.1"]) == ["10.180.0.1", "10.180.0.2", "10.180.0.10"])
    }

    @Test("the result agrees pairwise with libipvs' comparison whenever that is consistent")
    func agreesWithComparator() {
        let addresses = ["172.30.0.41", "172.30.0.42", "192.168.0.2", "192.168.99.11", "1.2.3.4", "9.10.11.12"]
        let result = sorted(addresses).map { IPAddress($0)! }
        for i in result.indices.dropLast() {
            let a = IPVSSaveOrder.words(result[i])[0], b = IPVSSaveOrder.words(result[i + 1])[0]
            #expect(Int32(bitPattern: a &- b) < 0, "\(result[i]) before \(result[i + 1])")
        }
    }

    @Test("words spread over more than half the circle fall back to numeric order")
    func inconsistentFallsBack() {
        #expect(sorted(["0.0.0.1", "96.0.0.1", "192.0.0.1"]) == ["0.0.0.1", "96.0.0.1", "192.0.0.1"])
    }

    @Test("IPv6 compares word by word; protocol TCP, UDP, SCTP; then port")
    func ipv6AndProtocol() {
        #expect(sorted(["2001:db8::1:2", "2020::1", "2001:db8::1:1"]) == ["2001:db8::1:1", "2001:db8::1:2", "2020::1"])
        let name = ServicePortName(namespace: "ns", name: "s", port: "", protocol: .tcp)
        func vs(_ proto: TransportProtocol, _ port: Int) -> VirtualServer {
            VirtualServer(address: IPAddress("172.30.0.1")!, port: port, protocol: proto, scheduler: "rr",
                          servicePort: name, kind: .clusterIP, boundToDummyDevice: true)
        }
        let order = IPVSSaveOrder.sorted([vs(.sctp, 1), vs(.udp, 53), vs(.tcp, 443), vs(.tcp, 80)]).map { "\($0.protocol):\($0.port)" }
        #expect(order == ["tcp:80", "tcp:443", "udp:53", "sctp:1"])
    }
}
