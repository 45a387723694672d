import Testing

@testable import KubeRules

/// kube-proxy's `localdetector.go` arguments, chosen per family as `getLocalDetectors` does.
@Suite struct LocalTrafficDetectorTests {
    let node = NodeInfo(
        name: "n", addresses: [], podCIDRs: [CIDR("10.244.1.0/24")!, CIDR("fd00:10:244:1::/64")!])

    func detector(_ mode: ProxyOptions.LocalDetector, clusterCIDRs: [String] = [], family: IPFamily = .ipv4) -> [String] {
        var options = ProxyOptions()
        options.detectLocalMode = mode
        options.clusterCIDRs = clusterCIDRs.map { CIDR($0)! }
        let d = LocalTrafficDetector(options: options, node: node, family: family)
        return [d.ifLocal.flatMap(\.tokens).joined(separator: " "), d.ifNotLocal.flatMap(\.tokens).joined(separator: " ")]
    }

    @Test func clusterCIDRUsesTheFirstCIDROfTheFamily() {
        let cidrs = ["fd00:10::/64", "10.0.0.0/8", "10.1.0.0/16"]
        #expect(detector(.clusterCIDR, clusterCIDRs: cidrs) == ["-s 10.0.0.0/8", "! -s 10.0.0.0/8"])
        #expect(detector(.clusterCIDR, clusterCIDRs: cidrs, family: .ipv6) == ["-s fd00:10::/64", "! -s fd00:10::/64"])
        // No CIDR of the family: kube-proxy's no-op detector.
        #expect(detector(.clusterCIDR, clusterCIDRs: ["10.0.0.0/8"], family: .ipv6) == ["", ""])
        #expect(detector(.clusterCIDR) == ["", ""])
    }

    @Test func nodeCIDRUsesThePodCIDROfTheFamily() {
        #expect(detector(.nodeCIDR) == ["-s 10.244.1.0/24", "! -s 10.244.1.0/24"])
        #expect(detector(.nodeCIDR, family: .ipv6) == ["-s fd00:10:244:1::/64", "! -s fd00:10:244:1::/64"])
    }

    @Test func interfaceModes() {
        #expect(detector(.bridgeInterface("cbr0")) == ["-i cbr0", "! -i cbr0"])
        #expect(detector(.interfaceNamePrefix("veth")) == ["-i veth+", "! -i veth+"])
        #expect(detector(.none) == ["", ""])
    }
}
