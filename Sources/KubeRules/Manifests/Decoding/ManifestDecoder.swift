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

    /// What the items of a list document inherit, for decoding them one at a time.
    struct ListContext: Sendable {
        var path: String
        var apiVersion: String?
        var kind: String?
    }

    /// How a document with an `items` sequence is to be decoded item by item.
    enum ListStart {
        /// Not a list: decode the whole document with ``decodeDocument(_:)``.
        case notAList
        /// A list whose own apiVersion or kind is wrong (reported): its items are not read.
        case skipItems
        /// A list: decode each item with ``decodeListItem(_:index:context:)``.
        case items(ListContext)
    }

    /// For a document whose `items` (a sequence) the caller decodes item by item: decodes the
    /// list's own fields exactly as ``decodeDocument(_:)`` would before its items, and says how
    /// to go on. Decoding the items in order afterwards gives the same objects and diagnostics
    /// as ``decodeDocument(_:)`` on the whole document. Nothing is reported for `.notAList`.
    mutating func beginList(_ object: ManifestMapping) -> ListStart {
        guard case .sequence? = object["items"], object["kind"]?.stringScalar?.text.hasSuffix("List") == true else {
            return .notAList
        }
        guard let (apiVersion, kind) = decodeTypeFields(object, path: "", inheritedAPIVersion: nil, inheritedKind: nil)
        else { return .skipItems }
        return .items(listContext(kind: kind, apiVersion: apiVersion, path: ""))
    }

    /// Item `index` of a list begun with ``beginList(_:)``.
    /// `sliceEndpoints`: the item's endpoints from ``SliceEndpointShortcut`` (the item is then an
    /// EndpointSlice whose tree holds an empty placeholder for them).
    mutating func decodeListItem(
        _ item: ManifestValue, index: Int, context: ListContext, sliceEndpoints: [EndpointSlice.Endpoint]? = nil
    ) {
        let itemPath = "\(context.path)items[\(index)]"
        if case .null = item { return }
        if let mapping = fields.mapping(item, itemPath) {
            decodeObject(
                mapping, path: itemPath + ".", inheritedAPIVersion: context.apiVersion, inheritedKind: context.kind,
                sliceEndpoints: sliceEndpoints)
        }
    }

    private func listContext(kind: String, apiVersion: String, path: String) -> ListContext {
        ListContext(
            path: path, apiVersion: kind == "List" ? nil : apiVersion, kind: kind == "List" ? nil : String(kind.dropLast(4)))
    }

    /// `apiVersion` and `kind` (reported when wrong or missing), or nil when either is unusable.
    private mutating func decodeTypeFields(
        _ object: ManifestMapping, path: String, inheritedAPIVersion: String?, inheritedKind: String?
    ) -> (apiVersion: String, kind: String)? {
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
            return nil
        }
        guard let apiVersion = apiVersionScalar?.text ?? inheritedAPIVersion else {
            if object["apiVersion"] == nil {
                fields.emit(
                    ManifestDiagnostics.required(
                        path + "apiVersion", expected: "the object's apiVersion, e.g. v1", at: object.location))
            }
            return nil
        }
        return (apiVersion, kind)
    }

    /// Reads one object; `path` prefixes field paths of list items (`items[3].`).
    private mutating func decodeObject(
        _ object: ManifestMapping, path: String, inheritedAPIVersion: String?, inheritedKind: String?,
        sliceEndpoints: [EndpointSlice.Endpoint]? = nil
    ) {
        guard
            let (apiVersion, kind) = decodeTypeFields(
                object, path: path, inheritedAPIVersion: inheritedAPIVersion, inheritedKind: inheritedKind)
        else { return }

        if kind.hasSuffix("List"), let items = object["items"] {
            let context = listContext(kind: kind, apiVersion: apiVersion, path: path)
            for (item, itemPath) in fields.objects(items, path + "items") {
                decodeObject(item, path: itemPath + ".", inheritedAPIVersion: context.apiVersion, inheritedKind: context.kind)
            }
            return
        }

        switch (apiVersion, kind) {
        case ("v1", "Service"):
            if let service = decodeService(object, path: path) { manifests.services.append(service) }
        case ("discovery.k8s.io/v1", "EndpointSlice"):
            if let slice = decodeEndpointSlice(object, path: path, sliceEndpoints: sliceEndpoints) { manifests.endpointSlices.append(slice) }
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
