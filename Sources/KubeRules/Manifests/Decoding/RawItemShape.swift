/// The slots of a list item's raw record (``RawItem``): the fields of a Service and of an
/// EndpointSlice's header that kubectl prints, flattened (a nested mapping's fields fill slots of
/// the same record; only lists of mappings make records of their own).
enum ItemSlot: Int, CaseIterable {
    case apiVersion, kind, metadata, name, namespace, labels, annotations
    // Service
    case spec, type, clusterIP, clusterIPs, ipFamilies, ipFamilyPolicy, servicePorts, selector
    case sessionAffinity, sessionAffinityConfig, clientIP, timeoutSeconds
    case externalTrafficPolicy, internalTrafficPolicy, healthCheckNodePort
    case allocateLoadBalancerNodePorts, publishNotReadyAddresses
    case status, loadBalancer, ingress
    // EndpointSlice
    case addressType, endpoints, slicePorts
}

/// The slots of a port record (a Service's `spec.ports[i]`, an EndpointSlice's `ports[i]`).
enum PortSlot: Int, CaseIterable {
    case name, `protocol`, port, targetPort, nodePort, appProtocol
}

/// The slots of a `status.loadBalancer.ingress[i]` record.
enum IngressSlot: Int, CaseIterable {
    case ip, ipMode
}

extension RawShape {
    /// A list item of a kubectl dump: the keys a Service or an EndpointSlice (header and plain
    /// endpoints) has in `kubectl get -o yaml|json` output without managed fields.
    static let listItem: RawShape = {
        func scalar(_ slot: ItemSlot) -> Node { .scalar(slot: slot.rawValue) }
        let metadata = RawShape([
            ("name", scalar(.name)), ("namespace", scalar(.namespace)),
            ("labels", .pairs(slot: ItemSlot.labels.rawValue)), ("annotations", .pairs(slot: ItemSlot.annotations.rawValue)),
        ])
        func port(_ slot: PortSlot) -> Node { .scalar(slot: slot.rawValue) }
        let servicePort = RawShape([
            ("name", port(.name)), ("protocol", port(.protocol)), ("port", port(.port)),
            ("targetPort", port(.targetPort)), ("nodePort", port(.nodePort)), ("appProtocol", port(.appProtocol)),
        ])
        let slicePort = RawShape([
            ("name", port(.name)), ("protocol", port(.protocol)), ("port", port(.port)), ("appProtocol", port(.appProtocol)),
        ])
        let spec = RawShape([
            ("type", scalar(.type)), ("clusterIP", scalar(.clusterIP)),
            ("clusterIPs", .scalars(slot: ItemSlot.clusterIPs.rawValue)),
            ("ipFamilies", .scalars(slot: ItemSlot.ipFamilies.rawValue)), ("ipFamilyPolicy", scalar(.ipFamilyPolicy)),
            ("ports", .list(slot: ItemSlot.servicePorts.rawValue, element: servicePort, slots: PortSlot.allCases.count)),
            ("selector", .pairs(slot: ItemSlot.selector.rawValue)), ("sessionAffinity", scalar(.sessionAffinity)),
            (
                "sessionAffinityConfig",
                .mapping(
                    slot: ItemSlot.sessionAffinityConfig.rawValue,
                    RawShape([
                        ("clientIP", .mapping(slot: ItemSlot.clientIP.rawValue, RawShape([("timeoutSeconds", scalar(.timeoutSeconds))])))
                    ]))
            ),
            ("externalTrafficPolicy", scalar(.externalTrafficPolicy)),
            ("internalTrafficPolicy", scalar(.internalTrafficPolicy)),
            ("healthCheckNodePort", scalar(.healthCheckNodePort)),
            ("allocateLoadBalancerNodePorts", scalar(.allocateLoadBalancerNodePorts)),
            ("publishNotReadyAddresses", scalar(.publishNotReadyAddresses)),
        ])
        let ingress = RawShape([
            ("ip", .scalar(slot: IngressSlot.ip.rawValue)), ("ipMode", .scalar(slot: IngressSlot.ipMode.rawValue)),
        ])
        let status = RawShape([
            (
                "loadBalancer",
                .mapping(
                    slot: ItemSlot.loadBalancer.rawValue,
                    RawShape([
                        ("ingress", .list(slot: ItemSlot.ingress.rawValue, element: ingress, slots: IngressSlot.allCases.count))
                    ]))
            )
        ])
        return RawShape([
            ("apiVersion", scalar(.apiVersion)), ("kind", scalar(.kind)),
            ("metadata", .mapping(slot: ItemSlot.metadata.rawValue, metadata)),
            ("spec", .mapping(slot: ItemSlot.spec.rawValue, spec)),
            ("status", .mapping(slot: ItemSlot.status.rawValue, status)),
            ("addressType", scalar(.addressType)), ("endpoints", .endpoints(slot: ItemSlot.endpoints.rawValue)),
            ("ports", .list(slot: ItemSlot.slicePorts.rawValue, element: slicePort, slots: PortSlot.allCases.count)),
        ])
    }()

    /// Slots of a list item's record.
    static let listItemSlots = ItemSlot.allCases.count
}
