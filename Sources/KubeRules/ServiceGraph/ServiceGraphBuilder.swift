/// The normalize stage: ``Manifests`` + ``ProxyOptions`` → ``ServiceGraph`` for one node and one
/// address family, with every policy decision kube-proxy makes before writing rules already made.
///
/// kube-proxy reaches the same state incrementally (`ServiceChangeTracker`,
/// `EndpointsChangeTracker`, then `CategorizeEndpoints` per service port during a sync); this
/// builder computes it in one pass from a full dump:
/// 1. choose the node and its addresses (``NodeSelector``);
/// 2. join endpoints from EndpointSlices, or legacy Endpoints (``EndpointIndex``);
/// 3. for each Service, decide whether it is proxied in the family (`ShouldSkipService`,
///    `GetClusterIPByFamily`) and build a ``ServicePortInfo`` per port (`newBaseServiceInfo`);
/// 4. categorize each port's endpoints (``EndpointCategorizer``).
public struct ServiceGraphBuilder: Sendable {
    public var options: ProxyOptions

    public init(options: ProxyOptions) {
        self.options = options
    }

    /// Builds the graph; throws every error found (warnings and notes only when there are errors
    /// too — use ``build(_:diagnostics:)`` to see them on success).
    public func build(_ manifests: Manifests) throws(DiagnosticsError) -> ServiceGraph {
        var diagnostics = DiagnosticCollector()
        return try build(manifests, diagnostics: &diagnostics)
    }

    /// Builds the graph, adding warnings and notes to `diagnostics`; throws all of
    /// `diagnostics` when any is an error.
    public func build(
        _ manifests: Manifests, diagnostics: inout DiagnosticCollector
    ) throws(DiagnosticsError) -> ServiceGraph {
        checkDuplicates(manifests, diagnostics: &diagnostics)
        let node = NodeSelector.select(manifests: manifests, options: options, diagnostics: &diagnostics)
        try diagnostics.throwIfErrors()
        guard let node else { throw DiagnosticsError(diagnostics.diagnostics) }

        let family = options.ipFamily
        let index = EndpointIndex(
            manifests: manifests, family: family, nodeName: node.name,
            zoneHintsEnabled: options.isEnabled("TopologyAwareHints"),
            nodeHintsEnabled: options.isEnabled("PreferSameTrafficDistribution"),
            diagnostics: &diagnostics)
        let factory = ServicePortInfoFactory(
            family: family, ipModeEnabled: options.isEnabled("LoadBalancerIPMode"))
        let categorizer = EndpointCategorizer(node: node, options: options)

        let services = manifests.services.sorted {
            ($0.metadata.namespace, $0.metadata.name) < ($1.metadata.namespace, $1.metadata.name)
        }
        // Services are independent: chunks of them are built concurrently, and the chunks'
        // results (ports, summaries, warnings) are joined in chunk order, which is exactly the
        // sequential pass's order.
        let chunks = ParallelChunks.ranges(count: services.count) { services[$0].ports.count + 1 }
        let parts = ParallelChunks.map(chunks) { range -> ServiceChunk in
            var chunk = ServiceChunk()
            for service in services[range] {
                chunk.add(service, family: family, index: index, factory: factory, categorizer: categorizer)
            }
            return chunk
        }
        var servicePorts: [ServicePortInfo] = []
        var summaries: [ServiceSummary] = []
        servicePorts.reserveCapacity(parts.reduce(0) { $0 + $1.servicePorts.count })
        summaries.reserveCapacity(services.count)
        for part in parts {
            servicePorts.append(contentsOf: part.servicePorts)
            summaries.append(contentsOf: part.summaries)
            for warning in part.warnings { diagnostics.emit(warning) }
        }
        // `ServicePortName` order, with each name's text made once instead of per comparison.
        let sortKeys = servicePorts.map { ($0.name.description, $0.name.protocol) }
        servicePorts = sortKeys.indices.sorted { a, b in
            let (x, y) = (sortKeys[a], sortKeys[b])
            if x.0 != y.0 { return x.0 < y.0 }
            return x.1 < y.1
        }.map { servicePorts[$0] }
        try diagnostics.throwIfErrors()
        return ServiceGraph(node: node, family: family, servicePorts: servicePorts, services: summaries)
    }

    /// The API server holds one object per kind, namespace and name; two in the input leave it
    /// unclear which one kube-proxy would see, so that is an error.
    private func checkDuplicates(_ manifests: Manifests, diagnostics: inout DiagnosticCollector) {
        func check(_ kind: String, _ items: [(name: String, location: SourceLocation)]) {
            var first: [String: SourceLocation] = [:]
            for item in items {
                if let earlier = first[item.name] {
                    diagnostics.emit(
                        GraphDiagnostics.duplicate(kind: kind, name: item.name, at: item.location, first: earlier))
                } else {
                    first[item.name] = item.location
                }
            }
        }
        check("Service", manifests.services.map { ("\($0.metadata.namespace)/\($0.metadata.name)", $0.location) })
        check(
            "EndpointSlice",
            manifests.endpointSlices.map { ("\($0.metadata.namespace)/\($0.metadata.name)", $0.location) })
        check("Endpoints", manifests.endpoints.map { ("\($0.metadata.namespace)/\($0.metadata.name)", $0.location) })
        check("Node", manifests.nodes.map { ($0.metadata.name, $0.location) })
    }
}
