/// Builds a synthetic cluster as `kubectl get services,endpointslices,nodes -A -o yaml|json`
/// would print it (issue 7's mix), deterministically from the service count:
///
/// - 70% ClusterIP, 20% NodePort, 10% LoadBalancer (with an ingress IP); a quarter of the
///   NodePort/LoadBalancer services have `externalTrafficPolicy: Local` (LoadBalancers then get a
///   healthCheckNodePort); one in 20 services has ClientIP session affinity;
/// - every 4th service has a second named port;
/// - one EndpointSlice per service with 10 endpoints spread over 50 nodes, 5% of them not ready;
/// - metadata as the API server returns it: uid, resourceVersion, creationTimestamp, labels, the
///   `last-applied-configuration` annotation and managedFields (kubectl `--show-managed-fields`).
///
/// Node ports are unique, so clusters above ~2,700 node ports need a wider
/// `--service-node-port-range` (``nodePortRange``).
struct ClusterGenerator {
    let serviceCount: Int
    /// The issue's ≈15 MB shape instead of full API objects: what a hand-written or
    /// `kubectl-neat`-cleaned dump holds (no managedFields, uids, annotations, owner references
    /// or target references; endpoints with address, readiness and node only).
    let lean: Bool
    static let endpointsPerService = 10
    static let nodeCount = 50
    /// Wide enough for 30k services' node ports and health-check ports.
    static let nodePortRange = "30000-49999"
    /// The node whose rules are rendered (kube-proxy's test node address).
    static let renderedNode = "node-01"

    private var nextNodePort = 30000
    private var podCounters = [Int](repeating: 0, count: ClusterGenerator.nodeCount)

    init(serviceCount: Int, lean: Bool = false) {
        self.serviceCount = serviceCount
        self.lean = lean
    }

    /// The `List` of every Service, then every EndpointSlice, then every Node.
    mutating func cluster() -> GenValue {
        var items: [GenValue] = []
        items.reserveCapacity(2 * serviceCount + Self.nodeCount)
        var slices: [GenValue] = []
        slices.reserveCapacity(serviceCount)
        for index in 0..<serviceCount {
            let (service, slice) = serviceAndSlice(index)
            items.append(service)
            slices.append(slice)
        }
        items += slices
        for node in 1...Self.nodeCount { items.append(lean ? Self.leanNode(node) : Self.node(node)) }
        return .map([
            ("apiVersion", .string("v1")), ("items", .list(items)), ("kind", .string("List")),
            ("metadata", .map([("resourceVersion", .string(""))])),
        ])
    }

    // MARK: services

    private enum Kind { case clusterIP, nodePort, loadBalancer }

