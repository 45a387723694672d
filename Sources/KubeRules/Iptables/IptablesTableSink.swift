/// What ``IptablesCompiler`` writes one table into: the model (``TableBuilder``, a ``Table`` of
/// typed rules) or the restore text itself (``TextTableSink``, bytes, as kube-proxy writes its
/// `natRules`/`filterRules` buffers in `pkg/proxy/iptables/proxier.go`).
///
/// The compiler is written once, generic over the sink (specialized per sink by the optimizer:
/// no existential in the per-rule loop). Besides the general ``append(_:_:_:)``, the three rules
/// written once or twice per endpoint (most of a large ruleset) have their own operations, so a
/// text sink can write them without building an argument array or a comment string; each
/// stands for exactly the rule its summary shows.
protocol IptablesTableSink {
    init(_ name: TableName)

    /// Room for the rules of `servicePorts` service ports with `endpoints` endpoints in all,
    /// about to be written into this sink (a chunk's): a hint, so a large cluster's buffers
    /// are allocated once instead of growing (and copying) step by step.
    mutating func reserve(servicePorts: Int, endpoints: Int)

    /// Starts writing another service port: its per-service chains (``TableBuilder/isPerServicePort(_:)``)
    /// are written only until the next call.
    mutating func beginServicePort()

    /// Declares `chain` (`:CHAIN - [0:0]`) unless it already is.
    mutating func declare(_ chain: String)

    /// ``declare(_:)``, with room for `count` rules the caller is about to append.
    mutating func declare(_ chain: String, reservingRules count: Int)

    /// ``declare(_:reservingRules:)`` of a per-service chain the caller knows is new in the
    /// current service port.
    mutating func declareNew(_ chain: String, reservingRules count: Int)

    /// Appends `-A chain arguments -j target`.
    mutating func append(_ chain: String, _ arguments: [RuleArgument], _ target: Target)

    /// `-A chain [-m comment --comment "COMMENT -> IP:PORT"] MATCH -j KUBE-SEP-…`, one endpoint
    /// jump of `writeServiceToEndpointRules`, where MATCH is `match`'s (the comment only when
    /// `comment` is not nil: large-cluster mode drops it).
    mutating func appendEndpointJump(
        _ chain: String, comment: String?, to endpoint: EndpointChainNames.Entry, _ match: EndpointJumpMatch)

    /// `-A chain [-m comment --comment COMMENT] -s SOURCE -j KUBE-MARK-MASQ`: the hairpin
    /// masquerade of an endpoint chain.
    mutating func appendHairpin(_ chain: String, comment: String?, source: IPAddress)

    /// `-A chain [-m comment --comment COMMENT] [-m recent --name CHAIN --set] -m PROTO -p PROTO
    /// -j DNAT --to-destination DESTINATION`: an endpoint chain's DNAT.
    mutating func appendDNAT(
        _ chain: String, comment: String?, recordAffinity: Bool, protocol: TransportProtocol, destination: String)

    /// An endpoint's `KUBE-SEP-*` chain: declared (as by ``declareNew(_:reservingRules:)``
    /// when `isNew`, else ``declare(_:reservingRules:)``), then its hairpin masquerade
    /// (``appendHairpin(_:comment:source:)`` from the endpoint's IP) and its DNAT
    /// (``appendDNAT(_:comment:recordAffinity:protocol:destination:)`` to its `ip:port`):
    /// exactly ``appendEndpointChainRules(_:isNew:comment:recordAffinity:protocol:)``.
    mutating func appendEndpointChain(
        _ endpoint: EndpointChainNames.Entry, isNew: Bool, comment: String?, recordAffinity: Bool,
        protocol: TransportProtocol)

    /// Ends a chunk of service ports written by this sink (before ``append(contentsOf:)``).
    mutating func packServiceChains()

    /// Everything `other` declared and wrote, after what this sink has, as if `other`'s calls
    /// had been made here.
    mutating func append(contentsOf other: consuming Self)
}

/// The match of an endpoint jump (``IptablesTableSink/appendEndpointJump(_:comment:to:_:)``).
enum EndpointJumpMatch {
    /// `-m recent --name KUBE-SEP-… --rcheck --seconds S --reap`: session affinity's check.
    case affinity(seconds: Int)
    /// `-m statistic --mode random --probability 1/n` (``IptablesProbability``).
    case probability(remaining: Int)
    /// Nothing: the last endpoint takes what is left.
    case none
}

extension IptablesTableSink {
    /// ``appendEndpointChain(_:isNew:comment:recordAffinity:protocol:)`` through the general
    /// operations, with the chain's name and `ip:port` as strings.
    mutating func appendEndpointChainRules(
        _ endpoint: EndpointChainNames.Entry, isNew: Bool, comment: String?, recordAffinity: Bool,
        protocol proto: TransportProtocol
    ) {
        let sep = endpoint.chain
        if isNew {
            declareNew(sep, reservingRules: 2)
        } else {
            declare(sep, reservingRules: 2)
        }
        appendHairpin(sep, comment: comment, source: endpoint.ip)
        appendDNAT(sep, comment: comment, recordAffinity: recordAffinity, protocol: proto, destination: endpoint.text)
    }
}
