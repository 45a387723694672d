import KubeRules

/// What kube-proxy's policy says each destination of a ``GeneratedCluster`` must reach, computed
/// from the generator's model alone (not from kuberules' service graph), following
/// `CategorizeEndpoints` (`pkg/proxy/topology.go`): cluster endpoints are the ready ones, or if
/// there are none the serving-and-terminating ones; local endpoints are the node's ready ones, or
/// if it has none its serving-and-terminating ones.
///
/// IPVS mode differs where a Local policy finds no local endpoint: its virtual server then gets
/// the cluster endpoints (`syncEndpoint`, `pkg/proxy/ipvs/proxier.go`, kubernetes#97081), where
/// iptables mode drops — and those are computed only when the port "uses cluster endpoints"
/// (`UsesClusterEndpoints`, `pkg/proxy/serviceport.go`: internal policy Cluster, or reachable
/// from outside at all), else there are none.
struct ReachabilityOracle {
    let cluster: GeneratedCluster
    let mode: ProxyOptions.ProxyMode

    /// One packet to send and the exact set of `ip:port` endpoints it may be DNATed to.
    struct Probe: CustomStringConvertible {
        var packet: TracePacket
        var expected: Set<String>
        var why: String

        var description: String { "\(packet) (\(why))" }
    }

    var probes: [Probe] {
        let pod = IPAddress(cluster.podClient)!
        let outside = IPAddress(cluster.outsideClient)!
        var probes: [Probe] = []
        for service in cluster.services {
            for port in service.ports {
                let fromInside = endpoints(service, port, localPolicy: service.internalPolicyLocal)
                let external = endpoints(service, port, localPolicy: service.externalPolicyLocal)
                func probe(_ from: IPAddress, _ to: String, _ destinationPort: Int, _ expected: Set<String>, _ why: String) {
                    probes.append(Probe(
                        packet: TracePacket(
                            source: from, destination: IPAddress(to)!, destinationPort: destinationPort,
                            protocol: port.protocol),
                        expected: expected, why: "\(service.namespace)/\(service.name):\(port.name) \(why)"))
                }
                probe(pod, service.clusterIP, port.port, fromInside, "cluster IP from a pod")
                if let nodePort = port.nodePort {
                    probe(outside, cluster.nodeIP, nodePort, external, "node port from outside")
                }
                if let externalIP = service.externalIP {
                    probe(outside, externalIP, port.port, external, "external IP from outside")
                }
                if let loadBalancerIP = service.loadBalancerIP {
                    probe(outside, loadBalancerIP, port.port, external, "load-balancer IP from outside")
                }
            }
            // A port the service does not have reaches nothing.
            let unused = TracePacket(source: pod, destination: IPAddress(service.clusterIP)!, destinationPort: 9)
            probes.append(Probe(packet: unused, expected: [], why: "\(service.name) on a port it does not have"))
        }
        return probes
    }

    func endpoints(_ service: GeneratedService, _ port: GeneratedService.Port, localPolicy: Bool) -> Set<String> {
        guard localPolicy else { return clusterWide(service, port) }
        let mine = local(service, port)
        guard mine.isEmpty, mode == .ipvs else { return mine }
        let externallyAccessible = service.kind != .clusterIP || service.externalIP != nil
        return !service.internalPolicyLocal || externallyAccessible ? clusterWide(service, port) : []
    }

    func clusterWide(_ service: GeneratedService, _ port: GeneratedService.Port) -> Set<String> {
        let ready = service.endpoints.filter(\.ready)
        let usable = ready.isEmpty ? service.endpoints.filter { $0.serving && $0.terminating } : ready
        return addresses(usable, port)
    }

    func local(_ service: GeneratedService, _ port: GeneratedService.Port) -> Set<String> {
        let mine = service.endpoints.filter(\.isLocal)
        let ready = mine.filter(\.ready)
        let usable = ready.isEmpty ? mine.filter { $0.serving && $0.terminating } : ready
        return addresses(usable, port)
    }

    private func addresses(_ endpoints: [GeneratedService.Endpoint], _ port: GeneratedService.Port) -> Set<String> {
        Set(endpoints.map { IPAddress($0.address)!.joined(port: port.targetPort) })
    }
}
