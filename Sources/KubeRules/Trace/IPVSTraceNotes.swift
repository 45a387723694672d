/// What the trace says about an IPVS virtual server's choice of real server, in words: which
/// scheduler, how it spreads new connections, and persistence (ClientIP affinity).
enum IPVSTraceNotes {
    static func scheduler(_ server: VirtualServer) -> String {
        let count = server.realServers.filter { $0.weight > 0 }.count
        var text = "IPVS \(server) uses scheduler \(server.scheduler): "
        switch server.scheduler {
        case "rr", "wrr":
            text += "new connections take the \(count) real server(s) in turn, so each gets its weight's share"
        case "lc", "wlc", "sed", "nq":
            text += "a new connection goes to the real server with the fewest active connections per weight"
        case "sh", "dh", "mh", "lblc", "lblcr":
            text += "a kernel hash pins each key (\(server.scheduler == "dh" || server.scheduler.hasPrefix("lblc") ? "destination" : "client address") to one real server; over many clients each gets about its weight's share"
        case "fo":
            text += "every new connection goes to the first real server with the highest weight"
        case "ovf":
            text += "new connections go to the highest-weight real server until its active connections exceed its weight"
        default:
            text += "new connections are spread by weight"
        }
        if server.isPersistent {
            text += "; persistence \(server.timeout)s: a client returns to the same real server for \(server.timeout) seconds after its last connection (ClientIP affinity)"
        }
        return text
    }
}
