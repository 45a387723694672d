/// An address family. kube-proxy runs one proxier per family; kuberules renders one at a time.
public enum IPFamily: String, Hashable, Sendable, Codable, CaseIterable {
    case ipv4 = "IPv4"
    case ipv6 = "IPv6"

    /// The spelling of `--ip-family` (`ipv4`, `ipv6`).
    public var flagValue: String { self == .ipv4 ? "ipv4" : "ipv6" }

    public init?(flagValue: String) {
        switch flagValue.lowercased() {
        case "ipv4", "4": self = .ipv4
        case "ipv6", "6": self = .ipv6
        default: return nil
        }
    }
}
