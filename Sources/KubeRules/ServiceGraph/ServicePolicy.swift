/// The per-Service decisions kube-proxy makes before looking at ports: whether the Service is
/// proxied at all in a family, and its traffic-policy helpers
/// (`pkg/proxy/util/utils.go`, `pkg/api/v1/service/util.go`).
extension Service {
    /// Why kube-proxy programs nothing for this Service in `family`, or nil when it does.
    ///
    /// kube-proxy's `ShouldSkipService` skips a Service whose `spec.clusterIP` is empty or
    /// `None`, and every ExternalName Service; then `GetClusterIPByFamily` skips one without a
    /// cluster IP of the proxier's family. ExternalName is checked first here so its reason
    /// reads right (ExternalName Services have no cluster IP either).
    public func notProxiedReason(in family: IPFamily) -> ServiceSummary.NotProxiedReason? {
        if type == .externalName { return .externalName }
        if isHeadless { return .headless }
        if clusterIP == nil || clusterIP == "" { return .noClusterIP }
        if clusterIP(for: family) == nil { return .noClusterIPOfFamily }
        if ports.isEmpty { return .noPorts }
        return nil
    }

    /// kube-proxy's `GetClusterIPByFamily`: with `ipFamilies` set, the `clusterIPs` entry at the
    /// index of `family`; without it (objects from before dual-stack), `clusterIP` if it is of
    /// that family.
    public func clusterIP(for family: IPFamily) -> IPAddress? {
        if ipFamilies.isEmpty {
            guard let text = clusterIP, text != "None", let ip = IPAddress(text), ip.family == family
            else { return nil }
            return ip
        }
        for (index, candidate) in ipFamilies.enumerated() where candidate == family {
            if index < clusterIPs.count { return clusterIPs[index] }
        }
        return nil
    }

    /// `apiservice.ExternallyAccessible`: a NodePort or LoadBalancer, or a ClusterIP Service
    /// with external IPs (of any family).
    public var isExternallyAccessible: Bool {
        type == .loadBalancer || type == .nodePort || (type == .clusterIP && !externalIPs.isEmpty)
    }

    /// `apiservice.ExternalPolicyLocal`: ETP Local counts only on an externally accessible Service.
    public var externalPolicyLocal: Bool {
        isExternallyAccessible && externalTrafficPolicy == .local
    }

    /// `apiservice.InternalPolicyLocal`.
    public var internalPolicyLocal: Bool { internalTrafficPolicy == .local }

    /// `apiservice.NeedsHealthCheck`: a LoadBalancer with ETP Local.
    public var needsHealthCheck: Bool { type == .loadBalancer && externalPolicyLocal }
}
