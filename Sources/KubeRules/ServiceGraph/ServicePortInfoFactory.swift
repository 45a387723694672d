/// Builds one ``ServicePortInfo`` the way kube-proxy's `newBaseServiceInfo` does
/// (`pkg/proxy/serviceport.go`), for a Service that is proxied in `family`.
struct ServicePortInfoFactory {
    let family: IPFamily
    /// The `LoadBalancerIPMode` gate: when off, every ingress IP is treated as VIP.
    let ipModeEnabled: Bool

    /// The port's service-level fields; endpoints are filled in by the builder.
    func make(service: Service, port: Service.Port, clusterIP: IPAddress) -> ServicePortInfo {
        let name = ServicePortName(
            namespace: service.metadata.namespace, name: service.metadata.name, port: port.name,
            protocol: port.protocol)
        var info = ServicePortInfo(
            name: name, serviceType: service.type, clusterIP: clusterIP, port: port.port,
            targetPort: port.targetPort, nodePort: port.nodePort, location: port.location)
        info.externalPolicyLocal = service.externalPolicyLocal
        info.internalPolicyLocal = service.internalPolicyLocal
        if service.sessionAffinity == .clientIP {
            info.stickyMaxAgeSeconds = service.sessionAffinityTimeoutSeconds
        }
        // External IPs and source ranges of the other family are dropped, not errors: a
        // dual-stack Service lists both.
        info.externalIPs = service.externalIPs.filter { $0.family == family }
        info.loadBalancerSourceRanges = service.loadBalancerSourceRanges.filter { $0.family == family }
        // Only VIP-mode ingress IPs get rules (`proxyutil.IsVIPMode`); hostname-only ingress
        // (an ELB name) has no IP and is ignored.
        for ingress in service.loadBalancerIngress {
            guard let ip = ingress.ip, ip.family == family else { continue }
            if !ipModeEnabled || ingress.ipMode != .proxy {
                info.loadBalancerVIPs.append(ip)
            } else {
                info.proxyModeIngressIPs.append(ip)
            }
        }
        // A missing port is reported once per Service by the builder (kube-proxy logs it).
        if service.needsHealthCheck { info.healthCheckNodePort = service.healthCheckNodePort }
        return info
    }
}
