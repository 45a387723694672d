/// The `KUBE-SEP-*` names of one service port's endpoints, each hashed once however many rules
/// name it (the jump, the affinity check, the chain, the DNAT).
///
/// Equal to ``ServiceChainNames/endpoint(_:_:)`` and ``EndpointInfo/description`` (a test
/// compares them), but made without any string: a large cluster names one chain per endpoint.
/// The hash input (`servicePortName + protocol + ip:port`) is assembled in a stack buffer, the
/// IPv4 `ip:port` text written there directly, and an entry keeps the name's 16 hash characters
/// inline, so the text sink writes names and addresses as bytes (``ByteCursor/put(_:)-Entry``).
struct EndpointChainNames {
    /// An endpoint's `KUBE-SEP-` chain, by value: its hash characters and `ip:port`.
    struct Entry {
        /// The 16 base32 characters after `KUBE-SEP-`, in memory order.
        var hash: (UInt64, UInt64)
        var ip: IPAddress
        var port: Int
        /// Whether the chain was written (``claimChain(_:)``).
        fileprivate var written = false

        /// `KUBE-SEP-` and the 16 characters of ``hash``: the chain's name.
        static let chainBytes = 9 + 16

        /// The chain's name as a string (the model path, and the text path's rare rules).
        var chain: String {
            String(unsafeUninitializedCapacity: Self.chainBytes) { output in
                var cursor = ByteCursor(output.baseAddress!)
                cursor.put(self)
                return Self.chainBytes
            }
        }

        /// The `ip:port` text (`[ip]:port` for IPv6), as ``EndpointInfo/description`` writes it.
        var text: String { ip.joined(port: port) }
    }

    /// Up to this many endpoints are found by a linear scan (a service port has a handful);
    /// beyond, through `index`, so a port with thousands of endpoints stays linear overall.
    private static let scanLimit = 16

    /// `servicePortName + protocol`, the hash input's prefix.
    private let prefix: [UInt8]
    private var entries: [Entry] = []
    /// Offsets in `entries` by `ip:port`, once there are more than ``scanLimit``.
    private var index: [Key: Int] = [:]

    /// What identifies an endpoint's chain: its `ip:port` (the hash covers nothing else).
    private struct Key: Hashable {
        var ip: IPAddress
        var port: Int
    }

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
        entries.reserveCapacity(capacity)
    }

    mutating func entry(_ endpoint: EndpointInfo) -> Entry {
        entries[offset(endpoint)]
    }

    /// The entry, and whether this is the first claim of its chain: the first time the chain is
    /// written, it is new in the service port's table.
    mutating func claimChain(_ endpoint: EndpointInfo) -> (entry: Entry, isNew: Bool) {
        let offset = offset(endpoint)
        let isNew = !entries[offset].written
        entries[offset].written = true
        return (entries[offset], isNew)
    }

    mutating func name(_ endpoint: EndpointInfo) -> String { entry(endpoint).chain }

    private mutating func offset(_ endpoint: EndpointInfo) -> Int {
        let (ip, port) = (endpoint.ip, endpoint.port)
        if entries.count > Self.scanLimit {
            if let found = index[Key(ip: ip, port: port)] { return found }
        } else {
            for offset in entries.indices where entries[offset].port == port && entries[offset].ip == ip {
                return offset
            }
        }
        entries.append(make(ip, port))
        if entries.count > Self.scanLimit {
            if index.isEmpty {
                for offset in entries.indices { index[Key(ip: entries[offset].ip, port: entries[offset].port)] = offset }
            } else {
                index[Key(ip: ip, port: port)] = entries.count - 1
            }
        }
        return entries.count - 1
    }

    /// The entry, hashed from a stack buffer: the prefix, then the `ip:port` text.
    private func make(_ ip: IPAddress, _ port: Int) -> Entry {
        guard case .v4(let address) = ip.storage else {
            // IPv6 (`[ip]:port`): rare enough to take the general text.
            var input = prefix
            input.append(contentsOf: ip.joined(port: port).utf8)
            return input.withUnsafeBytes { Entry(hash: ChainHash.characters(hashing: $0), ip: ip, port: port) }
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: prefix.count + IPv4Text.maxBytes) { buffer in
            _ = buffer.initialize(from: prefix)
            let textStart = prefix.count
            let end = IPv4Text.write(
                address, separator: UInt8(ascii: ":"), value: port,
                into: UnsafeMutableBufferPointer(rebasing: buffer[textStart...]))
            let hash = ChainHash.characters(
                hashing: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<(textStart + end)])))
            return Entry(hash: hash, ip: ip, port: port)
        }
    }
}

extension ByteCursor {
    /// `KUBE-SEP-` and the entry's 16 hash characters (``EndpointChainNames/Entry/chainBytes``).
    @inline(__always) mutating func put(_ entry: EndpointChainNames.Entry) {
        put("KUBE-SEP-")
        withUnsafeBytes(of: entry.hash) { put($0.assumingMemoryBound(to: UInt8.self)) }
    }

    /// The endpoint's `ip:port` when IPv4 (at most ``IPv4Text/maxBytes``); false, writing
    /// nothing, for IPv6.
    @inline(__always) mutating func putIPv4Text(_ entry: EndpointChainNames.Entry) -> Bool {
        guard case .v4(let address) = entry.ip.storage else { return false }
        ipv4(address, separator: UInt8(ascii: ":"), value: entry.port)
        return true
    }
}
