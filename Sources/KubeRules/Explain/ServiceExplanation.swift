/// Everything `kuberules explain` says about one Service, computed from the manifests, the
/// service graph of the rendered node and the rules compiled for it. Each field is a fact a
/// person learning Services asks about; the text and JSON renderers only print them.
public struct ServiceExplanation: Hashable, Sendable {
    public var namespace: String
    public var name: String
    /// `ClusterIP`, `NodePort`, `LoadBalancer`, `ExternalName`, or `ClusterIP (headless)`.
    public var type: String
    /// What the type implies, one fact per line.
    public var meaning: [String]
    /// `app=backend`, or nil (then ``notes`` says where endpoints come from).
    public var selector: String?
    public var clusterIPs: [String]
    public var dns: [DNSName]
    /// Every way to reach the Service.
    public var reach: [AccessPoint]
    public var ports: [PortMapping]
    public var endpoints: [EndpointState]
    public var trafficPolicies: [TrafficPolicyEffect]
    public var sessionAffinity: AffinityEffect
    public var implementation: Implementation
    public var notes: [String]

    /// A DNS name of the Service (or of one of its pods) and what it answers.
    public struct DNSName: Hashable, Sendable {
        public var name: String
        /// Where the name resolves: `any namespace`, `namespace default`.
        public var from: String
        /// `A 172.30.0.20`, `A 10.180.0.5, 10.180.1.5 (the ready pods)`, `CNAME api.example.com`.
        public var answer: String
    }

    /// One way in: an address and port, who can use it, and on which node.
    public struct AccessPoint: Hashable, Sendable {
        /// `cluster IP`, `node port`, `load balancer`, `external IP`, `port-forward`.
        public var kind: String
        /// `172.30.0.20:80/TCP`, or a command for `port-forward`.
        public var address: String
        /// Who can use it and what happens.
        public var detail: String
    }

    /// port → targetPort → the port the endpoints listen on, and the node port.
    public struct PortMapping: Hashable, Sendable {
        public var name: String
        public var `protocol`: String
        public var port: Int
        public var targetPort: String
        public var endpointPorts: [Int]
        public var nodePort: Int?
        public var text: String
    }

    /// One endpoint, its condition, its node, and whether it gets traffic.
    public struct EndpointState: Hashable, Sendable {
        public var address: String
        /// The Service port it serves (`""` for an unnamed port).
        public var port: String
        /// `ready`, `not ready`, `terminating (still serving)`, `terminating`.
        public var condition: String
        public var node: String?
        /// On the rendered node.
        public var local: Bool
        public var hostname: String?
        /// Whether it gets new connections here, and why (not).
        public var traffic: String
    }

    /// A traffic policy and what it means for this Service.
    public struct TrafficPolicyEffect: Hashable, Sendable {
        public var name: String
        public var value: String
        public var effects: [String]
    }

    public struct AffinityEffect: Hashable, Sendable {
        public var mode: String
        public var timeoutSeconds: Int?
        public var meaning: String
    }

    /// What programs the Service on the rendered node.
    public struct Implementation: Hashable, Sendable {
        public var node: String
        public var mode: String
        /// `KUBE-SVC-…: …` lines (iptables) or `172.30.0.20:80/TCP rr → …` lines (IPVS).
        public var items: [String]
        /// How endpoints reach these rules (background sync), or why there are none.
        public var sync: String
    }
}

/// `kuberules explain`'s whole answer: the node and mode the rules were computed for, then every
/// Service in namespace/name order.
public struct ExplainDocument: Hashable, Sendable {
    public var node: String
    public var mode: String
    public var services: [ServiceExplanation]
}
