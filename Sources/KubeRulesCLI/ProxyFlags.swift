import ArgumentParser
import Foundation
import KubeRules

/// The kube-proxy flags shared by every subcommand, spelled as kube-proxy spells them.
/// Each one left unset falls through to `--config`, then to kube-proxy's default.
public struct ProxyFlags: ParsableArguments {
    public init() {}

    @Option(name: .customLong("proxy-mode"), help: "iptables or ipvs (default iptables).")
    var proxyMode: String?

    @Option(name: .customLong("config"), help: "A KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1) file.")
    var config: String?

    @Option(name: .customLong("hostname-override"), help: "The node whose view is rendered.")
    var hostnameOverride: String?

    @Option(name: .customLong("node-ip"), help: "A node address (repeatable; first is primary). Default: the Node object's status.addresses.")
    var nodeIP: [String] = []

    @Option(name: .customLong("cluster-cidr"), help: "Pod CIDR(s) of the cluster, comma separated (local-traffic detector).")
    var clusterCIDR: String?

    @Option(name: .customLong("detect-local-mode"), help: "ClusterCIDR, NodeCIDR, BridgeInterface, InterfaceNamePrefix or None.")
    var detectLocalMode: String?

    @Option(name: .customLong("pod-bridge-interface"), help: "Bridge for --detect-local-mode BridgeInterface.")
    var podBridgeInterface: String?

    @Option(name: .customLong("pod-interface-name-prefix"), help: "Prefix for --detect-local-mode InterfaceNamePrefix.")
    var podInterfaceNamePrefix: String?

    @Option(name: .customLong("iptables-masquerade-bit"), help: "fwmark bit for SNAT (0-31, default 14).")
    var masqueradeBit: Int?

    @Flag(name: .customLong("masquerade-all"), help: "SNAT all service traffic.")
    var masqueradeAll = false

    @Option(name: .customLong("nodeport-addresses"), help: "CIDRs (comma separated) or 'primary' for NodePort addresses.")
    var nodePortAddresses: String?

    @Option(name: .customLong("iptables-localhost-nodeports"), help: "Accept NodePorts on localhost (IPv4), true|false (default true).")
    var localhostNodePorts: Bool?

    @Option(name: .customLong("ip-family"), help: "ipv4 or ipv6 (default ipv4).")
    var ipFamily: String?

    @Option(name: .customLong("ipvs-scheduler"), help: "IPVS scheduler (default rr).")
    var ipvsScheduler: String?

    @Flag(name: .customLong("ipvs-strict-arp"), help: "IPVS strict ARP.")
    var ipvsStrictARP = false

    @Option(name: .customLong("ipvs-exclude-cidrs"), help: "CIDRs IPVS cleanup leaves alone (comma separated).")
    var ipvsExcludeCIDRs: String?

    @Option(name: .customLong("random-fully"), help: "MASQUERADE --random-fully, true|false (default true).")
    var randomFully: Bool?

    @Option(name: .customLong("nfacct"), help: "kube-proxy's nfacct counters, true|false (default true).")
    var nfacct: Bool?

    @Flag(name: .customLong("conntrack-tcp-be-liberal"), help: "Omit the conntrack INVALID drop rule.")
    var conntrackTCPBeLiberal = false

    @Option(name: .customLong("feature-gates"), help: "Name=true|false,… (gates kube-proxy reads).")
    var featureGates: String?

    @Option(name: .customLong("service-node-port-range"), help: "The API server's NodePort range, e.g. 30000-32767.")
    var serviceNodePortRange: String?

