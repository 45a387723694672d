import Testing
@testable import KubeRules

/// ``AddressText``: the bytes written for addresses, prefixes and numbers are exactly the UTF-8
/// of their `description` (the renderers' fast path beside the `String` one), on edge values
/// and on random ones.
@Suite("Address text as bytes")
struct AddressTextTests {
    static func bytes(_ write: (inout [UInt8]) -> Void) -> String {
        var bytes: [UInt8] = [0x78]  // something before: writers append, never overwrite
        write(&bytes)
        return String(decoding: bytes.dropFirst(), as: UTF8.self)
    }

    static func randomAddress(_ random: inout SeededRandom) -> IPAddress {
        switch random.int(4) {
        case 0: return IPAddress(v4: UInt32(truncatingIfNeeded: random.next()))
        case 1: return IPAddress(v4: random.pick([0, 1, 9, 10, 99, 100, 255, 256, 0xFFFF_FFFF, 0x0A00_0001]))
        case 2:
            // Zero groups make the compressed forms.
            let groups = (0..<8).map { _ in random.chance(50) ? UInt64(0) : UInt64(random.int(0x10000)) }
            return IPAddress(
                v6High: groups[0..<4].reduce(0) { $0 << 16 | $1 }, low: groups[4..<8].reduce(0) { $0 << 16 | $1 })
        default: return IPAddress(v6High: random.next(), low: random.next())
        }
    }

    @Test("addresses, joined addresses and prefixes: the description's bytes")
    func addresses() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<5000 {
            let address = Self.randomAddress(&random)
            let port = random.pick([0, 1, 80, 65535, random.int(70000), -random.int(100)])
            #expect(Self.bytes { address.appendText(to: &$0) } == address.description)
            #expect(Self.bytes { address.appendJoined(port: port, to: &$0) } == address.joined(port: port))
            let cidr = CIDR(network: address, prefixLength: random.int(address.family == .ipv4 ? 33 : 129))
            #expect(Self.bytes { cidr.appendText(to: &$0) } == cidr.description)
        }
    }

    @Test("decimal numbers: String(n)'s bytes", arguments: [0, 1, 9, 10, 65535, Int.max, -1, Int.min])
    func decimals(value: Int) {
        #expect(Self.bytes { AddressText.appendDecimal(value, to: &$0) } == String(value))
    }

    @Test("random decimal numbers")
    func randomDecimals() {
        var random = SeededRandom(seed: 11)
        for _ in 0..<2000 {
            let value = Int(truncatingIfNeeded: random.next()) >> random.int(64)
            #expect(Self.bytes { AddressText.appendDecimal(value, to: &$0) } == String(value))
        }
    }
}
