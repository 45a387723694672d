/// A discovery.k8s.io/v1 EndpointSlice (`ValidateEndpointSlice` in
/// `pkg/apis/discovery/validation/validation.go`): addresses of the slice's type, at most 1000
/// endpoints of at most 100 addresses, at most 100 ports with unique DNS-1123-label names.
extension ManifestDecoder {
    /// `sliceEndpoints`: the endpoints already read and vouched for by ``SliceEndpointShortcut``
    /// (none of them draws a diagnostic), in place of the tree's placeholder.
    mutating func decodeEndpointSlice(
        _ object: ManifestMapping, path: String, sliceEndpoints: [EndpointSlice.Endpoint]? = nil
    ) -> EndpointSlice? {
        let errorsBefore = fields.diagnostics.count { $0.severity == .error }
        let metadata = decodeObjectMeta(object, path: path, nameRule: .dns1123Subdomain, namespaced: true)

        // Spelled out only when a diagnostic needs it.
        func typePath() -> String { path + "addressType" }
        var addressType: EndpointSlice.AddressType? = nil
        if object["addressType"].isAbsent {
            fields.emit(ManifestDiagnostics.required(typePath(), expected: "IPv4, IPv6 or FQDN", at: object.location))
        } else {
            addressType = fields.enumeration(
                object["addressType"], typePath(), fallback: .ipv4, allowed: [.fqdn, .ipv4, .ipv6])
        }

        var endpoints: [EndpointSlice.Endpoint] = []
        if let sliceEndpoints {
            endpoints = sliceEndpoints
        } else {
            let endpointItems = fields.objectItems(object["endpoints"], path + "endpoints")
            if endpointItems.count > 1000, let first = endpointItems.first {
                fields.emit(
                    ManifestDiagnostics.forbidden(
                        path + "endpoints", problem: "has \(endpointItems.count) endpoints",
                        expected: "at most 1000 endpoints per slice", at: first.0.location))
            }
            for (item, itemPath) in endpointItems {
                if let endpoint = decodeSliceEndpoint(item, itemPath, addressType: addressType) { endpoints.append(endpoint) }
            }
        }

        let portItems = fields.objects(object["ports"], path + "ports")
        if portItems.count > 100, let first = portItems.first {
            fields.emit(
                ManifestDiagnostics.forbidden(
                    path + "ports", problem: "has \(portItems.count) ports", expected: "at most 100 ports per slice",
                    at: first.0.location))
        }
        var ports: [EndpointSlice.Port] = []
        var names = Set<String>()
        for (item, itemPath) in portItems {
            guard let port = decodeEndpointPort(item, itemPath, requireName: false, requirePort: false) else { continue }
            if !names.insert(port.name).inserted {
                fields.emit(
                    ManifestDiagnostics.duplicate(
                        itemPath + ".name", value: ManifestDiagnostics.quote(port.name),
                        expected: "a port name used once per slice", at: item["name"]?.location ?? item.location))
                continue
            }
            ports.append(port)
        }

        let errorsAfter = fields.diagnostics.count { $0.severity == .error }
        guard errorsAfter == errorsBefore, let metadata, let addressType else { return nil }
        return EndpointSlice(
            metadata: metadata, addressType: addressType, endpoints: endpoints, ports: ports, location: object.location)
    }

