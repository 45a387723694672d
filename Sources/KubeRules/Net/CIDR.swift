/// An address prefix such as `10.0.0.0/8`, parsed like `netutils.ParseCIDRSloppy`: host bits may be
/// set in the input (`10.1.2.3/8`) and are cleared in ``network``, which is what Go's
/// `(*net.IPNet).String()` prints and so what kube-proxy writes into rules.
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    /// The address with host bits cleared.
    public var network: IPAddress
    public var prefixLength: Int

    public init(network: IPAddress, prefixLength: Int) {
        self.network = Self.masked(network, prefixLength)
        self.prefixLength = prefixLength
    }

    /// Parses `a.b.c.d/n` or `x::y/n`; nil if not a prefix.
    public init?(_ text: some StringProtocol) {
        guard let slash = text.firstIndex(of: "/") else { return nil }
        guard let address = IPAddress(text[text.startIndex..<slash]) else { return nil }
        let lengthText = text[text.index(after: slash)...]
        guard !lengthText.isEmpty, lengthText.count <= 3, lengthText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let length = Int(lengthText), length >= 0
        else { return nil }
        let maxLength = address.family == .ipv4 ? 32 : 128
        // "::ffff:1.2.3.4/120" style mapped prefixes are not accepted.
        if address.family == .ipv4, text[text.startIndex..<slash].contains(":") { return nil }
        guard length <= maxLength else { return nil }
        self.init(network: address, prefixLength: length)
    }

    /// A single-address prefix (/32 or /128).
    public init(host: IPAddress) {
        self.init(network: host, prefixLength: host.family == .ipv4 ? 32 : 128)
    }

    public var family: IPFamily { network.family }

    public var description: String { "\(network)/\(prefixLength)" }

    public func contains(_ address: IPAddress) -> Bool {
        guard address.family == family else { return false }
        return Self.masked(address, prefixLength) == network
    }

    static func masked(_ address: IPAddress, _ length: Int) -> IPAddress {
        switch address.storage {
        case .v4(let value):
            let mask: UInt32 = length == 0 ? 0 : ~UInt32(0) << (32 - UInt32(length))
            return IPAddress(v4: value & mask)
        case .v6(let high, let low):
            let highMask: UInt64 =
                length >= 64 ? ~0 : (length == 0 ? 0 : ~UInt64(0) << (64 - UInt64(length)))
            let lowMask: UInt64 =
                length <= 64 ? 0 : (length == 128 ? ~0 : ~UInt64(0) << (128 - UInt64(length)))
            return IPAddress(v6High: high & highMask, low: low & lowMask)
        }
    }
}
