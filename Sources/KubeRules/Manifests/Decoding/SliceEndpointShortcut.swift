/// One EndpointSlice endpoint read straight from the bytes of a list item by the fast YAML or
/// JSON reader, without a ``ManifestValue`` tree: 100,000 endpoints are most of a large dump, and
/// building, decoding and destroying a small tree for each was most of the read stage.
///
/// The readers only produce these for the plain shape kubectl prints (`addresses` as strings,
/// `conditions` as booleans, `nodeName`, `hostname`, `zone` as strings); any other key, type or
/// style makes them refuse, and the item is parsed as a tree instead.
struct RawSliceEndpoint {
    var addresses: [String] = []
    var ready: Bool?
    var serving: Bool?
    var terminating: Bool?
    var hostname: String?
    var nodeName: String?
    var zone: String?
    /// Where the endpoint's mapping starts, as the tree gives it.
    var location: SourceLocation
    /// Set by a reader that checked on the bytes what ``SliceEndpointShortcut`` would check
    /// (``YAMLSubsetCursor/plainSliceEndpoint()``): `addresses` is this one IPv4 address in Go's
    /// canonical spelling, `nodeName` is nil or a valid DNS-1123 subdomain, `hostname` and
    /// `zone` are nil. The shortcut then skips the parse, respelling and name check.
    var vettedIPv4: UInt32?

    init(location: SourceLocation) {
        self.location = location
    }
}

/// Turns a list item's raw endpoints into the slice's endpoints, or says the tree decoder must
/// read the item: EXACT or step aside. It accepts only what ``ManifestDecoder/decodeEndpointSlice``
/// would accept without a single diagnostic, through the same checks (`IPAddress`,
/// ``IPValidation/specialAddressProblem(_:)``, ``FieldReader/NameRule/problem(_:)``), and gives
/// the endpoints that decoder would give; every diagnostic still comes from that decoder.
enum SliceEndpointShortcut {
    /// The endpoints, or nil when `item` is not a `discovery.k8s.io/v1` EndpointSlice of IP
    /// addresses or any endpoint would draw a diagnostic.
    static func endpoints(_ raw: [RawSliceEndpoint], item: ManifestValue) -> [EndpointSlice.Endpoint]? {
        // Items that inherit kind or apiVersion from their list, and FQDN slices, are rare:
        // the tree decoder reads them.
        guard case .mapping(let object) = item,
            object["kind"]?.stringScalar?.text == "EndpointSlice",
            object["apiVersion"]?.stringScalar?.text == "discovery.k8s.io/v1",
            let addressType = object["addressType"]?.stringScalar?.text
        else { return nil }
        return endpoints(raw, addressType: addressType)
    }

    /// The endpoints of a slice of `addressType` (its text), or nil when that is not IPv4 or
    /// IPv6 or any endpoint would draw a diagnostic.
    static func endpoints(_ raw: [RawSliceEndpoint], addressType: String) -> [EndpointSlice.Endpoint]? {
        guard raw.count <= 1000 else { return nil }
        let family: IPFamily
        switch addressType {
        case EndpointSlice.AddressType.ipv4.rawValue: family = .ipv4
        case EndpointSlice.AddressType.ipv6.rawValue: family = .ipv6
        default: return nil
        }
        var endpoints: [EndpointSlice.Endpoint] = []
        endpoints.reserveCapacity(raw.count)
        for var endpoint in raw {
            if let value = endpoint.vettedIPv4 {
                // The rest of decodeSliceEndpoint's checks (the reader did the others).
                guard family == .ipv4, IPValidation.specialAddressProblem(IPAddress(v4: value)) == nil else { return nil }
                endpoints.append(
                    EndpointSlice.Endpoint(
                        addresses: endpoint.addresses, ready: endpoint.ready, serving: endpoint.serving,
                        terminating: endpoint.terminating, nodeName: endpoint.nodeName, location: endpoint.location))
                continue
            }
            // decodeSliceEndpoint: at least one and at most 100 addresses of the slice's family,
            // none special; kept in Go's canonical spelling.
            guard !endpoint.addresses.isEmpty, endpoint.addresses.count <= 100 else { return nil }
            for index in endpoint.addresses.indices {
                guard let address = IPAddress(endpoint.addresses[index]), address.family == family,
                    IPValidation.specialAddressProblem(address) == nil
                else { return nil }
                // Written only when it differs: the raw record still holds the array, so a
                // write copies it (one allocation per endpoint for nothing, as kubectl already
                // prints the canonical spelling).
                let canonical = address.description
                if canonical != endpoint.addresses[index] { endpoint.addresses[index] = canonical }
            }
            if let hostname = endpoint.hostname, FieldReader.NameRule.dns1123Label.problem(hostname) != nil { return nil }
            if let nodeName = endpoint.nodeName, FieldReader.NameRule.dns1123Subdomain.problem(nodeName) != nil {
                return nil
            }
            if let zone = endpoint.zone, FieldReader.NameRule.labelValue.problem(zone) != nil { return nil }
            endpoints.append(
                EndpointSlice.Endpoint(
                    addresses: endpoint.addresses, ready: endpoint.ready, serving: endpoint.serving,
                    terminating: endpoint.terminating, hostname: endpoint.hostname, nodeName: endpoint.nodeName,
                    zone: endpoint.zone, location: endpoint.location))
        }
        return endpoints
    }
}
