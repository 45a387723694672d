/// The ports of the Service shortcut (``ServiceShortcut``): `spec.ports` as
/// ``ManifestDecoder/decodeServicePorts(_:specPath:type:)`` reads it, or nil where that would
/// report anything (a missing or duplicate name, a bad protocol, port, targetPort or nodePort).
/// Also the ports of the EndpointSlice shortcut (``EndpointSliceShortcut``).
enum ServicePortShortcut {
    /// At least one port (a Service with none is reported unless headless or ExternalName,
    /// which the shortcut does not take).
    static func ports(_ value: RawItem.Value?, type: Service.ServiceType, nodePortRange: ClosedRange<Int>) -> [Service.Port]? {
        guard case .list(let items)? = value, !items.isEmpty else { return nil }
        // Every port of a Service with several needs a name.
        let requireName = items.count > 1
        var ports: [Service.Port] = []
        ports.reserveCapacity(items.count)
        var names = Set<String>()
        var seenPorts = Set<ProtocolPort>()
        var seenNodePorts = Set<ProtocolPort>()
        for item in items {
            // One port (most Services) is unique by itself: no sets to fill.
            guard let name = RawItemChecks.portName(item[PortSlot.name]), !(name.isEmpty && requireName),
                name.isEmpty || !requireName || names.insert(name).inserted,
                let proto = RawItemChecks.transportProtocol(item[PortSlot.protocol]),
                let port = RawItemChecks.portNumber(item[PortSlot.port]),
                !requireName || seenPorts.insert(ProtocolPort(proto: proto, port: port)).inserted,
                let targetPort = targetPort(item[PortSlot.targetPort]),
                let appProtocol = RawItemChecks.appProtocol(item[PortSlot.appProtocol])
            else { return nil }
            var nodePort = 0
            if let value = item[PortSlot.nodePort] {
                guard let number = value.int32 else { return nil }
                if number != 0 {
                    // Forbidden on ClusterIP; inside the API server's range; once per protocol.
                    guard type != .clusterIP, nodePortRange.contains(number),
                        !requireName || seenNodePorts.insert(ProtocolPort(proto: proto, port: number)).inserted
                    else { return nil }
                    nodePort = number
                }
            }
            ports.append(
                Service.Port(
                    name: name, protocol: proto, port: port, targetPort: targetPort ?? .int(port), nodePort: nodePort,
                    appProtocol: appProtocol, location: item.location))
        }
        return ports
    }

    /// `targetPort` (`decodeTargetPort`): `.some(nil)` when absent, 0 or "" (it defaults to
    /// the port); nil when it would be reported.
    private static func targetPort(_ value: RawItem.Value?) -> IntOrString?? {
        guard let value else { return .some(nil) }
        guard case .scalar(let scalar) = value else { return nil }
        switch scalar.kind {
        case .string:
            if scalar.text.isEmpty { return .some(nil) }
            guard NameValidation.portNameProblem(scalar.text) == nil else { return nil }
            return .some(.string(scalar.text))
        case .integer:
            guard let number = scalar.int32Value else { return nil }
            if number == 0 { return .some(nil) }
            guard (1...65535).contains(number) else { return nil }
            return .some(.int(number))
        default:
            return nil
        }
    }

    /// An EndpointSlice's `ports` (`decodeEndpointPort` without required name or port): at most
    /// 100, names unique (the empty name too); nil where the decoder would report.
    static func slicePorts(_ value: RawItem.Value?) -> [EndpointSlice.Port]? {
        guard let value else { return [] }
        guard case .list(let items) = value, items.count <= 100 else { return nil }
        var ports: [EndpointSlice.Port] = []
        ports.reserveCapacity(items.count)
        var names = Set<String>()
        for item in items {
            guard let name = RawItemChecks.portName(item[PortSlot.name]), items.count == 1 || names.insert(name).inserted,
                let proto = RawItemChecks.transportProtocol(item[PortSlot.protocol]),
                let appProtocol = RawItemChecks.appProtocol(item[PortSlot.appProtocol])
            else { return nil }
            var port: Int? = nil
            if let value = item[PortSlot.port] {
                guard let number = RawItemChecks.portNumber(value) else { return nil }
                port = number
            }
            ports.append(EndpointSlice.Port(name: name, protocol: proto, port: port, appProtocol: appProtocol, location: item.location))
        }
        return ports
    }
}
