/// `kuberules graph --output json`: the graph as deterministic JSON (``JSONValue`` layout).
///
/// ```
/// { "family", "node": {name, addresses, allAddresses, labels?, podCIDRs?},
///   "servicePorts": [ {name, protocol, type, clusterIP, port, targetPort, nodePort?, externalIPs?,
///                      loadBalancerVIPs?, proxyModeIngressIPs?, loadBalancerSourceRanges?,
///                      healthCheckNodePort?, sessionAffinityTimeoutSeconds?, externalPolicyLocal,
///                      internalPolicyLocal, externallyAccessible, usesClusterEndpoints,
///                      usesLocalEndpoints, hasAnyEndpoints, endpoints: [endpoint],
///                      clusterEndpoints, localEndpoints, allReachableEndpoints: ["ip:port"]} ],
///   "services": [ {name, type, proxied, notProxiedReason?, clusterIP?, clusterIPs?, externalName?,
///                  ports: [{name?, protocol, port, targetPort, nodePort?, endpoints?}]} ] }
/// ```
///
/// Absent optional values, zero ports and empty optional lists (`?` above) are left out;
/// booleans and the endpoint sets are always present. Endpoints appear in full under
/// `servicePorts`; a Service that is not proxied (headless, ExternalName, …) carries its
/// endpoints under `services[].ports[]` instead. Source positions are left out so that editing a
/// manifest does not move every line of a golden file.
public enum ServiceGraphJSON {
    public static func render(_ graph: ServiceGraph) -> String {
        document(graph).rendered
    }

    public static func document(_ graph: ServiceGraph) -> JSONValue {
        let node = graph.node
        return .object([
            "family": .string(graph.family.rawValue),
            "node": .object(dropping: [
                "name": .string(node.name),
                "addresses": .strings(node.addresses.map(\.description)),
                "allAddresses": .strings(node.allAddresses.map(\.description)),
                "labels": node.labels.isEmpty ? nil : .object(node.labels.mapValues(JSONValue.string)),
                "podCIDRs": .nonEmptyStrings(node.podCIDRs.map(\.description)),
            ]),
            "servicePorts": .array(graph.servicePorts.map(servicePort)),
            "services": .array(graph.services.map(service)),
        ])
    }

    static func servicePort(_ p: ServicePortInfo) -> JSONValue {
        .object(dropping: [
            "name": .string(p.name.description),
            "protocol": .string(p.protocol.rawValue),
            "type": .string(p.serviceType.rawValue),
            "clusterIP": .string(p.clusterIP.description),
            "port": .int(p.port),
            "targetPort": portValue(p.targetPort),
            "nodePort": .nonZero(p.nodePort),
            "externalIPs": .nonEmptyStrings(p.externalIPs.map(\.description)),
            "loadBalancerVIPs": .nonEmptyStrings(p.loadBalancerVIPs.map(\.description)),
            "proxyModeIngressIPs": .nonEmptyStrings(p.proxyModeIngressIPs.map(\.description)),
            "loadBalancerSourceRanges": .nonEmptyStrings(p.loadBalancerSourceRanges.map(\.description)),
            "healthCheckNodePort": .nonZero(p.healthCheckNodePort),
            "sessionAffinityTimeoutSeconds": p.stickyMaxAgeSeconds.map(JSONValue.int),
            "externalPolicyLocal": .bool(p.externalPolicyLocal),
            "internalPolicyLocal": .bool(p.internalPolicyLocal),
            "externallyAccessible": .bool(p.externallyAccessible),
            "usesClusterEndpoints": .bool(p.usesClusterEndpoints),
            "usesLocalEndpoints": .bool(p.usesLocalEndpoints),
            "hasAnyEndpoints": .bool(p.hasAnyEndpoints),
            "endpoints": .array(p.endpoints.map(endpoint)),
            "clusterEndpoints": .strings(p.clusterEndpoints.map(\.description)),
            "localEndpoints": .strings(p.localEndpoints.map(\.description)),
            "allReachableEndpoints": .strings(p.allReachableEndpoints.map(\.description)),
        ])
    }

    static func endpoint(_ e: EndpointInfo) -> JSONValue {
        .object(dropping: [
            "address": .string(e.description),
            "ip": .string(e.ip.description),
            "port": .int(e.port),
            "local": .bool(e.isLocal),
            "ready": .bool(e.ready),
            "serving": .bool(e.serving),
            "terminating": .bool(e.terminating),
            "nodeName": e.nodeName.map(JSONValue.string),
            "zone": e.zone.map(JSONValue.string),
            "zoneHints": .nonEmptyStrings(e.zoneHints),
            "nodeHints": .nonEmptyStrings(e.nodeHints),
            "hostname": e.hostname.map(JSONValue.string),
            "targetRef": e.targetRef.map(JSONValue.string),
        ])
    }

    static func service(_ s: ServiceSummary) -> JSONValue {
        let service = s.service
        let proxied = s.notProxiedReason == nil
        return .object(dropping: [
            "name": .string("\(service.metadata.namespace)/\(service.metadata.name)"),
            "type": .string(service.type.rawValue),
            "proxied": .bool(proxied),
            "notProxiedReason": s.notProxiedReason.map { .string($0.rawValue) },
            "clusterIP": service.clusterIP.map(JSONValue.string),
            "clusterIPs": .nonEmptyStrings(service.clusterIPs.map(\.description)),
            "externalName": service.externalName.map(JSONValue.string),
            "ports": .array(
                service.ports.map { port in
                    .object(dropping: [
                        "name": port.name.isEmpty ? nil : .string(port.name),
                        "protocol": .string(port.protocol.rawValue),
                        "port": .int(port.port),
                        "targetPort": portValue(port.targetPort),
                        "nodePort": .nonZero(port.nodePort),
                        "endpoints": proxied ? nil : .array((s.endpointsByPort[port.name] ?? []).map(endpoint)),
                    ])
                }),
        ])
    }

    /// A `targetPort`: a number, or a string for a named port.
    static func portValue(_ value: IntOrString) -> JSONValue {
        switch value {
        case .int(let number): return .int(number)
        case .string(let name): return .string(name)
        }
    }
}
