/// The findings of the normalize stage, as named factories so their wording lives in one place.
enum GraphDiagnostics {
    static func noNode() -> Diagnostic {
        Diagnostic(
            severity: .error,
            message: "no node to render: the input has no Node object and no --hostname-override was given",
            expected: "--hostname-override NAME, or one Node object in the input")
    }

    static func ambiguousNode(_ names: [String]) -> Diagnostic {
        Diagnostic(
            severity: .error,
            message: "the input has \(names.count) Nodes (\(names.joined(separator: ", "))); which one's view should be rendered?",
            expected: "--hostname-override NAME naming one of them")
    }

    /// A named node without a Node object and without `--node-ip`: kube-proxy runs in that
    /// situation too (it logs that it cannot find its node IPs), so this is a warning.
    static func nodeWithoutAddresses(_ name: String, known: [String]) -> Diagnostic {
        let others = known.isEmpty ? "the input has no Node objects" : "the input's Nodes are \(known.joined(separator: ", "))"
        return Diagnostic(
            severity: .warning,
            message: "no Node '\(name)' in the input and no --node-ip given (\(others)); rendering with no node addresses, as kube-proxy would run",
            expected: "--node-ip IP, or the Node object in the input")
    }

    static func sliceWithoutServiceName(_ slice: EndpointSlice) -> Diagnostic {
        Diagnostic(
            severity: .warning,
            message: "EndpointSlice \(slice.metadata.namespace)/\(slice.metadata.name) has no kubernetes.io/service-name label; kube-proxy ignores it",
            expected: "metadata.labels[\"kubernetes.io/service-name\"] naming its Service",
            location: slice.location)
    }

    static func missingHealthCheckNodePort(_ service: Service) -> Diagnostic {
        Diagnostic(
            severity: .warning,
            message: "LoadBalancer Service \(service.metadata.namespace)/\(service.metadata.name) has externalTrafficPolicy: Local but no healthCheckNodePort; kube-proxy serves no health check for it",
            expected: "spec.healthCheckNodePort, which the API server allocates",
            location: service.location)
    }

    static func duplicate(kind: String, name: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        Diagnostic(
            severity: .error,
            message: "duplicate \(kind) \(name) (first defined at \(first))",
            expected: "each object once in the input",
            location: location)
    }
}
