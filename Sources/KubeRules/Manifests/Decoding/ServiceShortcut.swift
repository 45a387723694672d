/// Turns a list item's raw record (``RawItem``) into a ``Service``, or says the tree decoder
/// must read the item: EXACT or step aside. It accepts only what
/// ``ManifestDecoder/decodeService(_:path:)`` would accept without a single diagnostic, through
/// the same checks (``FieldReader/NameRule``, `IPAddress`, ``NameValidation``, the API enums,
/// ``FieldReader/int32Value(kind:text:)``), and gives the Service that decoder would give; every
/// diagnostic still comes from that decoder.
///
/// Taken: kubectl's Services of type ClusterIP, NodePort and LoadBalancer with a cluster IP
/// (single or dual stack), named ports, a selector, session affinity, traffic policies, a health
/// check node port and load-balancer ingress IPs. Left to the tree decoder (rare, or where the
/// rules are subtle): items inheriting kind or apiVersion from their list, headless and
/// ExternalName Services, externalIPs, source ranges, load-balancer class and IP, ingress
/// hostnames, traffic distribution, and any field the raw readers do not know.
enum ServiceShortcut {
    static func service(_ raw: RawItem, nodePortRange: ClosedRange<Int>) -> Service? {
        guard raw[ItemSlot.kind]?.string == "Service", raw[ItemSlot.apiVersion]?.string == "v1",
            // Slice fields on a Service are ignored by the decoder, but rare: not taken.
            !raw.has(ItemSlot.addressType), !raw.has(ItemSlot.endpoints), !raw.has(ItemSlot.slicePorts),
            raw.has(ItemSlot.spec),
            let metadata = RawItemChecks.objectMeta(raw, nameRule: .dns1035Label)
        else { return nil }

        var type = Service.ServiceType.clusterIP
        if let value = raw[ItemSlot.type] {
            guard let text = value.string, let parsed = Service.ServiceType(rawValue: text), parsed != .externalName
            else { return nil }
            type = parsed
        }
        guard let clusterIPs = clusterIPs(raw),
            let ports = ServicePortShortcut.ports(raw[ItemSlot.servicePorts], type: type, nodePortRange: nodePortRange)
        else { return nil }

        var selector: [String: String]? = nil
        if let value = raw[ItemSlot.selector] {
            guard case .pairs(let pairs) = value, let labels = RawItemChecks.labels(pairs) else { return nil }
            selector = labels
        }
        guard let policies = trafficPolicies(raw, type: type, nodePortRange: nodePortRange),
            let affinity = sessionAffinity(raw),
            let ingress = loadBalancerIngress(raw)
        else { return nil }
        var allocateNodePorts: Bool? = nil
        if let value = raw[ItemSlot.allocateLoadBalancerNodePorts] {
            // Forbidden on other types.
            guard let flag = value.boolean, type == .loadBalancer else { return nil }
            allocateNodePorts = flag
        }
        var publishNotReady = false
        if let value = raw[ItemSlot.publishNotReadyAddresses] {
            guard let flag = value.boolean else { return nil }
            publishNotReady = flag
        }
        return Service(
            metadata: metadata, type: type, clusterIP: clusterIPs.addresses.first?.description,
            clusterIPs: clusterIPs.addresses, ipFamilies: clusterIPs.families, ipFamilyPolicy: clusterIPs.policy,
            ports: ports, selector: selector, externalTrafficPolicy: policies.external,
            internalTrafficPolicy: policies.internal, healthCheckNodePort: policies.healthCheckNodePort,
            allocateLoadBalancerNodePorts: allocateNodePorts, sessionAffinity: affinity.affinity,
            sessionAffinityTimeoutSeconds: affinity.timeout, publishNotReadyAddresses: publishNotReady,
            loadBalancerIngress: ingress, location: raw.location)
    }

