import Foundation
import Testing
@testable import KubeRules

/// Every file of the real-world kubectl corpus (fixtures/corpus, see SOURCES.md) reads without
/// an error and yields the objects and key fields it holds.
@Suite struct CorpusReadTests {
    struct Expectation: CustomTestStringConvertible, Sendable {
        var file: String
        var services = 0
        var slices = 0
        var endpoints = 0
        var nodes = 0
        /// Warnings expected (redacted pod CIDRs).
        var warnings = 0
        var testDescription: String { file }
    }

    static let expectations: [Expectation] = [
        Expectation(file: "cilium-dualstack-svc-eps.yaml", services: 1, slices: 2),
        Expectation(file: "gitops-engine-endpoints-managedfields.json", endpoints: 1),
        Expectation(file: "gitops-engine-svc-lb-elb-hostname.yaml", services: 1),
        Expectation(file: "gitops-engine-svc-managedfields.yaml", services: 1),
        Expectation(file: "honeycomb-nodelist-raw-api.json", nodes: 2),
        Expectation(file: "k9s-node-minikube.json", nodes: 1),
        Expectation(file: "k9s-svc-clusterip-gke.json", services: 1),
        Expectation(file: "k9s-svc-nodeport.json", services: 1),
        Expectation(file: "kdash-svc-list-k3s.yaml", services: 5),
        Expectation(file: "kubectl-neat-svc-headless.json", services: 1),
        Expectation(file: "kubectl-neat-svc-headless.yaml", services: 1),
        Expectation(file: "kubectl-status-list-node-and-service.yaml", services: 1, nodes: 1),
        Expectation(file: "kubectl-status-node-aks.yaml", nodes: 1),
        Expectation(file: "kubectl-status-svc-externalname.yaml", services: 1),
        Expectation(file: "kubectl-status-svc-lb-etp-local-affinity.yaml", services: 1),
        Expectation(file: "kubectl-status-svc-nodeport.yaml", services: 1),
        Expectation(file: "kubectl-status-svc-with-endpoints-notready.yaml", services: 1),
        Expectation(file: "kubescape-node-minikube-managedfields.json", nodes: 1),
        Expectation(file: "troubleshoot-nodelist-redacted.json", nodes: 7, warnings: 5),
    ]

    static func read(_ file: String) throws -> ManifestReadResult {
        try ManifestReader().read([.path(ManifestTestSupport.corpus.appendingPathComponent(file).path)])
    }

