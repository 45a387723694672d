/// The graph of a run of consecutive Services (sorted by namespace and name): their service
/// ports, summaries and warnings, in that order. ``ServiceGraphBuilder`` builds chunks
/// concurrently and joins them in order, so the result is the same as one sequential pass.
struct ServiceChunk {
    var servicePorts: [ServicePortInfo] = []
    var summaries: [ServiceSummary] = []
    var warnings: [Diagnostic] = []

    /// One Service: its endpoints per port, its summary, and a ``ServicePortInfo`` per port
    /// when it is proxied in `family`.
    mutating func add(
        _ service: Service, family: IPFamily, index: EndpointIndex, factory: ServicePortInfoFactory,
        categorizer: EndpointCategorizer
    ) {
        let ns = service.metadata.namespace
        var endpointsByPort: [String: [EndpointInfo]] = [:]
        for port in service.ports {
            endpointsByPort[port.name] = index.endpoints(
                namespace: ns, service: service.metadata.name, portName: port.name,
                protocol: port.protocol)
        }
        let reason = service.notProxiedReason(in: family)
        summaries.append(
            ServiceSummary(service: service, notProxiedReason: reason, endpointsByPort: endpointsByPort))
        guard reason == nil, let clusterIP = service.clusterIP(for: family) else { return }
        if service.needsHealthCheck, service.healthCheckNodePort == 0 {
            warnings.append(GraphDiagnostics.missingHealthCheckNodePort(service))
        }
        for port in service.ports {
            var info = factory.make(service: service, port: port, clusterIP: clusterIP)
            info.endpoints = endpointsByPort[port.name] ?? []
            let categories = categorizer.categorize(info.endpoints, for: info)
            info.clusterEndpoints = categories.clusterEndpoints
            info.localEndpoints = categories.localEndpoints
            info.allReachableEndpoints = categories.allReachableEndpoints
            info.hasAnyEndpoints = categories.hasAnyEndpoints
            servicePorts.append(info)
        }
    }
}
