/// Address checks the API server applies beyond "is it an IP"
/// (`ValidateNonSpecialIP` in `pkg/apis/core/validation`): external IPs and endpoint addresses
/// may not be unspecified, loopback, link-local or link-local multicast, because such an
/// address cannot be a service's backend or a cluster-wide entry point.
public enum IPValidation {
    public static let ipRule = "an IP address, e.g. 10.9.8.7 or 2001:db8::ffff"
    public static let cidrRule = "a CIDR, e.g. 10.9.8.0/24 or 2001:db8::/64"

    /// nil when `address` may be used as an endpoint or external IP, else why not.
    public static func specialAddressProblem(_ address: IPAddress) -> String? {
        if address.isUnspecified { return "is unspecified" }
        if address.isLoopback { return "is in the loopback range (127.0.0.0/8, ::1/128)" }
        switch address.storage {
        case .v4(let value):
            if value >> 16 == 0xA9FE { return "is in the link-local range (169.254.0.0/16, fe80::/10)" }
            if value >> 8 == 0xE0_0000 { return "is in the link-local multicast range (224.0.0.0/24, ff02::/10)" }
        case .v6(let high, _):
            if high >> 54 == 0x3FA { return "is in the link-local range (169.254.0.0/16, fe80::/10)" }
            // Go's IsLinkLocalMulticast: ff02::/16 with any flag bits (ffX2::).
            if high >> 56 == 0xFF, (high >> 48) & 0x0F == 0x02 {
                return "is in the link-local multicast range (224.0.0.0/24, ff02::/10)"
            }
        }
        return nil
    }
}
