/// kube-proxy's `CategorizeEndpoints` (`pkg/proxy/topology.go`): which endpoints of one service
/// port a node may use under Cluster and under Local traffic policy.
///
/// "Usable" means ready; when no endpoint is ready, serving-and-terminating endpoints are used
/// instead — decided independently for the Cluster and the Local set. Topology hints
/// (PreferSameZone / PreferSameNode) narrow the Cluster set when every ready endpoint carries a
/// hint and at least one hint names this node (or its zone).
public struct EndpointCategorizer: Sendable {
    /// The result for one service port.
    public struct Categories: Hashable, Sendable {
        /// Usable endpoints for Cluster policy (topology applied); empty when the port never uses
        /// Cluster policy.
        public var clusterEndpoints: [EndpointInfo] = []
        /// Usable local endpoints for Local policy; empty when the port never uses Local policy.
        public var localEndpoints: [EndpointInfo] = []
        /// The union of both, in endpoint order (kube-proxy builds it from a Go map; sorting it
        /// here keeps output deterministic without changing which chains exist).
        public var allReachableEndpoints: [EndpointInfo] = []
        /// Whether a usable endpoint exists anywhere in the cluster (may be true even when none
        /// is reachable from this node).
        public var hasAnyEndpoints = false
        /// The topology mode chosen for the Cluster set (nil: no topology).
        public var topologyMode: TopologyMode?

        public init() {}
    }

    /// `v1.ServiceTrafficDistributionPreferSameZone` / `…PreferSameNode`.
    public enum TopologyMode: String, Hashable, Sendable {
        case preferSameZone = "PreferSameZone"
        case preferSameNode = "PreferSameNode"
    }

    /// The rendered node's name (`isLocal` was computed against it too).
    public var nodeName: String
    /// The node's `topology.kubernetes.io/zone` label, if any.
    public var zone: String?
    /// The `PreferSameTrafficDistribution` gate: node hints are considered only when on.
    public var preferSameNodeEnabled: Bool

    public init(nodeName: String, zone: String?, preferSameNodeEnabled: Bool) {
        self.nodeName = nodeName
        self.zone = zone
        self.preferSameNodeEnabled = preferSameNodeEnabled
    }

    public init(node: NodeInfo, options: ProxyOptions) {
        self.init(
            nodeName: node.name, zone: node.zone,
            preferSameNodeEnabled: options.isEnabled("PreferSameTrafficDistribution"))
    }

    /// Categorizes `endpoints` (sorted as the graph sorts them) for `port`.
    public func categorize(_ endpoints: [EndpointInfo], for port: ServicePortInfo) -> Categories {
        categorize(endpoints, usesCluster: port.usesClusterEndpoints, usesLocal: port.usesLocalEndpoints)
    }

