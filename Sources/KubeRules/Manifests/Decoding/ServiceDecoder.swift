/// A v1 Service (`ValidateService` in `pkg/apis/core/validation/validation.go`), with the
/// defaults the API server applies on creation (`SetDefaults_Service`): type ClusterIP,
/// sessionAffinity None with a 10800 s ClientIP timeout, traffic policies Cluster.
///
/// Required fields that the API server fills in itself (a nodePort, a healthCheckNodePort, the
/// cluster IP) are not demanded, so hand-written manifests read too.
extension ManifestDecoder {
    mutating func decodeService(_ object: ManifestMapping, path: String) -> Service? {
        let errorsBefore = fields.diagnostics.count { $0.severity == .error }
        let metadata = decodeObjectMeta(object, path: path, nameRule: .dns1035Label, namespaced: true)
        let specPath = path + "spec"
        let spec = fields.mapping(object["spec"], specPath)

        let type = fields.enumeration(
            spec?["type"], specPath + ".type", fallback: Service.ServiceType.clusterIP,
            allowed: [.clusterIP, .externalName, .loadBalancer, .nodePort])
        let clusterIPs = decodeClusterIPs(spec, specPath: specPath, type: type)
        let ports = decodeServicePorts(spec, specPath: specPath, type: type)
        // A wrong-typed `ports` is reported as such, not also as missing.
        if spec?["ports"].isEmptyList ?? true, !clusterIPs.isHeadless, type != .externalName, type != nil {
            fields.emit(
                ManifestDiagnostics.required(
                    specPath + ".ports", expected: "at least one port (only headless and ExternalName services have none)",
                    at: spec?.location ?? object.location))
        }
        if clusterIPs.isHeadless, let type, type == .nodePort || type == .loadBalancer {
            fields.emit(
                ManifestDiagnostics.forbidden(
                    specPath + ".clusterIP", problem: "may not be 'None' for \(type.rawValue) services",
                    expected: "a cluster IP, or type ClusterIP for a headless service",
                    at: spec?["clusterIP"]?.location ?? spec?.location ?? object.location))
        }

        let selector: [String: String]? =
            spec?["selector"].isAbsent == false ? fields.labels(spec?["selector"], specPath + ".selector") : nil

        var externalIPs: [IPAddress] = []
        for (scalar, ipPath) in fields.strings(spec?["externalIPs"], specPath + ".externalIPs") {
            if let address = fields.ipAddress(scalar, ipPath.text, endpoint: true) { externalIPs.append(address) }
        }

        var externalName: String? = nil
        if let scalar = fields.string(spec?["externalName"], specPath + ".externalName"), !scalar.text.isEmpty {
            externalName = scalar.text
            if type == .externalName {
                // The CNAME may end in a dot (fully qualified).
                var cname = scalar
                if cname.text.hasSuffix(".") { cname.text.removeLast() }
                if fields.checkName(cname, specPath + ".externalName", rule: .dns1123Subdomain) == nil { externalName = nil }
            }
        } else if type == .externalName {
            fields.emit(
                ManifestDiagnostics.required(
                    specPath + ".externalName", expected: "the DNS name an ExternalName service points to",
                    at: spec?.location ?? object.location))
        }

        let policies = decodeTrafficPolicies(spec, specPath: specPath, type: type, hasExternalIPs: !externalIPs.isEmpty)
        let loadBalancer = decodeLoadBalancer(object, spec: spec, path: path, type: type)
        let affinity = decodeSessionAffinity(spec, specPath: specPath)
        let publishNotReady = fields.boolean(spec?["publishNotReadyAddresses"], specPath + ".publishNotReadyAddresses")
        var trafficDistribution: String? = nil
        if let scalar = fields.string(spec?["trafficDistribution"], specPath + ".trafficDistribution") {
            let allowed = ["PreferClose", "PreferSameNode", "PreferSameZone"]
            if allowed.contains(scalar.text) {
                trafficDistribution = scalar.text
            } else {
                fields.emit(
                    ManifestDiagnostics.notSupported(
                        specPath + ".trafficDistribution", value: scalar.text, supported: allowed, at: scalar.location))
            }
        }

        let errorsAfter = fields.diagnostics.count { $0.severity == .error }
        guard errorsAfter == errorsBefore, let metadata, let type, let policies, let affinity else { return nil }
        return Service(
            metadata: metadata, type: type, clusterIP: clusterIPs.clusterIP, clusterIPs: clusterIPs.clusterIPs,
            ipFamilies: clusterIPs.ipFamilies, ipFamilyPolicy: clusterIPs.ipFamilyPolicy, ports: ports,
            selector: selector, externalIPs: externalIPs, externalName: externalName,
            externalTrafficPolicy: policies.external, internalTrafficPolicy: policies.internalPolicy,
            healthCheckNodePort: policies.healthCheckNodePort, loadBalancerIP: loadBalancer.loadBalancerIP,
            loadBalancerSourceRanges: loadBalancer.sourceRanges, loadBalancerClass: loadBalancer.loadBalancerClass,
            allocateLoadBalancerNodePorts: loadBalancer.allocateNodePorts, sessionAffinity: affinity.affinity,
            sessionAffinityTimeoutSeconds: affinity.timeout, publishNotReadyAddresses: publishNotReady ?? false,
            trafficDistribution: trafficDistribution, loadBalancerIngress: loadBalancer.ingress,
            location: object.location)
    }

