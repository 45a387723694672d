/// `metadata` of every kind (`ValidateObjectMeta`): name (the kind's rule), namespace (a DNS-1123
/// label, "default" when absent as `kubectl apply` assumes), labels and annotations.
extension ManifestDecoder {
    /// The validated metadata, or nil when the name is missing or invalid (reported).
    mutating func decodeObjectMeta(
        _ object: ManifestMapping, path: String, nameRule: FieldReader.NameRule, namespaced: Bool
    ) -> ObjectMeta? {
        // Spelled out only when a diagnostic needs it.
        func metaPath() -> String { path + "metadata" }
        guard let metadata = fields.mapping(object["metadata"], metaPath()) else {
            if object["metadata"].isAbsent {
                fields.emit(
                    ManifestDiagnostics.required(metaPath() + ".name", expected: nameRule.rule, at: object.location))
            }
            return nil
        }
        var name: String? = nil
        if metadata["name"].isAbsent {
            fields.emit(ManifestDiagnostics.required(metaPath() + ".name", expected: nameRule.rule, at: metadata.location))
        } else {
            name = fields.name(metadata["name"], metaPath() + ".name", rule: nameRule)
        }
        var namespace = "default"
        if namespaced, let scalar = fields.string(metadata["namespace"], metaPath() + ".namespace"), !scalar.text.isEmpty {
            namespace = fields.checkName(scalar, metaPath() + ".namespace", rule: .dns1123Label) ?? namespace
        }
        let labels = fields.labels(metadata["labels"], metaPath() + ".labels")
        let annotations = fields.annotations(metadata["annotations"], metaPath() + ".annotations")
        guard let name else { return nil }
        return ObjectMeta(
            name: name, namespace: namespaced ? namespace : "", labels: labels, annotations: annotations)
    }
}
