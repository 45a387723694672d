/// One slice's usable endpoints in the order of their `ip:port` text for any one port number,
/// worked out once per slice however many service ports it feeds.
///
/// For a fixed port, the texts are `ip` + `:` + the same digits (`[ip]:…` for IPv6). An IPv4
/// text holds no `:` and an IPv6 one no `]`, so no `ip:` (`[ip]`) is a prefix of another: two
/// texts first differ inside their address parts, and their order is the order of those parts,
/// whatever the port. ``EndpointTextKey`` with port 0 orders exactly so (it is the text `ip:0`),
/// and its keys are equal exactly when the addresses are; so do ``IPv4TextOrder``'s 32-bit keys,
/// used in an IPv4 graph.
///
/// When the slice is the only one feeding a service port, through one port, and its addresses
/// are distinct, kube-proxy's join (`endpointslicecache.go`: one entry per `ip:port`, sorted by
/// that text) is this order with the port number set: ``ServiceEndpointJoin`` then skips the
/// per-port candidates, sort and deduplication.
struct SliceAddressOrder {
    /// A usable endpoint: its position in the slice and its address.
    struct Entry {
        var position: Int32
        var ip: IPAddress
    }

    /// The slice's usable endpoints (``ServiceEndpointJoin/address(of:family:)``), sorted by
    /// address text; none for an FQDN slice.
    let entries: [Entry]
    /// Whether no two usable endpoints share an address (else the join must deduplicate).
    let distinct: Bool
    /// Whether any endpoint of the slice is on the node `nodeName` (else none is local).
    let anyLocal: Bool

    /// `nodeName`: the rendered node ("" when unknown: then no endpoint is local).
    init(_ slice: UnsafePointer<EndpointSlice>, family: IPFamily, nodeName: String) {
        var distinct = true
        var anyLocal = false
        let fqdn = slice.pointee.addressType == .fqdn
        entries = slice.pointee.endpoints.withUnsafeBufferPointer { endpoints in
            // How many endpoints have an address (none in an FQDN slice), and whether one is
            // local. The slices were parsed long before, so this first pass is mostly cache
            // misses (the address lists are heap objects of their own, and an endpoint spans two
            // cache lines); its loads do not wait on one another, so the misses overlap, and the
            // second pass (parsing) and the endpoints' construction find the data in cache.
            var withAddress = 0
            if !fqdn {
                for position in endpoints.indices {
                    if !endpoints[position].addresses.isEmpty { withAddress += 1 }
                    if !nodeName.isEmpty, endpoints[position].nodeName == nodeName { anyLocal = true }
                }
            }
            // IPv4 (every usable address, in an IPv4 graph) orders by a 32-bit key.
            if family == .ipv4 {
                return Self.collect(endpoints, capacity: withAddress, family: family, distinct: &distinct) { ip in
                    guard case .v4(let value) = ip.storage else { preconditionFailure("IPv4 graph, IPv6 address") }
                    return IPv4TextOrder.key(value)
                }
            }
            return Self.collect(endpoints, capacity: withAddress, family: family, distinct: &distinct) {
                EndpointTextKey(ip: $0, port: 0)
            }
        }
        self.distinct = distinct
        self.anyLocal = anyLocal
    }

    /// The usable endpoints of `endpoints` (at most `capacity`), sorted by `key` of their address;
    /// `distinct` set to whether the keys are distinct.
    private static func collect<Key: Comparable>(
        _ endpoints: UnsafeBufferPointer<EndpointSlice.Endpoint>, capacity: Int, family: IPFamily,
        distinct: inout Bool, key: (IPAddress) -> Key
    ) -> [Entry] {
        withUnsafeTemporaryAllocation(of: Key.self, capacity: max(capacity, 1)) { keys in
            // Invariant: `keys[i]` is the key of `entries[i]`'s address, for the `usable` items
            // both hold (initialized; trivial types).
            [Entry](unsafeUninitializedCapacity: capacity) { entries, count in
                var usable = 0
                for position in endpoints.indices where capacity > 0 {
                    guard let ip = ServiceEndpointJoin.address(of: endpoints.baseAddress! + position, family: family)
                    else { continue }
                    (entries.baseAddress! + usable).initialize(to: Entry(position: Int32(position), ip: ip))
                    (keys.baseAddress! + usable).initialize(to: key(ip))
                    usable += 1
                }
                distinct = sort(entries, keys: keys, count: usable)
                count = usable
            }
        }
    }

    /// Sorts `entries` and `keys` (their first `count` items) together by key; whether the keys are
    /// distinct (equal keys end up side by side). Insertion sort for the usual slice of about ten
    /// endpoints (fewest moves); a larger slice (kube-proxy's controller puts up to 100 in one by
    /// default, 1000 at most) sorts indices with the standard library instead.
    private static func sort<Key: Comparable>(
        _ order: UnsafeMutableBufferPointer<Entry>, keys: UnsafeMutableBufferPointer<Key>, count: Int
    ) -> Bool {
        guard count > 1 else { return true }
        if count <= 32 {
            for index in 1..<count {
                let key = keys[index]
                let position = order[index]
                var hole = index
                while hole > 0, key < keys[hole - 1] {
                    keys[hole] = keys[hole - 1]
                    order[hole] = order[hole - 1]
                    hole -= 1
                }
                keys[hole] = key
                order[hole] = position
            }
        } else {
            let sorted = (0..<count).sorted { keys[$0] < keys[$1] }
            let (oldOrder, oldKeys) = (Array(order[..<count]), Array(keys[..<count]))
            for (place, index) in sorted.enumerated() {
                order[place] = oldOrder[index]
                keys[place] = oldKeys[index]
            }
        }
        for index in 1..<count where keys[index - 1] == keys[index] { return false }
        return true
    }
}
