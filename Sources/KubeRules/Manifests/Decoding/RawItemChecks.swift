/// Typed reads of a ``RawItem``'s slots for the shortcuts, accepting exactly what the tree
/// decoder (``FieldReader``) accepts without a diagnostic and nothing else: a string field needs
/// a string scalar, an integer field an integer that fits `int32`, a boolean a boolean. Each
/// returns nil where the decoder would report (or where the shortcut does not go), so the item
/// is then decoded from its tree.
extension RawItem.Scalar {
    /// The integer value of an integer scalar within Go's `int32` (``FieldReader/integer(_:_:)``).
    var int32Value: Int? { FieldReader.int32Value(kind: kind, text: text) }

    /// The value of a boolean scalar (``FieldReader/boolean(_:_:)``).
    var booleanValue: Bool? { kind == .boolean ? YAMLScalarResolver.booleanValue(of: text) : nil }
}

extension RawItem.Value {
    /// The text of a string scalar.
    var string: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }

    /// The value of an integer scalar within `int32`.
    var int32: Int? {
        if case .scalar(let scalar) = self { return scalar.int32Value }
        return nil
    }

    /// The value of a boolean scalar.
    var boolean: Bool? {
        if case .scalar(let scalar) = self { return scalar.booleanValue }
        return nil
    }
}

/// The checks both shortcuts share: object metadata, labels, protocols, names.
enum RawItemChecks {
    /// `metadata` as ``ManifestDecoder/decodeObjectMeta(_:path:nameRule:namespaced:)`` reads it
    /// for a namespaced kind, or nil where it would report anything.
    static func objectMeta(_ raw: RawItem, nameRule: FieldReader.NameRule) -> ObjectMeta? {
        guard let name = raw[ItemSlot.name]?.string, nameRule.problem(name) == nil else { return nil }
        // Absent or empty: "default", as `kubectl apply` assumes.
        var namespace = "default"
        if let value = raw[ItemSlot.namespace] {
            guard let text = value.string else { return nil }
            if !text.isEmpty {
                guard FieldReader.NameRule.dns1123Label.problem(text) == nil else { return nil }
                namespace = text
            }
        }
        var labels: [String: String] = [:]
        if let value = raw[ItemSlot.labels] {
            guard case .pairs(let pairs) = value, let checked = Self.labels(pairs) else { return nil }
            labels = checked
        }
        var annotations: [String: String] = [:]
        if let value = raw[ItemSlot.annotations] {
            guard case .pairs(let pairs) = value else { return nil }
            for (key, scalar) in pairs {
                // ``FieldReader/annotations(_:_:)``: keys compared lower-cased, values free text.
                guard let text = scalar.string, NameValidation.qualifiedNameProblem(key.lowercased()) == nil else { return nil }
                annotations[key] = text
            }
        }
        return ObjectMeta(name: name, namespace: namespace, labels: labels, annotations: annotations)
    }

    /// Labels or a selector as ``FieldReader/labels(_:_:)`` reads them: qualified-name keys,
    /// label values; nil when any pair would be reported.
    static func labels(_ pairs: [(key: String, value: RawItem.Scalar)]) -> [String: String]? {
        var result: [String: String] = [:]
        result.reserveCapacity(pairs.count)
        for (key, scalar) in pairs {
            guard let text = scalar.string, FieldReader.NameRule.qualifiedName.problem(key) == nil,
                FieldReader.NameRule.labelValue.problem(text) == nil
            else { return nil }
            result[key] = text
        }
        return result
    }

    /// `protocol` as ``FieldReader/transportProtocol(_:_:)`` reads it (TCP when absent or empty).
    static func transportProtocol(_ value: RawItem.Value?) -> TransportProtocol? {
        guard let value else { return .tcp }
        guard let text = value.string else { return nil }
        return text.isEmpty ? .tcp : TransportProtocol(apiValue: text)
    }

    /// A port's `name` (empty when absent or empty), checked as a DNS-1123 label.
    static func portName(_ value: RawItem.Value?) -> String? {
        guard let value else { return "" }
        guard let text = value.string else { return nil }
        guard text.isEmpty || FieldReader.NameRule.dns1123Label.problem(text) == nil else { return nil }
        return text
    }

    /// `appProtocol`: absent (`.some(nil)`), or a qualified name; nil when it would be reported.
    static func appProtocol(_ value: RawItem.Value?) -> String?? {
        guard let value else { return .some(nil) }
        guard let text = value.string, FieldReader.NameRule.qualifiedName.problem(text) == nil else { return nil }
        return .some(text)
    }

    /// A port number 1-65535 (``FieldReader/portNumber(_:_:)``).
    static func portNumber(_ value: RawItem.Value?) -> Int? {
        guard let number = value?.int32, (1...65535).contains(number) else { return nil }
        return number
    }
}
