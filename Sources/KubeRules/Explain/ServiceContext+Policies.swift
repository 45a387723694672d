/// Traffic policies and session affinity, and what they mean for clients.
extension ServiceContext {
    var trafficPolicies: [ServiceExplanation.TrafficPolicyEffect] {
        guard service.type != .externalName, !isHeadless else { return [] }
        var effects: [ServiceExplanation.TrafficPolicyEffect] = []
        if service.isExternallyAccessible {
            let value = service.externalTrafficPolicy.rawValue
            if service.externalTrafficPolicy == .local {
                let answering = nodesWithLocalEndpoints
                let silent = builder.nodes.map(\.name).filter { !answering.contains($0) }
                var lines = [
                    "external traffic (node port, load balancer, external IPs) only goes to endpoints on the node it arrives at: no extra hop to another node",
                    "the client's source IP is preserved (no SNAT): the pod sees the real client address",
                    localAnswer(answering, silent),
                    "load is spread per node, not per pod: uneven when the pods are spread unevenly over the nodes",
                ]
                if service.healthCheckNodePort != 0 {
                    lines.append("health-check node port \(service.healthCheckNodePort): kube-proxy answers HTTP on <NodeIP>:\(service.healthCheckNodePort) (any path; pkg/proxy/healthcheck) with 200 on nodes with a local endpoint and 503 elsewhere, so the cloud load balancer marks the others unhealthy and sends traffic only to nodes with pods")
                }
                effects.append(.init(name: "externalTrafficPolicy", value: value, effects: lines))
            } else {
                effects.append(.init(name: "externalTrafficPolicy", value: value, effects: [
                    "external traffic (node port, load balancer, external IPs) may arrive at any node, which forwards it to any ready endpoint in the cluster, possibly on another node (an extra hop)",
                    "the client's source IP is lost: it is masqueraded (SNAT) to the node's address so that replies come back through the same node",
                    "every node answers: \(builder.nodes.map(\.name).joined(separator: ", ")); load spreads evenly over all pods",
                ]))
            }
        }
        if service.internalTrafficPolicy == .local {
            let answering = nodesWithLocalEndpoints
            effects.append(.init(name: "internalTrafficPolicy", value: "Local", effects: [
                "traffic to the cluster IP goes only to endpoints on the client's own node",
                "nodes with a local endpoint: \(answering.isEmpty ? "none" : answering.joined(separator: ", ")); from any other node, connections to the cluster IP are "
                    + (builder.options.proxyMode == .ipvs ? "refused (its virtual server has no real servers)" : "dropped"),
            ]))
        } else {
            effects.append(.init(name: "internalTrafficPolicy", value: "Cluster", effects: [
                "traffic to the cluster IP from pods and nodes goes to ready endpoints on any node",
            ]))
        }
        return effects
    }

    /// Which nodes answer external traffic under externalTrafficPolicy Local, per mode.
    func localAnswer(_ answering: [String], _ silent: [String]) -> String {
        let list = answering.isEmpty ? "none" : answering.joined(separator: ", ")
        guard !silent.isEmpty else { return "nodes with a ready local endpoint answer: \(list)" }
        if builder.options.proxyMode == .ipvs {
            // pkg/proxy/ipvs/proxier.go syncEndpoint: no local endpoint → the cluster endpoints.
            return "nodes with a ready local endpoint: \(list); in IPVS mode a node without one (\(silent.joined(separator: ", "))) still takes the traffic and sends it to other nodes' endpoints, without SNAT (kube-proxy's fallback, kubernetes#97081), so replies may not come back through it"
        }
        return "only nodes with a ready local endpoint answer: \(list); on \(silent.joined(separator: ", ")) such traffic is dropped"
    }

    /// Nodes that have a usable endpoint of their own (ready, else serving-terminating), as
    /// kube-proxy's Local policy picks them on each node.
    var nodesWithLocalEndpoints: [String] {
        let all = service.ports.flatMap { summary.endpointsByPort[$0.name] ?? [] }
        var result: [String] = []
        for node in Set(all.compactMap(\.nodeName)).sorted() {
            let own = all.filter { $0.nodeName == node }
            if own.contains(where: \.ready) || own.contains(where: { $0.serving && $0.terminating }) { result.append(node) }
        }
        return result
    }

    var affinity: ServiceExplanation.AffinityEffect {
        let mode = builder.options.proxyMode
        switch service.sessionAffinity {
        case .none:
            let how = mode == .ipvs
                ? "IPVS mode, the current mode, hands them out round robin (scheduler \(schedulerName)); iptables mode would pick at random"
                : "iptables mode, the current mode, picks one at random (-m statistic with equal chances); IPVS mode would hand them out round robin (rr, the default scheduler)"
            return .init(mode: "None", timeoutSeconds: nil, meaning: "no session stickiness: every new connection chooses an endpoint independently; \(how)")
        case .clientIP:
            let seconds = service.sessionAffinityTimeoutSeconds
            let how = mode == .ipvs
                ? "IPVS persistence (-p \(seconds)) implements it"
                : "the recent match implements it (-m recent --rcheck --seconds \(seconds) in the service chain, --set in the endpoint chain)"
            return .init(
                mode: "ClientIP", timeoutSeconds: seconds,
                meaning: "connections from the same client IP go to the same endpoint until \(seconds) seconds\(Self.duration(seconds)) pass without one (timeoutSeconds; the default is 10800 = 3 hours); \(how)")
        }
    }

    var schedulerName: String { builder.options.ipvsScheduler.isEmpty ? "rr" : builder.options.ipvsScheduler }

    /// ` (3 hours)` for whole hours or minutes.
    static func duration(_ seconds: Int) -> String {
        if seconds % 3600 == 0 { return " (\(seconds / 3600) hour\(seconds == 3600 ? "" : "s"))" }
        if seconds % 60 == 0 { return " (\(seconds / 60) minute\(seconds == 60 ? "" : "s"))" }
        return ""
    }
}
