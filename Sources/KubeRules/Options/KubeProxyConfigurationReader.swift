import Foundation

/// Reads a `kubeproxy.config.k8s.io/v1alpha1` `KubeProxyConfiguration` (kube-proxy's `--config`)
/// into one ``ProxyOptionOverrides`` layer.
///
/// Fields read (`k8s.io/kube-proxy/config/v1alpha1/types.go`): mode, hostnameOverride,
/// clusterCIDR, detectLocalMode, detectLocal, iptables.{masqueradeBit, masqueradeAll,
/// localhostNodePorts}, nodePortAddresses, ipvs.{scheduler, strictARP, excludeCIDRs},
/// featureGates, conntrack.tcpBeLiberal. Everything else (sync periods, bind addresses, client
/// connection, logging…) has no effect on the rules and is ignored, like unknown fields. Values
/// are checked as kube-proxy's config validation (`pkg/proxy/apis/config/validation`) checks
/// them, with the same positioned diagnostics as manifests.
public struct KubeProxyConfigurationReader: Sendable {
    public init() {}

    /// Reads the file at `path` (JSON for `.json`, else YAML).
    public func read(path: String) throws(DiagnosticsError) -> ProxyOptionOverrides {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticsError([ManifestDiagnostics.unreadable(path, reason: "no such readable file")])
        }
        return try read(bytes: [UInt8](data), name: path, format: ManifestFormat(path: path))
    }

    /// Reads in-memory bytes named `name` in diagnostics.
    public func read(bytes: [UInt8], name: String, format: ManifestFormat) throws(DiagnosticsError)
        -> ProxyOptionOverrides
    {
        let source = try SourceText(name: name, bytes: bytes)
        let (documents, syntaxErrors) =
            format == .json ? JSONDocumentParser().parse(source) : YAMLDocumentParser().parse(source)
        var decoder = KubeProxyConfigurationDecoder()
        let objects = documents.filter { if case .null = $0 { false } else { true } }
        if syntaxErrors.isEmpty {
            if objects.isEmpty {
                decoder.fields.emit(
                    ManifestDiagnostics.required(
                        "KubeProxyConfiguration", expected: "one kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration",
                        at: source.location(line: 1, column: 1)))
            } else if objects.count > 1 {
                decoder.fields.emit(
                    ManifestDiagnostics.forbidden(
                        "configuration file", problem: "holds \(objects.count) documents",
                        expected: "exactly one KubeProxyConfiguration", at: objects[1].location))
            }
        }
        if let first = objects.first { decoder.decode(first) }
        let diagnostics = (decoder.fields.diagnostics + syntaxErrors).map(source.attachingSourceLine)
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticsError(diagnostics) }
        return decoder.overrides
    }
}

/// The field-by-field reading behind ``KubeProxyConfigurationReader``.
struct KubeProxyConfigurationDecoder {
    var fields = FieldReader(serviceNodePortRange: 30000...32767)
    var overrides = ProxyOptionOverrides()

