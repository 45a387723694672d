import Testing

@testable import KubeRules

/// What the builder decides per Service and service port (`serviceport.go`, `service.go`).
@Suite struct ServiceGraphBuilderTests {
    let node = T.node("test-node")

    @Test func clusterIPServiceJoinsItsSlice() throws {
        let manifests = Manifests(
            services: [T.service("ns1", "svc1")],
            endpointSlices: [
                T.slice("ns1", "svc1-abc", service: "svc1", endpoints: [
                    T.endpoint("10.180.0.2", node: "node-2"), T.endpoint("10.180.0.10", node: "test-node"),
                ])
            ],
            nodes: [node])
        let (graph, diagnostics) = try T.build(manifests)
        #expect(diagnostics.isEmpty)
        #expect(graph.servicePorts.count == 1)
        let port = try #require(graph.servicePorts.first)
        #expect(port.name.description == "ns1/svc1:p80")
        #expect(port.clusterIP == T.ip("172.30.0.41"))
        // Sorted by "ip:port" text, as kube-proxy's byEndpoint does: "10.180.0.10" < "10.180.0.2".
        #expect(T.addresses(port.endpoints) == ["10.180.0.10:80", "10.180.0.2:80"])
        #expect(port.endpoints.map(\.isLocal) == [true, false])
        #expect(T.addresses(port.clusterEndpoints) == ["10.180.0.10:80", "10.180.0.2:80"])
        #expect(port.hasAnyEndpoints)
    }

    @Test func skippedServicesStayInTheSummary() throws {
        let headless = T.service("ns1", "headless", clusterIP: "None")
        let external = T.service("ns1", "ext", clusterIP: "") { $0.type = .externalName; $0.externalName = "db.example.com" }
        let v6only = T.service("ns1", "v6", clusterIP: "2001:db8::10")
        let unallocated = T.service("ns1", "fresh", clusterIP: "")
        let noPorts = T.service("ns1", "empty", ports: [])
        let manifests = Manifests(
            services: [headless, external, v6only, unallocated, noPorts, T.service("ns1", "svc1")],
            endpointSlices: [T.slice("ns1", "headless-1", service: "headless", endpoints: [T.endpoint("10.180.0.5", hostname: "mysql-0")])],
            nodes: [node])
        let (graph, _) = try T.build(manifests)
        #expect(graph.servicePorts.map(\.name.description) == ["ns1/svc1:p80"])
        let reasons = Dictionary(uniqueKeysWithValues: graph.services.map { ($0.service.metadata.name, $0.notProxiedReason) })
        #expect(reasons["headless"] == .headless)
        #expect(reasons["ext"] == .externalName)
        #expect(reasons["v6"] == .noClusterIPOfFamily)
        #expect(reasons["fresh"] == .noClusterIP)
        #expect(reasons["empty"] == .noPorts)
        #expect(reasons["svc1"] == .some(nil))
        #expect(graph.services.map(\.service.metadata.name) == ["empty", "ext", "fresh", "headless", "svc1", "v6"])
        // Headless endpoints are kept for explain (per-pod DNS names).
        let headlessSummary = try #require(graph.services.first { $0.service.metadata.name == "headless" })
        #expect(headlessSummary.endpointsByPort["p80"]?.map(\.hostname) == ["mysql-0"])
    }

    func dualStack() -> Service {
        T.service("ns1", "dual", clusterIP: "172.30.0.42") {
            $0.clusterIPs = [T.ip("172.30.0.42"), T.ip("fd00:172:30::42")]
            $0.ipFamilies = [.ipv4, .ipv6]
            $0.type = .loadBalancer
            $0.ports = [T.port("p80", .tcp, 80, nodePort: 30080)]
            $0.externalIPs = [T.ip("192.168.99.11"), T.ip("2001:db8::99")]
            $0.loadBalancerSourceRanges = [T.cidr("203.0.113.0/25"), T.cidr("2001:db8:1::/64")]
            $0.loadBalancerIngress = [
                .init(ip: T.ip("1.2.3.4")), .init(ip: T.ip("2001:db8::1234")),
                .init(hostname: "lb.example.com"), .init(ip: T.ip("5.6.7.8"), ipMode: .proxy),
            ]
        }
    }

