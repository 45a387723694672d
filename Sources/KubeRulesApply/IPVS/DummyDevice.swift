import KubeRules

/// The `kube-ipvs0` dummy device, as `ip` shows it: IPVS only intercepts packets the kernel
/// delivers locally, so kube-proxy binds every cluster IP (and every external or load-balancer IP
/// that is not already a node address) to a device of its own.
///
/// kube-proxy creates it with `netlink.LinkAdd(&netlink.Dummy{…})` and leaves it down (a local
/// address needs no carrier), binds each address with a host-length prefix (`netlink.NewIPNet`:
/// /32, /128), and removes the addresses no service uses any more (`EnsureDummyDevice`,
/// `EnsureAddressBind`, `UnbindAddress` in `pkg/proxy/ipvs/netlink_linux.go`; "superfluous
/// addresses" in `syncProxyRules`). kuberules does exactly that, through `ip`.
public struct DummyDeviceState: Hashable, Sendable {
    /// kube-proxy's `defaultDummyDevice`.
    public static let name = "kube-ipvs0"

    public var exists: Bool
    /// False when a device of that name exists but is not a dummy (kube-proxy refuses to delete it).
    public var isDummy: Bool
    /// Its addresses, both families.
    public var addresses: Set<IPAddress>

    public init(exists: Bool, isDummy: Bool = true, addresses: Set<IPAddress> = []) {
        self.exists = exists
        self.isDummy = isDummy
        self.addresses = addresses
    }

    public static let absent = DummyDeviceState(exists: false)

    /// Reads `ip -o -d link show`: one line per device, `N: NAME: <FLAGS> … \    dummy …`.
    public static func parseLinks(_ text: String) -> DummyDeviceState {
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2 else { continue }
            // `kube-ipvs0:` (a device in a namespace can print as `NAME@if5:`).
            let device = words[1].split(separator: "@").first.map { $0.hasSuffix(":") ? $0.dropLast() : $0 }
            guard device.map(String.init) == name else { continue }
            return DummyDeviceState(exists: true, isDummy: words.contains("dummy"))
        }
        return .absent
    }

    /// Reads `ip -o addr show dev kube-ipvs0`: `N: kube-ipvs0    inet 172.30.0.41/32 scope …`.
    public static func parseAddresses(_ text: String) throws(ApplyError) -> Set<IPAddress> {
        var addresses = Set<IPAddress>()
        for line in text.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let index = words.firstIndex(where: { $0 == "inet" || $0 == "inet6" }), index + 1 < words.count else {
                continue
            }
            let value = words[index + 1]
            guard let address = IPAddress(value.split(separator: "/").first ?? value) else {
                throw .unreadableOutput(command: "ip -o addr show dev \(name)", message: "not an address: \(value)")
            }
            addresses.insert(address)
        }
        return addresses
    }

    /// `ip -batch` lines that bind `wanted` (in order) and unbind every other address of
    /// `family`; the other family's addresses stay (each family is applied on its own).
    public static func addressLines(wanted: [IPAddress], current: Set<IPAddress>, family: IPFamily) -> [String] {
        let wantedSet = Set(wanted)
        let adds = wanted.filter { !current.contains($0) }.map { "address add \(hostPrefix($0)) dev \(name)" }
        let deletes = current.filter { $0.family == family && !wantedSet.contains($0) }
            .sorted { Array($0.description.utf8).lexicographicallyPrecedes(Array($1.description.utf8)) }
            .map { "address del \(hostPrefix($0)) dev \(name)" }
        return adds + deletes
    }

    /// `172.30.0.41/32`, `2001:db8::1/128`.
    static func hostPrefix(_ address: IPAddress) -> String {
        "\(address)/\(address.family == .ipv4 ? 32 : 128)"
    }
}
