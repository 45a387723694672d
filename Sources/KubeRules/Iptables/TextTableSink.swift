/// The text sink: writes each rule's `-A CHAIN …` line straight into byte buffers, as
/// kube-proxy writes its `natRules`/`filterRules` (`utilproxy.LineBuffer`), instead of building
/// a ``Table`` that is then walked again to check and print it.
///
/// The text is exactly what ``IptablesRenderer`` prints for the table ``TableBuilder`` builds
/// from the same calls (a differential test holds the two together), grouped the same way:
/// declarations in declaration order; each chain's rules in the order of the chains; a chain
/// shared by every service port (`KUBE-SERVICES`, …) collects the rules of every chunk in chunk
/// order; chains that got rules without a declaration come last, sorted.
///
/// A service port's own chains (``TableBuilder/isPerServicePort(_:)``) are written into
/// per-port buffers that are reused from port to port; when the port ends they are copied, in
/// declaration order, to the chunk's contiguous text (declarations and rules), so a large
/// cluster's hundreds of thousands of chains cost no allocation each.
///
/// While writing, the sink checks what ``RulesetLimits`` checks (``LimitScan``'s tests, or the
/// shape of the per-endpoint rules), and notes call patterns ``TableBuilder`` would lay out
/// differently from this sink (a per-service chain outside a service port, a chunk declaring a
/// shared chain, two undeclared chains of one name). Either clears ``isExact``: the caller then
/// takes the model path, whose diagnostics name the problem.
struct TextTableSink {
    let name: TableName
    /// False when the text may differ from the model path's or break a limit (see above).
    private(set) var isExact = true

    /// A chain shared by service ports, with its rules: the finished pieces (from merged
    /// chunks), then the ones being written.
    struct SharedChain {
        var name: String
        var isDeclared = false
        var pieces: [[UInt8]] = []
        var rules = RestoreTextWriter()
    }

    /// A finished run of per-service chains (one chunk's ports): their declarations and rules.
    struct ServiceText {
        var declarations = RestoreTextWriter()
        var rules = RestoreTextWriter()
    }

    var shared: [SharedChain] = []
    private var sharedIndex: [String: Int] = [:]
    /// Declared shared chains, in declaration order.
    private(set) var sharedOrder: [Int] = []
    /// Where in `sharedOrder` the merged chunks' service chains go: the chains declared before
    /// the first merge come before them (``TableBuilder``'s `packedAt`).
    private(set) var packedAt: Int?
    /// Merged chunks' service chains, in chunk order; then this sink's own.
    var packed: [ServiceText] = []
    private(set) var ownText = ServiceText()
    /// Chains that got rules but no declaration.
    private(set) var undeclared: [(name: String, rules: [UInt8])] = []

    // The current service port's chains; the buffers stay allocated across ports.
    private var inServicePort = false
    private var portNames: [String] = []
    private var portRules: [RestoreTextWriter] = []
    private var portDeclared: [Bool] = []
    private var portCount = 0
    private var portOrder: [Int] = []
    private var portIndex: [String: Int] = [:]
    /// Chains made by ``declareNew(_:reservingRules:)``: found by a scan, as in ``TableBuilder``.
    private var newPortSlots: [Int] = []
    /// How many chains of `portOrder` are already in the chunk's text (see ``declareNew(_:reservingRules:)``).
    private var portFlushed = 0
    /// Chains already in the chunk's text: a rule for one of them now could not go in its place.
    private var portClosed: [Bool] = []
    /// The chain whose rules go straight into the chunk's text (the endpoint chain written last).
    private var direct = -1

    /// The chain written last (a port chain when `lastIsPort`), found again without a look-up.
    private var last = -1
    private var lastIsPort = false

    init(_ name: TableName) {
        self.name = name
    }

    mutating func markInexact() { isExact = false }

    /// The slot of `chain` (a port chain or a shared one), made on first use.
    private mutating func slot(_ chain: String) -> (port: Bool, index: Int) {
        // The chain written last, found without classifying the name (usually the same string).
        if last >= 0, (lastIsPort ? portNames[last] : shared[last].name) == chain { return (lastIsPort, last) }
        let port = TableBuilder.isPerServicePort(chain)
        let index: Int
        if port {
            if !inServicePort { isExact = false }
            if let found = portIndex[chain] ?? newPortSlots.first(where: { portNames[$0] == chain }) {
                index = found
            } else {
                if !LimitScan.isPlainChainName(chain) { isExact = false }
                index = newPortSlot(chain)
                portIndex[chain] = index
            }
        } else if let found = sharedIndex[chain] {
            index = found
        } else {
            if !LimitScan.isPlainChainName(chain) { isExact = false }
            shared.append(SharedChain(name: chain))
            index = shared.count - 1
            sharedIndex[chain] = index
        }
        (last, lastIsPort) = (index, port)
        return (port, index)
    }

    /// A new slot of the current port (its name checked by the caller).
    private mutating func newPortSlot(_ chain: String) -> Int {
        if portCount == portNames.count {
            portNames.append(chain)
            portRules.append(RestoreTextWriter())
            portDeclared.append(false)
            portClosed.append(false)
        } else {
            portNames[portCount] = chain
            portDeclared[portCount] = false
            portClosed[portCount] = false
        }
        portCount += 1
        return portCount - 1
    }

    /// Runs `write` on the rules of `chain`.
    @inline(__always) mutating func withRules(_ chain: String, _ write: (inout RestoreTextWriter) -> Void) {
        let (port, index) = slot(chain)
        if !port {
            write(&shared[index].rules)
        } else if index == direct {
            write(&ownText.rules)
        } else {
            if portClosed[index] { isExact = false }
            write(&portRules[index])
        }
    }

