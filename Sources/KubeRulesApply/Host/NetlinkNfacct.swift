import Glibc

/// ``NfacctCounters`` over an `NETLINK_NETFILTER` socket: the same two requests kube-proxy's
/// nfacct client sends (`NFNL_MSG_ACCT_NEW` with `NFACCT_NAME`), so no `nfacct` tool is needed.
/// In a named namespace the socket is opened inside it (counters are per network namespace).
public struct NetlinkNfacct: NfacctCounters {
    /// How long to wait for the kernel's answer to one request.
    let replyTimeoutSeconds: Int

    public init(replyTimeoutSeconds: Int = 2) {
        self.replyTimeoutSeconds = replyTimeoutSeconds
    }

    // include/uapi/linux/netlink.h, netfilter/nfnetlink.h, netfilter/nfnetlink_acct.h
    static let netlinkNetfilter: Int32 = 12
    static let subsystemAcct: UInt16 = 7
    static let messageNew: UInt16 = 0
    static let messageDelete: UInt16 = 2
    static let attributeName: UInt16 = 1
    static let flagRequest: UInt16 = 0x1
    static let flagAck: UInt16 = 0x4
    static let flagCreate: UInt16 = 0x400
    static let messageTypeError: UInt16 = 2

    public func ensure(_ names: [String], in target: NetworkNamespaceTarget) throws(ApplyError) {
        try each(names, in: target) { (socket, name) throws(ApplyError) in
            let status = try socket.request(
                type: Self.subsystemAcct << 8 | Self.messageNew,
                flags: Self.flagRequest | Self.flagAck | Self.flagCreate, name: name)
            // EBUSY: the counter exists already (no NLM_F_EXCL, no NLM_F_REPLACE), which is fine.
            guard status == 0 || status == EBUSY else {
                throw .nfacct(name: name, reason: "creating the counter failed: " + NamespaceSwitch.errnoText(status))
            }
        }
    }

    public func remove(_ names: [String], in target: NetworkNamespaceTarget) throws(ApplyError) {
        try each(names, in: target) { (socket, name) throws(ApplyError) in
            let status = try socket.request(
                type: Self.subsystemAcct << 8 | Self.messageDelete, flags: Self.flagRequest | Self.flagAck, name: name)
            // ENOENT: already gone; EBUSY: a rule (someone else's) still uses it — keep it.
            guard status == 0 || status == ENOENT || status == EBUSY else {
                throw .nfacct(name: name, reason: "deleting the counter failed: " + NamespaceSwitch.errnoText(status))
            }
        }
    }

    private func each(
        _ names: [String], in target: NetworkNamespaceTarget,
        _ body: (NetlinkSocket, String) throws(ApplyError) -> Void
    ) throws(ApplyError) {
        guard !names.isEmpty else { return }
        for name in names {
            guard !name.isEmpty, name.utf8.count <= KubeProxyNfacctCounters.maximumNameLength,
                !name.utf8.contains(0)
            else {
                throw .nfacct(name: name, reason: "a counter name must be 1-31 bytes")
            }
        }
        try NamespaceSwitch.run(in: target) { () throws(ApplyError) in
            let socket = try NetlinkSocket(protocol: Self.netlinkNetfilter, timeoutSeconds: replyTimeoutSeconds)
            defer { socket.close() }
            for name in names { try body(socket, name) }
        }
    }
}

/// A netlink socket that sends one nfnetlink request at a time and reads its acknowledgement.
struct NetlinkSocket {
    let descriptor: Int32
    private static let sequenceStart: UInt32 = 1

