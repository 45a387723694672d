import Testing

@testable import KubeRules

/// `CategorizeEndpoints` cases, modelled on kube-proxy's `TestCategorizeEndpoints`
/// (`pkg/proxy/topology_test.go`).
@Suite struct EndpointCategorizerTests {
    let categorizer = EndpointCategorizer(nodeName: "node-1", zone: "zone-a", preferSameNodeEnabled: false)

    func ep(
        _ address: String, local: Bool = false, ready: Bool = true, serving: Bool = true,
        terminating: Bool = false, zones: [String] = [], nodes: [String] = []
    ) -> EndpointInfo {
        EndpointInfo(
            ip: T.ip(address), port: 80, isLocal: local, ready: ready, serving: serving,
            terminating: terminating, zoneHints: zones, nodeHints: nodes)
    }

    func port(
        nodePort: Int = 0, externalIPs: [String] = [], etpLocal: Bool = false, itpLocal: Bool = false
    ) -> ServicePortInfo {
        var info = ServicePortInfo(
            name: ServicePortName(namespace: "ns1", name: "svc1", port: "", protocol: .tcp),
            serviceType: nodePort == 0 ? .clusterIP : .nodePort, clusterIP: T.ip("172.30.0.41"), port: 80,
            targetPort: .int(80), nodePort: nodePort, location: T.here)
        info.externalIPs = externalIPs.map(T.ip)
        info.externalPolicyLocal = etpLocal
        info.internalPolicyLocal = itpLocal
        return info
    }

    @Test func noEndpointsGivesNothing() {
        let result = categorizer.categorize([], for: port())
        #expect(result == EndpointCategorizer.Categories())
    }

    @Test func clusterPolicyUsesReadyEndpointsOnly() {
        let eps = [ep("10.180.0.1"), ep("10.180.0.2", ready: false, serving: false), ep("10.180.0.3", ready: false, serving: true, terminating: true)]
        let result = categorizer.categorize(eps, for: port())
        #expect(T.addresses(result.clusterEndpoints) == ["10.180.0.1:80"])
        #expect(result.localEndpoints.isEmpty)
        #expect(T.addresses(result.allReachableEndpoints) == ["10.180.0.1:80"])
        #expect(result.hasAnyEndpoints)
    }

    @Test func clusterPolicyFallsBackToServingTerminating() {
        let eps = [
            ep("10.180.0.1", ready: false, serving: true, terminating: true),
            ep("10.180.0.2", ready: false, serving: false, terminating: true),
            ep("10.180.0.3", ready: false, serving: true, terminating: false),
        ]
        let result = categorizer.categorize(eps, for: port())
        #expect(T.addresses(result.clusterEndpoints) == ["10.180.0.1:80"])
        #expect(result.hasAnyEndpoints)
    }

    @Test func nothingUsableMeansNoEndpointsAnywhere() {
        let eps = [ep("10.180.0.1", ready: false, serving: false, terminating: true)]
        let result = categorizer.categorize(eps, for: port())
        #expect(result.clusterEndpoints.isEmpty)
        #expect(!result.hasAnyEndpoints)
    }

    @Test func internalLocalUsesOnlyLocalEndpoints() {
        let eps = [ep("10.180.0.1", local: true), ep("10.180.0.2")]
        let result = categorizer.categorize(eps, for: port(itpLocal: true))
        #expect(result.clusterEndpoints.isEmpty)
        #expect(T.addresses(result.localEndpoints) == ["10.180.0.1:80"])
        #expect(T.addresses(result.allReachableEndpoints) == ["10.180.0.1:80"])
    }

    @Test func internalLocalWithoutLocalEndpointsStillKnowsRemoteOnes() {
        let eps = [ep("10.180.0.2")]
        let result = categorizer.categorize(eps, for: port(itpLocal: true))
        #expect(result.localEndpoints.isEmpty)
        #expect(result.allReachableEndpoints.isEmpty)
        #expect(result.hasAnyEndpoints)
    }

    @Test func internalLocalOnExternallyAccessiblePortAlsoUsesCluster() {
        // ITP Local + NodePort (ETP Cluster): internal traffic local-only, external to any.
        let eps = [ep("10.180.0.1", local: true), ep("10.180.0.2")]
        let result = categorizer.categorize(eps, for: port(nodePort: 30001, itpLocal: true))
        #expect(T.addresses(result.clusterEndpoints) == ["10.180.0.1:80", "10.180.0.2:80"])
        #expect(T.addresses(result.localEndpoints) == ["10.180.0.1:80"])
        #expect(T.addresses(result.allReachableEndpoints) == ["10.180.0.1:80", "10.180.0.2:80"])
    }

    @Test func externalLocalKeepsClusterSetForShortCircuit() {
        let eps = [ep("10.180.0.1", local: true), ep("10.180.0.2")]
        let result = categorizer.categorize(eps, for: port(nodePort: 30001, etpLocal: true))
        #expect(T.addresses(result.clusterEndpoints) == ["10.180.0.1:80", "10.180.0.2:80"])
        #expect(T.addresses(result.localEndpoints) == ["10.180.0.1:80"])
        #expect(T.addresses(result.allReachableEndpoints) == ["10.180.0.1:80", "10.180.0.2:80"])
    }

    @Test func bothPoliciesLocalStillKeepClusterSetWhenExternallyAccessible() {
        // kube-proxy's UsesClusterEndpoints is true for any externally accessible port: pods
        // reaching an external address are short-circuited to the cluster endpoints.
        let eps = [ep("10.180.0.1", local: true), ep("10.180.0.2")]
        let local = port(nodePort: 30001, etpLocal: true, itpLocal: true)
        #expect(local.usesClusterEndpoints && local.usesLocalEndpoints)
        let result = categorizer.categorize(eps, for: local)
        #expect(T.addresses(result.clusterEndpoints) == ["10.180.0.1:80", "10.180.0.2:80"])
        #expect(T.addresses(result.localEndpoints) == ["10.180.0.1:80"])
    }

