/// Turns a list item's raw record (``RawItem``) into an ``EndpointSlice``, or says the tree
/// decoder must read the item: EXACT or step aside. It accepts only what
/// ``ManifestDecoder/decodeEndpointSlice(_:path:sliceEndpoints:)`` would accept without a single
/// diagnostic — metadata (``RawItemChecks/objectMeta(_:nameRule:)``), an IPv4 or IPv6
/// `addressType`, plain endpoints (``SliceEndpointShortcut``) and ports
/// (``ServicePortShortcut/slicePorts(_:)``) — and gives the slice that decoder would give.
enum EndpointSliceShortcut {
    static func slice(_ raw: RawItem) -> EndpointSlice? {
        guard raw[ItemSlot.kind]?.string == "EndpointSlice", raw[ItemSlot.apiVersion]?.string == "discovery.k8s.io/v1",
            // Service fields on a slice are ignored by the decoder, but rare: not taken.
            !raw.has(ItemSlot.spec), !raw.has(ItemSlot.status),
            let metadata = RawItemChecks.objectMeta(raw, nameRule: .dns1123Subdomain),
            let addressTypeText = raw[ItemSlot.addressType]?.string,
            let addressType = EndpointSlice.AddressType(rawValue: addressTypeText),
            let ports = ServicePortShortcut.slicePorts(raw[ItemSlot.slicePorts])
        else { return nil }
        var endpoints: [EndpointSlice.Endpoint] = []
        if let value = raw[ItemSlot.endpoints] {
            // FQDN slices are left to the decoder (SliceEndpointShortcut refuses them).
            guard case .endpoints(let list) = value,
                let checked = SliceEndpointShortcut.endpoints(list, addressType: addressTypeText)
            else { return nil }
            endpoints = checked
        } else if addressType == .fqdn {
            return nil
        }
        return EndpointSlice(
            metadata: metadata, addressType: addressType, endpoints: endpoints, ports: ports, location: raw.location)
    }
}