    private mutating func serviceAndSlice(_ index: Int) -> (GenValue, GenValue) {
        let namespace = "ns-" + Self.padded(index / 100, 3)
        let name = "svc-" + Self.padded(index, 5)
        let kind: Kind = index % 10 < 7 ? .clusterIP : (index % 10 < 9 ? .nodePort : .loadBalancer)
        let local = kind != .clusterIP && (index / 10) % 4 == 0
        let affinity = index % 20 == 3
        var portSpecs: [(name: String, port: Int, target: Int)] = [("http", 80, 8080)]
        if index % 4 == 0 { portSpecs.append(("metrics", 9090, 9090)) }
        let clusterIP = "172.30.\((index + 10) >> 8 & 255).\((index + 10) & 255)"
        let created = Self.timestamp(index)

        var ports: [GenValue] = []
        for spec in portSpecs {
            var port: [(String, GenValue)] = [("name", .string(spec.name))]
            if kind != .clusterIP {
                port.append(("nodePort", .int(nextNodePort)))
                nextNodePort += 1
            }
            port += [("port", .int(spec.port)), ("protocol", .string("TCP")), ("targetPort", .int(spec.target))]
            ports.append(.map(port))
        }
        let typeName = kind == .clusterIP ? "ClusterIP" : (kind == .nodePort ? "NodePort" : "LoadBalancer")
        var spec: [(String, GenValue)] = [
            ("ports", .list(ports)),
            ("selector", .map([("app", .string(name))])),
            ("clusterIP", .string(clusterIP)),
            ("clusterIPs", .list([.string(clusterIP)])),
            ("type", .string(typeName)),
            ("sessionAffinity", .string(affinity ? "ClientIP" : "None")),
        ]
        if affinity {
            spec.append(("sessionAffinityConfig", .map([("clientIP", .map([("timeoutSeconds", .int(10800))]))])))
        }
        if kind != .clusterIP {
            spec.append(("externalTrafficPolicy", .string(local ? "Local" : "Cluster")))
            if kind == .loadBalancer, local {
                spec.append(("healthCheckNodePort", .int(nextNodePort)))
                nextNodePort += 1
            }
        }
        if kind == .loadBalancer { spec.append(("allocateLoadBalancerNodePorts", .bool(true))) }
        spec += [
            ("ipFamilies", .list([.string("IPv4")])), ("ipFamilyPolicy", .string("SingleStack")),
            ("internalTrafficPolicy", .string("Cluster")),
        ]
        var status: [(String, GenValue)] = []
        if kind == .loadBalancer {
            let ingress = "5.6.\(index >> 8 & 255).\(index & 255)"
            status.append(("ingress", .list([.map([("ip", .string(ingress)), ("ipMode", .string("VIP"))])])))
        }
        if lean {
            let service: GenValue = .map([
                ("kind", .string("Service")), ("apiVersion", .string("v1")),
                ("metadata", .map([("name", .string(name)), ("namespace", .string(namespace)), ("labels", .map([("app", .string(name))]))])),
                ("spec", .map(spec.filter { !["ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy", "clusterIPs"].contains($0.0) })),
            ] + (status.isEmpty ? [] : [("status", .map([("loadBalancer", .map(status))]))]))
            return (service, slice(index, name: name, namespace: namespace, ports: portSpecs, created: created))
        }
        let applied = Self.lastApplied(name: name, namespace: namespace, ports: portSpecs, type: typeName)
        let service: GenValue = .map([
            ("kind", .string("Service")), ("apiVersion", .string("v1")),
            ("metadata", .map([
                ("name", .string(name)), ("namespace", .string(namespace)),
                ("uid", .string(Self.uid(index, salt: 1))),
                ("resourceVersion", .string(String(100_000 + 2 * index))),
                ("creationTimestamp", .string(created)),
                ("labels", .map([("app", .string(name)), ("team", .string("team-\(index % 17)"))])),
                ("annotations", .map([("kubectl.kubernetes.io/last-applied-configuration", .string(applied))])),
                ("managedFields", .list([Self.serviceManagedFields(ports: portSpecs, kind: kind, affinity: affinity, time: created)])),
            ])),
            ("spec", .map(spec)),
            ("status", .map([("loadBalancer", .map(status))])),
        ])
        return (service, slice(index, name: name, namespace: namespace, ports: portSpecs, created: created))
    }

    /// What `kubectl apply` stores: the manifest as written, compact JSON, ending in a newline.
    private static func lastApplied(
        name: String, namespace: String, ports: [(name: String, port: Int, target: Int)], type: String
    ) -> String {
        let portJSON = ports.map {
            "{\"name\":\"\($0.name)\",\"port\":\($0.port),\"protocol\":\"TCP\",\"targetPort\":\($0.target)}"
        }.joined(separator: ",")
        return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"\(name)\"},"
            + "\"name\":\"\(name)\",\"namespace\":\"\(namespace)\"},\"spec\":{\"ports\":[\(portJSON)],"
            + "\"selector\":{\"app\":\"\(name)\"},\"type\":\"\(type)\"}}\n"
    }

    private static func serviceManagedFields(
        ports: [(name: String, port: Int, target: Int)], kind: Kind, affinity: Bool, time: String
    ) -> GenValue {
        let empty = GenValue.map([])
        var portFields: [(String, GenValue)] = [(".", empty)]
        for port in ports {
            var fields: [(String, GenValue)] = [(".", empty), ("f:name", empty)]
            if kind != .clusterIP { fields.append(("f:nodePort", empty)) }
            fields += [("f:port", empty), ("f:protocol", empty), ("f:targetPort", empty)]
            portFields.append(("k:{\"port\":\(port.port),\"protocol\":\"TCP\"}", .map(fields)))
        }
        var spec: [(String, GenValue)] = [
            ("f:internalTrafficPolicy", empty), ("f:ports", .map(portFields)), ("f:selector", empty),
            ("f:sessionAffinity", empty), ("f:type", empty),
        ]
        if affinity { spec.append(("f:sessionAffinityConfig", .map([(".", empty), ("f:clientIP", empty)]))) }
        if kind != .clusterIP { spec.append(("f:externalTrafficPolicy", empty)) }
        return .map([
            ("manager", .string("kubectl-client-side-apply")), ("operation", .string("Update")),
            ("apiVersion", .string("v1")), ("time", .string(time)), ("fieldsType", .string("FieldsV1")),
            ("fieldsV1", .map([
                ("f:metadata", .map([
                    ("f:annotations", .map([(".", empty), ("f:kubectl.kubernetes.io/last-applied-configuration", empty)])),
                    ("f:labels", .map([(".", empty), ("f:app", empty), ("f:team", empty)])),
                ])),
                ("f:spec", .map(spec)),
            ])),
        ])
    }

