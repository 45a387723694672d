/// Ports and endpoints: what each port maps to, and which endpoints get traffic.
extension ServiceContext {
    func endpoints(of port: Service.Port) -> [EndpointInfo] { summary.endpointsByPort[port.name] ?? [] }

    /// The ports the endpoints of `port` listen on (a named targetPort may differ per pod).
    func endpointPorts(_ port: Service.Port) -> [Int] {
        Array(Set(endpoints(of: port).map(\.port))).sorted()
    }

    var portMappings: [ServiceExplanation.PortMapping] {
        guard service.type != .externalName else { return [] }
        return service.ports.map { port in
            let listening = endpointPorts(port)
            var text = "port \(port.port)/\(port.protocol.apiValue) (the Service's port)"
            switch port.targetPort {
            case .int(let number):
                text += " → targetPort \(number) (the container port traffic is forwarded to)"
            case .string(let named):
                text += " → targetPort \"\(named)\" (a named container port, resolved per pod)"
            }
            text += listening.isEmpty
                ? " → no endpoints yet"
                : " → endpoints listen on \(listening.map(String.init).joined(separator: ", "))"
            if port.nodePort != 0 { text += "; nodePort \(port.nodePort) (opened on every node)" }
            if isHeadless { text = "port \(port.port)/\(port.protocol.apiValue) (informational for a headless Service: clients use the pods' own ports) → endpoints listen on \(listening.map(String.init).joined(separator: ", "))" }
            return ServiceExplanation.PortMapping(
                name: port.name, protocol: port.protocol.apiValue, port: port.port, targetPort: port.targetPort.description,
                endpointPorts: listening, nodePort: port.nodePort == 0 ? nil : port.nodePort, text: text)
        }
    }

    var endpointStates: [ServiceExplanation.EndpointState] {
        guard service.type != .externalName else { return [] }
        var states: [ServiceExplanation.EndpointState] = []
        for port in service.ports {
            let info = ports.first { $0.name.port == port.name && $0.protocol == port.protocol }
            for endpoint in endpoints(of: port) {
                states.append(ServiceExplanation.EndpointState(
                    address: endpoint.description, port: port.name, condition: condition(endpoint),
                    node: endpoint.nodeName, local: endpoint.isLocal, hostname: endpoint.hostname,
                    traffic: traffic(endpoint, info)))
            }
        }
        return states
    }

    func condition(_ endpoint: EndpointInfo) -> String {
        if endpoint.ready { return "ready" }
        if endpoint.terminating { return endpoint.serving ? "terminating (still serving)" : "terminating" }
        return "not ready"
    }

    /// Whether the endpoint gets new connections from this node, and why (not).
    func traffic(_ endpoint: EndpointInfo, _ info: ServicePortInfo?) -> String {
        guard let info else {
            if isHeadless {
                return endpoint.ready || service.publishNotReadyAddresses
                    ? "in the DNS answers" : "left out of the DNS answers until it is Ready"
            }
            return "not proxied on this node"
        }
        let key = endpoint.description
        let cluster = info.usesClusterEndpoints && info.clusterEndpoints.contains { $0.description == key }
        let local = info.usesLocalEndpoints && info.localEndpoints.contains { $0.description == key }
        let fallback = !endpoint.ready ? " (terminating but still serving: used because no endpoint is ready)" : ""
        if cluster && (local || !info.usesLocalEndpoints) {
            return "receives new connections" + fallback
        }
        if cluster, info.internalPolicyLocal {
            return "receives external traffic (node port, load balancer, external IPs); cluster-IP traffic from this node stays on its local endpoints (internalTrafficPolicy Local)" + fallback
        }
        if cluster {
            return "receives cluster-IP traffic; external traffic reaching this node does not go to it (externalTrafficPolicy Local)" + fallback
        }
        if local {
            return "receives new connections from this node (Local traffic policy)" + fallback
        }
        if !endpoint.ready, !endpoint.terminating {
            return "no traffic until it is Ready (its readiness probe must pass)"
        }
        if endpoint.terminating {
            return endpoint.serving
                ? "no new connections while other endpoints are ready (a terminating endpoint is only a fallback)"
                : "no new connections (terminating and no longer serving)"
        }
        if info.internalPolicyLocal, !endpoint.isLocal {
            return "not used from this node: internalTrafficPolicy Local keeps cluster-IP traffic on the client's node"
        }
        return "not used from this node (topology hints route this node's traffic to other endpoints)"
    }
}
