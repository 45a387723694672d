/// The token sequence of each rule part, exactly as kube-proxy writes it
/// (`-m tcp -p tcp -d 172.30.0.41 --dport 80`). The renderer writes these with spaces; the
/// parser reads the same shapes back (plus `iptables-save`'s canonical variants).
///
/// One switch (``RuleArgument/emit(into:)``) produces the tokens for every consumer: collected
/// into an array (``RuleArgument/tokens``), or written straight into the restore text by the
/// renderer without building the array (``RestoreTextWriter``), so both always agree.
public protocol RuleTokenSink {
    /// A token that needs no quoting (a fixed option or keyword).
    mutating func keyword(_ token: StaticString)
    /// Any other token (names, addresses, comments): quoted when `iptables-restore` needs it.
    mutating func token(_ token: String)
    /// A decimal number token.
    mutating func number(_ value: Int)
    /// An address or prefix token (`10.0.0.1`, `10.0.0.0/8`). By default ``token(_:)`` of its
    /// text; the renderer and the limit check write or measure IPv4 without making the text.
    mutating func address(_ address: AddressMatch)
}

extension RuleTokenSink {
    public mutating func address(_ address: AddressMatch) { token(address.description) }
}

extension RuleArgument {
    public var tokens: [String] {
        var sink = TokenArraySink()
        emit(into: &sink)
        return sink.tokens
    }

    public func emit<Sink: RuleTokenSink>(into sink: inout Sink) {
        switch self {
        case .protocol(let proto, let negated):
            not(negated, &sink)
            sink.keyword("-p")
            sink.token(proto.rawValue)
        case .source(let address, let negated):
            not(negated, &sink)
            sink.keyword("-s")
            sink.address(address)
        case .destination(let address, let negated):
            not(negated, &sink)
            sink.keyword("-d")
            sink.address(address)
        case .inInterface(let name, let negated):
            not(negated, &sink)
            sink.keyword("-i")
            sink.token(name)
        case .outInterface(let name, let negated):
            not(negated, &sink)
            sink.keyword("-o")
            sink.token(name)
        case .protocolModule(let proto):
            sink.keyword("-m")
            sink.token(proto.rawValue)
        case .destinationPort(let port, let negated):
            not(negated, &sink)
            sink.keyword("--dport")
            sink.number(port)
        case .sourcePort(let port, let negated):
            not(negated, &sink)
            sink.keyword("--sport")
            sink.number(port)
        case .comment(let text):
            sink.keyword("-m")
            sink.keyword("comment")
            sink.keyword("--comment")
            sink.token(text)
        case .mark(let value, let mask, let negated):
            sink.keyword("-m")
            sink.keyword("mark")
            not(negated, &sink)
            sink.keyword("--mark")
            sink.token(mask.map { "\(hex(value))/\(hex($0))" } ?? hex(value))
        case .conntrackState(let states, let negated):
            sink.keyword("-m")
            sink.keyword("conntrack")
            not(negated, &sink)
            sink.keyword("--ctstate")
            sink.token(states.joined(separator: ","))
        case .addressType(let match):
            sink.keyword("-m")
            sink.keyword("addrtype")
            not(match.negated, &sink)
            sink.keyword(match.direction == .source ? "--src-type" : "--dst-type")
            sink.token(match.type)
            if match.limitInterface {
                sink.keyword(match.direction == .source ? "--limit-iface-in" : "--limit-iface-out")
            }
        case .statisticRandom(let probability):
            sink.keyword("-m")
            sink.keyword("statistic")
            sink.keyword("--mode")
            sink.keyword("random")
            sink.keyword("--probability")
            sink.token(probability)
        case .recent(let match):
            sink.keyword("-m")
            sink.keyword("recent")
            sink.keyword("--name")
            sink.token(match.name)
            switch match.mode {
            case .set:
                sink.keyword("--set")
            case .check(let seconds, let reap):
                sink.keyword("--rcheck")
                sink.keyword("--seconds")
                sink.number(seconds)
                if reap { sink.keyword("--reap") }
            }
            if let mask = match.mask {
                sink.keyword("--mask")
                sink.token(mask)
            }
            if match.rsource { sink.keyword("--rsource") }
        case .nfacct(let name):
            sink.keyword("-m")
            sink.keyword("nfacct")
            sink.keyword("--nfacct-name")
            sink.token(name)
        case .matchSet(let match):
            sink.keyword("-m")
            sink.keyword("set")
            for token in match.tokens { sink.token(token) }
        case .otherMatch(let module, let tokens):
            sink.keyword("-m")
            sink.token(module)
            for token in tokens { sink.token(token) }
        case .raw(let tokens):
            for token in tokens { sink.token(token) }
        }
    }
}

