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

    /// The text of `servers`, rendered in concurrent chunks joined in order (a large cluster
    /// has tens of thousands of services and ten times as many destinations).
    public static func render(_ servers: [VirtualServer]) -> String {
        let chunks = ParallelChunks.ranges(count: servers.count) { servers[$0].realServers.count + 1 }
        let parts = ParallelChunks.map(chunks) { range -> String in
            var out = ""
            out.reserveCapacity(servers[range].reduce(0) { $0 + 40 + $1.realServers.count * 56 })
            for server in servers[range] { write(server, into: &out) }
            return out
        }
        return parts.count == 1 ? parts[0] : parts.joined()
    }

    /// One service line and its destinations' lines.
    private static func write(_ server: VirtualServer, into out: inout String) {
        var service = protocolOption(server.protocol)
        service += " "
        service += server.address.joined(port: server.port)
        out += "-A "
        out += service
        out += " -s "
        out += server.scheduler
        if server.flags.contains(.persistent) {
            out += " -p "
            out += String(server.timeout)
        }
        let flagNames = schedulerFlagNames(server.flags, scheduler: server.scheduler)
        if !flagNames.isEmpty {
            out += " -b "
            out += flagNames.joined(separator: ",")
        }
        out += "\n"
        for real in server.realServers {
            out += "-a "
            out += service
            out += " -r "
            out += real.address.joined(port: real.port)
            out += " "
            out += real.forwarding.rawValue
            out += " -w "
            out += String(real.weight)
            out += "\n"
        }
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
