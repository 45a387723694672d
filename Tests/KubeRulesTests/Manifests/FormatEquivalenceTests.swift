import Foundation
import Testing
@testable import KubeRules

/// The same objects written as YAML (in every style: flow, quoted, block, folded, indented
/// sequences, comments, hex and underscore integers, `yes`) and as JSON read to equal typed
/// objects; so do the kubectl-neat YAML/JSON pair of the corpus.
@Suite struct FormatEquivalenceTests {
    static let yaml = """
        # A cluster written in every YAML style kubectl, Argo CD and people produce.
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1            # indented sequence items (Argo CD style)
            kind: Service
            metadata:
              name: web
              namespace: "shop"       # double-quoted
              labels: {app: web, 'tier': "front"}   # flow mapping, mixed quoting
              annotations:
                note: |
                  line one
                  line two
                folded: >
                  folded
                  text
                wrapped: 'single quoted that
                  wraps over two lines'
                created: 2018-06-05T23:34:58Z
            spec:
              type: LoadBalancer
              clusterIP: 172.30.0.41
              clusterIPs: [172.30.0.41]
              externalIPs: ["192.168.99.11"]
              loadBalancerSourceRanges: [" 203.0.113.0/25 "]
              externalTrafficPolicy: Local
              healthCheckNodePort: 30000
              allocateLoadBalancerNodePorts: yes
              sessionAffinity: ClientIP
              sessionAffinityConfig: {clientIP: {timeoutSeconds: 0x2A30}}
              ports:
              - {name: p80, port: 80, targetPort: http, nodePort: 3_0001, protocol: TCP}
              - name: p443
                port: 443
                targetPort: 8443
                protocol: SCTP
              selector:
                app: web
            status:
              loadBalancer:
                ingress:
                - ip: 1.2.3.4
                  ipMode: Proxy
          - apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: web-abcde, namespace: shop, labels: {kubernetes.io/service-name: web}}
            addressType: IPv4
            endpoints:
            - addresses: [10.180.0.1]
              conditions: {ready: true, serving: true, terminating: false}
              nodeName: test-node
              zone: zone-a
              hints: {forZones: [{name: zone-a}]}
            - addresses: ["010.180.000.002"]
              conditions: {ready: false}
            ports:
            - name: p80
              port: 8080
            - name: p443
              port: 8443
              protocol: SCTP
          - apiVersion: v1
            kind: Endpoints
            metadata: {name: legacy, namespace: shop}
            subsets:
            - addresses: [{ip: 10.180.0.3, nodeName: test-node, targetRef: {kind: Pod, namespace: shop, name: legacy-0}}]
              notReadyAddresses: [{ip: 10.180.0.4}]
              ports: [{port: 53, protocol: UDP}]
          - apiVersion: v1
            kind: Node
            metadata: {name: test-node, labels: {topology.kubernetes.io/zone: zone-a}}
            spec: {podCIDRs: [10.0.1.0/24]}
            status:
              addresses:
              - {type: InternalIP, address: 192.168.0.2}
              - {type: Hostname, address: test-node}
        """

    @Test func yamlAndJSONGiveEqualObjects() throws {
        let fromYAML = try ManifestTestSupport.read(Self.yaml, name: "cluster.yaml")
        let fromJSON = try ManifestTestSupport.read(Self.json, name: "cluster.json")
        #expect(fromYAML.notes.isEmpty && fromJSON.notes.isEmpty)
        #expect(fromYAML.manifests.withoutLocations == fromJSON.manifests.withoutLocations)
        #expect(fromYAML.manifests.services.count == 1 && fromYAML.manifests.endpointSlices.count == 1)
        #expect(fromYAML.manifests.endpoints.count == 1 && fromYAML.manifests.nodes.count == 1)
    }

    @Test func yamlStylesResolveAsKubectlReadsThem() throws {
        let manifests = try ManifestTestSupport.read(Self.yaml, name: "cluster.yaml").manifests
        let service = try #require(manifests.services.first)
        #expect(service.metadata.namespace == "shop")
        #expect(service.metadata.labels == ["app": "web", "tier": "front"])
        #expect(service.metadata.annotations["note"] == "line one\nline two\n")
        #expect(service.metadata.annotations["folded"] == "folded text\n")
        #expect(service.metadata.annotations["wrapped"] == "single quoted that wraps over two lines")
        #expect(service.metadata.annotations["created"] == "2018-06-05T23:34:58Z")
        #expect(service.sessionAffinityTimeoutSeconds == 10800)  // 0x2A30
        #expect(service.ports.first?.nodePort == 30001)  // 3_0001
        #expect(service.allocateLoadBalancerNodePorts == true)  // yes
        #expect(service.loadBalancerSourceRanges.map(\.description) == ["203.0.113.0/25"])  // trimmed
        #expect(service.loadBalancerIngress == [Service.LoadBalancerIngress(ip: IPAddress("1.2.3.4"), ipMode: .proxy)])
        #expect(service.ports.map(\.protocol) == [.tcp, .sctp])
        let slice = try #require(manifests.endpointSlices.first)
        // Leading zeros are accepted (ParseIPSloppy) and dropped.
        #expect(slice.endpoints.map(\.addresses) == [["10.180.0.1"], ["10.180.0.2"]])
        #expect(slice.endpoints[0].zoneHints == ["zone-a"] && slice.endpoints[0].zone == "zone-a")
        #expect(slice.endpoints[1].ready == false && slice.endpoints[1].serving == nil)
        #expect(slice.ports.map(\.protocol) == [.tcp, .sctp])
        let endpoints = try #require(manifests.endpoints.first)
        #expect(endpoints.subsets[0].addresses.first?.targetRef == "Pod/shop/legacy-0")
        #expect(endpoints.subsets[0].notReadyAddresses.map(\.ip.description) == ["10.180.0.4"])
        let node = try #require(manifests.nodes.first)
        #expect(node.zone == "zone-a" && node.ipAddresses.map(\.description) == ["192.168.0.2"])
    }

    @Test func objectLocationsPointAtTheirFirstKey() throws {
        let manifests = try ManifestTestSupport.read(Self.yaml, name: "cluster.yaml").manifests
        #expect(manifests.services[0].location == SourceLocation(file: "cluster.yaml", line: 5, column: 5))
        #expect(manifests.services[0].ports[0].location == SourceLocation(file: "cluster.yaml", line: 33, column: 9))
        #expect(manifests.services[0].ports[1].location == SourceLocation(file: "cluster.yaml", line: 34, column: 9))
        #expect(manifests.endpointSlices[0].location == SourceLocation(file: "cluster.yaml", line: 45, column: 5))
        let fromJSON = try ManifestTestSupport.read(Self.json, name: "cluster.json").manifests
        #expect(fromJSON.services[0].location == SourceLocation(file: "cluster.json", line: 5, column: 9))
    }

    @Test func kubectlNeatYAMLAndJSONPairAreEqual() throws {
        let directory = ManifestTestSupport.corpus
        let yaml = try ManifestReader().read([.path(directory.appendingPathComponent("kubectl-neat-svc-headless.yaml").path)])
        let json = try ManifestReader().read([.path(directory.appendingPathComponent("kubectl-neat-svc-headless.json").path)])
        #expect(yaml.manifests.services.count == 1)
        #expect(yaml.manifests.withoutLocations == json.manifests.withoutLocations)
    }
}
