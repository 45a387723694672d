import Testing
@testable import KubeRules

/// `--config`: a KubeProxyConfiguration maps to the right ProxyOptionOverrides, and bad values
/// are positioned errors.
@Suite struct KubeProxyConfigurationReaderTests {
    static func read(_ text: String, name: String = "config.yaml") throws(DiagnosticsError) -> ProxyOptionOverrides {
        try KubeProxyConfigurationReader().read(bytes: Array(text.utf8), name: name, format: ManifestFormat(path: name))
    }

    static func errors(_ text: String, name: String = "config.yaml") -> [String] {
        do {
            _ = try read(text, name: name)
            Issue.record("expected errors")
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }.map(\.headline)
        }
    }

    static let header = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n"

    @Test func everyReadFieldMapsToItsOverride() throws {
        let overrides = try Self.read(
            Self.header + """
                mode: ipvs
                hostnameOverride: " Test-Node "
                clusterCIDR: 10.0.0.0/8,fd00:10::/48
                detectLocalMode: BridgeInterface
                detectLocal:
                  bridgeInterface: cbr0
                iptables:
                  masqueradeBit: 15
                  masqueradeAll: true
                  localhostNodePorts: false
                  syncPeriod: 30s
                nodePortAddresses: [192.168.0.0/16, "2001:db8::/64"]
                ipvs:
                  scheduler: lc
                  strictARP: true
                  excludeCIDRs: [10.96.0.0/12]
                featureGates: {TopologyAwareHints: false, Unknown123: true}
                conntrack:
                  tcpBeLiberal: true
                  maxPerCore: 0
                bindAddress: 0.0.0.0
                clientConnection: {kubeconfig: /var/lib/kube-proxy/kubeconfig.conf}
                """)
        var expected = ProxyOptionOverrides()
        expected.proxyMode = .ipvs
        expected.hostname = "test-node"
        expected.clusterCIDRs = [CIDR("10.0.0.0/8")!, CIDR("fd00:10::/48")!]
        expected.detectLocalMode = .bridgeInterface("cbr0")
        expected.masqueradeBit = 15
        expected.masqueradeAll = true
        expected.localhostNodePorts = false
        expected.nodePortAddresses = .cidrs([CIDR("192.168.0.0/16")!, CIDR("2001:db8::/64")!])
        expected.ipvsScheduler = "lc"
        expected.ipvsStrictARP = true
        expected.ipvsExcludeCIDRs = [CIDR("10.96.0.0/12")!]
        expected.featureGates = ["TopologyAwareHints": false, "Unknown123": true]
        expected.conntrackTCPBeLiberal = true
        #expect(overrides == expected)
    }

    @Test func absentAndEmptyFieldsLeaveKubeProxyDefaults() throws {
        let overrides = try Self.read(Self.header + "mode: \"\"\nhostnameOverride: \"\"\nclusterCIDR: \"\"\ndetectLocalMode: \"\"\niptables: {}\n")
        #expect(overrides == ProxyOptionOverrides())
        let options = ProxyOptions(layers: [overrides])
        #expect(options == ProxyOptions())
    }

    @Test func flagsLayeredOverTheConfigFileWin() throws {
        let file = try Self.read(Self.header + "mode: ipvs\niptables: {masqueradeBit: 12}\nfeatureGates: {A: true, B: true}\n")
        var flags = ProxyOptionOverrides()
        flags.masqueradeBit = 13
        flags.featureGates = ["B": false]
        let options = ProxyOptions(layers: [file, flags])
        #expect(options.proxyMode == .ipvs)
        #expect(options.masqueradeBit == 13)
        #expect(options.featureGates == ["A": true, "B": false])
    }

    @Test func nodePortAddressKeywords() throws {
        #expect(try Self.read(Self.header + "nodePortAddresses: [primary]\n").nodePortAddresses == .primary)
        #expect(try Self.read(Self.header + "nodePortAddresses: [all]\n").nodePortAddresses == .all)
        #expect(try Self.read(Self.header + "nodePortAddresses: [localhost, 10.0.0.0/8]\n").nodePortAddresses
            == .cidrs([CIDR("127.0.0.0/8")!, CIDR("::1/128")!, CIDR("10.0.0.0/8")!]))
        #expect(try Self.read(Self.header + "nodePortAddresses: []\n").nodePortAddresses == nil)
        #expect(try Self.read(Self.header + "detectLocalMode: InterfaceNamePrefix\ndetectLocal: {interfaceNamePrefix: veth}\n")
            .detectLocalMode == .interfaceNamePrefix("veth"))
        #expect(try Self.read(Self.header + "detectLocalMode: NodeCIDR\n").detectLocalMode == .nodeCIDR)
    }

    @Test func jsonConfigurationReadsTheSame() throws {
        let overrides = try Self.read(
            #"{"apiVersion": "kubeproxy.config.k8s.io/v1alpha1", "kind": "KubeProxyConfiguration", "mode": "iptables", "iptables": {"masqueradeAll": true}}"#,
            name: "config.json")
        #expect(overrides.proxyMode == .iptables && overrides.masqueradeAll == true)
    }

    @Test(arguments: [
        ("apiVersion: kubeproxy.config.k8s.io/v1alpha2\nkind: KubeProxyConfiguration\n",
         "config.yaml:2:7: error: invalid apiVersion and kind \"kubeproxy.config.k8s.io/v1alpha2 KubeProxyConfiguration\": not a kube-proxy configuration (expected apiVersion kubeproxy.config.k8s.io/v1alpha1, kind KubeProxyConfiguration)"),
        ("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n",
         "config.yaml:2:7: error: invalid apiVersion and kind \"kubelet.config.k8s.io/v1beta1 KubeletConfiguration\": not a kube-proxy configuration (expected apiVersion kubeproxy.config.k8s.io/v1alpha1, kind KubeProxyConfiguration)"),
        (header + "mode: nftables\n",
         "config.yaml:3:7: error: unsupported mode \"nftables\" (expected \"iptables\" or \"ipvs\")"),
        (header + "iptables: {masqueradeBit: 32}\n",
         "config.yaml:3:27: error: invalid iptables.masqueradeBit 32 (expected a bit number in 0-31)"),
        (header + "iptables: {masqueradeAll: \"true\"}\n",
         "config.yaml:3:27: error: iptables.masqueradeAll is the string \"true\" (expected true or false)"),
        (header + "clusterCIDR: 10.0.0.0/8,10.1.0.0/16\n",
         "config.yaml:3:14: error: invalid clusterCIDR \"10.0.0.0/8,10.1.0.0/16\": two IPv4 CIDRs (expected one CIDR, or a dual-stack pair such as 10.100.0.0/16,fde4:8dba:82e1::/48)"),
        (header + "clusterCIDR: 10.0.0.0/8, fd00::/48\n",
         "config.yaml:3:14: error: invalid clusterCIDR \" fd00::/48\" (expected a CIDR, e.g. 10.9.8.0/24 or 2001:db8::/64)"),
        (header + "detectLocalMode: BridgeInterface\n",
         "config.yaml:3:18: error: missing detectLocal.bridgeInterface (expected an interface name for detectLocalMode BridgeInterface)"),
        (header + "detectLocalMode: InterfaceNamePrefix\ndetectLocal: {interfaceNamePrefix: \"veth -j ACCEPT\"}\n",
         "config.yaml:4:36: error: invalid detectLocal.interfaceNamePrefix \"veth -j ACCEPT\" (expected a network interface name: at most 15 letters, digits, '-', '_', '.' or '@')"),
        (header + "detectLocalMode: LocalCIDR\n",
         "config.yaml:3:18: error: unsupported detectLocalMode \"LocalCIDR\" (expected one of \"BridgeInterface\", \"ClusterCIDR\", \"InterfaceNamePrefix\", \"NodeCIDR\")"),
        (header + "nodePortAddresses: [primary, 10.0.0.0/8]\n",
         "config.yaml:3:21: error: nodePortAddresses mixes 'primary' with other entries (expected either [primary] or a list of CIDRs (kuberules cannot combine them))"),
        (header + "nodePortAddresses: [10.0.0.0]\n",
         "config.yaml:3:21: error: invalid nodePortAddresses[0] \"10.0.0.0\" (expected a CIDR, e.g. 10.9.8.0/24 or 2001:db8::/64)"),
        (header + "ipvs: {scheduler: fifo}\n",
         "config.yaml:3:19: error: unsupported ipvs.scheduler \"fifo\" (expected one of \"dh\", \"lblc\", \"lblcr\", \"lc\", \"mh\", \"nq\", \"rr\", \"sed\", \"sh\", \"wlc\", \"wrr\")"),
        (header + "featureGates: {TopologyAwareHints: enabled}\n",
         "config.yaml:3:36: error: featureGates[\"TopologyAwareHints\"] is the string \"enabled\" (expected true or false)"),
        (header + "hostnameOverride: node_1\n",
         "config.yaml:3:19: error: invalid hostnameOverride \"node_1\": contains \"_\" (expected \(NameValidation.dns1123SubdomainRule))"),
        ("- not a configuration\n",
         "config.yaml:1:1: error: document is a list, not an object (expected a Kubernetes object with apiVersion and kind)"),
        ("",
         "config.yaml:1:1: error: missing KubeProxyConfiguration (expected one kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration)"),
        (header + "---\n" + header,
         "config.yaml:4:1: error: configuration file holds 2 documents (expected exactly one KubeProxyConfiguration)"),
    ])
    func rejectsWithExactMessageAndPosition(_ text: String, _ headline: String) {
        #expect(Self.errors(text) == [headline])
    }

    @Test func errorsCarryTheSourceLine() {
        do {
            _ = try Self.read(Self.header + "iptables:\n  masqueradeBit: 99\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == """
                config.yaml:4:18: error: invalid iptables.masqueradeBit 99 (expected a bit number in 0-31)
                  masqueradeBit: 99
                                 ^
                """)
        }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: DiagnosticsError.self) { try KubeProxyConfigurationReader().read(path: "/nonexistent/kr-config.yaml") }
    }
}