    mutating func decode(_ document: ManifestValue) {
        guard case .mapping(let config) = document else {
            fields.emit(ManifestDiagnostics.notAnObject(document.typeDescription, at: document.location))
            return
        }
        let apiVersion = fields.string(config["apiVersion"], "apiVersion")
        let kind = fields.string(config["kind"], "kind")
        guard apiVersion?.text == "kubeproxy.config.k8s.io/v1alpha1", kind?.text == "KubeProxyConfiguration" else {
            let found = "\(apiVersion?.text ?? "<no apiVersion>") \(kind?.text ?? "<no kind>")"
            fields.emit(
                ManifestDiagnostics.invalid(
                    "apiVersion and kind", value: found, problem: "not a kube-proxy configuration",
                    expected: "apiVersion kubeproxy.config.k8s.io/v1alpha1, kind KubeProxyConfiguration",
                    at: (kind ?? apiVersion)?.location ?? config.location))
            return
        }

        if let mode = fields.string(config["mode"], "mode"), !mode.text.isEmpty {
            if let proxyMode = ProxyOptions.ProxyMode(rawValue: mode.text) {
                overrides.proxyMode = proxyMode
            } else {
                fields.emit(ManifestDiagnostics.notSupported("mode", value: mode.text, supported: ["iptables", "ipvs"], at: mode.location))
            }
        }
        if let hostname = fields.string(config["hostnameOverride"], "hostnameOverride") {
            decodeHostname(hostname)
        }
        if let clusterCIDR = fields.string(config["clusterCIDR"], "clusterCIDR"), !clusterCIDR.text.isEmpty {
            overrides.clusterCIDRs = decodeCIDRList(clusterCIDR, "clusterCIDR")
        }
        decodeDetectLocal(config)

        let iptables = fields.mapping(config["iptables"], "iptables")
        if let (bit, location) = fields.integer(iptables?["masqueradeBit"], "iptables.masqueradeBit") {
            if (0...31).contains(bit) {
                overrides.masqueradeBit = bit
            } else {
                fields.emit(ManifestDiagnostics.invalidNumber("iptables.masqueradeBit", value: bit, expected: "a bit number in 0-31", at: location))
            }
        }
        overrides.masqueradeAll = fields.boolean(iptables?["masqueradeAll"], "iptables.masqueradeAll")
        overrides.localhostNodePorts = fields.boolean(iptables?["localhostNodePorts"], "iptables.localhostNodePorts")

        decodeNodePortAddresses(config["nodePortAddresses"])
        decodeIPVS(fields.mapping(config["ipvs"], "ipvs"))

        let gates = fields.mapping(config["featureGates"], "featureGates")
        if let gates {
            var result: [String: Bool] = [:]
            for entry in gates.entries {
                let path = "featureGates[\(ManifestDiagnostics.quote(entry.key.text))]"
                guard !entry.key.text.isEmpty, entry.key.text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                    fields.emit(
                        ManifestDiagnostics.invalid(
                            "featureGates key", value: entry.key.text, expected: "a feature gate name (letters and digits)",
                            at: entry.key.location))
                    continue
                }
                if let value = fields.boolean(entry.value, path) { result[entry.key.text] = value }
            }
            overrides.featureGates = result
        }
        let conntrack = fields.mapping(config["conntrack"], "conntrack")
        overrides.conntrackTCPBeLiberal = fields.boolean(conntrack?["tcpBeLiberal"], "conntrack.tcpBeLiberal")
    }

    /// kube-proxy uses `strings.ToLower(strings.TrimSpace(hostnameOverride))` as the node name.
    private mutating func decodeHostname(_ scalar: ManifestScalar) {
        let trimmed = String(scalar.text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
        guard !trimmed.isEmpty else { return }
        var normalized = scalar
        normalized.text = trimmed.lowercased()
        if let name = fields.checkName(normalized, "hostnameOverride", rule: .dns1123Subdomain) {
            overrides.hostname = name
        }
    }

    /// A comma-separated list of at most one CIDR per family (`clusterCIDR`).
    private mutating func decodeCIDRList(_ scalar: ManifestScalar, _ path: String) -> [CIDR]? {
        var cidrs: [CIDR] = []
        for part in scalar.text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let cidr = CIDR(part) else {
                fields.emit(
                    ManifestDiagnostics.invalid(path, value: String(part), expected: IPValidation.cidrRule, at: scalar.location))
                return nil
            }
            if cidrs.contains(where: { $0.family == cidr.family }) {
                fields.emit(
                    ManifestDiagnostics.invalid(
                        path, value: scalar.text, problem: "two \(cidr.family.rawValue) CIDRs",
                        expected: "one CIDR, or a dual-stack pair such as 10.100.0.0/16,fde4:8dba:82e1::/48",
                        at: scalar.location))
                return nil
            }
            cidrs.append(cidr)
        }
        return cidrs
    }
}
