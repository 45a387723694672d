import Foundation

/// `kuberules graph --output json`: the graph as deterministic JSON (sorted keys, two-space
/// indentation, arrays in the graph's own order, a final newline).
///
/// Absent optional values and empty optional lists are left out; booleans and the endpoint sets
/// are always present. Endpoints appear in full under `servicePorts`; a Service that is not
/// proxied (headless, ExternalName, …) carries its endpoints under `services[].ports[]` instead.
/// Source positions are left out so that editing a manifest does not move every line of a
/// golden file.
public enum ServiceGraphJSON {
    public static func render(_ graph: ServiceGraph) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings, numbers and booleans cannot fail.
        guard let data = try? encoder.encode(GraphDocument(graph)) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// The document's shape; one nested type per JSON object.
struct GraphDocument: Encodable {
    struct NodeDocument: Encodable {
        var name: String
        var addresses: [String]
        var allAddresses: [String]
        var labels: [String: String]?
        var podCIDRs: [String]?
    }

    struct EndpointDocument: Encodable {
        var address: String
        var ip: String
        var port: Int
        var local: Bool
        var ready: Bool
        var serving: Bool
        var terminating: Bool
        var nodeName: String?
        var zone: String?
        var zoneHints: [String]?
        var nodeHints: [String]?
        var hostname: String?
        var targetRef: String?

        init(_ e: EndpointInfo) {
            address = e.description
            ip = e.ip.description
            port = e.port
            local = e.isLocal
            ready = e.ready
            serving = e.serving
            terminating = e.terminating
            nodeName = e.nodeName
            zone = e.zone
            zoneHints = e.zoneHints.nonEmpty
            nodeHints = e.nodeHints.nonEmpty
            hostname = e.hostname
            targetRef = e.targetRef
        }
    }

    struct ServicePortDocument: Encodable {
        var name: String
        var `protocol`: String
        var type: String
        var clusterIP: String
        var port: Int
        var targetPort: PortValue
        var nodePort: Int?
        var externalIPs: [String]?
        var loadBalancerVIPs: [String]?
        var proxyModeIngressIPs: [String]?
        var loadBalancerSourceRanges: [String]?
        var healthCheckNodePort: Int?
        var externalPolicyLocal: Bool
        var internalPolicyLocal: Bool
        var externallyAccessible: Bool
        var usesClusterEndpoints: Bool
        var usesLocalEndpoints: Bool
        var sessionAffinityTimeoutSeconds: Int?
        var endpoints: [EndpointDocument]
        var clusterEndpoints: [String]
        var localEndpoints: [String]
        var allReachableEndpoints: [String]
        var hasAnyEndpoints: Bool

        init(_ p: ServicePortInfo) {
            name = p.name.description
            `protocol` = p.protocol.rawValue
            type = p.serviceType.rawValue
            clusterIP = p.clusterIP.description
            port = p.port
            targetPort = PortValue(p.targetPort)
            nodePort = p.nodePort == 0 ? nil : p.nodePort
            externalIPs = p.externalIPs.map(\.description).nonEmpty
            loadBalancerVIPs = p.loadBalancerVIPs.map(\.description).nonEmpty
            proxyModeIngressIPs = p.proxyModeIngressIPs.map(\.description).nonEmpty
            loadBalancerSourceRanges = p.loadBalancerSourceRanges.map(\.description).nonEmpty
            healthCheckNodePort = p.healthCheckNodePort == 0 ? nil : p.healthCheckNodePort
            externalPolicyLocal = p.externalPolicyLocal
            internalPolicyLocal = p.internalPolicyLocal
            externallyAccessible = p.externallyAccessible
            usesClusterEndpoints = p.usesClusterEndpoints
            usesLocalEndpoints = p.usesLocalEndpoints
            sessionAffinityTimeoutSeconds = p.stickyMaxAgeSeconds
            endpoints = p.endpoints.map(EndpointDocument.init)
            clusterEndpoints = p.clusterEndpoints.map(\.description)
            localEndpoints = p.localEndpoints.map(\.description)
            allReachableEndpoints = p.allReachableEndpoints.map(\.description)
            hasAnyEndpoints = p.hasAnyEndpoints
        }
    }

    struct ServiceDocument: Encodable {
        struct PortDocument: Encodable {
            var name: String?
            var `protocol`: String
            var port: Int
            var targetPort: PortValue
            var nodePort: Int?
            var endpoints: [EndpointDocument]?
        }

        var name: String
        var type: String
        var clusterIP: String?
        var clusterIPs: [String]?
        var externalName: String?
        var proxied: Bool
        var notProxiedReason: String?
        var ports: [PortDocument]

        init(_ s: ServiceSummary) {
            let service = s.service
            name = "\(service.metadata.namespace)/\(service.metadata.name)"
            type = service.type.rawValue
            clusterIP = service.clusterIP
            clusterIPs = service.clusterIPs.map(\.description).nonEmpty
            externalName = service.externalName
            proxied = s.notProxiedReason == nil
            notProxiedReason = s.notProxiedReason?.rawValue
            ports = service.ports.map { port in
                PortDocument(
                    name: port.name.isEmpty ? nil : port.name, protocol: port.protocol.rawValue,
                    port: port.port, targetPort: PortValue(port.targetPort),
                    nodePort: port.nodePort == 0 ? nil : port.nodePort,
                    endpoints: s.notProxiedReason == nil
                        ? nil : (s.endpointsByPort[port.name] ?? []).map(EndpointDocument.init))
            }
        }
    }

    /// A `targetPort`: a JSON number, or a string for a named port.
    enum PortValue: Encodable {
        case number(Int)
        case name(String)

        init(_ value: IntOrString) {
            switch value {
            case .int(let n): self = .number(n)
            case .string(let s): self = .name(s)
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .number(let n): try container.encode(n)
            case .name(let s): try container.encode(s)
            }
        }
    }

    var family: String
    var node: NodeDocument
    var servicePorts: [ServicePortDocument]
    var services: [ServiceDocument]

    init(_ graph: ServiceGraph) {
        family = graph.family.rawValue
        node = NodeDocument(
            name: graph.node.name, addresses: graph.node.addresses.map(\.description),
            allAddresses: graph.node.allAddresses.map(\.description),
            labels: graph.node.labels.isEmpty ? nil : graph.node.labels,
            podCIDRs: graph.node.podCIDRs.map(\.description).nonEmpty)
        servicePorts = graph.servicePorts.map(ServicePortDocument.init)
        services = graph.services.map(ServiceDocument.init)
    }
}

extension Array {
    /// nil for an empty array, so optional lists are left out of JSON.
    var nonEmpty: Self? { isEmpty ? nil : self }
}
