/// The parts of `metadata` kuberules uses. Validated when read (DNS-1123 names).
public struct ObjectMeta: Hashable, Sendable {
    public var name: String
    public var namespace: String
    public var labels: [String: String]
    public var annotations: [String: String]

    public init(
        name: String, namespace: String = "default", labels: [String: String] = [:],
        annotations: [String: String] = [:]
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }
}

/// A Kubernetes `IntOrString` as used by `targetPort`: a number, or a port name (IANA_SVC_NAME).
public enum IntOrString: Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .string(let value): return value
        }
    }
}

/// `TCP`, `UDP` or `SCTP`; rendered lower case in rules (`tcp`), as kube-proxy does.
public enum TransportProtocol: String, Hashable, Sendable, CaseIterable, Comparable, Codable {
    case tcp
    case udp
    case sctp

    /// Parses the API spelling (`TCP`, `UDP`, `SCTP`).
    public init?(apiValue: String) {
        switch apiValue {
        case "TCP": self = .tcp
        case "UDP": self = .udp
        case "SCTP": self = .sctp
        default: return nil
        }
    }

    /// The API spelling.
    public var apiValue: String { rawValue.uppercased() }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
