/// `kuberules explain --output json`: ``ExplainDocument`` in ``JSONValue``'s fixed layout.
public enum ExplainJSON {
    public static func render(_ document: ExplainDocument) -> String {
        JSONValue.object([
            "node": .string(document.node),
            "mode": .string(document.mode),
            "services": .array(document.services.map(service)),
        ]).rendered
    }

    static func service(_ s: ServiceExplanation) -> JSONValue {
        .object(dropping: [
            "namespace": .string(s.namespace),
            "name": .string(s.name),
            "type": .string(s.type),
            "meaning": .strings(s.meaning),
            "selector": s.selector.map(JSONValue.string),
            "clusterIPs": .strings(s.clusterIPs),
            "dns": .array(s.dns.map { .object(["name": .string($0.name), "from": .string($0.from), "answer": .string($0.answer)]) }),
            "reach": .array(s.reach.map { .object(["kind": .string($0.kind), "address": .string($0.address), "detail": .string($0.detail)]) }),
            "ports": .array(s.ports.map { port in
                .object(dropping: [
                    "name": .string(port.name), "protocol": .string(port.protocol), "port": .int(port.port),
                    "targetPort": .string(port.targetPort), "endpointPorts": .array(port.endpointPorts.map(JSONValue.int)),
                    "nodePort": port.nodePort.map(JSONValue.int), "text": .string(port.text),
                ])
            }),
            "endpoints": .array(s.endpoints.map { endpoint in
                .object(dropping: [
                    "address": .string(endpoint.address), "port": .string(endpoint.port),
                    "condition": .string(endpoint.condition), "node": endpoint.node.map(JSONValue.string),
                    "local": .bool(endpoint.local), "hostname": endpoint.hostname.map(JSONValue.string),
                    "traffic": .string(endpoint.traffic),
                ])
            }),
            "trafficPolicies": .array(s.trafficPolicies.map {
                .object(["name": .string($0.name), "value": .string($0.value), "effects": .strings($0.effects)])
            }),
            "sessionAffinity": .object(dropping: [
                "mode": .string(s.sessionAffinity.mode),
                "timeoutSeconds": s.sessionAffinity.timeoutSeconds.map(JSONValue.int),
                "meaning": .string(s.sessionAffinity.meaning),
            ]),
            "implementation": .object([
                "node": .string(s.implementation.node), "mode": .string(s.implementation.mode),
                "items": .strings(s.implementation.items), "sync": .string(s.implementation.sync),
            ]),
            "notes": .strings(s.notes),
        ])
    }
}