    /// Declares the slot, once.
    private mutating func declare(port: Bool, _ index: Int) {
        if port {
            if !portDeclared[index] {
                portDeclared[index] = true
                portOrder.append(index)
            }
        } else if !shared[index].isDeclared {
            shared[index].isDeclared = true
            sharedOrder.append(index)
        }
    }

    /// Copies the current port's declared chains not yet there to the chunk's text, in
    /// declaration order (all but the last `keeping`).
    private mutating func flushDeclared(keeping: Int = 0) {
        for index in portOrder[portFlushed..<(portOrder.count - keeping)] {
            ownText.declarations.declaration(portNames[index])
            ownText.rules.append(portRules[index])
            portClosed[index] = true
        }
        portFlushed = portOrder.count - keeping
    }

    /// Copies the current port's chains to the chunk's text, in declaration order.
    private mutating func endServicePort() {
        flushDeclared()
        for index in 0..<portCount where !portDeclared[index] && !portRules[index].isEmpty {
            undeclared.append((portNames[index], portRules[index].bytes))
        }
        for index in 0..<portCount { portRules[index].removeAll() }
        portCount = 0
        portFlushed = 0
        direct = -1
        portOrder.removeAll(keepingCapacity: true)
        portIndex.removeAll(keepingCapacity: true)
        newPortSlots.removeAll(keepingCapacity: true)
        if lastIsPort { last = -1 }
    }
}

extension TextTableSink: IptablesTableSink {
    /// Sizes the chunk's text for its endpoint chains (nat: a declaration, hairpin, DNAT and
    /// a jump or two per endpoint, about 300 bytes; generously more, as memory reserved but
    /// never written is never touched) and its service chains. The filter table writes
    /// nothing per endpoint.
    mutating func reserve(servicePorts: Int, endpoints: Int) {
        guard name == .nat else { return }
        ownText.rules.reserveCapacity(endpoints * Self.natRuleBytesPerEndpoint + servicePorts * 512)
        ownText.declarations.reserveCapacity((endpoints + 4 * servicePorts) * 40)
    }

    /// Over the largest an endpoint's nat rules take without comments or affinity (IPv4:
    /// about 300 bytes).
    static let natRuleBytesPerEndpoint = 400

    mutating func beginServicePort() {
        if inServicePort { endServicePort() }
        inServicePort = true
    }

    mutating func declare(_ chain: String) {
        let (port, index) = slot(chain)
        declare(port: port, index)
    }

    mutating func declare(_ chain: String, reservingRules count: Int) {
        declare(chain)
    }

    /// The chains declared before `chain` come before it in the text: they are copied there
    /// now, and `chain`'s rules then go straight after them, without a copy (most of a large
    /// cluster's text: the endpoint chains). The compiler never writes to those chains again;
    /// if anything did, the text would step aside (``isExact``).
    ///
    /// `chain` is not checked: endpoint chain names are `KUBE-SEP-` and 16 base32 characters
    /// (``ChainHash``), within every limit by construction.
    mutating func declareNew(_ chain: String, reservingRules count: Int) {
        if !inServicePort { isExact = false }
        if direct >= 0 { portClosed[direct] = true }
        let index = newPortSlot(chain)
        newPortSlots.append(index)
        (last, lastIsPort) = (index, true)
        declare(port: true, index)
        flushDeclared(keeping: 1)
        ownText.declarations.declaration(chain)
        portFlushed = portOrder.count
        direct = index
    }

    mutating func append(_ chain: String, _ arguments: [RuleArgument], _ target: Target) {
        // The check ``RulesetLimits`` makes first, on the same rule; it measures the line, so
        // a clean rule is written through one reservation of exactly its length.
        let prefixBytes = 3 + chain.utf8.count
        if let length = LimitScan.cleanLength(arguments, target, prefixBytes: prefixBytes, commandWords: 2) {
            return withRules(chain) { writer in
                writer.withLine(maxBytes: prefixBytes + length + 1) { cursor in
                    cursor.put("-A ")
                    cursor.put(chain)
                    arguments.withUnsafeBufferPointer { arguments in
                        for index in arguments.indices { arguments[index].emit(into: &cursor) }
                    }
                    target.emit(into: &cursor)
                    cursor.put(0x0A)
                }
            }
        }
        isExact = false
        withRules(chain) { writer in
            writer.beginLine("-A", chain)
            arguments.withUnsafeBufferPointer { arguments in
                for index in arguments.indices { arguments[index].emit(into: &writer) }
            }
            target.emit(into: &writer)
            writer.newline()
        }
    }

    mutating func packServiceChains() {
        if inServicePort { endServicePort() }
        inServicePort = false
    }

    /// Merges a chunk (after its ``packServiceChains()``): its service chains after the ones
    /// merged before, its shared chains' rules after this sink's.
    mutating func append(contentsOf other: consuming TextTableSink) {
        if !other.isExact || other.inServicePort { isExact = false }
        if packedAt == nil { packedAt = sharedOrder.count }
        packed += other.packed
        packed.append(other.ownText)
        undeclared += other.undeclared
        for offset in other.shared.indices {
            let chain = other.shared[offset].name
            let (_, index) = slot(chain)
            // ``TableBuilder`` refuses a chunk declaring a shared chain (its place is unclear).
            if other.shared[offset].isDeclared, !shared[index].isDeclared { isExact = false }
            if !other.shared[offset].pieces.isEmpty || !other.shared[offset].rules.isEmpty {
                if !shared[index].rules.isEmpty { shared[index].pieces.append(shared[index].rules.take()) }
                shared[index].pieces += other.shared[offset].pieces
                if !other.shared[offset].rules.isEmpty { shared[index].pieces.append(other.shared[offset].rules.take()) }
            }
        }
        last = -1
    }
}
