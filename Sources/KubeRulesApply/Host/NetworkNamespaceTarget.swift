/// Where an applier programs rules: the namespace kuberules runs in, or a named network namespace
/// as created by `ip netns add NAME` (a bind mount under `/run/netns`).
public enum NetworkNamespaceTarget: Hashable, Sendable, CustomStringConvertible {
    case current
    case named(String)

    /// Validates `name` the way `ip netns` needs it: it becomes a file name under `/run/netns`, so
    /// no `/`, not `.`/`..`, and — because it is passed to `ip netns exec` — no leading `-`.
    /// kuberules further keeps to `[A-Za-z0-9._-]{1,64}` so a name never needs quoting.
    public init(name: String) throws(ApplyError) {
        let allowed = name.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".")
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed, name != ".", name != "..", !name.hasPrefix("-") else {
            throw .invalidNamespace(name: name)
        }
        self = .named(name)
    }

    /// The argument-vector prefix that runs a program inside the namespace.
    public var commandPrefix: [String] {
        switch self {
        case .current: return []
        case .named(let name): return ["ip", "netns", "exec", name]
        }
    }

    /// `/run/netns/NAME`, the handle `setns(2)` needs, for in-process work (nfacct, libiptc).
    public var path: String? {
        switch self {
        case .current: return nil
        case .named(let name): return "/run/netns/" + name
        }
    }

    public var description: String {
        switch self {
        case .current: return "the current network namespace"
        case .named(let name): return "network namespace \(name)"
        }
    }
}