extension Target {
    /// `-j NAME` and the target's options; empty for ``Target/none``.
    public var tokens: [String] {
        var sink = TokenArraySink()
        emit(into: &sink)
        return sink.tokens
    }

    public func emit<Sink: RuleTokenSink>(into sink: inout Sink) {
        switch self {
        case .jump(let chain):
            sink.keyword("-j")
            sink.token(chain)
        case .accept:
            sink.keyword("-j")
            sink.keyword("ACCEPT")
        case .drop:
            sink.keyword("-j")
            sink.keyword("DROP")
        case .return:
            sink.keyword("-j")
            sink.keyword("RETURN")
        case .reject(let with):
            sink.keyword("-j")
            sink.keyword("REJECT")
            if let with {
                sink.keyword("--reject-with")
                sink.token(with)
            }
        case .masquerade(let randomFully):
            sink.keyword("-j")
            sink.keyword("MASQUERADE")
            if randomFully { sink.keyword("--random-fully") }
        case .dnat(let destination):
            sink.keyword("-j")
            sink.keyword("DNAT")
            sink.keyword("--to-destination")
            sink.token(destination)
        case .mark(.or(let value)):
            sink.keyword("-j")
            sink.keyword("MARK")
            sink.keyword("--or-mark")
            sink.token(hex(value))
        case .mark(.xor(let value)):
            sink.keyword("-j")
            sink.keyword("MARK")
            sink.keyword("--xor-mark")
            sink.token(hex(value))
        case .mark(.setXMark(let value, let mask)):
            sink.keyword("-j")
            sink.keyword("MARK")
            sink.keyword("--set-xmark")
            sink.token("\(hex(value))/\(hex(mask))")
        case .other(let name, let tokens):
            sink.keyword("-j")
            sink.token(name)
            for token in tokens { sink.token(token) }
        case .none:
            break
        }
    }

    /// The chain this target jumps to, if it is a user chain.
    public var jumpedChain: String? {
        if case .jump(let chain) = self { return chain }
        return nil
    }
}

extension Rule {
    /// Every token after `-A CHAIN`.
    public var tokens: [String] {
        var sink = TokenArraySink()
        emit(into: &sink)
        return sink.tokens
    }

    public func emit<Sink: RuleTokenSink>(into sink: inout Sink) {
        // Arguments borrowed in place (no retain of each one's payload).
        arguments.withUnsafeBufferPointer { arguments in
            for index in arguments.indices { arguments[index].emit(into: &sink) }
        }
        target.emit(into: &sink)
    }
}

/// Collects tokens into an array.
public struct TokenArraySink: RuleTokenSink {
    public var tokens: [String] = []

    public init() {}

    public mutating func keyword(_ token: StaticString) { tokens.append(token.description) }
    public mutating func token(_ token: String) { tokens.append(token) }
    public mutating func number(_ value: Int) { tokens.append(String(value)) }
}

/// `0x4000`: marks as kube-proxy's tests and `iptables-save` print them (lower-case hex).
func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }

@inline(__always) private func not<Sink: RuleTokenSink>(_ negated: Bool, _ sink: inout Sink) {
    if negated { sink.keyword("!") }
}
