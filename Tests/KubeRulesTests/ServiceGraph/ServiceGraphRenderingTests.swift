import Foundation
import Testing

@testable import KubeRules

/// The text and JSON forms of a small graph, checked in full.
@Suite struct ServiceGraphRenderingTests {
    func graph() throws -> ServiceGraph {
        let web = T.service("ns1", "web", clusterIP: "172.30.0.41", ports: [T.port("http", .tcp, 80, target: .string("http"), nodePort: 30080)]) {
            $0.type = .loadBalancer
            $0.externalTrafficPolicy = .local
            $0.healthCheckNodePort = 30000
            $0.loadBalancerIngress = [.init(ip: T.ip("1.2.3.4"))]
            $0.sessionAffinity = .clientIP
        }
        let db = T.service("ns1", "db", clusterIP: "None", ports: [T.port("", .tcp, 3306)])
        let slices = [
            T.slice("ns1", "web-1", service: "web", ports: [T.slicePort("http", .tcp, 8080)], endpoints: [
                T.endpoint("10.180.0.1", node: "test-node"),
                T.endpoint("10.180.1.1", node: "node-2", ready: false, serving: true, terminating: true),
            ]),
            T.slice("ns1", "db-1", service: "db", ports: [T.slicePort("", .tcp, 3306)], endpoints: [T.endpoint("10.180.0.5", node: "test-node", hostname: "db-0")]),
        ]
        return try T.build(Manifests(services: [web, db], endpointSlices: slices, nodes: [T.node("test-node", labels: ["topology.kubernetes.io/zone": "z1"])])).0
    }

    @Test func text() throws {
        let expected = """
            node test-node (IPv4)
              addresses: 192.168.0.2
              zone: z1

            ns1/web:http tcp
              LoadBalancer, cluster IP 172.30.0.41, port 80 -> target port http, node port 30080
              load-balancer IPs: 1.2.3.4
              health-check node port: 30000
              traffic policy: external Local, internal Cluster
              session affinity: ClientIP, 10800 s
              endpoints:
                10.180.0.1:8080  ready                  node test-node (local)
                10.180.1.1:8080  terminating (serving)  node node-2
              cluster endpoints: 10.180.0.1:8080
              local endpoints: 10.180.0.1:8080

            not proxied:
              ns1/db: headless (clusterIP: None): DNS returns the pod IPs, kube-proxy programs nothing
                port 3306 endpoints:
                  10.180.0.5:3306  ready  node test-node (local)  hostname db-0

            """
        #expect(ServiceGraphText.render(try graph()) == expected)
    }

    @Test func json() throws {
        let text = ServiceGraphJSON.render(try graph())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["family"] as? String == "IPv4")
        let ports = try #require(object["servicePorts"] as? [[String: Any]])
        #expect(ports.count == 1)
        let web = ports[0]
        #expect(web["name"] as? String == "ns1/web:http")
        #expect(web["targetPort"] as? String == "http")
        #expect(web["nodePort"] as? Int == 30080)
        #expect(web["sessionAffinityTimeoutSeconds"] as? Int == 10800)
        #expect(web["clusterEndpoints"] as? [String] == ["10.180.0.1:8080"])
        #expect(web["externalIPs"] == nil)  // empty optional lists are left out
        let services = try #require(object["services"] as? [[String: Any]])
        #expect(services.map { $0["name"] as? String } == ["ns1/db", "ns1/web"])
        #expect(services[0]["proxied"] as? Bool == false)
        let dbPorts = try #require(services[0]["ports"] as? [[String: Any]])
        let dbEndpoints = try #require(dbPorts[0]["endpoints"] as? [[String: Any]])
        #expect(dbEndpoints.first?["hostname"] as? String == "db-0")
        // Keys are sorted and the text ends with one newline.
        #expect(text.hasPrefix("{\n  \"family\": \"IPv4\",\n  \"node\": {"))
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"localEndpoints\": [\n        \"10.180.0.1:8080\"\n      ],"))
    }

    @Test func jsonLayoutAndEscaping() {
        let value = JSONValue.object([
            "b": .array([]), "a": .object([:]), "q": .string("say \"hi\"\n\u{1}/é"),
            "n": .array([.int(1), .bool(false), .null]),
        ])
        let expected = """
            {
              "a": {},
              "b": [],
              "n": [
                1,
                false,
                null
              ],
              "q": "say \\"hi\\"\\n\\u0001/é"
            }

            """
        #expect(value.rendered == expected)
    }
}
