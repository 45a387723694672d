import Testing

@testable import KubeRules

@Suite struct ChainNameTests {
    let p80 = ServicePortName(namespace: "ns1", name: "svc1", port: "p80", protocol: .tcp)

    @Test func serviceChainsMatchKubeProxy() {
        // Values from kube-proxy's proxier_test.go expectations.
        let names = ServiceChainNames(p80)
        #expect(names.cluster == "KUBE-SVC-XPGD46QRK7WJZT7O")
        #expect(names.external == "KUBE-EXT-XPGD46QRK7WJZT7O")
        #expect(names.firewall == "KUBE-FW-XPGD46QRK7WJZT7O")
        #expect(names.local == "KUBE-SVL-XPGD46QRK7WJZT7O")
        let svc2 = ServicePortName(namespace: "ns2", name: "svc2", port: "p8080", protocol: .tcp)
        #expect(ServiceChainNames(svc2).cluster == "KUBE-SVC-2VJB64SDSIJUP5T6")
    }

    @Test func endpointChainsMatchKubeProxy() {
        let endpoint = EndpointInfo(ip: IPAddress("10.180.0.1")!, port: 80, isLocal: false)
        #expect(ServiceChainNames.endpoint(p80, endpoint) == "KUBE-SEP-SXIVWICOYRO3J4NJ")
        let svc3 = ServicePortName(namespace: "ns3", name: "svc3", port: "p80", protocol: .tcp)
        #expect(ServiceChainNames.endpoint(svc3, EndpointInfo(ip: IPAddress("10.0.3.1")!, port: 80, isLocal: false))
            == "KUBE-SEP-BSWRHOQ77KEXZLNL")
        // TestSyncProxyRulesLargeClusterMode's first endpoint.
        #expect(ServiceChainNames.endpoint(p80, EndpointInfo(ip: IPAddress("10.0.0.0")!, port: 80, isLocal: false))
            == "KUBE-SEP-DKGQUZGBKLTPAR56")
    }

    @Test func protocolIsPartOfTheHash() {
        let udp = ServicePortName(namespace: "ns1", name: "svc1", port: "p80", protocol: .udp)
        #expect(ServiceChainNames(udp).cluster != ServiceChainNames(p80).cluster)
        #expect(ServiceChainNames(udp).cluster.count == "KUBE-SVC-".count + 16)
    }

    @Test func base32MatchesRFC4648Vectors() {
        #expect(Base32.encode(Array("".utf8)) == "")
        #expect(Base32.encode(Array("f".utf8)) == "MY======")
        #expect(Base32.encode(Array("fo".utf8)) == "MZXQ====")
        #expect(Base32.encode(Array("foo".utf8)) == "MZXW6===")
        #expect(Base32.encode(Array("foob".utf8)) == "MZXW6YQ=")
        #expect(Base32.encode(Array("fooba".utf8)) == "MZXW6YTB")
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI======")
    }

    @Test func base32PrefixMatchesTheFullEncoding() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<10).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var output = [UInt8](repeating: 0, count: 16)
            bytes.withUnsafeBytes { input in
                output.withUnsafeMutableBufferPointer { Base32.writePrefix16(input, into: $0) }
            }
            #expect(String(decoding: output, as: UTF8.self) == String(Base32.encode(bytes).prefix(16)))
        }
    }

    /// The compiler's allocation-free names and texts equal the public, string-built ones.
    @Test func endpointChainNamesAgreeWithTheGeneralPath() {
        var generator = SystemRandomNumberGenerator()
        var addresses: [IPAddress] = [
            IPAddress(v4: 0), IPAddress(v4: .max), IPAddress("10.0.0.1")!, IPAddress("fd00:10:180::1")!,
            IPAddress("::ffff:1.2.3.4")!, IPAddress("2001:db8::")!,
        ]
        for _ in 0..<300 { addresses.append(IPAddress(v4: UInt32.random(in: 0...UInt32.max, using: &generator))) }
        let ports = [0, 1, 9, 10, 80, 99, 100, 8080, 65535, 123_456, -1]
        for portName in [p80, ServicePortName(namespace: "a-long-namespace-name", name: "x", port: "", protocol: .sctp)] {
            // More endpoints than the linear scan holds, each asked for twice.
            var names = EndpointChainNames(portName)
            for (offset, address) in addresses.enumerated() {
                let endpoint = EndpointInfo(ip: address, port: ports[offset % ports.count], isLocal: false)
                let entry = names.entry(endpoint)
                #expect(entry.text == endpoint.description)
                #expect(entry.chain == ServiceChainNames.endpoint(portName, endpoint))
            }
            for (offset, address) in addresses.enumerated() {
                let endpoint = EndpointInfo(ip: address, port: ports[offset % ports.count], isLocal: true)
                #expect(names.name(endpoint) == ServiceChainNames.endpoint(portName, endpoint))
            }
        }
    }

    @Test func probabilitiesMatchTestComputeProbability() {
        let expected = [
            1: "1.0000000000", 2: "0.5000000000", 10: "0.1000000000", 100: "0.0100000000",
            1000: "0.0010000000", 10000: "0.0001000000", 100000: "0.0000100000", 100001: "0.0000099999",
            3: "0.3333333333", 7: "0.1428571429",
            // An exact tie at the 11th decimal rounds half to even, as Go's fmt does.
            2048: "0.0004882812",
        ]
        for (n, text) in expected {
            #expect(IptablesProbability.text(n) == text, "1/\(n)")
        }
    }
}
