/// The load-balancer parts of a Service: `spec.loadBalancerSourceRanges`, `loadBalancerClass`,
/// `allocateLoadBalancerNodePorts`, `loadBalancerIP`, and `status.loadBalancer.ingress`
/// (`ValidateService`, `ValidateLoadBalancerStatus`).
extension ManifestDecoder {
    struct LoadBalancerFields {
        var sourceRanges: [CIDR] = []
        var loadBalancerClass: String?
        var allocateNodePorts: Bool?
        var loadBalancerIP: String?
        var ingress: [Service.LoadBalancerIngress] = []
    }

    mutating func decodeLoadBalancer(
        _ object: ManifestMapping, spec: ManifestMapping?, path: String, type: Service.ServiceType?
    ) -> LoadBalancerFields {
        var result = LoadBalancerFields()
        let specPath = path + "spec"
        let isLoadBalancer = type == .loadBalancer
        func forbidUnlessLoadBalancer(_ field: String, at location: SourceLocation) {
            guard let type, !isLoadBalancer else { return }
            fields.emit(
                ManifestDiagnostics.forbidden(
                    specPath + "." + field, problem: "may only be used when type is LoadBalancer, not \(type.rawValue)",
                    expected: "type LoadBalancer", at: location))
        }

        let ranges = fields.strings(spec?["loadBalancerSourceRanges"], specPath + ".loadBalancerSourceRanges")
        if let first = ranges.first { forbidUnlessLoadBalancer("loadBalancerSourceRanges", at: first.0.location) }
        for (scalar, rangePath) in ranges {
            // Space padding is allowed, a leftover of the annotation this field replaced
            // (validation.go and kube-proxy both TrimSpace).
            let trimmed = String(scalar.text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            if let cidr = fields.cidr(scalar, rangePath.text, text: trimmed) { result.sourceRanges.append(cidr) }
        }

        if let scalar = fields.string(spec?["loadBalancerClass"], specPath + ".loadBalancerClass") {
            forbidUnlessLoadBalancer("loadBalancerClass", at: scalar.location)
            result.loadBalancerClass = fields.checkName(scalar, specPath + ".loadBalancerClass", rule: .qualifiedName)
        }
        let allocatePath = specPath + ".allocateLoadBalancerNodePorts"
        if let allocate = fields.boolean(spec?["allocateLoadBalancerNodePorts"], allocatePath) {
            forbidUnlessLoadBalancer("allocateLoadBalancerNodePorts", at: spec?["allocateLoadBalancerNodePorts"]?.location ?? object.location)
            result.allocateNodePorts = allocate
        }
        // Deprecated and never validated by the API server; kube-proxy does not read it.
        if let scalar = fields.string(spec?["loadBalancerIP"], specPath + ".loadBalancerIP"), !scalar.text.isEmpty {
            result.loadBalancerIP = scalar.text
        }

        let statusPath = path + "status"
        let status = fields.mapping(object["status"], statusPath)
        let loadBalancer = fields.mapping(status?["loadBalancer"], statusPath + ".loadBalancer")
        for (item, itemPath) in fields.objects(loadBalancer?["ingress"], statusPath + ".loadBalancer.ingress") {
            if let ingress = decodeIngress(item, itemPath) { result.ingress.append(ingress) }
        }
        return result
    }

    private mutating func decodeIngress(_ item: ManifestMapping, _ path: String) -> Service.LoadBalancerIngress? {
        var valid = true
        var ip: IPAddress? = nil
        if let scalar = fields.string(item["ip"], path + ".ip"), !scalar.text.isEmpty {
            ip = fields.ipAddress(scalar, path + ".ip", endpoint: false)
            if ip == nil { valid = false }
        }
        var hostname: String? = nil
        if let scalar = fields.string(item["hostname"], path + ".hostname"), !scalar.text.isEmpty {
            if IPAddress(scalar.text) != nil {
                fields.emit(
                    ManifestDiagnostics.invalid(
                        path + ".hostname", value: scalar.text, problem: "is an IP address",
                        expected: "a DNS name (put addresses in ip)", at: scalar.location))
                valid = false
            } else {
                hostname = fields.checkName(scalar, path + ".hostname", rule: .dns1123Subdomain)
                if hostname == nil { valid = false }
            }
        }
        var ipMode: Service.IPMode? = nil
        if let scalar = fields.string(item["ipMode"], path + ".ipMode") {
            if ip == nil && valid {
                fields.emit(
                    ManifestDiagnostics.forbidden(
                        path + ".ipMode", problem: "may not be set when ip is not set", expected: "an ip with the ipMode",
                        at: scalar.location))
                valid = false
            } else if let mode = Service.IPMode(rawValue: scalar.text) {
                ipMode = mode
            } else {
                fields.emit(ManifestDiagnostics.notSupported(path + ".ipMode", value: scalar.text, supported: ["Proxy", "VIP"], at: scalar.location))
                valid = false
            }
        }
        return valid ? Service.LoadBalancerIngress(ip: ip, hostname: hostname, ipMode: ipMode) : nil
    }
}
