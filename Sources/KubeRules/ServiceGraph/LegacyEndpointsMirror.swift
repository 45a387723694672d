/// Reads a legacy `v1 Endpoints` object as the EndpointSlices that Kubernetes'
/// EndpointSliceMirroring controller makes of it
/// (`pkg/controller/endpointslicemirroring/utils.go`, `addressToEndpoint`).
///
/// kube-proxy itself reads only EndpointSlices. In a cluster, every Service's endpoints reach it
/// as slices: made from Pods by the EndpointSlice controller, or mirrored from a hand-written
/// Endpoints object (a Service without selector) by the mirroring controller. A dump that holds
/// only the Endpoints object therefore stands for those mirrored slices.
enum LegacyEndpointsMirror {
    /// The label with which an Endpoints object opts out of mirroring
    /// (`discovery.LabelSkipMirror`).
    static let skipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror"

    /// One slice per subset: `addresses` are ready, `notReadyAddresses` are not; `serving` and
    /// `terminating` are left unset, as the controller leaves them (kube-proxy then reads
    /// serving=true, terminating=false). Each address gets the address type of its IP, so a
    /// subset with both families yields one slice per family.
    static func slices(for endpoints: Endpoints) -> [EndpointSlice] {
        if endpoints.metadata.labels[skipMirrorLabel] == "true" { return [] }
        var labels = endpoints.metadata.labels
        labels["kubernetes.io/service-name"] = endpoints.metadata.name
        var result: [EndpointSlice] = []
        for (index, subset) in endpoints.subsets.enumerated() {
            let tagged =
                subset.addresses.map { ($0, true) } + subset.notReadyAddresses.map { ($0, false) }
            for family in IPFamily.allCases {
                let members = tagged.filter { $0.0.ip.family == family }
                if members.isEmpty { continue }
                let sliceEndpoints = members.map { address, ready in
                    EndpointSlice.Endpoint(
                        addresses: [address.ip.description], ready: ready,
                        hostname: address.hostname, nodeName: address.nodeName,
                        targetRef: address.targetRef, location: address.location)
                }
                let meta = ObjectMeta(
                    name: "\(endpoints.metadata.name)-mirror-\(index)-\(family.flagValue)",
                    namespace: endpoints.metadata.namespace, labels: labels)
                result.append(
                    EndpointSlice(
                        metadata: meta, addressType: family == .ipv4 ? .ipv4 : .ipv6,
                        endpoints: sliceEndpoints, ports: subset.ports,
                        location: endpoints.location))
            }
        }
        return result
    }
}
