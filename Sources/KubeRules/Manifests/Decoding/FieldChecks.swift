/// Validated field readers shared by the kind decoders: names, ports, protocols, addresses,
/// labels and enumerations, each reporting what the API server would reject.
extension FieldReader {
    /// Which Kubernetes name rule a field follows.
    enum NameRule {
        case dns1123Label
        case dns1035Label
        case dns1123Subdomain
        case qualifiedName
        case labelValue

        func problem(_ value: String) -> String? {
            switch self {
            case .dns1123Label: return NameValidation.dns1123LabelProblem(value)
            case .dns1035Label: return NameValidation.dns1035LabelProblem(value)
            case .dns1123Subdomain: return NameValidation.dns1123SubdomainProblem(value)
            case .qualifiedName: return NameValidation.qualifiedNameProblem(value)
            case .labelValue: return NameValidation.labelValueProblem(value)
            }
        }

        var rule: String {
            switch self {
            case .dns1123Label: return NameValidation.dns1123LabelRule
            case .dns1035Label: return NameValidation.dns1035LabelRule
            case .dns1123Subdomain: return NameValidation.dns1123SubdomainRule
            case .qualifiedName: return NameValidation.qualifiedNameRule
            case .labelValue: return NameValidation.labelValueRule
            }
        }
    }

    /// A string that must follow `rule`; nil when absent, null or invalid (invalid is reported).
    mutating func name(_ value: ManifestValue?, _ path: @autoclosure () -> String, rule: NameRule) -> String? {
        guard let scalar = string(value, path()) else { return nil }
        return checkName(scalar, path(), rule: rule)
    }

    /// `scalar`'s text if it follows `rule`, else nil after reporting.
    mutating func checkName(_ scalar: ManifestScalar, _ path: @autoclosure () -> String, rule: NameRule) -> String? {
        if let problem = rule.problem(scalar.text) {
            emit(ManifestDiagnostics.invalid(path(), value: scalar.text, problem: problem, expected: rule.rule, at: scalar.location))
            return nil
        }
        return scalar.text
    }

    /// A port number 1-65535; nil when absent or invalid.
    mutating func portNumber(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> (value: Int, location: SourceLocation)? {
        guard let (number, location) = integer(value, path()) else { return nil }
        guard (1...65535).contains(number) else {
            emit(ManifestDiagnostics.invalidNumber(path(), value: number, expected: "a port number in 1-65535", at: location))
            return nil
        }
        return (number, location)
    }

    /// `protocol`: TCP (the API default when absent or empty), UDP or SCTP.
    mutating func transportProtocol(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> TransportProtocol? {
        guard let scalar = string(value, path()) else { return value.isAbsent ? .tcp : nil }
        if scalar.text.isEmpty { return .tcp }
        guard let proto = TransportProtocol(apiValue: scalar.text) else {
            emit(ManifestDiagnostics.notSupported(path(), value: scalar.text, supported: ["SCTP", "TCP", "UDP"], at: scalar.location))
            return nil
        }
        return proto
    }

    /// One of an enumeration's API spellings; `fallback` when absent or empty (the API default).
    mutating func enumeration<T: RawRepresentable>(
        _ value: ManifestValue?, _ path: @autoclosure () -> String, fallback: T, allowed: [T]
    ) -> T? where T.RawValue == String {
        guard let scalar = string(value, path()) else { return value.isAbsent ? fallback : nil }
        if scalar.text.isEmpty { return fallback }
        guard let result = allowed.first(where: { $0.rawValue == scalar.text }) else {
            emit(ManifestDiagnostics.notSupported(path(), value: scalar.text, supported: allowed.map(\.rawValue), at: scalar.location))
            return nil
        }
        return result
    }

    /// An IP address (`ParseIPSloppy`); with `endpoint`, also not a special address.
    mutating func ipAddress(_ scalar: ManifestScalar, _ path: @autoclosure () -> String, endpoint: Bool, family: IPFamily? = nil)
        -> IPAddress?
    {
        guard let address = IPAddress(scalar.text) else {
            let expected = family.map { "an \($0.rawValue) address" } ?? IPValidation.ipRule
            emit(ManifestDiagnostics.invalid(path(), value: scalar.text, expected: expected, at: scalar.location))
            return nil
        }
        if let family, address.family != family {
            emit(
                ManifestDiagnostics.invalid(
                    path(), value: scalar.text, problem: "is an \(address.family.rawValue) address",
                    expected: "an \(family.rawValue) address", at: scalar.location))
            return nil
        }
        if endpoint, let problem = IPValidation.specialAddressProblem(address) {
            emit(
                ManifestDiagnostics.invalid(
                    path(), value: scalar.text, problem: problem, expected: "a routable unicast address",
                    at: scalar.location))
            return nil
        }
        return address
    }

    /// A CIDR (`ParseCIDRSloppy`); host bits are cleared as Go's `IPNet.String()` prints it.
    mutating func cidr(_ scalar: ManifestScalar, _ path: @autoclosure () -> String, text: String? = nil) -> CIDR? {
        guard let cidr = CIDR(text ?? scalar.text) else {
            emit(ManifestDiagnostics.invalid(path(), value: scalar.text, expected: IPValidation.cidrRule, at: scalar.location))
            return nil
        }
        return cidr
    }

    /// Labels or a selector (`ValidateLabels`): qualified-name keys, label values.
    mutating func labels(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> [String: String] {
        var result: [String: String] = [:]
        for (key, labelValue) in stringMap(value, path()) {
            guard checkName(key, "\(path())[\(ManifestDiagnostics.quote(key.text))]", rule: .qualifiedName) != nil,
                checkName(labelValue, "\(path())[\(ManifestDiagnostics.quote(key.text))]", rule: .labelValue) != nil
            else { continue }
            result[key.text] = labelValue.text
        }
        return result
    }

    /// Annotations (`ValidateAnnotations`): keys are qualified names (compared lower-cased),
    /// values are free text.
    mutating func annotations(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> [String: String] {
        var result: [String: String] = [:]
        for (key, annotationValue) in stringMap(value, path()) {
            if let problem = NameValidation.qualifiedNameProblem(key.text.lowercased()) {
                emit(
                    ManifestDiagnostics.invalid(
                        "\(path()) key", value: key.text, problem: problem, expected: NameValidation.qualifiedNameRule,
                        at: key.location))
                continue
            }
            result[key.text] = annotationValue.text
        }
        return result
    }
}

extension Optional where Wrapped == ManifestValue {
    /// Absent or null: Go's decoding leaves the field at its zero value, so the API default applies.
    var isAbsent: Bool {
        switch self {
        case nil, .null?: return true
        default: return false
        }
    }
}