    /// `clusterIP`, `clusterIPs`, `ipFamilies`, `ipFamilyPolicy` as
    /// ``ManifestDecoder/decodeClusterIPs(_:specPath:type:)`` reads them when none is `None`.
    private static func clusterIPs(_ raw: RawItem) -> (addresses: [IPAddress], families: [IPFamily], policy: String?)? {
        var primary: String? = nil
        if let value = raw[ItemSlot.clusterIP] {
            guard let text = value.string, !text.isEmpty else { return nil }
            primary = text
        }
        var texts: [String] = []
        if let value = raw[ItemSlot.clusterIPs] {
            guard case .scalars(let scalars) = value, scalars.count <= 2 else { return nil }
            for scalar in scalars {
                guard let text = scalar.string else { return nil }
                texts.append(text)
            }
        }
        if let primary {
            // Synced both ways; a clusterIPs[0] other than clusterIP is reported.
            if texts.isEmpty { texts = [primary] } else if texts[0] != primary { return nil }
        }
        var addresses: [IPAddress] = []
        for text in texts {
            // `None` (headless) fails to parse and is left to the decoder with the rest.
            guard let address = IPAddress(text), addresses.first?.family != address.family else { return nil }
            addresses.append(address)
        }
        var families: [IPFamily] = []
        if let value = raw[ItemSlot.ipFamilies] {
            guard case .scalars(let scalars) = value else { return nil }
            for scalar in scalars {
                guard let text = scalar.string, let family = IPFamily(rawValue: text), !families.contains(family) else {
                    return nil
                }
                families.append(family)
            }
        }
        for (index, family) in families.enumerated() where index < addresses.count {
            guard addresses[index].family == family else { return nil }
        }
        var policy: String? = nil
        if let value = raw[ItemSlot.ipFamilyPolicy] {
            guard let text = value.string, ["SingleStack", "PreferDualStack", "RequireDualStack"].contains(text) else {
                return nil
            }
            policy = text
        }
        return (addresses, families, policy)
    }

    /// The traffic policies and health check node port (`decodeTrafficPolicies`), for a
    /// Service without externalIPs.
    private static func trafficPolicies(_ raw: RawItem, type: Service.ServiceType, nodePortRange: ClosedRange<Int>)
        -> (external: Service.TrafficPolicy, internal: Service.TrafficPolicy, healthCheckNodePort: Int)?
    {
        var external = Service.TrafficPolicy.cluster
        if let value = raw[ItemSlot.externalTrafficPolicy] {
            // Only externally accessible Services may set it (apiservice.ExternallyAccessible:
            // NodePort, LoadBalancer, or ClusterIP with external IPs, which are not taken here).
            guard let text = value.string, let policy = Service.TrafficPolicy(rawValue: text), type != .clusterIP else {
                return nil
            }
            external = policy
        }
        var internalPolicy = Service.TrafficPolicy.cluster
        if let value = raw[ItemSlot.internalTrafficPolicy] {
            guard let text = value.string, let policy = Service.TrafficPolicy(rawValue: text) else { return nil }
            internalPolicy = policy
        }
        var healthCheckNodePort = 0
        if let value = raw[ItemSlot.healthCheckNodePort] {
            guard let port = value.int32 else { return nil }
            if port != 0 {
                guard type == .loadBalancer, external == .local, nodePortRange.contains(port) else { return nil }
                healthCheckNodePort = port
            }
        }
        return (external, internalPolicy, healthCheckNodePort)
    }

    /// `sessionAffinity` and its ClientIP timeout (`decodeSessionAffinity`).
    private static func sessionAffinity(_ raw: RawItem) -> (affinity: Service.SessionAffinity, timeout: Int)? {
        var affinity = Service.SessionAffinity.none
        if let value = raw[ItemSlot.sessionAffinity] {
            guard let text = value.string, let parsed = Service.SessionAffinity(rawValue: text) else { return nil }
            affinity = parsed
        }
        // A config is forbidden with None.
        if raw.has(ItemSlot.sessionAffinityConfig), affinity == .none { return nil }
        var timeout = 10800  // core.DefaultClientIPServiceAffinitySeconds
        if let value = raw[ItemSlot.timeoutSeconds] {
            // core.MaxClientIPServiceAffinitySeconds = 86400 (one day).
            guard let seconds = value.int32, (1...86400).contains(seconds) else { return nil }
            timeout = seconds
        }
        return (affinity, timeout)
    }

    /// `status.loadBalancer.ingress` entries with an IP and an optional ipMode (`decodeIngress`).
    private static func loadBalancerIngress(_ raw: RawItem) -> [Service.LoadBalancerIngress]? {
        guard let value = raw[ItemSlot.ingress] else { return [] }
        guard case .list(let items) = value else { return nil }
        var ingress: [Service.LoadBalancerIngress] = []
        for item in items {
            var ip: IPAddress? = nil
            if let value = item[IngressSlot.ip] {
                guard let text = value.string else { return nil }
                if !text.isEmpty {
                    guard let address = IPAddress(text) else { return nil }
                    ip = address
                }
            }
            var mode: Service.IPMode? = nil
            if let value = item[IngressSlot.ipMode] {
                // Forbidden without an ip.
                guard let text = value.string, ip != nil, let parsed = Service.IPMode(rawValue: text) else { return nil }
                mode = parsed
            }
            ingress.append(Service.LoadBalancerIngress(ip: ip, ipMode: mode))
        }
        return ingress
    }
}
