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
    /// This sink's own service chains (``TextTableSink+Text`` writes endpoint chains into it).
    var ownText = ServiceText()
    /// Chains that got rules but no declaration.
    private(set) var undeclared: [(name: String, rules: [UInt8])] = []

    // The current service port's chains; the buffers stay allocated across ports.
    private var inServicePort = false
    private var portNames: [String] = []
    private var portRules: [RestoreTextWriter] = []
    private var portDeclared: [Bool] = []
    private var portCount = 0
    private var portOrder: [Int] = []
    /// The first slot of each name, kept only beyond ``scanLimit`` slots (see ``slot(_:)``).
    private var portIndex: [String: Int] = [:]
    /// How many chains of `portOrder` are already in the chunk's text (see ``declareNew(_:reservingRules:)``).
    private var portFlushed = 0
    /// Chains already in the chunk's text: a rule for one of them now could not go in its place.
    private var portClosed: [Bool] = []
    /// The chain whose rules go straight into the chunk's text (the endpoint chain written last).
    private var direct = -1
    /// The endpoint chain written last by ``openEndpointChain(_:)``, when it is the direct one.
    private var directEndpoint: (UInt64, UInt64)?

    /// The chain written last (a port chain when `lastIsPort`), found again without a look-up.
    private var last = -1
    private var lastIsPort = false

    init(_ name: TableName) {
        self.name = name
    }

    mutating func markInexact() { isExact = false }

    /// Up to this many chains (of the port, or shared) are found by a scan, beyond through a
    /// dictionary: a service port has a handful of its own (its endpoint chains take no slot
    /// when written whole), and there are a few shared ones.
    private static let scanLimit = 16

    /// The slot of `chain` (a port chain or a shared one), made on first use. A name is found
    /// in its first slot, as ``TableBuilder`` finds it (a name classifies as a port chain or a
    /// shared one, so it is only ever in one of the two lists).
    private mutating func slot(_ chain: String) -> (port: Bool, index: Int) {
        // The chain written last, found without classifying the name (usually the same string).
        if last >= 0, (lastIsPort ? portNames[last] : shared[last].name) == chain { return (lastIsPort, last) }
        if let found = portSlot(chain) {
            (last, lastIsPort) = (found, true)
            return (true, found)
        }
        if let found = sharedSlot(chain) {
            (last, lastIsPort) = (found, false)
            return (false, found)
        }
        let port = TableBuilder.isPerServicePort(chain)
        let index: Int
        if port {
            if !inServicePort { isExact = false }
            if !LimitScan.isPlainChainName(chain) { isExact = false }
            index = newPortSlot(chain)
        } else {
            if !LimitScan.isPlainChainName(chain) { isExact = false }
            shared.append(SharedChain(name: chain))
            index = shared.count - 1
            sharedIndex[chain] = index
        }
        (last, lastIsPort) = (index, port)
        return (port, index)
    }

    /// The first slot of the current port named `chain`.
    private func portSlot(_ chain: String) -> Int? {
        guard portCount > Self.scanLimit else {
            return portNames.withUnsafeBufferPointer { names in
                (0..<portCount).first { names[$0] == chain }
            }
        }
        return portIndex[chain]
    }

    /// The slot of the shared chain `chain`.
    private func sharedSlot(_ chain: String) -> Int? {
        guard shared.count > Self.scanLimit else {
            return shared.withUnsafeBufferPointer { shared in shared.indices.first { shared[$0].name == chain } }
        }
        return sharedIndex[chain]
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
        if portCount > Self.scanLimit {
            if portIndex.isEmpty {
                for index in (0..<portCount).reversed() { portIndex[portNames[index]] = index }
            } else if portIndex[chain] == nil {
                portIndex[chain] = portCount - 1
            }
        }
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
        directEndpoint = nil
        portOrder.removeAll(keepingCapacity: true)
        portIndex.removeAll(keepingCapacity: true)
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
        directEndpoint = nil
        let index = newPortSlot(chain)
        (last, lastIsPort) = (index, true)
        declare(port: true, index)
        flushDeclared(keeping: 1)
        ownText.declarations.declaration(chain)
        portFlushed = portOrder.count
        direct = index
    }

    /// Starts an endpoint chain whose declaration and rules the caller writes straight into
    /// ``ownText`` (``appendEndpointChain(_:isNew:comment:recordAffinity:protocol:)``): as
    /// ``declareNew(_:reservingRules:)``, without a slot, as nothing looks the chain up by name
    /// (a second claim of it is ``isDirectEndpointChain(_:)``). False outside a service port,
    /// where the caller takes the general path.
    mutating func openEndpointChain(_ hash: (UInt64, UInt64)) -> Bool {
        guard inServicePort else { return false }
        if direct >= 0 { portClosed[direct] = true }
        direct = -1
        flushDeclared()
        directEndpoint = hash
        return true
    }

    /// Whether the endpoint chain `hash` is the one written last (``openEndpointChain(_:)``),
    /// so its rules can still go straight after it; otherwise they could not go in its place.
    func isDirectEndpointChain(_ hash: (UInt64, UInt64)) -> Bool {
        inServicePort && directEndpoint.map { $0 == hash } == true
    }

    mutating func append(_ chain: String, _ arguments: [RuleArgument], _ target: Target) {
        // Written and checked in one pass (``CheckedLineCursor``: what ``RulesetLimits`` checks
        // first, on the same rule); a rule it does not vouch for is dropped and written the
        // general way, and the text steps aside.
        let prefixBytes = 3 + chain.utf8.count
        var kept = false
        withRules(chain) { writer in
            kept = writer.withLineIfKept(maxBytes: CheckedLineCursor.reservation(prefixBytes: prefixBytes)) { cursor in
                let lineStart = cursor.position
                cursor.put("-A ")
                cursor.put(chain)
                var line = CheckedLineCursor(cursor, lineStart: lineStart)
                let clean = arguments.withUnsafeBufferPointer { arguments in
                    for index in arguments.indices {
                        guard LimitScan.isClean(arguments[index]) else { return false }
                        arguments[index].emit(into: &line)
                    }
                    return true
                }
                guard clean else { return false }
                target.emit(into: &line)
                guard line.isWithinLimits(commandWords: 2) else { return false }
                if case .jump(let chain) = target, !LimitScan.isPlainChainName(chain) { return false }
                cursor = line.cursor
                cursor.put(0x0A)
                return true
            }
        }
        if kept { return }
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