    @Test func everyCorpusFileHasAnExpectation() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: ManifestTestSupport.corpus.path)
            .filter { $0 != "SOURCES.md" }.sorted()
        #expect(files == Self.expectations.map(\.file))
    }

    @Test(arguments: expectations) func readsWithoutErrors(_ expectation: Expectation) throws {
        let result = try Self.read(expectation.file)
        #expect(result.manifests.services.count == expectation.services)
        #expect(result.manifests.endpointSlices.count == expectation.slices)
        #expect(result.manifests.endpoints.count == expectation.endpoints)
        #expect(result.manifests.nodes.count == expectation.nodes)
        #expect(result.notes.count == expectation.warnings)
        #expect(result.notes.allSatisfy { $0.severity == .warning })
    }

    @Test func dualStackNodePortAndItsSlices() throws {
        let manifests = try Self.read("cilium-dualstack-svc-eps.yaml").manifests
        let service = try #require(manifests.services.first)
        #expect(service.metadata.name == "echo-dualstack")
        #expect(service.type == .nodePort)
        #expect(service.clusterIP == "10.96.207.99")
        #expect(service.clusterIPs.map(\.description) == ["10.96.207.99", "fd00:10:96::b050"])
        #expect(service.ipFamilies == [.ipv4, .ipv6])
        #expect(service.ipFamilyPolicy == "RequireDualStack")
        #expect(service.ports.map { "\($0.name) \($0.protocol) \($0.port)->\($0.targetPort) :\($0.nodePort)" }
            == ["http tcp 80->80 :30181", "tftp udp 69->69 :32757"])
        #expect(service.selector == ["name": "echo"])
        #expect(service.location == SourceLocation(file: service.location.file, line: 1, column: 1))

        let (v6, v4) = (manifests.endpointSlices[0], manifests.endpointSlices[1])
        #expect(v6.addressType == .ipv6)
        #expect(v6.endpoints.map(\.addresses) == [["fd00:10:244:2::a314"], ["fd00:10:244:1::247e"]])
        #expect(v6.serviceName == "echo-dualstack")
        #expect(v4.addressType == .ipv4)
        #expect(v4.metadata.name == "echo-dualstack-bhgnn")
        let endpoint = v4.endpoints[0]
        #expect(endpoint.addresses == ["10.244.2.9"])
        #expect(endpoint.ready == true && endpoint.serving == true && endpoint.terminating == false)
        #expect(endpoint.nodeName == "dual-stack-worker2")
        #expect(endpoint.targetRef == "Pod/default/echo-bc5cf6ffb-d8f2v")
        #expect(v4.ports.map { "\($0.name) \($0.protocol) \($0.port ?? 0)" } == ["http tcp 80", "tftp udp 69"])
        #expect(v4.location.line == 94 && v4.location.column == 1)
    }

    @Test func loadBalancerWithLocalPolicyAffinityAndSourceRanges() throws {
        let service = try #require(try Self.read("kubectl-status-svc-lb-etp-local-affinity.yaml").manifests.services.first)
        #expect(service.type == .loadBalancer)
        #expect(service.externalIPs.map(\.description) == ["203.0.113.10"])
        #expect(service.externalTrafficPolicy == .local)
        #expect(service.internalTrafficPolicy == .local)
        #expect(service.healthCheckNodePort == 32501)
        #expect(service.loadBalancerSourceRanges.map(\.description) == ["10.0.0.0/8", "172.16.0.0/12"])
        #expect(service.loadBalancerClass == "example.com/custom-lb")
        #expect(service.sessionAffinity == .clientIP)
        #expect(service.sessionAffinityTimeoutSeconds == 10800)
        #expect(service.publishNotReadyAddresses)
        #expect(service.trafficDistribution == "PreferSameZone")
        #expect(service.allocateLoadBalancerNodePorts == true)
        #expect(service.loadBalancerIngress.isEmpty)
        #expect(service.ports.first?.nodePort == 30321)
        // The block-scalar annotation keeps its JSON text and trailing newline.
        #expect(service.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]?.hasSuffix("}}\n") == true)
    }

    @Test func k3sListWithNamedTargetPortsAndIngressIP() throws {
        let services = try Self.read("kdash-svc-list-k3s.yaml").manifests.services
        #expect(services.map { "\($0.metadata.namespace)/\($0.metadata.name)" }
            == ["default/kubernetes", "kube-system/kube-dns", "kube-system/metrics-server",
                "kube-system/traefik-prometheus", "kube-system/traefik"])
        let traefik = services[4]
        #expect(traefik.ports.map(\.targetPort) == [.string("http"), .string("https")])
        #expect(traefik.loadBalancerIngress == [Service.LoadBalancerIngress(ip: IPAddress("172.20.0.2"))])
        #expect(services[1].ports.map(\.protocol) == [.udp, .tcp, .tcp])
        // The single-quoted annotation wraps over two lines; folding joins them with a space.
        let applied = try #require(services[1].metadata.annotations["objectset.rio.cattle.io/applied"])
        #expect(applied.contains("\"objectset.rio.cattle.io/owner-gvk\":\"k3s.cattle.io/v1, Kind=Addon\""))
    }

    @Test func headlessExternalNameAndUnnamedPort() throws {
        let headless = try #require(try Self.read("kubectl-neat-svc-headless.yaml").manifests.services.first)
        #expect(headless.isHeadless && headless.clusterIPs.isEmpty)
        let externalName = try #require(try Self.read("kubectl-status-svc-externalname.yaml").manifests.services.first)
        #expect(externalName.type == .externalName && externalName.clusterIP == nil && externalName.ports.isEmpty)
        #expect(externalName.externalName == "example.database.svc.cluster.local")
        let nodePort = try #require(try Self.read("k9s-svc-nodeport.json").manifests.services.first)
        #expect(nodePort.ports.map { "\($0.name)|\($0.port)->\($0.targetPort):\($0.nodePort)" } == ["|8080->80:30805"])
        // Written before clusterIPs existed: clusterIPs is derived as the API server does.
        let gke = try #require(try Self.read("k9s-svc-clusterip-gke.json").manifests.services.first)
        #expect(gke.clusterIPs.map(\.description) == ["10.47.248.116"])
        #expect(gke.ports.first?.targetPort == .string("http"))
    }

    @Test func elbHostnameIngressAndUnquotedTimestamps() throws {
        let service = try #require(try Self.read("gitops-engine-svc-lb-elb-hostname.yaml").manifests.services.first)
        #expect(service.loadBalancerIngress == [Service.LoadBalancerIngress(hostname: "abc123.us-west-2.elb.amazonaws.com")])
        #expect(service.clusterIP == "100.69.46.185")
        #expect(service.ports.map(\.nodePort) == [30354, 31866])
    }

    @Test func legacyEndpointsWithoutTargetRefs() throws {
        let endpoints = try #require(try Self.read("gitops-engine-endpoints-managedfields.json").manifests.endpoints.first)
        #expect(endpoints.metadata.name == "solrcloud")
        #expect(endpoints.subsets.count == 1)
        #expect(endpoints.subsets[0].addresses.map(\.ip.description)
            == ["172.20.10.97", "172.20.10.98", "172.20.10.99", "172.20.10.100", "172.20.10.101"])
        #expect(endpoints.subsets[0].ports.map { "\($0.name)/\($0.protocol)/\($0.port ?? 0)" }
            == ["solr-http/tcp/8080", "solr-https/tcp/8443", "solr-node/udp/8983", "solr-zookeeper/tcp/9983"])
    }

    @Test func nodesKeepAddressTextAndOrder() throws {
        let aks = try #require(try Self.read("kubectl-status-node-aks.yaml").manifests.nodes.first)
        #expect(aks.addresses.map(\.type) == ["Hostname", "InternalIP"])
        #expect(aks.ipAddresses.map(\.description) == ["10.250.4.65"])
        let redacted = try Self.read("troubleshoot-nodelist-redacted.json").manifests.nodes
        #expect(redacted[1].metadata.name == "biggernode-3i745")
        #expect(redacted[1].addresses.map(\.address) == ["biggernode-3i745", "***HIDDEN***", "***HIDDEN***"])
        #expect(redacted[1].ipAddresses.isEmpty && redacted[1].podCIDRs.isEmpty)
        #expect(redacted[6].podCIDRs.map(\.description) == ["10.32.0.0/24"])
        let raw = try Self.read("honeycomb-nodelist-raw-api.json").manifests.nodes
        #expect(raw.map(\.metadata.name) == ["duckboat-01", "duckboat-02"])
        let listed = try Self.read("kubectl-status-list-node-and-service.yaml").manifests
        #expect(listed.nodes.first?.podCIDRs.map(\.description) == ["10.244.0.0/24"])
        #expect(listed.services.first?.ports.first?.targetPort == .int(8443))
    }
}