    init(protocol netlinkProtocol: Int32, timeoutSeconds: Int) throws(ApplyError) {
        descriptor = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), netlinkProtocol)
        guard descriptor >= 0 else {
            throw .nfacct(name: "", reason: "cannot open a netfilter netlink socket: " + NamespaceSwitch.errnoText())
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func close() { _ = Glibc.close(descriptor) }

    /// Sends `nlmsghdr + nfgenmsg + NFACCT_NAME` and returns the errno the kernel acknowledged
    /// with (0 for success).
    func request(type: UInt16, flags: UInt16, name: String) throws(ApplyError) -> Int32 {
        let message = Self.encode(type: type, flags: flags, sequence: Self.sequenceStart, name: name)
        // struct sockaddr_nl { sa_family_t nl_family; u16 nl_pad; u32 nl_pid; u32 nl_groups; }
        // with nl_pid 0: the kernel. Glibc's Swift module does not carry linux/netlink.h.
        var kernel = [UInt8](repeating: 0, count: 12)
        withUnsafeBytes(of: sa_family_t(AF_NETLINK)) { kernel.replaceSubrange(0..<2, with: $0) }
        let sent = message.withUnsafeBytes { bytes in
            kernel.withUnsafeBytes { address in
                sendto(
                    descriptor, bytes.baseAddress, bytes.count, 0,
                    address.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(address.count))
            }
        }
        guard sent == message.count else {
            throw .nfacct(name: name, reason: "sending to the kernel failed: " + NamespaceSwitch.errnoText())
        }
        var reply = [UInt8](repeating: 0, count: 8192)
        // A bounded number of reads: the kernel answers one request with one error/ack message.
        for _ in 0..<4 {
            let count = reply.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                throw .nfacct(name: name, reason: "no answer from the kernel: " + NamespaceSwitch.errnoText())
            }
            if let status = Self.acknowledgement(in: reply[0..<count]) { return status }
        }
        throw .nfacct(name: name, reason: "the kernel did not acknowledge the request")
    }

    /// The request bytes (native byte order for netlink headers, as the kernel expects).
    static func encode(type: UInt16, flags: UInt16, sequence: UInt32, name: String) -> [UInt8] {
        let nameBytes = Array(name.utf8) + [0]
        let attributeLength = 4 + nameBytes.count
        let padded = (attributeLength + 3) & ~3
        let total = 16 + 4 + padded
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total)
        append(UInt32(total), to: &bytes)
        append(type, to: &bytes)
        append(flags, to: &bytes)
        append(sequence, to: &bytes)
        append(UInt32(0), to: &bytes)  // port id: the kernel fills it in
        bytes += [UInt8(AF_UNSPEC), 0, 0, 0]  // nfgenmsg: family, NFNETLINK_V0, res_id 0
        append(UInt16(attributeLength), to: &bytes)
        append(NetlinkNfacct.attributeName, to: &bytes)
        bytes += nameBytes
        bytes += [UInt8](repeating: 0, count: padded - attributeLength)
        return bytes
    }

    /// The errno of the first `NLMSG_ERROR` message in `reply` (0 is an acknowledgement).
    static func acknowledgement(in reply: ArraySlice<UInt8>) -> Int32? {
        var offset = reply.startIndex
        while offset + 16 <= reply.endIndex {
            let length = Int(read32(reply, at: offset))
            let type = read16(reply, at: offset + 4)
            guard length >= 16, offset + length <= reply.endIndex else { return nil }
            if type == NetlinkNfacct.messageTypeError, length >= 20 {
                return -Int32(bitPattern: read32(reply, at: offset + 16))
            }
            offset += (length + 3) & ~3
        }
        return nil
    }

    private static func read16(_ bytes: ArraySlice<UInt8>, at offset: Int) -> UInt16 {
        var value: UInt16 = 0
        withUnsafeMutableBytes(of: &value) { raw in
            for index in 0..<2 { raw[index] = bytes[offset + index] }
        }
        return value
    }

    private static func read32(_ bytes: ArraySlice<UInt8>, at offset: Int) -> UInt32 {
        var value: UInt32 = 0
        withUnsafeMutableBytes(of: &value) { raw in
            for index in 0..<4 { raw[index] = bytes[offset + index] }
        }
        return value
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value) { bytes += $0 }
    }
}
