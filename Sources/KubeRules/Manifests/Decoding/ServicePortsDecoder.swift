/// `spec.ports` of a Service (`validateServicePort` and the duplicate checks of
/// `ValidateService`), with the API's defaults: protocol TCP, targetPort = port when absent,
/// 0 or "".
extension ManifestDecoder {
    mutating func decodeServicePorts(
        _ spec: ManifestMapping?, specPath: String, type: Service.ServiceType?
    ) -> [Service.Port] {
        let portsPath = specPath + ".ports"
        let items = fields.objects(spec?["ports"], portsPath)
        let requireName = items.count > 1
        var ports: [Service.Port] = []
        var names = Set<String>()
        // (protocol, number) pairs seen, without a string per port.
        var seenPorts = Set<ProtocolPort>()
        var seenNodePorts = Set<ProtocolPort>()
        for (item, path) in items {
            var valid = true
            var name = ""
            if let scalar = fields.string(item["name"], path + ".name"), !scalar.text.isEmpty {
                if let checked = fields.checkName(scalar, path + ".name", rule: .dns1123Label) {
                    name = checked
                    if !names.insert(name).inserted {
                        fields.emit(
                            ManifestDiagnostics.duplicate(
                                path + ".name", value: ManifestDiagnostics.quote(name),
                                expected: "a port name used once per Service", at: scalar.location))
                        valid = false
                    }
                } else {
                    valid = false
                }
            } else if requireName {
                fields.emit(
                    ManifestDiagnostics.required(
                        path + ".name", expected: "a name for every port of a Service with several ports",
                        at: item.location))
                valid = false
            }

            let proto = fields.transportProtocol(item["protocol"], path + ".protocol")
            var port: Int? = nil
            if item["port"].isAbsent {
                fields.emit(ManifestDiagnostics.required(path + ".port", expected: "a port number in 1-65535", at: item.location))
            } else {
                port = fields.portNumber(item["port"], path + ".port")?.value
            }
            if let port, let proto, let location = item["port"]?.location,
                !seenPorts.insert(ProtocolPort(proto: proto, port: port)).inserted
            {
                fields.emit(
                    ManifestDiagnostics.duplicate(
                        path, value: "\(proto.apiValue) port \(port)",
                        expected: "each protocol and port once per Service", at: location))
                valid = false
            }

            let targetPort = decodeTargetPort(item["targetPort"], path + ".targetPort")
            let nodePort = decodeNodePort(item["nodePort"], path + ".nodePort", type: type)
            if let nodePort, nodePort.value != 0, let proto,
                !seenNodePorts.insert(ProtocolPort(proto: proto, port: nodePort.value)).inserted
            {
                fields.emit(
                    ManifestDiagnostics.duplicate(
                        path + ".nodePort", value: String(nodePort.value),
                        expected: "each protocol and nodePort once per Service", at: nodePort.location))
                valid = false
            }

            var appProtocol: String? = nil
            if let scalar = fields.string(item["appProtocol"], path + ".appProtocol") {
                appProtocol = fields.checkName(scalar, path + ".appProtocol", rule: .qualifiedName)
                if appProtocol == nil { valid = false }
            }

            guard valid, let proto, let port, let targetPort, let nodePort else { continue }
            ports.append(
                Service.Port(
                    name: name, protocol: proto, port: port, targetPort: targetPort ?? .int(port),
                    nodePort: nodePort.value, appProtocol: appProtocol, location: item.location))
        }
        return ports
    }

    /// `targetPort`: `.some(nil)` means "defaults to port"; nil means invalid (reported).
    private mutating func decodeTargetPort(_ value: ManifestValue?, _ path: @autoclosure () -> String) -> IntOrString?? {
        if value.isAbsent { return .some(nil) }
        guard let (target, location) = fields.intOrString(value, path()) else { return nil }
        switch target {
        case .int(0), .string(""):
            return .some(nil)
        case .int(let number):
            guard (1...65535).contains(number) else {
                fields.emit(
                    ManifestDiagnostics.invalidNumber(
                        path(), value: number, expected: "a port number in 1-65535 or a port name", at: location))
                return nil
            }
            return .some(target)
        case .string(let portName):
            if let problem = NameValidation.portNameProblem(portName) {
                fields.emit(
                    ManifestDiagnostics.invalid(
                        path(), value: portName, problem: problem,
                        expected: "a port number in 1-65535 or " + NameValidation.portNameRule, at: location))
                return nil
            }
            return .some(target)
        }
    }

    /// `nodePort`: 0 when absent; inside the API server's node-port range; not on ClusterIP.
    private mutating func decodeNodePort(_ value: ManifestValue?, _ path: @autoclosure () -> String, type: Service.ServiceType?)
        -> (value: Int, location: SourceLocation)?
    {
        guard let (number, location) = fields.integer(value, path()) else {
            return value.isAbsent ? (0, SourceLocation(file: "", line: 0, column: 0)) : nil
        }
        if number == 0 { return (0, location) }
        if type == .clusterIP {
            fields.emit(
                ManifestDiagnostics.forbidden(
                    path(), problem: "may not be used when type is ClusterIP",
                    expected: "no nodePort, or type NodePort or LoadBalancer", at: location))
            return nil
        }
        let range = fields.serviceNodePortRange
        guard range.contains(number) else {
            fields.emit(
                ManifestDiagnostics.invalidNumber(
                    path(), value: number, problem: "outside the node port range",
                    expected: "a port in \(range.lowerBound)-\(range.upperBound) (--service-node-port-range)",
                    at: location))
            return nil
        }
        return (number, location)
    }
}

/// A protocol and a port number, for the duplicate checks of `spec.ports`.
struct ProtocolPort: Hashable {
    var proto: TransportProtocol
    var port: Int
}