    @Test func fieldsAreFilteredByFamily() throws {
        let manifests = Manifests(
            services: [dualStack()],
            endpointSlices: [
                T.slice("ns1", "dual-v4", service: "dual", endpoints: [T.endpoint("10.180.0.1")]),
                T.slice("ns1", "dual-v6", service: "dual", type: .ipv6, endpoints: [T.endpoint("fd00:10:180::1")]),
            ],
            nodes: [T.node("test-node", addresses: [("InternalIP", "192.168.0.2"), ("InternalIP", "2001:db8::1")])])
        let v4 = try #require(try T.build(manifests).0.servicePorts.first)
        #expect(v4.clusterIP == T.ip("172.30.0.42"))
        #expect(v4.externalIPs == [T.ip("192.168.99.11")])
        #expect(v4.loadBalancerSourceRanges == [T.cidr("203.0.113.0/25")])
        #expect(v4.loadBalancerVIPs == [T.ip("1.2.3.4")])
        #expect(v4.proxyModeIngressIPs == [T.ip("5.6.7.8")])
        #expect(T.addresses(v4.endpoints) == ["10.180.0.1:80"])

        let (v6graph, _) = try T.build(manifests, T.options(family: .ipv6))
        let v6 = try #require(v6graph.servicePorts.first)
        #expect(v6.clusterIP == T.ip("fd00:172:30::42"))
        #expect(v6.externalIPs == [T.ip("2001:db8::99")])
        #expect(v6.loadBalancerSourceRanges == [T.cidr("2001:db8:1::/64")])
        #expect(v6.loadBalancerVIPs == [T.ip("2001:db8::1234")])
        #expect(v6.proxyModeIngressIPs.isEmpty)
        #expect(T.addresses(v6.endpoints) == ["[fd00:10:180::1]:80"])
        #expect(v6graph.node.addresses == [T.ip("2001:db8::1")])
        #expect(v6graph.node.allAddresses == [T.ip("192.168.0.2"), T.ip("2001:db8::1")])
    }

    @Test func ipModeProxyCountsAsVIPWhenTheGateIsOff() throws {
        let manifests = Manifests(services: [dualStack()], nodes: [node])
        let (graph, _) = try T.build(manifests, T.options(gates: ["LoadBalancerIPMode": false]))
        let port = try #require(graph.servicePorts.first)
        #expect(port.loadBalancerVIPs == [T.ip("1.2.3.4"), T.ip("5.6.7.8")])
        #expect(port.proxyModeIngressIPs.isEmpty)
    }

    @Test func affinityAndTrafficPolicies() throws {
        let sticky = T.service("ns1", "sticky") { $0.sessionAffinity = .clientIP; $0.sessionAffinityTimeoutSeconds = 10800 }
        // ETP Local on a plain ClusterIP Service means nothing (not externally accessible).
        let clusterLocal = T.service("ns1", "cl", clusterIP: "172.30.0.43") { $0.externalTrafficPolicy = .local }
        let withExternalIP = T.service("ns1", "eip", clusterIP: "172.30.0.44") {
            $0.externalTrafficPolicy = .local
            $0.externalIPs = [T.ip("2001:db8::99")]  // other family still makes it externally accessible
        }
        let nodePortLocal = T.service("ns1", "np", clusterIP: "172.30.0.45", ports: [T.port("p80", .tcp, 80, nodePort: 30001)]) {
            $0.type = .nodePort
            $0.externalTrafficPolicy = .local
            $0.healthCheckNodePort = 30000  // ignored: only LoadBalancers get a health check
        }
        let lbLocal = T.service("ns1", "lb", clusterIP: "172.30.0.46", ports: [T.port("p80", .tcp, 80, nodePort: 30002)]) {
            $0.type = .loadBalancer
            $0.externalTrafficPolicy = .local
            $0.healthCheckNodePort = 30003
            $0.internalTrafficPolicy = .local
        }
        let manifests = Manifests(services: [sticky, clusterLocal, withExternalIP, nodePortLocal, lbLocal], nodes: [node])
        let (graph, _) = try T.build(manifests)
        let byName = Dictionary(uniqueKeysWithValues: graph.servicePorts.map { ($0.name.name, $0) })
        #expect(byName["sticky"]?.stickyMaxAgeSeconds == 10800)
        #expect(byName["cl"]?.stickyMaxAgeSeconds == nil)
        #expect(byName["cl"]?.externalPolicyLocal == false)
        #expect(byName["eip"]?.externalPolicyLocal == true)
        #expect(byName["np"]?.externalPolicyLocal == true)
        #expect(byName["np"]?.healthCheckNodePort == 0)
        #expect(byName["lb"]?.healthCheckNodePort == 30003)
        #expect(byName["lb"]?.internalPolicyLocal == true)
        #expect(byName["lb"]?.usesClusterEndpoints == true)
    }

