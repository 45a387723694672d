import Testing
@testable import KubeRules

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("10.180.0.1", "10.180.0.1"),
        ("010.000.0.01", "10.0.0.1"),
        ("2001:db8::1", "2001:db8::1"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("::", "::"),
        ("::1", "::1"),
        ("fe80::", "fe80::"),
        ("1:0:0:0:1:0:0:0", "1::1:0:0:0"),
        ("::ffff:1.2.3.4", "1.2.3.4"),
        ("64:ff9b::1.2.3.4", "64:ff9b::102:304"),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
        ("1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"),
    ])
    func canonicalForm(input: String, expected: String) throws {
        let address = try #require(IPAddress(input))
        #expect(address.description == expected)
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", " 1.2.3.4", "1..2.3", "1.2.3.4/32",
        "2001:db8:::1", "2001:db8::1::1", ":1", "1:", "1:2:3:4:5:6:7:8:9", "12345::1",
        "fe80::1%eth0", "[::1]", "g::1", "1.2.3.-4", "0x1.2.3.4", "1:2:3:4:5:6:7::8",
        "1.2.3.4\n-j ACCEPT",
    ])
    func rejects(input: String) {
        #expect(IPAddress(input) == nil)
    }

    @Test func joinsHostPortLikeGo() throws {
        #expect(try #require(IPAddress("10.180.0.1")).joined(port: 80) == "10.180.0.1:80")
        #expect(try #require(IPAddress("2001:db8::1")).joined(port: 80) == "[2001:db8::1]:80")
    }

    @Test func cidrMasksHostBits() throws {
        let cidr = try #require(CIDR("10.1.2.3/8"))
        #expect(cidr.description == "10.0.0.0/8")
        #expect(cidr.contains(try #require(IPAddress("10.200.0.1"))))
        #expect(!cidr.contains(try #require(IPAddress("11.0.0.1"))))
        #expect(try #require(CIDR("2001:db8::1/64")).description == "2001:db8::/64")
        #expect(try #require(CIDR("0.0.0.0/0")).contains(try #require(IPAddress("1.2.3.4"))))
        #expect(CIDR("10.0.0.0/33") == nil)
        #expect(CIDR("10.0.0.0") == nil)
        #expect(CIDR("10.0.0.0/") == nil)
        #expect(CIDR("10.0.0.0/+8") == nil)
        #expect(CIDR("::/129") == nil)
    }
}
