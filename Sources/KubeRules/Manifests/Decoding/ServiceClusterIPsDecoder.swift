/// `spec.clusterIP`, `spec.clusterIPs`, `spec.ipFamilies`, `spec.ipFamilyPolicy`
/// (`ValidateServiceClusterIPsRelatedFields`). clusterIP and clusterIPs are synced both ways as
/// the API server's strategy does (`normalizeClusterIPs`), so objects written before dual-stack
/// (clusterIP only) and hand-written ones (either field) read the same.
extension ManifestDecoder {
    struct ClusterIPFields {
        /// nil when absent, "None" for headless, else the canonical address text.
        var clusterIP: String?
        var clusterIPs: [IPAddress] = []
        var ipFamilies: [IPFamily] = []
        var ipFamilyPolicy: String?

        var isHeadless: Bool { clusterIP == "None" }
    }

    mutating func decodeClusterIPs(_ spec: ManifestMapping?, specPath: String, type: Service.ServiceType?)
        -> ClusterIPFields
    {
        var result = ClusterIPFields()
        let clusterIPScalar = fields.string(spec?["clusterIP"], specPath + ".clusterIP")
        var texts = fields.strings(spec?["clusterIPs"], specPath + ".clusterIPs")
        let primary = clusterIPScalar.flatMap { $0.text.isEmpty ? nil : $0 }

        if let primary, texts.isEmpty {
            texts = [(primary, ItemPath(specPath + ".clusterIP"))]
        } else if let primary, let first = texts.first, first.0.text != primary.text {
            fields.emit(
                ManifestDiagnostics.invalid(
                    specPath + ".clusterIPs[0]", value: first.0.text, problem: "differs from clusterIP",
                    expected: "clusterIPs[0] equal to clusterIP \(ManifestDiagnostics.quote(primary.text))",
                    at: first.0.location))
        }

        if type == .externalName {
            if let first = texts.first {
                fields.emit(
                    ManifestDiagnostics.forbidden(
                        specPath + ".clusterIP", problem: "may not be set for ExternalName services",
                        expected: "no clusterIP on an ExternalName service", at: first.0.location))
            }
            return result
        }

        if texts.count > 2 {
            fields.emit(
                ManifestDiagnostics.invalid(
                    specPath + ".clusterIPs", value: texts.map(\.0.text).joined(separator: ","),
                    problem: "holds \(texts.count) values", expected: "at most 2 addresses, one per family",
                    at: texts[2].0.location))
        }
        for (index, (scalar, path)) in texts.enumerated() {
            if scalar.text == "None" {
                if index == 0 && texts.count == 1 {
                    result.clusterIP = "None"
                } else {
                    fields.emit(
                        ManifestDiagnostics.invalid(
                            path.text, value: scalar.text, problem: "'None' must be the first and only value",
                            expected: IPValidation.ipRule, at: scalar.location))
                }
                continue
            }
            guard let address = fields.ipAddress(scalar, path.text, endpoint: false) else {
                continue
            }
            if let previous = result.clusterIPs.first, previous.family == address.family {
                fields.emit(
                    ManifestDiagnostics.invalid(
                        path.text, value: scalar.text, problem: "a second \(address.family.rawValue) address",
                        expected: "at most one address per family", at: scalar.location))
                continue
            }
            result.clusterIPs.append(address)
        }
        if result.clusterIP == nil, let first = result.clusterIPs.first { result.clusterIP = first.description }

        result.ipFamilies = decodeIPFamilies(spec, specPath: specPath)
        if !result.isHeadless {
            for (index, family) in result.ipFamilies.enumerated() where index < result.clusterIPs.count {
                let address = result.clusterIPs[index]
                if address.family != family, index < texts.count {
                    fields.emit(
                        ManifestDiagnostics.invalid(
                            texts[index].1.text, value: texts[index].0.text,
                            problem: "is an \(address.family.rawValue) address",
                            expected: "an \(family.rawValue) address as ipFamilies[\(index)] says",
                            at: texts[index].0.location))
                }
            }
        }
        if let policy = fields.string(spec?["ipFamilyPolicy"], specPath + ".ipFamilyPolicy") {
            let allowed = ["SingleStack", "PreferDualStack", "RequireDualStack"]
            if allowed.contains(policy.text) {
                result.ipFamilyPolicy = policy.text
            } else {
                fields.emit(
                    ManifestDiagnostics.notSupported(
                        specPath + ".ipFamilyPolicy", value: policy.text, supported: allowed, at: policy.location))
            }
        }
        return result
    }

    private mutating func decodeIPFamilies(_ spec: ManifestMapping?, specPath: String) -> [IPFamily] {
        var families: [IPFamily] = []
        for (scalar, path) in fields.strings(spec?["ipFamilies"], specPath + ".ipFamilies") {
            guard let family = IPFamily(rawValue: scalar.text) else {
                fields.emit(ManifestDiagnostics.notSupported(path.text, value: scalar.text, supported: ["IPv4", "IPv6"], at: scalar.location))
                continue
            }
            if families.contains(family) {
                fields.emit(
                    ManifestDiagnostics.duplicate(
                        path.text, value: ManifestDiagnostics.quote(scalar.text), expected: "each family once",
                        at: scalar.location))
                continue
            }
            families.append(family)
        }
        return families
    }
}
