/// Typed access to fields of a ``ManifestValue`` tree that records a positioned diagnostic for
/// every wrong type instead of stopping, so one run reports every problem.
///
/// Types follow Go's `encoding/json` into Kubernetes' structs: `null` is "absent" for every
/// field; a string field needs a string, an integer field an integer (no fraction, no quotes);
/// `IntOrString` takes either. Unknown fields are never looked at, as kubectl's default
/// (non-strict) decoding ignores them.
struct FieldReader {
    /// The API server's `--service-node-port-range`, for nodePort checks.
    let serviceNodePortRange: ClosedRange<Int>
    private(set) var diagnostics: [Diagnostic] = []

    init(serviceNodePortRange: ClosedRange<Int>) {
        self.serviceNodePortRange = serviceNodePortRange
    }

    mutating func emit(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    // MARK: structure

    /// An object field; nil when absent or null.
    mutating func mapping(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> ManifestMapping? {
        switch value {
        case nil, .null: return nil
        case .mapping(let mapping): return mapping
        case let other?:
            emit(ManifestDiagnostics.wrongType(path(), found: other.typeDescription, expected: "an object", at: other.location))
            return nil
        }
    }

    /// A list field; empty when absent or null.
    mutating func sequence(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> [ManifestValue] {
        switch value {
        case nil, .null: return []
        case .sequence(let sequence): return sequence.items
        case let other?:
            emit(ManifestDiagnostics.wrongType(path(), found: other.typeDescription, expected: "a list", at: other.location))
            return []
        }
    }

    /// Each item of a list of objects with its path (`spec.ports[0]`); wrong items are reported
    /// and left out.
    mutating func objects(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> [(ManifestMapping, String)] {
        var result: [(ManifestMapping, String)] = []
        let items = sequence(value, path())
        guard !items.isEmpty else { return result }
        let base = path()
        for (index, item) in items.enumerated() {
            let itemPath = "\(base)[\(index)]"
            if case .null = item { continue }
            if let mapping = mapping(item, itemPath) { result.append((mapping, itemPath)) }
        }
        return result
    }

    /// ``objects(_:_:)`` with each item's path left unspelled (``ItemPath``): for long lists
    /// (an EndpointSlice's endpoints) whose paths only a diagnostic would need.
    mutating func objectItems(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> [(ManifestMapping, ItemPath)] {
        var result: [(ManifestMapping, ItemPath)] = []
        let items = sequence(value, path())
        guard !items.isEmpty else { return result }
        let base = path()
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            let itemPath = ItemPath(base: base, index: index)
            if case .null = item { continue }
            if let mapping = mapping(item, itemPath.text) { result.append((mapping, itemPath)) }
        }
        return result
    }

    // MARK: scalars

    /// A string field; nil when absent or null.
    mutating func string(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> ManifestScalar? {
        switch value {
        case nil, .null: return nil
        case .scalar(let scalar) where scalar.kind == .string: return scalar
        case let other?:
            emit(ManifestDiagnostics.wrongType(path(), found: describe(other), expected: "a string", at: other.location))
            return nil
        }
    }

    /// Each string of a list of strings, with its path (made only if a diagnostic needs it).
    mutating func strings(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> [(ManifestScalar, ItemPath)] {
        var result: [(ManifestScalar, ItemPath)] = []
        let items = sequence(value, path())
        guard !items.isEmpty else { return result }
        let base = path()
        for (index, item) in items.enumerated() {
            let itemPath = ItemPath(base: base, index: index)
            if let scalar = string(item, itemPath.text) { result.append((scalar, itemPath)) }
        }
        return result
    }

    /// An integer field (Go `int32`): nil when absent or null.
    mutating func integer(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> (value: Int, location: SourceLocation)? {
        switch value {
        case nil, .null: return nil
        case .scalar(let scalar) where scalar.kind == .integer:
            guard let number = Self.int32Value(kind: scalar.kind, text: scalar.text) else {
                emit(
                    ManifestDiagnostics.invalid(
                        path(), value: scalar.text, problem: "out of range", expected: "a 32-bit integer",
                        at: scalar.location))
                return nil
            }
            return (number, scalar.location)
        case let other?:
            emit(ManifestDiagnostics.wrongType(path(), found: describe(other), expected: "an integer", at: other.location))
            return nil
        }
    }

    /// The value of an integer scalar that fits Go's `int32` (what ``integer(_:_:)`` accepts);
    /// nil for anything else. Shared with the raw-item shortcuts.
    static func int32Value(kind: ManifestScalar.Kind, text: String) -> Int? {
        guard kind == .integer, let number = YAMLScalarResolver.integerValue(of: text),
            number >= Int(Int32.min), number <= Int(Int32.max)
        else { return nil }
        return number
    }

    /// A boolean field; nil when absent or null.
    mutating func boolean(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> Bool? {
        switch value {
        case nil, .null: return nil
        case .scalar(let scalar) where scalar.kind == .boolean: return scalar.booleanValue
        case let other?:
            emit(ManifestDiagnostics.wrongType(path(), found: describe(other), expected: "true or false", at: other.location))
            return nil
        }
    }

    /// An `IntOrString` (targetPort): a number or a string, as the JSON token says.
    mutating func intOrString(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> (value: IntOrString, location: SourceLocation)? {
        switch value {
        case nil, .null: return nil
        case .scalar(let scalar) where scalar.kind == .string: return (.string(scalar.text), scalar.location)
        case .scalar(let scalar) where scalar.kind == .integer:
            return integer(.scalar(scalar), path()).map { (.int($0.value), $0.location) }
        case let other?:
            emit(
                ManifestDiagnostics.wrongType(
                    path(), found: describe(other), expected: "an integer or a port name", at: other.location))
            return nil
        }
    }

    /// A `map[string]string` (labels, annotations, selector): keys and values as scalars.
    mutating func stringMap(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> [(key: ManifestScalar, value: ManifestScalar)] {
        guard let mapping = mapping(value, path()) else { return [] }
        var result: [(key: ManifestScalar, value: ManifestScalar)] = []
        for entry in mapping.entries {
            if case .null(let location) = entry.value {
                // Go decodes null into "" for a map value.
                result.append((entry.key, ManifestScalar(text: "", kind: .string, style: .plain, location: location)))
            } else if let scalar = string(entry.value, "\(path())[\(ManifestDiagnostics.quote(entry.key.text))]") {
                result.append((entry.key, scalar))
            }
        }
        return result
    }

    /// "a string \"80\"" style description of what was found, for wrong-type messages.
    private func describe(_ value: ManifestValue) -> String {
        guard case .scalar(let scalar) = value else { return value.typeDescription }
        switch scalar.kind {
        case .string: return "the string \(ManifestDiagnostics.quote(scalar.text))"
        case .integer, .float: return "the number \(scalar.text)"
        case .boolean: return "the boolean \(scalar.text)"
        }
    }
}

/// `base[index]` (or a plain field path), spelled out only when a diagnostic needs it.
struct ItemPath {
    var base: String
    var index: Int?

    init(base: String, index: Int) {
        self.base = base
        self.index = index
    }

    /// A field path that is not a list item.
    init(_ path: String) {
        base = path
        index = nil
    }

    var text: String { index.map { "\(base)[\($0)]" } ?? base }
}
