/// The graph of a run of consecutive Services (sorted by namespace and name), built by one worker
/// of ``ServiceGraphBuilder``: it writes each Service's summary at the Service's place in the
/// summaries, its service ports one after another from its own region of the port slots, and
/// keeps its warnings in order. Joining the chunks in order gives the sequential pass's result.
struct ServiceChunk {
    /// The Services' summaries, one slot per Service (in sorted order).
    let summaries: GraphSlots<ServiceSummary>
    /// This chunk's port region: at most the sum of its Services' port counts.
    let ports: GraphSlots<ServicePortInfo>
    /// The next free port slot.
    private(set) var portEnd: Int
    private(set) var warnings: [Diagnostic] = []
    /// Whether this chunk's ports are strictly increasing by ``ServicePortName`` (checked here,
    /// in parallel, so the join only compares the chunks' boundaries).
    private(set) var portsIncreasing = true
    /// The name of the last port written (read here rather than from its slot: a slot read
    /// copies the whole ``ServicePortInfo``).
    private var lastName: ServicePortName?
    private let portStart: Int

    init(summaries: GraphSlots<ServiceSummary>, ports: GraphSlots<ServicePortInfo>, portStart: Int) {
        self.summaries = summaries
        self.ports = ports
        self.portStart = portStart
        self.portEnd = portStart
    }

    /// One Service (summary slot `slot`): its endpoints per port, its summary, and a
    /// ``ServicePortInfo`` per port when it is proxied in `family`. The Service is taken owned
    /// and moved into its summary at the end: the caller's copy is the only one made.
    mutating func add(
        _ service: consuming Service, slot: Int, family: IPFamily, index: EndpointIndex,
        factory: ServicePortInfoFactory, categorizer: EndpointCategorizer
    ) {
        let endpoints = index.endpoints(of: service, slot: slot)
        // By port name, the last port of a name winning, as a dictionary filled in port order keeps it.
        var endpointsByPort: [String: [EndpointInfo]] = Dictionary(minimumCapacity: service.ports.count)
        for (position, port) in service.ports.enumerated() {
            endpointsByPort[port.name] = endpoints[position]
        }
        let reason = service.notProxiedReason(in: family)
        if reason == nil, let clusterIP = service.clusterIP(for: family) {
            addPorts(of: service, clusterIP: clusterIP, endpoints: endpoints, factory: factory, categorizer: categorizer)
        }
        summaries.initialize(
            slot, to: ServiceSummary(service: service, notProxiedReason: reason, endpointsByPort: endpointsByPort))
    }

    /// A ``ServicePortInfo`` per port of a proxied Service, into this chunk's port region.
    private mutating func addPorts(
        of service: borrowing Service, clusterIP: IPAddress, endpoints: [[EndpointInfo]],
        factory: ServicePortInfoFactory, categorizer: EndpointCategorizer
    ) {
        if service.needsHealthCheck, service.healthCheckNodePort == 0 {
            warnings.append(GraphDiagnostics.missingHealthCheckNodePort(copy service))
        }
        for position in service.ports.indices {
            var info = factory.make(service: service, port: service.ports[position], clusterIP: clusterIP)
            // The summary's list for this name: the last port of the name.
            let last = service.ports.lastIndex { $0.name == service.ports[position].name } ?? position
            info.endpoints = endpoints[last]
            let categories = categorizer.categorize(info.endpoints, for: info)
            info.clusterEndpoints = categories.clusterEndpoints
            info.localEndpoints = categories.localEndpoints
            info.allReachableEndpoints = categories.allReachableEndpoints
            info.hasAnyEndpoints = categories.hasAnyEndpoints
            if portsIncreasing, let lastName, !ServicePortName.precedes(lastName, info.name) {
                portsIncreasing = false
            }
            lastName = info.name
            ports.initialize(portEnd, to: info)
            portEnd += 1
        }
    }
}
