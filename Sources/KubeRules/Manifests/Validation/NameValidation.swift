/// Kubernetes' name rules (`k8s.io/apimachinery/pkg/util/validation/validation.go`), each
/// returning nil when the value is valid or a short problem ("contains \"_\"", "is longer than
/// 63 characters") for the diagnostic; the rule itself goes into the diagnostic's `expected`.
///
/// These are what keeps hostile text out of rule text: every name that reaches an iptables
/// comment or a chain-name hash passes one of them.
public enum NameValidation {
    public static let dns1123LabelRule =
        "a DNS-1123 label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit"
    public static let dns1035LabelRule =
        "a DNS-1035 label: at most 63 lower-case letters, digits or '-', starting with a letter and ending with a letter or digit"
    public static let dns1123SubdomainRule =
        "a DNS-1123 subdomain: at most 253 lower-case letters, digits, '-' or '.', each dot-separated part starting and ending with a letter or digit"
    public static let portNameRule =
        "an IANA service name: at most 15 lower-case letters, digits or '-', at least one letter, no '-' at either end, no '--'"
    public static let labelValueRule =
        "a label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
    public static let qualifiedNameRule =
        "a qualified name: an optional DNS-1123 subdomain and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"

    public static let interfaceNameRule = "a network interface name: at most 15 letters, digits, '-', '_', '.' or '@'"