    @Test func missingHealthCheckNodePortIsAWarningOncePerService() throws {
        let lb = T.service("ns1", "lb", ports: [T.port("a", .tcp, 80, nodePort: 30002), T.port("b", .udp, 53, nodePort: 30003)]) {
            $0.type = .loadBalancer
            $0.externalTrafficPolicy = .local
        }
        let (graph, diagnostics) = try T.build(Manifests(services: [lb], nodes: [node]))
        #expect(graph.servicePorts.count == 2)
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.first?.message.contains("ns1/lb") == true)
    }

    @Test func slicePortsMatchByNameAndProtocol() throws {
        let dns = T.service("kube-system", "dns", ports: [T.port("dns", .udp, 53), T.port("dns-tcp", .tcp, 53)])
        let slice = T.slice(
            "kube-system", "dns-1", service: "dns",
            ports: [T.slicePort("dns", .udp, 5353), T.slicePort("dns-tcp", .tcp, 5354), T.slicePort("dns", .tcp, 9999), T.slicePort("metrics", .tcp, 9153)],
            endpoints: [T.endpoint("10.180.0.7")])
        let (graph, _) = try T.build(Manifests(services: [dns], endpointSlices: [slice], nodes: [node]))
        let ports = Dictionary(uniqueKeysWithValues: graph.servicePorts.map { ($0.name.port, $0) })
        #expect(T.addresses(ports["dns"]?.endpoints ?? []) == ["10.180.0.7:5353"])
        #expect(T.addresses(ports["dns-tcp"]?.endpoints ?? []) == ["10.180.0.7:5354"])
        #expect(ports["dns"]?.protocol == .udp)
    }

    @Test func namedTargetPortTakesTheSlicesNumber() throws {
        let svc = T.service("ns1", "web", ports: [T.port("", .tcp, 80, target: .string("http"))])
        let slice = T.slice("ns1", "web-1", service: "web", ports: [T.slicePort("", .tcp, 8080), T.slicePort("", .sctp, nil)], endpoints: [T.endpoint("10.180.0.3")])
        let (graph, _) = try T.build(Manifests(services: [svc], endpointSlices: [slice], nodes: [node]))
        let port = try #require(graph.servicePorts.first)
        #expect(port.name.description == "ns1/web")
        #expect(port.targetPort == .string("http"))
        #expect(T.addresses(port.endpoints) == ["10.180.0.3:8080"])
    }

    @Test func conditionDefaultsAndFirstAddressOnly() throws {
        let slice = T.slice("ns1", "svc1-1", service: "svc1", endpoints: [
            EndpointSlice.Endpoint(addresses: ["10.180.0.1", "10.180.0.99"], location: T.here),
            T.endpoint("10.180.0.2", ready: false, serving: true, terminating: true),
        ])
        let (graph, _) = try T.build(Manifests(services: [T.service("ns1", "svc1")], endpointSlices: [slice], nodes: [node]))
        let eps = try #require(graph.servicePorts.first).endpoints
        #expect(T.addresses(eps) == ["10.180.0.1:80", "10.180.0.2:80"])
        #expect((eps[0].ready, eps[0].serving, eps[0].terminating) == (true, true, false))
        #expect((eps[1].ready, eps[1].serving, eps[1].terminating) == (false, true, true))
    }

    @Test func duplicateEndpointsAcrossSlicesAreKeptOnce() throws {
        // The same ip:port in two slices: the first (by slice name) wins unless a later copy is local.
        let a = T.slice("ns1", "svc1-a", service: "svc1", endpoints: [T.endpoint("10.180.0.1", node: "node-2"), T.endpoint("10.180.0.2", ready: true)])
        let b = T.slice("ns1", "svc1-b", service: "svc1", endpoints: [T.endpoint("10.180.0.1", node: "test-node"), T.endpoint("10.180.0.2", ready: false)])
        let (graph, _) = try T.build(Manifests(services: [T.service("ns1", "svc1")], endpointSlices: [b, a], nodes: [node]))
        let eps = try #require(graph.servicePorts.first).endpoints
        #expect(T.addresses(eps) == ["10.180.0.1:80", "10.180.0.2:80"])
        #expect(eps[0].isLocal)
        #expect(eps[1].ready)
    }

    @Test func slicesOfOtherNamespacesFamiliesAndUnlabelledAreIgnored() throws {
        let slices = [
            T.slice("ns2", "svc1-x", service: "svc1", endpoints: [T.endpoint("10.180.1.1")]),
            T.slice("ns1", "svc1-v6", service: "svc1", type: .ipv6, endpoints: [T.endpoint("fd00::1")]),
            T.slice("ns1", "svc1-fqdn", service: "svc1", type: .fqdn, endpoints: [T.endpoint("db.example.com")]),
            T.slice("ns1", "orphan", service: nil, endpoints: [T.endpoint("10.180.1.2")]),
        ]
        let (graph, diagnostics) = try T.build(Manifests(services: [T.service("ns1", "svc1")], endpointSlices: slices, nodes: [node]))
        #expect(try #require(graph.servicePorts.first).endpoints.isEmpty)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.severity == .warning)
        #expect(diagnostics.first?.message.contains("ns1/orphan") == true)
    }

    func legacy(_ name: String, labels: [String: String] = [:]) -> Endpoints {
        Endpoints(
            metadata: ObjectMeta(name: name, namespace: "ns1", labels: labels),
            subsets: [
                .init(
                    addresses: [.init(ip: T.ip("10.180.0.1"), nodeName: "test-node", location: T.here)],
                    notReadyAddresses: [.init(ip: T.ip("10.180.0.2"), nodeName: "node-2", location: T.here)],
                    ports: [T.slicePort("p80", .tcp, 8080)])
            ],
            location: T.here)
    }

    @Test func legacyEndpointsStandInForMissingSlices() throws {
        let (graph, _) = try T.build(Manifests(services: [T.service("ns1", "svc1")], endpoints: [legacy("svc1")], nodes: [node]))
        let port = try #require(graph.servicePorts.first)
        #expect(T.addresses(port.endpoints) == ["10.180.0.1:8080", "10.180.0.2:8080"])
        #expect(port.endpoints.map(\.ready) == [true, false])
        // Mirrored not-ready addresses have serving unset, which kube-proxy reads as true, and
        // are not terminating, so they are never used.
        #expect(port.endpoints.map(\.serving) == [true, true])
        #expect(port.endpoints[0].isLocal)
        #expect(T.addresses(port.clusterEndpoints) == ["10.180.0.1:8080"])
    }

    @Test func legacyEndpointsAreIgnoredWhenSlicesExist() throws {
        let slice = T.slice("ns1", "svc1-1", service: "svc1", endpoints: [T.endpoint("10.180.0.9")])
        let (graph, _) = try T.build(Manifests(services: [T.service("ns1", "svc1")], endpointSlices: [slice], endpoints: [legacy("svc1")], nodes: [node]))
        #expect(T.addresses(try #require(graph.servicePorts.first).endpoints) == ["10.180.0.9:80"])
    }

    @Test func legacyEndpointsWithSkipMirrorAreIgnored() throws {
        let skipped = legacy("svc1", labels: ["endpointslice.kubernetes.io/skip-mirror": "true"])
        let (graph, _) = try T.build(Manifests(services: [T.service("ns1", "svc1")], endpoints: [skipped], nodes: [node]))
        #expect(try #require(graph.servicePorts.first).endpoints.isEmpty)
    }

    @Test func terminatingFallbackThroughTheBuilder() throws {
        let slice = T.slice("ns1", "svc1-1", service: "svc1", endpoints: [
            T.endpoint("10.180.0.1", ready: false, serving: true, terminating: true),
            T.endpoint("10.180.0.2", ready: false, serving: false, terminating: false),
        ])
        let (graph, _) = try T.build(Manifests(services: [T.service("ns1", "svc1")], endpointSlices: [slice], nodes: [node]))
        let port = try #require(graph.servicePorts.first)
        #expect(T.addresses(port.clusterEndpoints) == ["10.180.0.1:80"])
        #expect(T.addresses(port.allReachableEndpoints) == ["10.180.0.1:80"])
    }

    @Test func servicePortsAreSortedByName() throws {
        let services = [
            T.service("ns2", "b", clusterIP: "172.30.0.50"),
            T.service("ns1", "svc1", clusterIP: "172.30.0.51", ports: [T.port("p81", .udp, 81), T.port("p80", .tcp, 80)]),
            T.service("ns1", "a", clusterIP: "172.30.0.52", ports: [T.port("", .tcp, 80)]),
        ]
        let (graph, _) = try T.build(Manifests(services: services, nodes: [node]))
        #expect(graph.servicePorts.map(\.name.description) == ["ns1/a", "ns1/svc1:p80", "ns1/svc1:p81", "ns2/b:p80"])
    }

    @Test func duplicateObjectsAreErrors() {
        let manifests = Manifests(services: [T.service("ns1", "svc1"), T.service("ns1", "svc1")], nodes: [node, node])
        let error = #expect(throws: DiagnosticsError.self) { try T.build(manifests) }
        #expect(error?.errors.count == 2)
        #expect(error?.errors.first?.message.hasPrefix("duplicate Service ns1/svc1") == true)
    }
}