    private mutating func decodeSliceEndpoint(
        _ item: ManifestMapping, _ itemPath: ItemPath, addressType: EndpointSlice.AddressType?
    ) -> EndpointSlice.Endpoint? {
        // The item's path, spelled out only when a diagnostic needs it (100,000 endpoints
        // would otherwise each build several path strings for nothing).
        func path() -> String { itemPath.text }
        // As `fields.strings`, but with the list's path too left unspelled unless reported.
        let addressesValue = item["addresses"]
        var addressItems: [(ManifestScalar, Int)] = []
        for (index, value) in fields.sequence(addressesValue, path() + ".addresses").enumerated() {
            if let scalar = fields.string(value, "\(path()).addresses[\(index)]") { addressItems.append((scalar, index)) }
        }
        func addressPath(_ index: Int) -> String { "\(path()).addresses[\(index)]" }
        var noAddresses = addressesValue.isAbsent
        if case .sequence(let list)? = addressesValue { noAddresses = list.items.isEmpty }
        if noAddresses {
            fields.emit(
                ManifestDiagnostics.required(
                    path() + ".addresses", expected: "at least one address", at: item.location))
        } else if addressItems.count > 100 {
            fields.emit(
                ManifestDiagnostics.forbidden(
                    path() + ".addresses", problem: "has \(addressItems.count) addresses",
                    expected: "at most 100 addresses per endpoint", at: addressItems[0].0.location))
        }
        var addresses: [String] = []
        for (scalar, addressIndex) in addressItems {
            switch addressType {
            case .ipv4?, .ipv6?:
                let family: IPFamily = addressType == .ipv4 ? .ipv4 : .ipv6
                if let address = fields.ipAddress(scalar, addressPath(addressIndex), endpoint: true, family: family) {
                    addresses.append(address.description)
                }
            case .fqdn?:
                var name = scalar
                if name.text.hasSuffix(".") { name.text.removeLast() }
                if fields.checkName(name, addressPath(addressIndex), rule: .dns1123Subdomain) != nil { addresses.append(scalar.text) }
            case nil:
                break
            }
        }

        // Spelled out only when a diagnostic needs it.
        func conditionsPath() -> String { path() + ".conditions" }
        let conditions = fields.mapping(item["conditions"], conditionsPath())
        let ready = fields.boolean(conditions?["ready"], conditionsPath() + ".ready")
        let serving = fields.boolean(conditions?["serving"], conditionsPath() + ".serving")
        let terminating = fields.boolean(conditions?["terminating"], conditionsPath() + ".terminating")
        let hostname = fields.name(item["hostname"], path() + ".hostname", rule: .dns1123Label)
        let nodeName = fields.name(item["nodeName"], path() + ".nodeName", rule: .dns1123Subdomain)
        let zone = fields.name(item["zone"], path() + ".zone", rule: .labelValue)

        // Spelled out only when a diagnostic needs it.
        func hintsPath() -> String { path() + ".hints" }
        let hints = fields.mapping(item["hints"], hintsPath())
        var zoneHints: [String] = []
        for (hint, hintPath) in fields.objects(hints?["forZones"], hintsPath() + ".forZones") {
            if let name = fields.name(hint["name"], hintPath + ".name", rule: .labelValue) { zoneHints.append(name) }
        }
        var nodeHints: [String] = []
        for (hint, hintPath) in fields.objects(hints?["forNodes"], hintsPath() + ".forNodes") {
            if let name = fields.name(hint["name"], hintPath + ".name", rule: .dns1123Subdomain) { nodeHints.append(name) }
        }

        return EndpointSlice.Endpoint(
            addresses: addresses, ready: ready, serving: serving, terminating: terminating, hostname: hostname,
            nodeName: nodeName, zone: zone, zoneHints: zoneHints, nodeHints: nodeHints,
            targetRef: decodeTargetRef(item["targetRef"], path() + ".targetRef"), location: item.location)
    }

    /// `targetRef` as `Kind/namespace/name` (or `Kind/name`), for explain.
    mutating func decodeTargetRef(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> String? {
        guard let reference = fields.mapping(value, path()) else { return nil }
        let kind = fields.string(reference["kind"], path() + ".kind")?.text
        let namespace = fields.string(reference["namespace"], path() + ".namespace")?.text
        let name = fields.string(reference["name"], path() + ".name")?.text
        guard let name, !name.isEmpty else { return nil }
        return [kind ?? "", namespace ?? "", name].filter { !$0.isEmpty }.joined(separator: "/")
    }

    /// A port of an EndpointSlice or of an Endpoints subset (`validatePorts`,
    /// `validateEndpointPort`): optional DNS-1123-label name, protocol (default TCP), port.
    mutating func decodeEndpointPort(_ item: ManifestMapping, _ path: String, requireName: Bool, requirePort: Bool)
        -> EndpointSlice.Port?
    {
        var valid = true
        var name = ""
        if let scalar = fields.string(item["name"], path + ".name"), !scalar.text.isEmpty {
            if let checked = fields.checkName(scalar, path + ".name", rule: .dns1123Label) { name = checked } else { valid = false }
        } else if requireName {
            fields.emit(
                ManifestDiagnostics.required(
                    path + ".name", expected: "a name for every port of a subset with several ports", at: item.location))
            valid = false
        }
        let proto = fields.transportProtocol(item["protocol"], path + ".protocol")
        var port: Int? = nil
        if item["port"].isAbsent {
            if requirePort {
                fields.emit(ManifestDiagnostics.required(path + ".port", expected: "a port number in 1-65535", at: item.location))
                valid = false
            }
        } else if let number = fields.portNumber(item["port"], path + ".port") {
            port = number.value
        } else {
            valid = false
        }
        var appProtocol: String? = nil
        if let scalar = fields.string(item["appProtocol"], path + ".appProtocol") {
            appProtocol = fields.checkName(scalar, path + ".appProtocol", rule: .qualifiedName)
            if appProtocol == nil { valid = false }
        }
        guard valid, let proto else { return nil }
        return EndpointSlice.Port(name: name, protocol: proto, port: port, appProtocol: appProtocol, location: item.location)
    }
}
