/// The cluster's Node objects: 50 nodes, node-01 being kube-proxy's test node (192.168.0.2).
extension ClusterGenerator {
    static func nodeName(_ number: Int) -> String { "node-" + padded(number, 2) }

    /// node-01 is kube-proxy's test node (192.168.0.2); the others follow it.
    static func nodeIP(_ number: Int) -> String { "192.168.\((number + 1) >> 8).\((number + 1) & 255)" }

    static func leanNode(_ number: Int) -> GenValue {
        .map([
            ("kind", .string("Node")), ("apiVersion", .string("v1")),
            ("metadata", .map([("name", .string(nodeName(number)))])),
            ("status", .map([("addresses", .list([.map([("type", .string("InternalIP")), ("address", .string(nodeIP(number)))])]))])),
        ])
    }

    static func node(_ number: Int) -> GenValue {
        let name = nodeName(number)
        let zone = "zone-" + ["a", "b", "c"][number % 3]
        let condition = { (type: String, status: String, reason: String) -> GenValue in
            .map([
                ("type", .string(type)), ("status", .string(status)),
                ("lastHeartbeatTime", .string("2024-05-01T12:00:00Z")),
                ("lastTransitionTime", .string("2024-04-01T08:00:00Z")),
                ("reason", .string(reason)), ("message", .string("kubelet reports \(reason)")),
            ])
        }
        let images: [GenValue] = (0..<8).map { image in
            .map([
                ("names", .list([.string("registry.k8s.io/image-\(image)@sha256:\(uid(image, salt: 9))")])),
                ("sizeBytes", .int(10_000_000 + image * 1_234_567)),
            ])
        }
        return .map([
            ("kind", .string("Node")), ("apiVersion", .string("v1")),
            ("metadata", .map([
                ("name", .string(name)), ("uid", .string(uid(number, salt: 7))),
                ("resourceVersion", .string(String(900_000 + number))),
                ("creationTimestamp", .string("2024-04-01T08:00:00Z")),
                ("labels", .map([
                    ("kubernetes.io/hostname", .string(name)), ("kubernetes.io/os", .string("linux")),
                    ("topology.kubernetes.io/zone", .string(zone)),
                ])),
                ("annotations", .map([("node.alpha.kubernetes.io/ttl", .string("0"))])),
            ])),
            ("spec", .map([("podCIDR", .string("10.\(number).0.0/16")), ("podCIDRs", .list([.string("10.\(number).0.0/16")]))])),
            ("status", .map([
                ("capacity", .map([("cpu", .string("8")), ("memory", .string("32Gi")), ("pods", .string("110"))])),
                ("conditions", .list([
                    condition("MemoryPressure", "False", "KubeletHasSufficientMemory"),
                    condition("Ready", "True", "KubeletReady"),
                ])),
                ("addresses", .list([
                    .map([("type", .string("InternalIP")), ("address", .string(nodeIP(number)))]),
                    .map([("type", .string("Hostname")), ("address", .string(name))]),
                ])),
                ("nodeInfo", .map([
                    ("kubeletVersion", .string("v1.33.1")), ("containerRuntimeVersion", .string("containerd://2.0.5")),
                    ("osImage", .string("Debian GNU/Linux 12 (bookworm)")), ("architecture", .string("amd64")),
                ])),
                ("images", .list(images)),
            ])),
        ])
    }

}
