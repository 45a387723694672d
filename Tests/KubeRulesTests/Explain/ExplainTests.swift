import Foundation
import Testing

@testable import KubeRules

/// `kuberules explain` on `fixtures/example/`: golden text and JSON, and every question of the
/// seed quiz (`shared/seed`) about the example's Services answered by a line of the output.
@Suite struct ExplainTests {
    static var example: FixtureCase { FixtureCase.all().first { $0.name == "example" }! }

    func explain(_ extra: [String] = []) -> CLIRun {
        CLIRun(["explain"] + Self.example.arguments + extra)
    }

    @Test func textMatchesGolden() {
        let run = explain()
        #expect(run.exitCode == 0)
        #expect(run.stderr == "")
        Golden.assertMatches(run.stdout, file: Self.example.url("expected.explain.txt"))
    }

    @Test func jsonMatchesGolden() throws {
        let run = explain(["--output", "json"])
        #expect(run.exitCode == 0)
        Golden.assertMatches(run.stdout, file: Self.example.url("expected.explain.json"))
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let services = document?["services"] as? [[String: Any]] ?? []
        #expect(services.count == 13)
        #expect(services.map { "\($0["namespace"]!)/\($0["name"]!)" }.contains("default/mysql"))
    }

    /// (question, lines of the output that answer it).
    static let seedQuestions: [(String, [String])] = [
        ("Are Endpoints queried while traffic flows?", [
            "endpoints reach these rules by background sync, not per request",
            "kube-proxy on every node watches EndpointSlices and reprograms the rules",
            "nothing is looked up while traffic flows, so it keeps flowing even when the API server is slow",
        ]),
        ("How do I reach the ClusterIP Service backend-api from my machine?", [
            "port-forward: kubectl port-forward -n default svc/backend-api 8080:80 (from your own machine for debugging, then connect to localhost:8080",
        ]),
        ("What is a Service's DNS name?", [
            "backend-api.default.svc.cluster.local → A 172.30.0.20 (the cluster IP), from any namespace (the full name)",
        ]),
        ("Which type exposes web-app on every node's IP at port 30080?", [
            "default/web-app: NodePort",
            "plus node port 30080 opened on every node's IP for clients outside the cluster: <NodeIP>:<NodePort>",
            "node port: 192.168.0.2:30080/TCP (node node-1, from outside the cluster too)",
        ]),
        ("How does LoadBalancer traffic flow, and does it create a NodePort?", [
            "creating it also allocates node port 30443 on every node (the load balancer sends client traffic to <NodeIP>:30443, where the node's rules DNAT it to a pod) and a cluster IP",
        ]),
        ("What does clusterIP: None mean?", [
            "headless (clusterIP: None): no cluster IP and no proxying (kube-proxy programs nothing); DNS returns the pod IPs directly",
            "mysql.default.svc.cluster.local → A 10.180.0.50, 10.180.1.50 (the ready pods' IPs, no virtual IP)",
        ]),
        ("Which DNS names do the pods of the headless mysql get?", [
            "mysql-0.mysql.default.svc.cluster.local → A 10.180.0.50",
            "mysql-1.mysql.default.svc.cluster.local → A 10.180.1.50",
        ]),
        ("Which node-port range do NodePort Services use?", ["(node ports come from 30000-32767)"]),
        ("What does ExternalName do?", [
            "external-api.default.svc.cluster.local is a CNAME for api.example.com; no cluster IP, no endpoints, no proxying",
        ]),
        ("Where do the endpoints of external-database (no selector) come from?", [
            "no selector: Kubernetes creates no endpoints for this Service; they come from Endpoints or EndpointSlice objects someone manages by hand (here: 198.51.100.10:3306)",
        ]),
        ("What does sessionAffinity ClientIP with timeoutSeconds 10800 do?", [
            "session affinity ClientIP: connections from the same client IP go to the same endpoint until 10800 seconds (3 hours) pass without one",
        ]),
        ("How is traffic spread with sessionAffinity None?", [
            "no session stickiness: every new connection chooses an endpoint independently; iptables mode, the current mode, picks one at random",
            "IPVS mode would hand them out round robin (rr, the default scheduler)",
        ]),
        ("What are the trade-offs of externalTrafficPolicy Cluster?", [
            "possibly on another node (an extra hop)",
            "the client's source IP is lost: it is masqueraded (SNAT) to the node's address",
        ]),
        ("What are the trade-offs of externalTrafficPolicy Local?", [
            "the client's source IP is preserved (no SNAT): the pod sees the real client address",
            "only nodes with a ready local endpoint answer: node-2; on node-1 such traffic is dropped",
            "load is spread per node, not per pod: uneven when the pods are spread unevenly over the nodes",
        ]),
        ("How do load-balancer health checks work with externalTrafficPolicy Local?", [
            "health-check node port 32000: kube-proxy answers HTTP on <NodeIP>:32000 (any path; pkg/proxy/healthcheck) with 200 on nodes with a local endpoint and 503 elsewhere, so the cloud load balancer marks the others unhealthy",
        ]),
        ("What are port, targetPort, nodePort and protocol?", [
            "http: port 80/TCP (the Service's port) → targetPort 8080 (the container port traffic is forwarded to) → endpoints listen on 8080; nodePort 30080 (opened on every node)",
        ]),
        ("How is api in namespace production reached from another namespace?", [
            "api.production → A 172.30.0.30 (the cluster IP), from any namespace",
            "api.production.svc.cluster.local → A 172.30.0.30 (the cluster IP), from any namespace (the full name)",
            "api → A 172.30.0.30 (the cluster IP), from namespace production only",
        ]),
        ("Does a pod get traffic before it is Ready?", [
            "10.180.1.11:8080 not ready, node node-2: no traffic until it is Ready (its readiness probe must pass)",
        ]),
        ("What happens to a LoadBalancer without a cloud controller?", [
            "EXTERNAL-IP stays <pending> (no controller has provisioned one, e.g. no cloud provider); the Service still works as a NodePort service on 31080",
        ]),
        ("What does kubectl port-forward svc/my-service 8080:80 do?", [
            "kubectl port-forward -n default svc/my-service 8080:80 (from your own machine for debugging, then connect to localhost:8080",
        ]),
    ]

    @Test func everySeedQuestionIsAnswered() {
        let output = explain().stdout
        for (question, answers) in Self.seedQuestions {
            for answer in answers {
                #expect(output.contains(answer), "not answered: \(question) — missing: \(answer)")
            }
        }
    }

    @Test func ipvsModeNamesVirtualServersAndItsFallback() {
        let output = explain(["--proxy-mode", "ipvs"]).stdout
        #expect(output.contains("Services as node node-1 sees them (ipvs mode)"))
        #expect(output.contains("IPVS 172.30.0.24:80/TCP (cluster IP) -s rr -p 10800 → 10.180.0.70:80, 10.180.1.70:80"))
        #expect(output.contains("IPVS 172.30.0.26:80/TCP (cluster IP) -s rr: no real servers, connections are refused (ICMP port unreachable)"))
        #expect(output.contains("in IPVS mode a node without one (node-1) still takes the traffic"))
        #expect(output.contains("IPVS mode, the current mode, hands them out round robin (scheduler rr)"))
        #expect(!output.contains("KUBE-SVC-"))
    }

    @Test func clusterDomainIsUsedAndChecked() {
        let run = explain(["--cluster-domain", "corp.example"])
        #expect(run.stdout.contains("backend-api.default.svc.corp.example → A 172.30.0.20"))
        #expect(explain(["--cluster-domain", "Bad_Domain"]).exitCode == 64)
    }
}
