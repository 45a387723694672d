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
        let services = manifests.services
        let order = Self.sortedOrder(services)
        let index = EndpointIndex(
            manifests: manifests, order: order, family: family, nodeName: node.name,
            zoneHintsEnabled: options.isEnabled("TopologyAwareHints"),
            nodeHintsEnabled: options.isEnabled("PreferSameTrafficDistribution"),
            diagnostics: &diagnostics)
        let factory = ServicePortInfoFactory(
            family: family, ipModeEnabled: options.isEnabled("LoadBalancerIPMode"))
        let categorizer = EndpointCategorizer(node: node, options: options)

        // Services are independent: chunks of them are built concurrently, each writing its
        // Services' summaries at their sorted places and its ports into its own region, and the
        // chunks' results are joined in chunk order, which is exactly the sequential pass's order.
        let chunks = ParallelChunks.ranges(count: order.count) { services[order[$0]].ports.count + 1 }
        // Port slots: each Service may add up to its port count, so a chunk's region starts at
        // the port count of the Services before it.
        var starts = [0]
        starts.reserveCapacity(order.count + 1)
        for position in order { starts.append(starts[starts.count - 1] + services[position].ports.count) }
        let portStarts = starts
        let portCapacity = portStarts[order.count]
        var parts: [ServiceChunk] = []
        var summaries: [ServiceSummary] = []
        var boundaries: [Int] = []
        // The chunks write their ports straight into the graph's array (each into its region),
        // and the regions are then closed up in place: no port is copied. (Capacities of at
        // least 1, so the buffers have an address even for an empty input.)
        var servicePorts = [ServicePortInfo](unsafeUninitializedCapacity: max(portCapacity, 1)) { portBuffer, portCount in
            let portSlots = GraphSlots(base: portBuffer.baseAddress!, capacity: portCapacity)
            summaries = [ServiceSummary](unsafeUninitializedCapacity: max(order.count, 1)) { buffer, count in
                let summarySlots = GraphSlots(base: buffer.baseAddress!, capacity: order.count)
                parts = ParallelChunks.map(chunks) { range -> ServiceChunk in
                    var chunk = ServiceChunk(
                        summaries: summarySlots, ports: portSlots, portStart: portStarts[range.lowerBound])
                    // Services read in place: only `add`'s own copy is made.
                    services.withUnsafeBufferPointer { services in
                        for position in range {
                            chunk.add(
                                (services.baseAddress! + order[position]).pointee, slot: position, family: family,
                                index: index, factory: factory, categorizer: categorizer)
                        }
                    }
                    return chunk
                }
                count = order.count
            }
            let regions = zip(chunks, parts).map { range, part in portStarts[range.lowerBound]..<part.portEnd }
            var start = 0
            for region in regions where !region.isEmpty {
                if start > 0 { boundaries.append(start) }
                start += region.count
            }
            portCount = ServicePortOrder.compact(portBuffer.baseAddress!, regions: regions)
        }
        for part in parts {
            for warning in part.warnings { diagnostics.emit(warning) }
        }
        ServicePortOrder.sort(&servicePorts, increasing: parts.map(\.portsIncreasing), boundaries: boundaries)
        try diagnostics.throwIfErrors()
        return ServiceGraph(node: node, family: family, servicePorts: servicePorts, services: summaries)
    }

    /// Positions of `services` sorted by namespace and name (a dump is usually sorted already:
    /// then nothing moves). Names are unique here (duplicates are errors reported before).
    static func sortedOrder(_ services: [Service]) -> [Int] {
        func less(_ a: Int, _ b: Int) -> Bool {
            if services[a].metadata.namespace != services[b].metadata.namespace {
                return services[a].metadata.namespace < services[b].metadata.namespace
            }
            return services[a].metadata.name < services[b].metadata.name
        }
        var order = Array(services.indices)
        if !zip(order, order.dropFirst()).allSatisfy(less) { order.sort(by: less) }
        return order
    }

    /// The API server holds one object per kind, namespace and name; two in the input leave it
    /// unclear which one kube-proxy would see, so that is an error.
    private func checkDuplicates(_ manifests: Manifests, diagnostics: inout DiagnosticCollector) {
        /// `name(position)`: the object's namespace (nil for cluster-scoped kinds) and name.
        func check(
            _ kind: String, count: Int, name: (Int) -> (namespace: String?, name: String),
            location: (Int) -> SourceLocation
        ) {
            if Self.strictlyIncreasing(count: count, name: name) { return }
            var first: [String: SourceLocation] = [:]
            for position in 0..<count {
                let (namespace, name) = name(position)
                let text = namespace.map { "\($0)/\(name)" } ?? name
                if let earlier = first[text] {
                    diagnostics.emit(
                        GraphDiagnostics.duplicate(kind: kind, name: text, at: location(position), first: earlier))
                } else {
                    first[text] = location(position)
                }
            }
        }
        let (services, slices, endpoints, nodes) =
            (manifests.services, manifests.endpointSlices, manifests.endpoints, manifests.nodes)
        check(
            "Service", count: services.count,
            name: { (services[$0].metadata.namespace, services[$0].metadata.name) }, location: { services[$0].location })
        check(
            "EndpointSlice", count: slices.count,
            name: { (slices[$0].metadata.namespace, slices[$0].metadata.name) }, location: { slices[$0].location })
        check(
            "Endpoints", count: endpoints.count,
            name: { (endpoints[$0].metadata.namespace, endpoints[$0].metadata.name) },
            location: { endpoints[$0].location })
        check("Node", count: nodes.count, name: { (nil, nodes[$0].metadata.name) }, location: { nodes[$0].location })
    }

    /// Whether the objects' names are strictly increasing by namespace, then name, and none holds
    /// a `/`: then no two have the same `namespace/name` text, which comparing neighbours shows
    /// without hashing (a dump lists each kind sorted, so this is the usual case).
    private static func hasSlash(_ text: String) -> Bool {
        let slash = UInt8(ascii: "/")
        return text.utf8.withContiguousStorageIfAvailable { $0.contains(slash) } ?? text.utf8.contains(slash)
    }

    private static func strictlyIncreasing(
        count: Int, name: (Int) -> (namespace: String?, name: String)
    ) -> Bool {
        var previous: (namespace: String?, name: String)?
        for position in 0..<count {
            let current = name(position)
            if hasSlash(current.name) || current.namespace.map(hasSlash) == true { return false }
            if let previous {
                let (a, b) = (previous.namespace ?? "", current.namespace ?? "")
                if a != b ? !(a < b) : !(previous.name < current.name) { return false }
            }
            previous = current
        }
        return true
    }
}
