/// The structured fields of a `KubeProxyConfiguration`: local-traffic detection, NodePort
/// addresses and IPVS settings.
extension KubeProxyConfigurationDecoder {
    /// `detectLocalMode` with `detectLocal.bridgeInterface` / `interfaceNamePrefix`. An empty
    /// mode is kube-proxy's default (ClusterCIDR), so it sets nothing.
    mutating func decodeDetectLocal(_ config: ManifestMapping) {
        let detectLocal = fields.mapping(config["detectLocal"], "detectLocal")
        guard let mode = fields.string(config["detectLocalMode"], "detectLocalMode"), !mode.text.isEmpty else { return }
        switch mode.text {
        case "ClusterCIDR":
            overrides.detectLocalMode = .clusterCIDR
        case "NodeCIDR":
            overrides.detectLocalMode = .nodeCIDR
        case "BridgeInterface":
            if let name = interfaceName(detectLocal?["bridgeInterface"], "detectLocal.bridgeInterface", mode: mode) {
                overrides.detectLocalMode = .bridgeInterface(name)
            }
        case "InterfaceNamePrefix":
            if let name = interfaceName(detectLocal?["interfaceNamePrefix"], "detectLocal.interfaceNamePrefix", mode: mode) {
                overrides.detectLocalMode = .interfaceNamePrefix(name)
            }
        default:
            fields.emit(
                ManifestDiagnostics.notSupported(
                    "detectLocalMode", value: mode.text,
                    supported: ["BridgeInterface", "ClusterCIDR", "InterfaceNamePrefix", "NodeCIDR"], at: mode.location))
        }
    }

    /// An interface name (or prefix) that goes into `-i NAME` in rule text: what the kernel
    /// accepts (at most 15 bytes, IFNAMSIZ − 1), restricted to characters that cannot break out
    /// of an iptables argument.
    private mutating func interfaceName(_ value: ManifestValue?, _ path: String, mode: ManifestScalar) -> String? {
        guard let scalar = fields.string(value, path), !scalar.text.isEmpty else {
            if value.isAbsent || value?.stringScalar?.text.isEmpty == true {
                fields.emit(
                    ManifestDiagnostics.required(
                        path, expected: "an interface name for detectLocalMode \(mode.text)",
                        at: value?.location ?? mode.location))
            }
            return nil
        }
        guard NameValidation.interfaceNameProblem(scalar.text) == nil else {
            fields.emit(
                ManifestDiagnostics.invalid(
                    path, value: scalar.text, expected: NameValidation.interfaceNameRule, at: scalar.location))
            return nil
        }
        return scalar.text
    }

    /// `nodePortAddresses`: CIDRs and the keywords `primary`, `localhost`, `all`. kuberules'
    /// options hold either "primary" or a CIDR list, so `primary` must stand alone; `all` is the
    /// unset default (every local address); `localhost` is 127.0.0.0/8 and ::1/128.
    mutating func decodeNodePortAddresses(_ value: ManifestValue?) {
        let items = fields.strings(value, "nodePortAddresses")
        guard !items.isEmpty else { return }
        var cidrs: [CIDR] = []
        var primary: ManifestScalar? = nil
        var all = false
        var valid = true
        for (scalar, path) in items {
            switch scalar.text {
            case "primary": primary = scalar
            case "all": all = true
            case "localhost":
                cidrs += [CIDR("127.0.0.0/8"), CIDR("::1/128")].compactMap { $0 }
            default:
                if let cidr = fields.cidr(scalar, path.text) { cidrs.append(cidr) } else { valid = false }
            }
        }
        guard valid else { return }
        if let primary {
            guard items.count == 1 else {
                fields.emit(
                    ManifestDiagnostics.forbidden(
                        "nodePortAddresses", problem: "mixes 'primary' with other entries",
                        expected: "either [primary] or a list of CIDRs (kuberules cannot combine them)",
                        at: primary.location))
                return
            }
            overrides.nodePortAddresses = .primary
        } else if all {
            overrides.nodePortAddresses = .all
        } else {
            overrides.nodePortAddresses = .cidrs(cidrs)
        }
    }

    /// `ipvs.scheduler` (kube-proxy's supported list; empty is the default rr),
    /// `ipvs.strictARP`, `ipvs.excludeCIDRs`.
    mutating func decodeIPVS(_ ipvs: ManifestMapping?) {
        if let scheduler = fields.string(ipvs?["scheduler"], "ipvs.scheduler"), !scheduler.text.isEmpty {
            let supported = ["dh", "lblc", "lblcr", "lc", "mh", "nq", "rr", "sed", "sh", "wlc", "wrr"]
            if supported.contains(scheduler.text) {
                overrides.ipvsScheduler = scheduler.text
            } else {
                fields.emit(
                    ManifestDiagnostics.notSupported("ipvs.scheduler", value: scheduler.text, supported: supported, at: scheduler.location))
            }
        }
        overrides.ipvsStrictARP = fields.boolean(ipvs?["strictARP"], "ipvs.strictARP")
        let excluded = fields.strings(ipvs?["excludeCIDRs"], "ipvs.excludeCIDRs")
        if !excluded.isEmpty {
            let cidrs = excluded.compactMap { fields.cidr($0.0, $0.1.text) }
            if cidrs.count == excluded.count { overrides.ipvsExcludeCIDRs = cidrs }
        }
    }
}