    /// A network interface name (or prefix) that goes into `-i NAME` in rule text: what the
    /// kernel accepts (at most 15 bytes, IFNAMSIZ − 1), restricted to characters that cannot
    /// break out of an iptables argument (kube-proxy's `--pod-bridge-interface` and
    /// `--pod-interface-name-prefix`, or their `detectLocal` configuration fields).
    public static func interfaceNameProblem(_ value: String) -> String? {
        if value.isEmpty { return "is empty" }
        let bad = value.unicodeScalars.first { scalar in
            !(scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || "-_.@".unicodeScalars.contains(scalar)))
        }
        if let bad { return "contains \(ManifestDiagnostics.quote(String(bad)))" }
        return value.utf8.count > 15 ? "is longer than 15 characters" : nil
    }

    /// `IsDNS1123Label`: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63.
    public static func dns1123LabelProblem(_ value: String) -> String? {
        label(value, firstAllowed: isLowerAlphanumeric)
    }

    /// `IsDNS1035Label`: `[a-z]([-a-z0-9]*[a-z0-9])?`, at most 63 (Service names).
    public static func dns1035LabelProblem(_ value: String) -> String? {
        label(value, firstAllowed: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") })
    }

    /// `IsDNS1123Subdomain`: dot-separated DNS-1123 labels, at most 253 in total.
    public static func dns1123SubdomainProblem(_ value: String) -> String? {
        if isValidSubdomain(value) { return nil }
        if value.isEmpty { return "is empty" }
        if value.utf8.count > 253 { return "is longer than 253 characters" }
        for part in value.split(separator: ".", omittingEmptySubsequences: false) {
            if part.isEmpty { return "has an empty part between dots" }
            if let problem = label(String(part), firstAllowed: isLowerAlphanumeric, maximum: 253) { return problem }
        }
        return nil
    }

    /// `IsValidPortName` (IANA_SVC_NAME, RFC 6335), lower case only as Kubernetes requires.
    public static func portNameProblem(_ value: String) -> String? {
        if value.isEmpty { return "is empty" }
        if value.utf8.count > 15 { return "is longer than 15 characters" }
        if let bad = value.unicodeScalars.first(where: { !(isLowerAlphanumeric(scalarByte($0)) || $0 == "-") }) {
            return "contains \(ManifestDiagnostics.quote(String(bad)))"
        }
        if !value.utf8.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) { return "has no letter" }
        if value.contains("--") { return "contains \"--\"" }
        if value.hasPrefix("-") { return "starts with \"-\"" }
        if value.hasSuffix("-") { return "ends with \"-\"" }
        return nil
    }

    /// `IsValidLabelValue`: empty, or `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, at most 63.
    public static func labelValueProblem(_ value: String) -> String? {
        if value.isEmpty { return nil }
        return labelName(value)
    }

    /// `IsQualifiedName` (label and annotation keys, appProtocol, loadBalancerClass).
    public static func qualifiedNameProblem(_ value: String) -> String? {
        if isValidQualifiedName(value) { return nil }
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            return labelName(value)
        case 2:
            if parts[0].isEmpty { return "has an empty prefix before \"/\"" }
            if let problem = dns1123SubdomainProblem(String(parts[0])) { return "prefix \(problem)" }
            return labelName(String(parts[1]))
        default:
            return "contains more than one \"/\""
        }
    }

    // MARK: building blocks

    private static func label(
        _ value: String, firstAllowed: (UInt8) -> Bool, maximum: Int = 63
    ) -> String? {
        if withBytes(value, { isValidLabel($0, firstAllowed: firstAllowed, maximum: maximum) }) { return nil }
        if value.isEmpty { return "is empty" }
        if value.utf8.count > maximum { return "is longer than \(maximum) characters" }
        let first = value.unicodeScalars.first!
        if !firstAllowed(scalarByte(first)) { return "starts with \(ManifestDiagnostics.quote(String(first)))" }
        if let bad = value.unicodeScalars.first(where: { !(isLowerAlphanumeric(scalarByte($0)) || $0 == "-") }) {
            return "contains \(ManifestDiagnostics.quote(String(bad)))"
        }
        if value.hasSuffix("-") { return "ends with \"-\"" }
        return nil
    }

    /// The name part of a qualified name and a label value.
    private static func labelName(_ value: String) -> String? {
        if withBytes(value, isValidLabelName) { return nil }
        if value.isEmpty { return "is empty" }
        if value.utf8.count > 63 { return "is longer than 63 characters" }
        func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            let byte = scalarByte(scalar)
            return isLowerAlphanumeric(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        }
        if let bad = value.unicodeScalars.first(where: { !(isAlphanumeric($0) || "-_.".unicodeScalars.contains($0)) }) {
            return "contains \(ManifestDiagnostics.quote(String(bad)))"
        }
        let first = value.unicodeScalars.first!
        let last = value.unicodeScalars.last!
        if !isAlphanumeric(first) { return "starts with \(ManifestDiagnostics.quote(String(first)))" }
        if !isAlphanumeric(last) { return "ends with \(ManifestDiagnostics.quote(String(last)))" }
        return nil
    }

    // Fast acceptance of valid values in one pass over the bytes; anything these reject goes
    // through the rules above, which name the problem.

    /// A DNS-1123 subdomain: at most 253 bytes of [a-z0-9.-], dot-separated non-empty parts
    /// starting and ending with [a-z0-9].
    /// `prefix/name` or `name` with a valid DNS-1123 subdomain prefix and a valid label name,
    /// without splitting (label keys like `kubernetes.io/service-name` on every object).
    private static func isValidQualifiedName(_ value: String) -> Bool {
        withBytes(value) { bytes in
            guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return isValidLabelName(bytes) }
            let name = UnsafeBufferPointer(rebasing: bytes[(slash + 1)...])
            guard !name.contains(UInt8(ascii: "/")) else { return false }
            return isValidSubdomainBytes(UnsafeBufferPointer(rebasing: bytes[..<slash])) && isValidLabelName(name)
        }
    }

    private static func isValidSubdomain(_ value: String) -> Bool {
        withBytes(value, isValidSubdomainBytes)
    }

    /// A DNS-1123 or DNS-1035 label (``label(_:firstAllowed:maximum:)``'s rules): 1 to
    /// `maximum` bytes of [a-z0-9-], the first allowed by `firstAllowed`, the last [a-z0-9].
    private static func isValidLabel(_ bytes: UnsafeBufferPointer<UInt8>, firstAllowed: (UInt8) -> Bool, maximum: Int) -> Bool {
        guard let first = bytes.first, let last = bytes.last, bytes.count <= maximum, firstAllowed(first),
            isLowerAlphanumeric(last)
        else { return false }
        for byte in bytes where !isLowerAlphanumeric(byte) && byte != UInt8(ascii: "-") { return false }
        return true
    }

    /// Calls `body` with `value`'s UTF-8 bytes: the checks run on every name of a large dump,
    /// and a pointer walk costs a fraction of the string views' index arithmetic.
    @inline(__always) private static func withBytes(_ value: String, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        var value = value
        return value.withUTF8(body)
    }

    /// ``dns1123SubdomainProblem(_:)`` accepts these bytes (the fast YAML reader checks node
    /// names on the bytes with it).
    static func isValidSubdomainBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        var previous: UInt8 = UInt8(ascii: ".")
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard isLowerAlphanumeric(previous) else { return false }
            } else if byte == UInt8(ascii: "-") {
                guard previous != UInt8(ascii: ".") else { return false }
            } else if !isLowerAlphanumeric(byte) {
                return false
            }
            previous = byte
        }
        return isLowerAlphanumeric(previous)
    }

    /// A label name (the part of a qualified name after any prefix, and non-empty label
    /// values): 1-63 bytes of [A-Za-z0-9-_.], starting and ending alphanumeric.
    private static func isValidLabelName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last, bytes.count <= 63 else { return false }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            isLowerAlphanumeric(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
        }
        guard isAlphanumeric(first), isAlphanumeric(last) else { return false }
        for byte in bytes where !isAlphanumeric(byte) {
            guard byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") else { return false }
        }
        return true
    }

    /// The scalar's value as a byte, or 0 (never allowed) outside ASCII.
    private static func scalarByte(_ scalar: Unicode.Scalar) -> UInt8 {
        scalar.isASCII ? UInt8(scalar.value) : 0
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
