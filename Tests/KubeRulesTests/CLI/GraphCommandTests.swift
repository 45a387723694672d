import Foundation
import Testing

/// `kuberules graph` end to end, in-process: exit codes, stdout/stderr discipline, inputs.
@Suite struct GraphCommandTests {
    static let service = """
        apiVersion: v1
        kind: Service
        metadata:
          name: svc1
          namespace: ns1
        spec:
          clusterIP: 172.30.0.41
          clusterIPs:
          - 172.30.0.41
          ipFamilies:
          - IPv4
          ports:
          - name: p80
            port: 80
            protocol: TCP
            targetPort: 80
          type: ClusterIP

        """

    static func node(_ name: String, _ ip: String) -> String {
        """
        apiVersion: v1
        kind: Node
        metadata:
          name: \(name)
        status:
          addresses:
          - address: \(ip)
            type: InternalIP

        """
    }

    @Test func malformedFilesAmongValidOnesListEveryErrorAndPrintNothing() throws {
        let dir = try TemporaryDirectory()
        let good = try dir.write("a-good.yaml", Self.service + "---\n" + Self.node("test-node", "192.168.0.2"))
        let syntax = try dir.write("b-syntax.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: [oops\n")
        let port = try dir.write(
            "c-port.yaml", Self.service.replacingOccurrences(of: "port: 80\n", with: "port: 70000\n"))
        let run = CLIRun(["graph", good, syntax, port, "--hostname-override", "test-node"])
        #expect(run.exitCode == 2)
        #expect(run.stdout == "")
        let errorLines = run.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errorLines.contains { $0.hasPrefix("\(syntax):") })
        #expect(errorLines.contains { $0.hasPrefix("\(port):") && $0.contains("70000") })
        #expect(!errorLines.contains { $0.hasPrefix("\(good):") })
        // Every headline is `file:line:column: error: …`.
        for line in errorLines {
            #expect(line.range(of: #"^[^:]+:\d+:\d+: error: "#, options: .regularExpression) != nil, "\(line)")
        }
    }

    /// The manifest reader's own error fixture through the CLI: stderr is exactly its
    /// `expected.diagnostics` (every error of every file, then the note), stdout is empty.
    @Test func theMixedErrorsFixtureThroughTheCLI() throws {
        let directory = Golden.fixtures.appendingPathComponent("errors/mixed")
        let run = CLIRun(["graph", directory.path, "--hostname-override", "test-node"])
        #expect(run.exitCode == 2)
        #expect(run.stdout == "")
        let expected = try String(contentsOf: directory.appendingPathComponent("expected.diagnostics"), encoding: .utf8)
        let root = Golden.root.standardizedFileURL.path + "/"
        #expect(run.stderr.replacingOccurrences(of: root, with: "") == expected)
    }

    @Test func aDirectoryWithAMalformedFileFailsToo() throws {
        let dir = try TemporaryDirectory()
        try dir.write("1.yaml", Self.service)
        try dir.write("2.json", "{\"apiVersion\": \"v1\", \"kind\": \"Node\", \"metadata\": {\"name\": \"n\"},}")
        let run = CLIRun(["graph", dir.url.path])
        #expect(run.exitCode == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.contains("2.json:1:"))
    }

    @Test func graphStageErrorsAlsoExit2() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("m.yaml", Self.service + "---\n" + Self.node("node-1", "192.168.0.2") + "---\n" + Self.node("node-2", "192.168.1.2"))
        let run = CLIRun(["graph", file])
        #expect(run.exitCode == 2)
        #expect(run.stdout == "")
        #expect(run.stderr == "error: the input has 2 Nodes (node-1, node-2); which one's view should be rendered? (expected --hostname-override NAME naming one of them)\n")
    }

    @Test func usageErrorsExit64() {
        #expect(CLIRun(["graph"]).exitCode == 64)
        #expect(CLIRun(["graph", "x.yaml", "--ip-family", "ipv5"]).exitCode == 64)
        #expect(CLIRun(["graph", "x.yaml", "--output", "yaml"]).exitCode == 64)
        #expect(CLIRun(["graph", "x.yaml", "--no-such-flag"]).exitCode == 64)
        #expect(CLIRun(["graph", "-", "-"]).exitCode == 64)
        let bad = CLIRun(["graph", "x.yaml", "--node-ip", "300.1.1.1"])
        #expect(bad.exitCode == 64)
        #expect(bad.stdout == "")
        #expect(bad.stderr.contains("--node-ip"))
    }

    @Test func missingFileIsBadInput() {
        let run = CLIRun(["graph", "/nonexistent/kuberules/m.yaml", "--hostname-override", "n"])
        #expect(run.exitCode == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.contains("/nonexistent/kuberules/m.yaml"))
    }

    @Test func readsStandardInput() {
        let run = CLIRun(["graph", "-", "--hostname-override", "test-node"], stdin: Self.service + "---\n" + Self.node("test-node", "192.168.0.2"))
        #expect(run.exitCode == 0)
        #expect(run.stderr == "")
        #expect(run.stdout.hasPrefix("node test-node (IPv4)\n  addresses: 192.168.0.2\n"))
        #expect(run.stdout.contains("\nns1/svc1:p80 tcp\n  ClusterIP, cluster IP 172.30.0.41, port 80 -> target port 80\n"))
    }

    @Test func configFileIsALayerUnderTheFlags() throws {
        let dir = try TemporaryDirectory()
        let manifests = try dir.write("m.yaml", Self.service + "---\n" + Self.node("node-1", "192.168.0.2") + "---\n" + Self.node("node-2", "192.168.1.2"))
        let config = try dir.write("config.yaml", """
            apiVersion: kubeproxy.config.k8s.io/v1alpha1
            kind: KubeProxyConfiguration
            hostnameOverride: node-2

            """)
        let fromConfig = CLIRun(["graph", manifests, "--config", config, "--output", "json"])
        #expect(fromConfig.exitCode == 0)
        #expect(fromConfig.stdout.contains("\"name\": \"node-2\""))
        let flagWins = CLIRun(["graph", manifests, "--config", config, "--hostname-override", "node-1"])
        #expect(flagWins.exitCode == 0)
        #expect(flagWins.stdout.hasPrefix("node node-1 (IPv4)\n"))
    }

    @Test func badConfigAndBadManifestAreBothReported() throws {
        let dir = try TemporaryDirectory()
        let manifests = try dir.write("m.yaml", Self.service.replacingOccurrences(of: "port: 80\n", with: "port: 0\n"))
        let config = try dir.write("config.yaml", "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: carrier-pigeon\n")
        let run = CLIRun(["graph", manifests, "--config", config, "--hostname-override", "n"])
        #expect(run.exitCode == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.contains("\(config):3:"))
        #expect(run.stderr.contains("\(manifests):"))
    }

    @Test func exampleJSONThroughTheCLIIsTheGolden() throws {
        let example = Golden.fixtures.appendingPathComponent("example")
        // The file, not the directory: the directory also holds the golden JSON.
        let run = CLIRun(["graph", example.appendingPathComponent("manifests.yaml").path, "--hostname-override", "node-1", "--output", "json"])
        #expect(run.exitCode == 0)
        #expect(run.stderr == "")
        let golden = try String(contentsOf: example.appendingPathComponent("expected.graph.json"), encoding: .utf8)
        #expect(run.stdout == golden)
    }

    @Test func helpGoesToStdout() {
        let run = CLIRun(["graph", "--help"])
        #expect(run.exitCode == 0)
        #expect(run.stdout.contains("--hostname-override"))
        #expect(run.stdout.contains("--output"))
    }
}
