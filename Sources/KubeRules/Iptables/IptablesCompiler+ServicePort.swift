/// One service port's rules: the captures in the top-level chains and the port's own chains,
/// in `syncProxyRules`' order (`pkg/proxy/iptables/proxier.go`, the loop over `svcPortMap`).
extension IptablesCompiler {
    func writeServicePort<Sink: IptablesTableSink>(
        _ port: ServicePortInfo, _ context: SyncContext, filter: inout Sink, nat: inout Sink
    ) {
        let plan = ServicePortPlan(port)
        let names = plan.names
        let name = plan.name

        // Capture the cluster IP.
        let clusterIPMatch = portMatch(port, destination: .address(port.clusterIP), port: port.port)
        // Built once: the same arguments start the internal policy chain's masquerade rule.
        let clusterIPArguments: [RuleArgument] = plan.hasInternalEndpoints ? [.comment("\(name) cluster IP")] + clusterIPMatch : []
        if plan.hasInternalEndpoints {
            nat.append(KubeChain.services, clusterIPArguments, .jump(plan.internalPolicyChain))
        } else {
            filter.append(
                KubeChain.services, [.comment(plan.internalFilter.comment)] + clusterIPMatch,
                plan.internalFilter.target)
        }

        // Capture external IPs.
        for ip in port.externalIPs {
            let match = portMatch(port, destination: .address(ip), port: port.port)
            if plan.hasEndpoints {
                nat.append(KubeChain.services, [.comment("\(name) external IP")] + match, .jump(names.external))
            }
            if !plan.hasExternalEndpoints {
                filter.append(
                    KubeChain.externalServices, [.comment(plan.externalFilter.comment)] + match,
                    plan.externalFilter.target)
            }
        }

        // Capture load-balancer ingress IPs.
        for ip in port.loadBalancerVIPs {
            let match = portMatch(port, destination: .address(ip), port: port.port)
            if plan.hasEndpoints {
                nat.append(
                    KubeChain.services, [.comment("\(name) loadbalancer IP")] + match,
                    .jump(plan.loadBalancerTrafficChain))
            }
            if plan.usesFirewallChain {
                filter.append(
                    KubeChain.proxyFirewall,
                    [.comment("\(name) traffic not accepted by \(names.firewall)")] + match, .drop)
            }
        }
        if !plan.hasExternalEndpoints {
            for ip in port.loadBalancerVIPs {
                filter.append(
                    KubeChain.externalServices,
                    [.comment(plan.externalFilter.comment)]
                        + portMatch(port, destination: .address(ip), port: port.port),
                    plan.externalFilter.target)
            }
        }

        // Capture node ports (not subject to loadBalancerSourceRanges, as in kube-proxy).
        if port.nodePort != 0 {
            if plan.hasEndpoints {
                if context.localhostNodePorts, context.family == .ipv4, context.nfacct {
                    let loopback = CIDR(network: IPAddress(v4: 0x7F00_0000), prefixLength: 8)
                    nat.append(
                        KubeChain.nodePorts,
                        [.comment(name)] + portMatch(port, destination: .prefix(loopback), port: port.nodePort)
                            + [.nfacct(KubeProxyCounters.localhostNodePortAccepted)],
                        .jump(names.external))
                }
                nat.append(
                    KubeChain.nodePorts, [.comment(name)] + portMatch(port, destination: nil, port: port.nodePort),
                    .jump(names.external))
            }
            if !plan.hasExternalEndpoints {
                filter.append(
                    KubeChain.externalServices,
                    [.comment(plan.externalFilter.comment),
                     .addressType(AddressTypeMatch(direction: .destination, type: "LOCAL"))]
                        + portMatch(port, destination: nil, port: port.nodePort),
                    plan.externalFilter.target)
            }
        }

        // Accept health-check node port connections whether or not there are local endpoints.
        if port.healthCheckNodePort != 0 {
            filter.append(
                KubeChain.nodePorts,
                [.comment("\(name) health check node port"), .protocolModule(.tcp), .protocol(.tcp),
                 .destinationPort(port.healthCheckNodePort)],
                .accept)
        }

        writeServicePortChains(port, plan, context, clusterIPArguments: clusterIPArguments, nat: &nat)
    }

    /// `-m PROTO -p PROTO [-d DEST] --dport PORT`, kube-proxy's match prefix for a port.
    func portMatch(_ port: ServicePortInfo, destination: AddressMatch?, port number: Int) -> [RuleArgument] {
        var arguments: [RuleArgument] = []
        arguments.reserveCapacity(4)
        arguments.append(.protocolModule(port.protocol))
        arguments.append(.protocol(port.protocol))
        if let destination { arguments.append(.destination(destination)) }
        arguments.append(.destinationPort(number))
        return arguments
    }
}
