/// A legacy v1 Endpoints (`ValidateEndpoints` in `pkg/apis/core/validation`): each subset has
/// addresses or notReadyAddresses, each address a usable IP, each port a number (named when the
/// subset has several).
extension ManifestDecoder {
    mutating func decodeEndpoints(_ object: ManifestMapping, path: String) -> Endpoints? {
        let errorsBefore = fields.diagnostics.count { $0.severity == .error }
        let metadata = decodeObjectMeta(object, path: path, nameRule: .dns1123Subdomain, namespaced: true)
        var subsets: [Endpoints.Subset] = []
        for (item, subsetPath) in fields.objects(object["subsets"], path + "subsets") {
            let addresses = decodeEndpointAddresses(item["addresses"], subsetPath + ".addresses")
            let notReady = decodeEndpointAddresses(item["notReadyAddresses"], subsetPath + ".notReadyAddresses")
            if item["addresses"].isEmptyList, item["notReadyAddresses"].isEmptyList {
                fields.emit(
                    ManifestDiagnostics.required(
                        subsetPath + ".addresses", expected: "addresses or notReadyAddresses in every subset",
                        at: item.location))
            }
            let portItems = fields.objects(item["ports"], subsetPath + ".ports")
            var ports: [EndpointSlice.Port] = []
            for (portItem, portPath) in portItems {
                if let port = decodeEndpointPort(portItem, portPath, requireName: portItems.count > 1, requirePort: true) {
                    ports.append(port)
                }
            }
            subsets.append(Endpoints.Subset(addresses: addresses, notReadyAddresses: notReady, ports: ports))
        }
        let errorsAfter = fields.diagnostics.count { $0.severity == .error }
        guard errorsAfter == errorsBefore, let metadata else { return nil }
        return Endpoints(metadata: metadata, subsets: subsets, location: object.location)
    }

    private mutating func decodeEndpointAddresses(_ value: ManifestValue?, _ path: String) -> [Endpoints.Address] {
        var addresses: [Endpoints.Address] = []
        for (item, itemPath) in fields.objects(value, path) {
            guard let scalar = fields.string(item["ip"], itemPath + ".ip") else {
                if item["ip"].isAbsent {
                    fields.emit(ManifestDiagnostics.required(itemPath + ".ip", expected: IPValidation.ipRule, at: item.location))
                }
                continue
            }
            let hostname = fields.name(item["hostname"], itemPath + ".hostname", rule: .dns1123Label)
            let nodeName = fields.name(item["nodeName"], itemPath + ".nodeName", rule: .dns1123Subdomain)
            let targetRef = decodeTargetRef(item["targetRef"], itemPath + ".targetRef")
            guard let ip = fields.ipAddress(scalar, itemPath + ".ip", endpoint: true) else { continue }
            addresses.append(
                Endpoints.Address(ip: ip, hostname: hostname, nodeName: nodeName, targetRef: targetRef, location: item.location))
        }
        return addresses
    }
}

extension Optional where Wrapped == ManifestValue {
    /// Absent, null, or `[]`.
    var isEmptyList: Bool {
        if case .sequence(let list)? = self { return list.items.isEmpty }
        return isAbsent
    }
}