    private mutating func decodeTrafficPolicies(
        _ spec: ManifestMapping?, specPath: String, type: Service.ServiceType?, hasExternalIPs: Bool
    ) -> (external: Service.TrafficPolicy, internalPolicy: Service.TrafficPolicy, healthCheckNodePort: Int)? {
        let policies: [Service.TrafficPolicy] = [.cluster, .local]
        let etpPath = specPath + ".externalTrafficPolicy"
        let external = fields.enumeration(spec?["externalTrafficPolicy"], etpPath, fallback: .cluster, allowed: policies)
        // apiservice.ExternallyAccessible: NodePort, LoadBalancer, or ClusterIP with external IPs.
        let externallyAccessible = type == .nodePort || type == .loadBalancer || (type == .clusterIP && hasExternalIPs)
        if let type, !externallyAccessible, let scalar = spec?["externalTrafficPolicy"]?.stringScalar,
            !scalar.text.isEmpty
        {
            fields.emit(
                ManifestDiagnostics.forbidden(
                    etpPath, problem: "may only be set for externally-accessible services, not \(type.rawValue)",
                    expected: "type NodePort or LoadBalancer, or externalIPs", at: scalar.location))
        }
        let internalPolicy = fields.enumeration(
            spec?["internalTrafficPolicy"], specPath + ".internalTrafficPolicy", fallback: .cluster, allowed: policies)

        var healthCheckNodePort = 0
        let hcPath = specPath + ".healthCheckNodePort"
        if let (port, location) = fields.integer(spec?["healthCheckNodePort"], hcPath), port != 0 {
            let range = fields.serviceNodePortRange
            if type != .loadBalancer || external != .local {
                fields.emit(
                    ManifestDiagnostics.forbidden(
                        hcPath, problem: "may only be set when type is LoadBalancer and externalTrafficPolicy is Local",
                        expected: "no healthCheckNodePort", at: location))
            } else if !range.contains(port) {
                fields.emit(
                    ManifestDiagnostics.invalidNumber(
                        hcPath, value: port, problem: "outside the node port range",
                        expected: "a port in \(range.lowerBound)-\(range.upperBound) (--service-node-port-range)",
                        at: location))
            } else {
                healthCheckNodePort = port
            }
        }
        guard let external, let internalPolicy else { return nil }
        return (external, internalPolicy, healthCheckNodePort)
    }

    private mutating func decodeSessionAffinity(_ spec: ManifestMapping?, specPath: String)
        -> (affinity: Service.SessionAffinity, timeout: Int)?
    {
        let affinity = fields.enumeration(
            spec?["sessionAffinity"], specPath + ".sessionAffinity", fallback: Service.SessionAffinity.none,
            allowed: [.clientIP, .none])
        let configPath = specPath + ".sessionAffinityConfig"
        let config = fields.mapping(spec?["sessionAffinityConfig"], configPath)
        if affinity == Service.SessionAffinity.none, let config {
            fields.emit(
                ManifestDiagnostics.forbidden(
                    configPath, problem: "may not be set when sessionAffinity is None",
                    expected: "sessionAffinity ClientIP with its config", at: config.location))
        }
        let clientIP = fields.mapping(config?["clientIP"], configPath + ".clientIP")
        let timeoutPath = configPath + ".clientIP.timeoutSeconds"
        var timeout = 10800  // core.DefaultClientIPServiceAffinitySeconds
        if let (seconds, location) = fields.integer(clientIP?["timeoutSeconds"], timeoutPath) {
            // core.MaxClientIPServiceAffinitySeconds = 86400 (one day).
            if (1...86400).contains(seconds) {
                timeout = seconds
            } else {
                fields.emit(
                    ManifestDiagnostics.invalidNumber(
                        timeoutPath, value: seconds, expected: "seconds in 1-86400", at: location))
            }
        }
        guard let affinity else { return nil }
        return (affinity, timeout)
    }
}
