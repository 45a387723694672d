import ArgumentParser
import KubeRules

/// `kuberules trace FILE… --source IP --destination IP:PORT [--protocol tcp|udp|sctp]`: where
/// the first packet of a new connection goes on the node, rule by rule, and why.
public struct TraceCommand: StreamingCommand {
    public static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Follow a new connection through the node's rules: chains and rules visited, endpoints with their probability, masquerading, verdict.",
        discussion: """
            The packet starts in nat OUTPUT when --source is an address of the node (or loopback), \
            else in nat PREROUTING, and goes through the filter chains and nat POSTROUTING as the \
            kernel runs them, with kube-proxy's jump rules in the built-in chains (as on a bare \
            host). In IPVS mode it also goes through the virtual server and its scheduler. The \
            rules are those of the family of --destination.
            """)

    public enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
        case text
        case json
    }

    @OptionGroup public var input: InputOptions

    @Option(name: .customLong("source"), help: "The client's address.")
    public var source: String

    @Option(name: .customLong("source-port"), help: "The client's port (only rules testing --sport need it).")
    public var sourcePort: Int?

    @Option(name: .customLong("destination"), help: "IP:PORT (or [IPv6]:PORT) the client connects to.")
    public var destination: String

    @Option(name: .customLong("protocol"), help: "tcp (default), udp or sctp.")
    public var proto: String = "tcp"

    @Option(name: .customLong("in-interface"), help: "The interface the packet arrives on (for interface-based local-traffic detection); default: a pod interface when the source is in this node's pod CIDR.")
    public var inInterface: String?

    @Option(name: .customLong("output"), help: "text (default) or json.")
    public var output: Format = .text

    public init() {}

    public func validate() throws {
        guard IPAddress(source) != nil else { throw ValidationError("--source must be an IP address, not '\(source)'") }
        guard let (address, _) = PacketTracer.parseDestination(destination) else {
            throw ValidationError("--destination must be IP:PORT or [IPv6]:PORT with a port in 1-65535, not '\(destination)'")
        }
        guard TransportProtocol(rawValue: proto) != nil else {
            throw ValidationError("--protocol must be tcp, udp or sctp, not '\(proto)'")
        }
        if let sourcePort, !(1...65535).contains(sourcePort) {
            throw ValidationError("--source-port must be in 1-65535")
        }
        if IPAddress(source)!.family != address.family {
            throw ValidationError("--source and --destination must be of the same address family")
        }
        if let family = input.proxy.ipFamily, family != address.family.flagValue {
            throw ValidationError("--ip-family \(family) does not match the family of --destination \(destination)")
        }
    }

    public func run(io: CommandIO) throws {
        try DiagnosticRunner.run(io) { (diagnostics: inout DiagnosticCollector) throws(DiagnosticsError) -> String in
            var (options, manifests) = try input.load(io: io, diagnostics: &diagnostics)
            let (address, port) = PacketTracer.parseDestination(destination)!
            options.ipFamily = address.family
            let graph = try Pipeline.graph(manifests, options: options, diagnostics: &diagnostics)
            let packet = TracePacket(
                source: IPAddress(source)!, sourcePort: sourcePort, destination: address, destinationPort: port,
                protocol: TransportProtocol(rawValue: proto)!, inInterface: inInterface)
            let result = PacketTracer(graph: graph, options: options).trace(packet)
            switch output {
            case .text: return TraceText.render(result)
            case .json: return TraceJSON.render(result)
            }
        }
    }
}
