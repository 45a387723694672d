/// Turns parsed documents into typed objects, validating them as the API server would.
///
/// A document is one object, or a list (`kind: List`, or any `*List` with `items`, as kubectl
/// and the raw API print them). Kinds kuberules reads: v1 Service, discovery.k8s.io/v1
/// EndpointSlice, v1 Endpoints, v1 Node; anything else is skipped with a note. Every problem
/// becomes a diagnostic; decoding goes on, so one run reports all of them.
struct ManifestDecoder {
    var fields: FieldReader
    var manifests = Manifests()

    init(serviceNodePortRange: ClosedRange<Int>) {
        fields = FieldReader(serviceNodePortRange: serviceNodePortRange)
    }

    var diagnostics: [Diagnostic] { fields.diagnostics }

    /// Reads one top-level document (nil/null documents are empty and fine).
    mutating func decodeDocument(_ document: ManifestValue) {
        switch document {
        case .null:
            return
        case .mapping(let mapping):
            decodeObject(mapping, path: "", inheritedAPIVersion: nil, inheritedKind: nil)
        case let other:
            fields.emit(ManifestDiagnostics.notAnObject(other.typeDescription, at: other.location))
        }
    }

    /// Reads one object; `path` prefixes field paths of list items (`items[3].`).
    private mutating func decodeObject(
        _ object: ManifestMapping, path: String, inheritedAPIVersion: String?, inheritedKind: String?
    ) {
        let apiVersionScalar = fields.string(object["apiVersion"], path + "apiVersion")
        let kindScalar = fields.string(object["kind"], path + "kind")
        // Items of a raw-API list (`NodeList` from the API) carry no kind or apiVersion; the
        // list's own kind says what they are.
        guard let kind = kindScalar?.text ?? inheritedKind else {
            if object["kind"] == nil {
                fields.emit(
                    ManifestDiagnostics.required(
                        path + "kind", expected: "the object's kind, e.g. Service", at: object.location))
            }
            return
        }
        guard let apiVersion = apiVersionScalar?.text ?? inheritedAPIVersion else {
            if object["apiVersion"] == nil {
                fields.emit(
                    ManifestDiagnostics.required(
                        path + "apiVersion", expected: "the object's apiVersion, e.g. v1", at: object.location))
            }
            return
        }

        if kind.hasSuffix("List"), let items = object["items"] {
            let itemKind = kind == "List" ? nil : String(kind.dropLast(4))
            let itemAPIVersion = kind == "List" ? nil : apiVersion
            for (item, itemPath) in fields.objects(items, path + "items") {
                decodeObject(item, path: itemPath + ".", inheritedAPIVersion: itemAPIVersion, inheritedKind: itemKind)
            }
            return
        }

        switch (apiVersion, kind) {
        case ("v1", "Service"):
            if let service = decodeService(object, path: path) { manifests.services.append(service) }
        case ("discovery.k8s.io/v1", "EndpointSlice"):
            if let slice = decodeEndpointSlice(object, path: path) { manifests.endpointSlices.append(slice) }
        case ("v1", "Endpoints"):
            if let endpoints = decodeEndpoints(object, path: path) { manifests.endpoints.append(endpoints) }
        case ("v1", "Node"):
            if let node = decodeNode(object, path: path) { manifests.nodes.append(node) }
        default:
            let metadata = object["metadata"].flatMap { value -> ManifestMapping? in
                if case .mapping(let mapping) = value { return mapping }
                return nil
            }
            var name: String? = nil
            if case .scalar(let scalar)? = metadata?["name"], scalar.kind == .string { name = scalar.text }
            var namespace: String? = nil
            if case .scalar(let scalar)? = metadata?["namespace"], scalar.kind == .string { namespace = scalar.text }
            fields.emit(
                ManifestDiagnostics.skippedKind(
                    apiVersion: apiVersion, kind: kind, name: name.map { n in namespace.map { "\($0)/\(n)" } ?? n },
                    at: object.location))
        }
    }
}
