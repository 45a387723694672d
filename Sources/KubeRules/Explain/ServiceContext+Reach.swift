/// DNS names and every address that reaches the Service.
extension ServiceContext {
    var dnsNames: [ServiceExplanation.DNSName] {
        let answer: String
        if service.type == .externalName {
            answer = "CNAME \(service.externalName ?? "?")"
        } else if isHeadless {
            let addresses = dnsEndpoints.map(\.ip.description)
            answer = addresses.isEmpty
                ? "no A records yet (no ready endpoint)"
                : "A \(addresses.joined(separator: ", ")) (the ready pods' IPs, no virtual IP)"
        } else {
            answer = clusterIPs.isEmpty ? "no address (no cluster IP allocated)" : "A \(clusterIPs.map(\.description).joined(separator: ", ")) (the cluster IP)"
        }
        var names = [
            ServiceExplanation.DNSName(name: fqdn, from: "any namespace (the full name)", answer: answer),
            ServiceExplanation.DNSName(name: "\(name).\(namespace)", from: "any namespace (search domain svc.\(builder.clusterDomain))", answer: answer),
            ServiceExplanation.DNSName(name: name, from: "namespace \(namespace) only (search domain \(namespace).svc.\(builder.clusterDomain))", answer: answer),
        ]
        if service.type != .externalName {
            for port in service.ports where !port.name.isEmpty {
                names.append(ServiceExplanation.DNSName(
                    name: "_\(port.name)._\(port.protocol.rawValue).\(fqdn)", from: "any namespace",
                    answer: "SRV port \(isHeadless ? endpointPorts(port).map(String.init).joined(separator: ", ") : String(port.port)) (named port \(port.name))"))
            }
        }
        if isHeadless {
            var seen = Set<String>()
            for endpoint in dnsEndpoints {
                guard let hostname = endpoint.hostname, seen.insert(hostname).inserted else { continue }
                names.append(ServiceExplanation.DNSName(
                    name: "\(hostname).\(fqdn)", from: "any namespace (one pod)", answer: "A \(endpoint.ip)"))
            }
        }
        return names
    }

    /// Endpoints DNS returns for a headless Service: ready ones (all with publishNotReadyAddresses).
    var dnsEndpoints: [EndpointInfo] {
        var seen = Set<IPAddress>()
        return service.ports.flatMap { summary.endpointsByPort[$0.name] ?? [] }
            .filter { ($0.ready || service.publishNotReadyAddresses) && seen.insert($0.ip).inserted }
    }

    var accessPoints: [ServiceExplanation.AccessPoint] {
        guard service.type != .externalName, !isHeadless else {
            if service.type == .externalName {
                return [.init(kind: "DNS", address: fqdn, detail: "resolves to \(service.externalName ?? "?"); clients connect there directly")]
            }
            return [.init(kind: "DNS", address: fqdn, detail: "resolves to the pod IPs; clients connect to a pod on its own port: \(service.ports.map { "\($0.port)/\($0.protocol.apiValue)" }.joined(separator: ", "))")]
        }
        var points: [ServiceExplanation.AccessPoint] = []
        for ip in clusterIPs {
            for port in service.ports {
                points.append(.init(
                    kind: "cluster IP", address: "\(ip.joined(port: port.port))/\(port.protocol.apiValue)",
                    detail: "from any pod or node in the cluster"))
            }
        }
        for port in service.ports where port.nodePort != 0 {
            for node in builder.nodes {
                for address in node.addresses {
                    points.append(.init(
                        kind: "node port", address: "\(address.joined(port: port.nodePort))/\(port.protocol.apiValue)",
                        detail: "node \(node.name), from outside the cluster too"))
                }
            }
        }
        for ingress in service.loadBalancerIngress {
            for port in service.ports {
                let target = ingress.ip.map { $0.joined(port: port.port) } ?? "\(ingress.hostname ?? "?"):\(port.port)"
                let ranges = service.loadBalancerSourceRanges
                let detail = ranges.isEmpty
                    ? "from anywhere the load balancer accepts"
                    : "only from loadBalancerSourceRanges \(ranges.map(\.description).joined(separator: ", ")); other sources are dropped"
                points.append(.init(kind: "load balancer", address: "\(target)/\(port.protocol.apiValue)", detail: detail))
            }
        }
        for ip in service.externalIPs {
            for port in service.ports {
                points.append(.init(
                    kind: "external IP", address: "\(ip.joined(port: port.port))/\(port.protocol.apiValue)",
                    detail: "when the network routes \(ip) to a node"))
            }
        }
        if let port = service.ports.first(where: { $0.protocol == .tcp }) {
            let local = localPort(for: port)
            points.append(.init(
                kind: "port-forward",
                address: "kubectl port-forward -n \(namespace) svc/\(name) \(local):\(port.port)",
                detail: "from your own machine for debugging, then connect to localhost:\(local); kubectl tunnels through the API server to one pod"))
        }
        return points
    }

    /// A local port for `kubectl port-forward`: the target port when it is a number above the
    /// privileged range, else the service port when it is, else 8080.
    func localPort(for port: Service.Port) -> Int {
        if case .int(let target) = port.targetPort, target >= 1024 { return target }
        return port.port >= 1024 ? port.port : 8080
    }
}
