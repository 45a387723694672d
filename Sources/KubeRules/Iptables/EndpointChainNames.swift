/// The `KUBE-SEP-*` names of one service port's endpoints, and their `ip:port` texts, each
/// made once however many rules name them (the jump, the affinity check, the chain, the DNAT).
///
/// Equal to ``ServiceChainNames/endpoint(_:_:)`` and ``EndpointInfo/description`` (a test
/// compares them), but made without intermediate strings: a large cluster names one chain per
/// endpoint. The hash input (`servicePortName + protocol + ip:port`) is assembled in a stack
/// buffer, the IPv4 `ip:port` text written there directly.
struct EndpointChainNames {
    /// An endpoint's `ip:port` text and `KUBE-SEP-` chain.
    struct Entry {
        var text: String
        var chain: String
    }

    /// What identifies an endpoint's chain: its `ip:port` (the hash covers nothing else).
    private struct Key: Hashable {
        var ip: IPAddress
        var port: Int
    }

    /// Up to this many endpoints are found by a linear scan (a service port has a handful);
    /// beyond, through `index`, so a port with thousands of endpoints stays linear overall.
    private static let scanLimit = 16

    /// `servicePortName + protocol`, the hash input's prefix.
    private let prefix: [UInt8]
    private var keys: [Key] = []
    private var entries: [Entry] = []
    /// Whether the entry's chain was written (``claimChain(_:)``).
    private var written: [Bool] = []
    private var index: [Key: Int] = [:]

    init(_ name: ServicePortName) {
        self.init(name, description: name.description, capacity: 0)
    }

    /// With `description`, the port's `name.description` already made, and room for
    /// `capacity` endpoints (a hint).
    init(_ name: ServicePortName, description: String, capacity: Int) {
        assert(description == name.description, "EndpointChainNames: description is not the port's name")
        var prefix: [UInt8] = []
        prefix.reserveCapacity(description.utf8.count + name.protocol.rawValue.utf8.count)
        prefix.append(contentsOf: description.utf8)
        prefix.append(contentsOf: name.protocol.rawValue.utf8)
        self.prefix = prefix
        keys.reserveCapacity(capacity)
        entries.reserveCapacity(capacity)
        written.reserveCapacity(capacity)
    }

    mutating func entry(_ endpoint: EndpointInfo) -> Entry {
        entries[offset(endpoint)]
    }

    /// The entry, and whether this is the first claim of its chain: the first time the chain is
    /// written, it is new in the service port's table.
    mutating func claimChain(_ endpoint: EndpointInfo) -> (entry: Entry, isNew: Bool) {
        let offset = offset(endpoint)
        defer { written[offset] = true }
        return (entries[offset], !written[offset])
    }

    mutating func name(_ endpoint: EndpointInfo) -> String { entry(endpoint).chain }

    private mutating func offset(_ endpoint: EndpointInfo) -> Int {
        let key = Key(ip: endpoint.ip, port: endpoint.port)
        if let found = find(key) { return found }
        keys.append(key)
        entries.append(make(endpoint))
        written.append(false)
        if keys.count > Self.scanLimit {
            if index.isEmpty {
                for (offset, key) in keys.enumerated() { index[key] = offset }
            } else {
                index[key] = keys.count - 1
            }
        }
        return keys.count - 1
    }

    private func find(_ key: Key) -> Int? {
        if keys.count > Self.scanLimit { return index[key] }
        for offset in keys.indices where keys[offset] == key { return offset }
        return nil
    }

    /// The entry, hashed from a stack buffer: the prefix, then the `ip:port` text.
    private func make(_ endpoint: EndpointInfo) -> Entry {
        guard case .v4(let address) = endpoint.ip.storage else {
            // IPv6 (`[ip]:port`): rare enough to take the general text.
            let text = endpoint.description
            var input = prefix
            input.append(contentsOf: text.utf8)
            let chain = input.withUnsafeBytes { ChainHash.name("KUBE-SEP-", hashing: $0) }
            return Entry(text: text, chain: chain)
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: prefix.count + IPv4Text.maxBytes) { buffer in
            _ = buffer.initialize(from: prefix)
            let textStart = prefix.count
            let end = IPv4Text.write(
                address, separator: UInt8(ascii: ":"), value: endpoint.port,
                into: UnsafeMutableBufferPointer(rebasing: buffer[textStart...]))
            let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[textStart..<textStart + end]), as: UTF8.self)
            let chain = ChainHash.name(
                "KUBE-SEP-", hashing: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<(textStart + end)])))
            return Entry(text: text, chain: chain)
        }
    }
}