    @Test func externalLocalFallsBackToLocalTerminatingIndependently() {
        // Remote endpoint ready, the local one only serving+terminating: Cluster uses the ready
        // remote one, Local the terminating local one; both are reachable.
        let eps = [ep("10.180.0.1", local: true, ready: false, serving: true, terminating: true), ep("10.180.0.2")]
        let result = categorizer.categorize(eps, for: port(nodePort: 30001, etpLocal: true))
        #expect(T.addresses(result.clusterEndpoints) == ["10.180.0.2:80"])
        #expect(T.addresses(result.localEndpoints) == ["10.180.0.1:80"])
        #expect(T.addresses(result.allReachableEndpoints) == ["10.180.0.1:80", "10.180.0.2:80"])
    }

    @Test func externalLocalWithoutLocalEndpoints() {
        let eps = [ep("10.180.0.2")]
        let result = categorizer.categorize(eps, for: port(externalIPs: ["192.168.99.11"], etpLocal: true))
        #expect(result.localEndpoints.isEmpty)
        #expect(T.addresses(result.allReachableEndpoints) == ["10.180.0.2:80"])
        #expect(result.hasAnyEndpoints)
    }

    @Test func zoneHintsNarrowTheClusterSet() {
        let eps = [ep("10.180.0.1", zones: ["zone-a"]), ep("10.180.0.2", zones: ["zone-b"]), ep("10.180.0.3", zones: ["zone-a", "zone-c"])]
        let result = categorizer.categorize(eps, for: port())
        #expect(result.topologyMode == .preferSameZone)
        #expect(T.addresses(result.clusterEndpoints) == ["10.180.0.1:80", "10.180.0.3:80"])
    }

    @Test func zoneHintsIgnoredWhenOneReadyEndpointHasNone() {
        let eps = [ep("10.180.0.1", zones: ["zone-a"]), ep("10.180.0.2")]
        let result = categorizer.categorize(eps, for: port())
        #expect(result.topologyMode == nil)
        #expect(result.clusterEndpoints.count == 2)
    }

    @Test func zoneHintsIgnoredWhenNoneNamesThisZone() {
        let eps = [ep("10.180.0.1", zones: ["zone-b"]), ep("10.180.0.2", zones: ["zone-c"])]
        let result = categorizer.categorize(eps, for: port())
        #expect(result.topologyMode == nil)
        #expect(result.clusterEndpoints.count == 2)
    }

    @Test func zoneHintsOnlyCountReadyEndpoints() {
        // The not-ready endpoint without hints does not disable topology.
        let eps = [ep("10.180.0.1", zones: ["zone-a"]), ep("10.180.0.2", zones: ["zone-b"]), ep("10.180.0.3", ready: false, serving: false)]
        let result = categorizer.categorize(eps, for: port())
        #expect(T.addresses(result.clusterEndpoints) == ["10.180.0.1:80"])
    }

    @Test func nodeWithoutZoneLabelIgnoresZoneHints() {
        let noZone = EndpointCategorizer(nodeName: "node-1", zone: nil, preferSameNodeEnabled: false)
        let eps = [ep("10.180.0.1", zones: ["zone-a"]), ep("10.180.0.2", zones: ["zone-b"])]
        #expect(noZone.categorize(eps, for: port()).clusterEndpoints.count == 2)
    }

    @Test func topologyWithLocalPolicyMergesSets() {
        // ETP Local: the local endpoint is hinted for another zone, so the Cluster set lacks it
        // but the Local set has it; both are reachable.
        let eps = [ep("10.180.0.1", local: true, zones: ["zone-b"]), ep("10.180.0.2", zones: ["zone-a"])]
        let result = categorizer.categorize(eps, for: port(nodePort: 30001, etpLocal: true))
        #expect(T.addresses(result.clusterEndpoints) == ["10.180.0.2:80"])
        #expect(T.addresses(result.localEndpoints) == ["10.180.0.1:80"])
        #expect(T.addresses(result.allReachableEndpoints) == ["10.180.0.1:80", "10.180.0.2:80"])
    }

    @Test func nodeHintsNeedTheGate() {
        let eps = [ep("10.180.0.1", zones: ["zone-b"], nodes: ["node-1"]), ep("10.180.0.2", zones: ["zone-a"], nodes: ["node-2"])]
        // Gate off: zone hints decide.
        #expect(T.addresses(categorizer.categorize(eps, for: port()).clusterEndpoints) == ["10.180.0.2:80"])
        // Gate on: node hints win over zone hints.
        let withGate = EndpointCategorizer(nodeName: "node-1", zone: "zone-a", preferSameNodeEnabled: true)
        let result = withGate.categorize(eps, for: port())
        #expect(result.topologyMode == .preferSameNode)
        #expect(T.addresses(result.clusterEndpoints) == ["10.180.0.1:80"])
    }

    @Test func nodeHintsNotNamingThisNodeFallBackToZone() {
        let withGate = EndpointCategorizer(nodeName: "node-1", zone: "zone-a", preferSameNodeEnabled: true)
        let eps = [ep("10.180.0.1", zones: ["zone-a"], nodes: ["node-3"]), ep("10.180.0.2", zones: ["zone-b"], nodes: ["node-2"])]
        let result = withGate.categorize(eps, for: port())
        #expect(result.topologyMode == .preferSameZone)
        #expect(T.addresses(result.clusterEndpoints) == ["10.180.0.1:80"])
    }
}