    /// The overrides set on the command line.
    public func overrides() throws -> ProxyOptionOverrides {
        var o = ProxyOptionOverrides()
        if let proxyMode {
            guard let mode = ProxyOptions.ProxyMode(rawValue: proxyMode) else {
                throw ValidationError("--proxy-mode must be iptables or ipvs, not \(ManifestDiagnostics.quote(proxyMode))")
            }
            o.proxyMode = mode
        }
        if let hostnameOverride { o.hostname = try Self.nodeName(hostnameOverride) }
        if !nodeIP.isEmpty {
            o.nodeIPs = try nodeIP.map { text in
                guard let ip = IPAddress(text) else { throw ValidationError("--node-ip \(ManifestDiagnostics.quote(text)) is not an IP address") }
                return ip
            }
        }
        if let clusterCIDR { o.clusterCIDRs = try Self.cidrs(clusterCIDR, flag: "--cluster-cidr") }
        if let detectLocalMode {
            switch detectLocalMode {
            case "ClusterCIDR": o.detectLocalMode = .clusterCIDR
            case "NodeCIDR": o.detectLocalMode = .nodeCIDR
            case "None", "": o.detectLocalMode = ProxyOptions.LocalDetector.none
            case "BridgeInterface":
                guard let podBridgeInterface, !podBridgeInterface.isEmpty else {
                    throw ValidationError("--detect-local-mode BridgeInterface needs --pod-bridge-interface")
                }
                o.detectLocalMode = .bridgeInterface(try Self.interfaceName(podBridgeInterface, flag: "--pod-bridge-interface"))
            case "InterfaceNamePrefix":
                guard let podInterfaceNamePrefix, !podInterfaceNamePrefix.isEmpty else {
                    throw ValidationError("--detect-local-mode InterfaceNamePrefix needs --pod-interface-name-prefix")
                }
                o.detectLocalMode = .interfaceNamePrefix(
                    try Self.interfaceName(podInterfaceNamePrefix, flag: "--pod-interface-name-prefix"))
            default:
                throw ValidationError("--detect-local-mode must be ClusterCIDR, NodeCIDR, BridgeInterface, InterfaceNamePrefix or None, not \(ManifestDiagnostics.quote(detectLocalMode))")
            }
        }
        if let masqueradeBit {
            guard (0...31).contains(masqueradeBit) else { throw ValidationError("--iptables-masquerade-bit must be in 0-31") }
            o.masqueradeBit = masqueradeBit
        }
        if masqueradeAll { o.masqueradeAll = true }
        if let nodePortAddresses {
            if nodePortAddresses == "primary" {
                o.nodePortAddresses = .primary
            } else {
                o.nodePortAddresses = .cidrs(try Self.cidrs(nodePortAddresses, flag: "--nodeport-addresses"))
            }
        }
        o.localhostNodePorts = localhostNodePorts
        if let ipFamily {
            guard let family = IPFamily(flagValue: ipFamily) else { throw ValidationError("--ip-family must be ipv4 or ipv6") }
            o.ipFamily = family
        }
        if let ipvsScheduler, !ipvsScheduler.isEmpty {
            // The name is written into ipvsadm text (`-s NAME`): only the kernel's schedulers.
            guard IPVSSchedulers.isSupported(ipvsScheduler) else {
                throw ValidationError(
                    "--ipvs-scheduler must be one of \(IPVSSchedulers.supported.joined(separator: ", ")), not \(ManifestDiagnostics.quote(ipvsScheduler))")
            }
            o.ipvsScheduler = ipvsScheduler
        }
        if ipvsStrictARP { o.ipvsStrictARP = true }
        if let ipvsExcludeCIDRs { o.ipvsExcludeCIDRs = try Self.cidrs(ipvsExcludeCIDRs, flag: "--ipvs-exclude-cidrs") }
        o.randomFully = randomFully
        o.nfacct = nfacct
        if conntrackTCPBeLiberal { o.conntrackTCPBeLiberal = true }
        if let featureGates {
            var gates: [String: Bool] = [:]
            for item in featureGates.split(separator: ",") where !item.isEmpty {
                let parts = item.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let value = Bool(String(parts[1]).lowercased()) else {
                    throw ValidationError("--feature-gates expects Name=true|false, not \(ManifestDiagnostics.quote(String(item)))")
                }
                gates[String(parts[0]).trimmingCharacters(in: .whitespaces)] = value
            }
            o.featureGates = gates
        }
        if let serviceNodePortRange {
            let parts = serviceNodePortRange.split(separator: "-")
            guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), 1 <= low, low <= high, high <= 65535 else {
                throw ValidationError("--service-node-port-range expects LOW-HIGH within 1-65535, not \(ManifestDiagnostics.quote(serviceNodePortRange))")
            }
            o.serviceNodePortRange = low...high
        }
        return o
    }

    /// kube-proxy's node name: `strings.ToLower(strings.TrimSpace(hostnameOverride))`, which
    /// must then name a Node (a DNS-1123 subdomain), as `hostnameOverride` in `--config` must.
    static func nodeName(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if let problem = NameValidation.dns1123SubdomainProblem(trimmed) {
            throw ValidationError(
                "--hostname-override \(ManifestDiagnostics.quote(text)) \(problem) (expected \(NameValidation.dns1123SubdomainRule))")
        }
        return trimmed
    }

    /// An interface name for `-i NAME` in rule text (the rule `detectLocal` in `--config` follows).
    static func interfaceName(_ text: String, flag: String) throws -> String {
        if let problem = NameValidation.interfaceNameProblem(text) {
            throw ValidationError("\(flag) \(ManifestDiagnostics.quote(text)) \(problem) (expected \(NameValidation.interfaceNameRule))")
        }
        return text
    }

    static func cidrs(_ text: String, flag: String) throws -> [CIDR] {
        try text.split(separator: ",").map { item in
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            guard let cidr = CIDR(trimmed) else { throw ValidationError("\(flag): \(ManifestDiagnostics.quote(trimmed)) is not a CIDR") }
            return cidr
        }
    }
}
