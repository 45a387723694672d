/// Prints virtual servers as `ipvsadm-save -n` does (ipvsadm 1.31, `print_service_entry` with
/// `FMT_RULE | FMT_NUMERIC`), which is also `ipvsadm-restore` input:
///
///     -A -t 172.30.0.41:80 -s rr -p 10800
///     -a -t 172.30.0.41:80 -r 10.180.0.1:80 -m -w 1
///
/// `-t`/`-u`/`--sctp-service` by protocol, IPv6 as `[addr]:port`; `-p TIMEOUT` only for a
/// persistent service (kube-proxy's netmask is always /32 or /128, so no `-M`); `-b` lists the
/// scheduler flags by the scheduler's names for them. The input order is kept: the compiler
/// already sorted it as ipvsadm does (``IPVSSaveOrder``).
public enum IPVSadmRenderer {
    public static func render(_ config: IPVSConfig) -> String {
        render(config.virtualServers)
    }

    /// The text of `servers` (``renderChunks(_:)`` joined).
    public static func render(_ servers: [VirtualServer]) -> String {
        ParallelChunks.text(joining: renderChunks(servers))
    }

    /// ``render(_:)``'s bytes in consecutive pieces, handed to `emit` in order.
    public static func renderChunks(_ config: IPVSConfig, _ emit: ([UInt8]) -> Void) {
        for piece in renderChunks(config.virtualServers) { emit(piece) }
    }

    /// The text of `servers` in consecutive pieces, rendered concurrently (a large cluster has
    /// tens of thousands of services and ten times as many destinations); written one after
    /// the other they are the text.
    public static func renderChunks(_ servers: [VirtualServer]) -> [[UInt8]] {
        let chunks = ParallelChunks.ranges(count: servers.count) { servers[$0].realServers.count + 1 }
        return ParallelChunks.map(chunks) { range -> [UInt8] in
            var out: [UInt8] = []
            // Room for the longest lines these servers can have, so the buffer never grows (a
            // growth copies everything so far into fresh pages): reserved pages that stay unused
            // are never touched, so the overestimate costs nothing.
            out.reserveCapacity(servers[range].reduce(0) { $0 + bytesBound($1) })
            // `-t ADDRESS:PORT`, made once per service for every destination line.
            var service: [UInt8] = []
            service.reserveCapacity(80)
            servers.withUnsafeBufferPointer { servers in
                for index in range { write(servers.baseAddress! + index, service: &service, into: &out) }
            }
            return out
        }
    }

    /// One service line and its destinations' lines; the server is read in place (a copy
    /// would retain each of its fields).
    private static func write(
        _ server: UnsafePointer<VirtualServer>, service: inout [UInt8], into out: inout [UInt8]
    ) {
        service.removeAll(keepingCapacity: true)
        service += protocolOption(server.pointee.protocol).utf8
        service.append(UInt8(ascii: " "))
        server.pointee.address.appendJoined(port: server.pointee.port, to: &service)
        AddressText.append("-A ", to: &out)
        out += service
        AddressText.append(" -s ", to: &out)
        out += server.pointee.scheduler.utf8
        if server.pointee.flags.contains(.persistent) {
            AddressText.append(" -p ", to: &out)
            AddressText.appendDecimal(server.pointee.timeout, to: &out)
        }
        let flagNames = schedulerFlagNames(server.pointee.flags, scheduler: server.pointee.scheduler)
        if !flagNames.isEmpty {
            AddressText.append(" -b ", to: &out)
            out += flagNames.joined(separator: ",").utf8
        }
        out.append(UInt8(ascii: "\n"))
        server.pointee.realServers.withUnsafeBufferPointer { reals in
            for real in reals.indices {
                AddressText.append("-a ", to: &out)
                out += service
                AddressText.append(" -r ", to: &out)
                reals[real].address.appendJoined(port: reals[real].port, to: &out)
                out.append(UInt8(ascii: " "))
                out += reals[real].forwarding.rawValue.utf8
                AddressText.append(" -w ", to: &out)
                AddressText.appendDecimal(reals[real].weight, to: &out)
                out.append(UInt8(ascii: "\n"))
            }
        }
    }

    /// At least the bytes `server`'s lines take: its service line (`-A ` SERVICE ` -s ` SCHEDULER,
    /// the timeout and scheduler flags) and one line per destination (`-a ` SERVICE ` -r `
    /// ADDRESS:PORT ` ` FORWARDING ` -w ` WEIGHT), SERVICE being the protocol option and
    /// ADDRESS:PORT, each address at most `[`IPv6`]:`PORT.
    static func bytesBound(_ server: VirtualServer) -> Int {
        let address = 1 + 39 + 2 + 5
        let service = "--sctp-service".utf8.count + 1 + address
        let serviceLine = 3 + service + 4 + server.scheduler.utf8.count + 4 + 20 + 4 + 32 + 1
        let destinationLine = 3 + service + 4 + address + 1 + 1 + 4 + 20 + 1
        return serviceLine + server.realServers.count * destinationLine
    }

    /// The service option for a protocol.
    public static func protocolOption(_ proto: TransportProtocol) -> String {
        switch proto {
        case .tcp: return "-t"
        case .udp: return "-u"
        case .sctp: return "--sctp-service"
        }
    }

    /// ipvsadm's `print_sched_flags`: `sh-fallback`/`sh-port` for sh, `mh-fallback`/`mh-port`
    /// for mh, `flag-1..3` for other schedulers; in bit order.
    public static func schedulerFlagNames(_ flags: VirtualServerFlags, scheduler: String) -> [String] {
        var names: [String] = []
        let (first, second) =
            switch scheduler {
            case "sh": ("sh-fallback", "sh-port")
            case "mh": ("mh-fallback", "mh-port")
            default: ("flag-1", "flag-2")
            }
        if flags.contains(.scheduler1) { names.append(first) }
        if flags.contains(.sourceHash) { names.append(second) }
        if flags.contains(.scheduler3) { names.append("flag-3") }
        return names
    }
}