    /// ``categorize(_:for:)`` given the port's ``ServicePortInfo/usesClusterEndpoints`` and
    /// ``ServicePortInfo/usesLocalEndpoints`` (the builder passes them rather than the port
    /// being built, which a call would copy).
    func categorize(_ endpoints: [EndpointInfo], usesCluster: Bool, usesLocal: Bool) -> Categories {
        var result = Categories()
        if endpoints.isEmpty { return result }

        if usesCluster {
            let mode = topologyMode(endpoints)
            result.topologyMode = mode
            result.clusterEndpoints = endpoints.keeping { $0.ready && isAvailable($0, for: mode) }
            // No ready endpoint for the topology means topology was already ignored (see
            // topologyMode), so an empty set here means no ready endpoint at all: fall back to
            // serving-and-terminating ones.
            if result.clusterEndpoints.isEmpty {
                result.clusterEndpoints = endpoints.keeping { $0.serving && $0.terminating }
            }
            if !result.clusterEndpoints.isEmpty { result.hasAnyEndpoints = true }
        }

        guard usesLocal else {
            result.allReachableEndpoints = result.clusterEndpoints
            return result
        }

        var hasLocalReady = false
        var hasLocalServingTerminating = false
        // Read in place: a loop variable would copy each endpoint (a retain per field).
        endpoints.withUnsafeBufferPointer { endpoints in
            for endpoint in endpoints.indices {
                if endpoints[endpoint].ready {
                    result.hasAnyEndpoints = true
                    if endpoints[endpoint].isLocal { hasLocalReady = true }
                } else if endpoints[endpoint].serving && endpoints[endpoint].terminating {
                    result.hasAnyEndpoints = true
                    if endpoints[endpoint].isLocal { hasLocalServingTerminating = true }
                }
            }
        }
        var usesServingTerminating = false
        if hasLocalReady {
            result.localEndpoints = endpoints.keeping { $0.isLocal && $0.ready }
        } else if hasLocalServingTerminating {
            usesServingTerminating = true
            result.localEndpoints = endpoints.keeping { $0.isLocal && $0.serving && $0.terminating }
        }

        guard usesCluster else {
            result.allReachableEndpoints = result.localEndpoints
            return result
        }
        if result.topologyMode == nil && !usesServingTerminating {
            // Every ready endpoint is in the Cluster set, and the Local set holds only ready
            // ones: the Cluster set is a superset.
            result.allReachableEndpoints = result.clusterEndpoints
            return result
        }
        let reachable = Set(result.clusterEndpoints.map(\.description))
            .union(result.localEndpoints.map(\.description))
        // Where an endpoint is in both sets kube-proxy keeps the Local copy (it is written to the
        // map last); the two copies are the same value here, so taking them from `endpoints`
        // in order is equivalent.
        result.allReachableEndpoints = endpoints.keeping { reachable.contains($0.description) }
        return result
    }

    /// kube-proxy's `topologyModeFromHints`.
    func topologyMode(_ endpoints: [EndpointInfo]) -> TopologyMode? {
        var hasReady = false
        var hasEndpointForNode = false
        var allHaveNodeHints = true
        var hasEndpointForZone = false
        var allHaveZoneHints = true
        // Read in place: a loop variable would copy each endpoint (a retain per field).
        endpoints.withUnsafeBufferPointer { endpoints in
            for endpoint in endpoints.indices where endpoints[endpoint].ready {
                hasReady = true
                if endpoints[endpoint].nodeHints.isEmpty {
                    allHaveNodeHints = false
                } else if endpoints[endpoint].nodeHints.contains(nodeName) {
                    hasEndpointForNode = true
                }
                if endpoints[endpoint].zoneHints.isEmpty {
                    allHaveZoneHints = false
                } else if let zone, endpoints[endpoint].zoneHints.contains(zone) {
                    hasEndpointForZone = true
                }
                // A ready endpoint without either kind of hint rules both modes out (the usual
                // case, decided at the first endpoint): nothing later changes the answer, nil.
                if !allHaveNodeHints && !allHaveZoneHints { break }
            }
        }
        guard hasReady else { return nil }
        if preferSameNodeEnabled, allHaveNodeHints, hasEndpointForNode { return .preferSameNode }
        if allHaveZoneHints, hasEndpointForZone { return .preferSameZone }
        return nil
    }

    /// kube-proxy's `availableForTopology`.
    func isAvailable(_ endpoint: EndpointInfo, for mode: TopologyMode?) -> Bool {
        switch mode {
        case nil: return true
        case .preferSameNode: return endpoint.nodeHints.contains(nodeName)
        case .preferSameZone: return zone.map { endpoint.zoneHints.contains($0) } ?? false
        }
    }
}

extension [EndpointInfo] {
    /// `filter(isIncluded)`, but the array itself when every endpoint passes (the usual case: all
    /// ready), so no endpoint is copied and the sets share storage. Endpoints are tested in place
    /// (iterating the array would copy each one: a retain per reference in it).
    func keeping(_ isIncluded: (EndpointInfo) -> Bool) -> [EndpointInfo] {
        withUnsafeBufferPointer { endpoints in
            guard let firstDropped = endpoints.indices.first(where: { !isIncluded(endpoints[$0]) }) else { return self }
            var kept = Array(endpoints[..<firstDropped])
            for position in (firstDropped + 1)..<endpoints.count where isIncluded(endpoints[position]) {
                kept.append(endpoints[position])
            }
            return kept
        }
    }
}
