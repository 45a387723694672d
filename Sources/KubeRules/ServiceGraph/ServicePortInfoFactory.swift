/// Builds one ``ServicePortInfo`` the way kube-proxy's `newBaseServiceInfo` does
/// (`pkg/proxy/serviceport.go`), for a Service that is proxied in `family`.
struct ServicePortInfoFactory {
    let family: IPFamily
    /// The `LoadBalancerIPMode` gate: when off, every ingress IP is treated as VIP.
    let ipModeEnabled: Bool

    /// The service-level fields of `service.ports[position]` (read in place: a copy of the port
    /// retains its strings); endpoints are filled in by the builder.
    func make(service: borrowing Service, port position: Int, clusterIP: IPAddress) -> ServicePortInfo {
        service.ports.withUnsafeBufferPointer { ports in
            make(service: service, port: ports.baseAddress! + position, clusterIP: clusterIP)
        }
    }

    private func make(service: borrowing Service, port: UnsafePointer<Service.Port>, clusterIP: IPAddress) -> ServicePortInfo {
        let name = ServicePortName(
            namespace: service.metadata.namespace, name: service.metadata.name, port: port.pointee.name,
            protocol: port.pointee.protocol)
        var info = ServicePortInfo(
            name: name, serviceType: service.type, clusterIP: clusterIP, port: port.pointee.port,
            targetPort: port.pointee.targetPort, nodePort: port.pointee.nodePort, location: port.pointee.location)
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
