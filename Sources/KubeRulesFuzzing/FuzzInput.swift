import KubeRules

/// One fuzzer input, decoded: which node configuration to render with, an optional
/// KubeProxyConfiguration, and the manifest bytes.
///
/// The layout is fixed so that seeds made from fixtures (scripts/fuzz.sh) and regression files
/// (fixtures/fuzz-regressions) stay meaningful:
///
///     byte 0        selector (bits below)
///     bytes 1…      manifests (YAML or JSON, sniffed as for stdin)
///                   — or, with bit 7, a KubeProxyConfiguration, a NUL byte, then the manifests
///
/// Selector bits: 0 IPv6 · 1 IPVS mode · 2 with kube-proxy's jump rules (`--hooks`) ·
/// 3–4 the rendered node (`test-node`, `node-1`, none, `node-2`) · 5 masquerade-all and no
/// local-traffic detector · 6 NodePorts on the primary address only · 7 a configuration precedes.
/// Every byte string decodes to something, so the fuzzer never wastes an execution.
public struct FuzzInput: Hashable, Sendable {
    public var selector: UInt8
    /// The KubeProxyConfiguration bytes (bit 7), read as the first layer of options.
    public var configuration: [UInt8]?
    public var manifests: [UInt8]

    /// The nodes bits 3–4 pick (kube-proxy's test node, the example's nodes, or none).
    static let nodes: [String?] = ["test-node", "node-1", nil, "node-2"]

    public init(selector: UInt8, configuration: [UInt8]? = nil, manifests: [UInt8]) {
        self.selector = configuration == nil ? selector & 0x7F : selector | 0x80
        self.configuration = configuration
        self.manifests = manifests
    }

    /// Decodes the layout above; an empty input is an empty manifest stream for selector 0.
    public init(bytes: [UInt8]) {
        guard let first = bytes.first else {
            self.init(selector: 0, manifests: [])
            return
        }
        let rest = Array(bytes.dropFirst())
        if first & 0x80 != 0 {
            let split = rest.firstIndex(of: 0) ?? rest.endIndex
            let manifests = split < rest.endIndex ? Array(rest[(split + 1)...]) : []
            self.init(selector: first, configuration: Array(rest[..<split]), manifests: manifests)
        } else {
            self.init(selector: first, manifests: rest)
        }
    }

    /// The encoded bytes (what a seed or regression file holds).
    public var bytes: [UInt8] {
        guard let configuration else { return [selector] + manifests }
        return [selector] + configuration + [0] + manifests
    }

    /// The command-line layer this selector stands for. Flags every fixture shares are always
    /// set: the cluster CIDRs of kube-proxy's tests and the widest NodePort range, so that the
    /// fixtures' seeds render instead of failing on a node port outside 30000-32767.
    public var flagLayer: ProxyOptionOverrides {
        var layer = ProxyOptionOverrides()
        layer.ipFamily = selector & 0x01 != 0 ? .ipv6 : .ipv4
        layer.proxyMode = selector & 0x02 != 0 ? .ipvs : .iptables
        layer.hostname = Self.nodes[Int((selector >> 3) & 0x03)]
        layer.clusterCIDRs = [CIDR("10.0.0.0/8")!, CIDR("fd00:10::/64")!]
        layer.serviceNodePortRange = 1...65535
        if selector & 0x20 != 0 {
            layer.masqueradeAll = true
            layer.detectLocalMode = ProxyOptions.LocalDetector.none
        }
        if selector & 0x40 != 0 { layer.nodePortAddresses = .primary }
        return layer
    }

    /// With kube-proxy's jump rules from the built-in chains.
    public var hooks: Bool { selector & 0x04 != 0 }
}
