/// A service port's own nat chains: `KUBE-EXT-*`, `KUBE-FW-*`, `KUBE-SVC-*`, `KUBE-SVL-*` and one
/// `KUBE-SEP-*` per endpoint, written in kube-proxy's order (`syncProxyRules` and
/// `writeServiceToEndpointRules`, `pkg/proxy/iptables/proxier.go`).
extension IptablesCompiler {
    func writeServicePortChains<Sink: IptablesTableSink>(
        _ port: ServicePortInfo, _ plan: ServicePortPlan, _ context: SyncContext,
        clusterIPArguments: [RuleArgument], nat: inout Sink
    ) {
        let names = plan.names
        let name = plan.name

        // Masquerade off-cluster traffic to the cluster IP: it may have been routed here from
        // outside and the reply must come back through this node.
        if plan.hasInternalEndpoints {
            // `-m comment --comment "NAME cluster IP"` and the cluster IP's match, as in KUBE-SERVICES.
            let arguments = clusterIPArguments
            if options.masqueradeAll {
                nat.append(plan.internalPolicyChain, arguments, .jump(KubeChain.markMasq))
            } else if context.localDetector.isImplemented {
                nat.append(
                    plan.internalPolicyChain, arguments + context.localDetector.ifNotLocal,
                    .jump(KubeChain.markMasq))
            }
        }

        if plan.usesExternalTrafficChain {
            nat.declare(names.external)
            if !port.externalPolicyLocal {
                // Endpoints may be on other nodes: masquerade so replies come back here.
                nat.append(
                    names.external, [.comment("masquerade traffic for \(name) external destinations")],
                    .jump(KubeChain.markMasq))
            } else {
                if context.localDetector.isImplemented {
                    // Pod traffic to an external destination skips the traffic policy, as if it
                    // had gone out to the load balancer and come back.
                    nat.append(
                        names.external,
                        [.comment("pod traffic for \(name) external destinations")] + context.localDetector.ifLocal,
                        .jump(names.cluster))
                }
                // The host's own traffic has a local source address (the LB IP may be local), so
                // it still needs masquerading, and goes to every endpoint.
                let localSource = RuleArgument.addressType(AddressTypeMatch(direction: .source, type: "LOCAL"))
                nat.append(
                    names.external,
                    [.comment("masquerade LOCAL traffic for \(name) external destinations"), localSource],
                    .jump(KubeChain.markMasq))
                nat.append(
                    names.external,
                    [.comment("route LOCAL traffic for \(name) external destinations"), localSource],
                    .jump(names.cluster))
            }
            if plan.hasExternalEndpoints {
                nat.append(names.external, [], .jump(plan.externalPolicyChain))
            }
        }

        if plan.usesFirewallChain {
            writeFirewallChain(port, names, name: name, context, nat: &nat)
        }

        var endpointChains = EndpointChainNames(
            port.name, description: name, capacity: port.allReachableEndpoints.count)
        if plan.usesClusterPolicyChain {
            writeEndpointJumps(
                port, name: name, chain: names.cluster, endpoints: port.clusterEndpoints, context, &endpointChains,
                nat: &nat)
        }
        if plan.usesLocalPolicyChain {
            writeEndpointJumps(
                port, name: name, chain: names.local, endpoints: port.localEndpoints, context, &endpointChains,
                nat: &nat)
        }

        // Endpoints borrowed in place (a loop variable would copy each: a retain per field).
        port.allReachableEndpoints.withUnsafeBufferPointer { endpoints in
            for index in endpoints.indices {
                writeEndpointChain(port, name: name, endpoints[index], context, &endpointChains, nat: &nat)
            }
        }
    }

    /// `KUBE-FW-*`: only loadBalancerSourceRanges may continue to `KUBE-EXT-*`; anything else
    /// falls off the end and is dropped by filter `KUBE-PROXY-FIREWALL`.
    func writeFirewallChain<Sink: IptablesTableSink>(
        _ port: ServicePortInfo, _ names: ServiceChainNames, name: String, _ context: SyncContext,
        nat: inout Sink
    ) {
        let comment = RuleArgument.comment("\(name) loadbalancer IP")
        nat.declare(names.firewall)
        var allowFromNode = false
        for range in port.loadBalancerSourceRanges {
            nat.append(names.firewall, [comment, .source(.prefix(range))], .jump(names.external))
            if let nodeIP = context.nodeIP, range.contains(nodeIP) { allowFromNode = true }
        }
        // A VIP-like LB IP is often a local address: a request from this node to it loops back
        // with the LB IP as source, so that source is allowed too.
        if allowFromNode {
            for ip in port.loadBalancerVIPs {
                nat.append(names.firewall, [comment, .source(.address(ip))], .jump(names.external))
            }
        }
        nat.append(
            names.firewall, [.comment("other traffic to \(name) will be dropped by KUBE-PROXY-FIREWALL")],
            .none)
    }

    /// `writeServiceToEndpointRules`: session-affinity checks first, then one jump per endpoint,
    /// each but the last with probability 1/(remaining endpoints).
    func writeEndpointJumps<Sink: IptablesTableSink>(
        _ port: ServicePortInfo, name: String, chain: String, endpoints: [EndpointInfo], _ context: SyncContext,
        _ endpointChains: inout EndpointChainNames, nat: inout Sink
    ) {
        // Declared here, sized once: one jump per endpoint, plus one affinity check per endpoint
        // with session affinity.
        nat.declare(chain, reservingRules: endpoints.count * (port.stickyMaxAgeSeconds == nil ? 1 : 2))
        // `appendServiceCommentLocked`: large-cluster mode drops the comment.
        let comment = context.largeClusterMode ? nil : name
        // Endpoints borrowed in place (a loop variable would copy each: a retain per field).
        endpoints.withUnsafeBufferPointer { endpoints in
            if let seconds = port.stickyMaxAgeSeconds {
                for index in endpoints.indices {
                    nat.appendEndpointJump(
                        chain, comment: comment, to: endpointChains.entry(endpoints[index]), .affinity(seconds: seconds))
                }
            }
            for index in endpoints.indices {
                let last = index == endpoints.count - 1
                nat.appendEndpointJump(
                    chain, comment: comment, to: endpointChains.entry(endpoints[index]),
                    last ? .none : .probability(remaining: endpoints.count - index))
            }
        }
    }

    /// `KUBE-SEP-*`: masquerade hairpin traffic (an endpoint reaching itself), record the
    /// client for session affinity, then DNAT.
    func writeEndpointChain<Sink: IptablesTableSink>(
        _ port: ServicePortInfo, name: String, _ endpoint: EndpointInfo, _ context: SyncContext,
        _ endpointChains: inout EndpointChainNames, nat: inout Sink
    ) {
        let (entry, isNew) = endpointChains.claimChain(endpoint)
        // Hairpin masquerade, DNAT.
        nat.appendEndpointChain(
            entry, isNew: isNew, comment: context.largeClusterMode ? nil : name,
            recordAffinity: port.stickyMaxAgeSeconds != nil, protocol: port.protocol)
    }
}
