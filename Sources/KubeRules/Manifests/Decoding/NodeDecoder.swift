/// A v1 Node: name (DNS-1123 subdomain), labels, `spec.podCIDRs` and `status.addresses`.
///
/// Lenient where real kubectl output needs it: address values are kept as text (support-bundle
/// tools redact them to `***HIDDEN***`; only `*IP` entries that parse become node IPs, later),
/// and a pod CIDR that does not parse is ignored with a warning instead of failing the run.
/// Old objects with only `spec.podCIDR` read it as the single pod CIDR, as the API server's
/// defaulting (`podCIDRs = [podCIDR]`) does.
extension ManifestDecoder {
    mutating func decodeNode(_ object: ManifestMapping, path: String) -> Node? {
        let errorsBefore = fields.diagnostics.count { $0.severity == .error }
        let metadata = decodeObjectMeta(object, path: path, nameRule: .dns1123Subdomain, namespaced: false)
        let specPath = path + "spec"
        let spec = fields.mapping(object["spec"], specPath)

        var cidrTexts = fields.strings(spec?["podCIDRs"], specPath + ".podCIDRs")
        if cidrTexts.isEmpty, let single = fields.string(spec?["podCIDR"], specPath + ".podCIDR"), !single.text.isEmpty {
            cidrTexts = [(single, ItemPath(specPath + ".podCIDR"))]
        }
        var podCIDRs: [CIDR] = []
        for (scalar, cidrPath) in cidrTexts {
            if let cidr = CIDR(scalar.text) {
                podCIDRs.append(cidr)
            } else {
                fields.emit(
                    ManifestDiagnostics.ignoredValue(
                        cidrPath.text, value: scalar.text, reason: "not a CIDR (redacted?); NodeCIDR local detection will not use it",
                        at: scalar.location))
            }
        }

        let statusPath = path + "status"
        let status = fields.mapping(object["status"], statusPath)
        var addresses: [Node.Address] = []
        for (item, itemPath) in fields.objects(status?["addresses"], statusPath + ".addresses") {
            let type = fields.string(item["type"], itemPath + ".type")
            let address = fields.string(item["address"], itemPath + ".address")
            if let type, let address { addresses.append(Node.Address(type: type.text, address: address.text)) }
        }

        let errorsAfter = fields.diagnostics.count { $0.severity == .error }
        guard errorsAfter == errorsBefore, let metadata else { return nil }
        return Node(metadata: metadata, addresses: addresses, podCIDRs: podCIDRs, location: object.location)
    }
}