    // MARK: endpoint slices

    private mutating func slice(
        _ index: Int, name: String, namespace: String, ports: [(name: String, port: Int, target: Int)], created: String
    ) -> GenValue {
        let suffix = String(Self.uid(index, salt: 3).suffix(5))
        var endpoints: [GenValue] = []
        for number in 0..<Self.endpointsPerService {
            let node = Int(Self.mix(UInt64(index * 131 + number * 7)) % UInt64(Self.nodeCount))
            let pod = podCounters[node]
            podCounters[node] += 1
            let ip = "10.\(node + 1).\(pod >> 8 & 255).\(pod & 255)"
            let ready = (index * Self.endpointsPerService + number) % 20 != 7
            if lean {
                endpoints.append(.map([
                    ("addresses", .list([.string(ip)])), ("conditions", .map([("ready", .bool(ready))])),
                    ("nodeName", .string(Self.nodeName(node + 1))),
                ]))
                continue
            }
            endpoints.append(.map([
                ("addresses", .list([.string(ip)])),
                ("conditions", .map([("ready", .bool(ready)), ("serving", .bool(ready)), ("terminating", .bool(false))])),
                ("targetRef", .map([
                    ("kind", .string("Pod")), ("namespace", .string(namespace)),
                    ("name", .string("\(name)-\(suffix)-\(number)")),
                ])),
                ("nodeName", .string(Self.nodeName(node + 1))),
            ]))
        }
        let slicePorts: [GenValue] = ports.map {
            .map([("name", .string($0.name)), ("protocol", .string("TCP")), ("port", .int($0.target))])
        }
        if lean {
            return .map([
                ("kind", .string("EndpointSlice")), ("apiVersion", .string("discovery.k8s.io/v1")),
                ("metadata", .map([
                    ("name", .string("\(name)-\(suffix)")), ("namespace", .string(namespace)),
                    ("labels", .map([("kubernetes.io/service-name", .string(name))])),
                ])),
                ("addressType", .string("IPv4")), ("endpoints", .list(endpoints)), ("ports", .list(slicePorts)),
            ])
        }
        return .map([
            ("kind", .string("EndpointSlice")), ("apiVersion", .string("discovery.k8s.io/v1")),
            ("metadata", .map([
                ("name", .string("\(name)-\(suffix)")), ("generateName", .string("\(name)-")),
                ("namespace", .string(namespace)), ("uid", .string(Self.uid(index, salt: 2))),
                ("resourceVersion", .string(String(100_001 + 2 * index))), ("generation", .int(1)),
                ("creationTimestamp", .string(created)),
                ("labels", .map([
                    ("endpointslice.kubernetes.io/managed-by", .string("endpointslice-controller.k8s.io")),
                    ("kubernetes.io/service-name", .string(name)),
                ])),
                ("annotations", .map([("endpoints.kubernetes.io/last-change-trigger-time", .string(created))])),
                ("ownerReferences", .list([.map([
                    ("apiVersion", .string("v1")), ("kind", .string("Service")), ("name", .string(name)),
                    ("uid", .string(Self.uid(index, salt: 1))), ("controller", .bool(true)),
                    ("blockOwnerDeletion", .bool(true)),
                ])])),
            ])),
            ("addressType", .string("IPv4")),
            ("endpoints", .list(endpoints)),
            ("ports", .list(slicePorts)),
        ])
    }

    // MARK: deterministic text

    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func timestamp(_ index: Int) -> String {
        "2024-05-\(padded(1 + index % 28, 2))T\(padded(index % 24, 2)):\(padded(index % 60, 2)):\(padded(index * 7 % 60, 2))Z"
    }

    /// splitmix64: deterministic, well-spread bits for uids and node choice.
    static func mix(_ seed: UInt64) -> UInt64 {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func uid(_ index: Int, salt: UInt64) -> String {
        let high = mix(UInt64(index) &* 31 &+ salt)
        let low = mix(high ^ salt)
        let hex = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for (position, value) in [(0, high), (16, low)] {
            for shift in stride(from: 60, through: 0, by: -4) {
                let count = bytes.count - (position > 0 ? 0 : 0)
                if [8, 13, 18, 23].contains(count) { bytes.append(UInt8(ascii: "-")) }
                bytes.append(hex[Int(value >> UInt64(shift) & 0xF)])
            }
        }
        return String(decoding: bytes.prefix(36), as: UTF8.self)
    }
}
