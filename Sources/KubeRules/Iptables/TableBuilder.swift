/// Accumulates one table while the compiler writes it: chains in the order they are declared
/// (kube-proxy's `natChains`/`filterChains` buffers) and each chain's rules in the order they
/// are appended (its `natRules`/`filterRules`, grouped by chain).
///
/// Grouping by chain drops only the interleaving of `-A` lines across chains, which
/// `iptables-restore` ignores and kube-proxy's test normalization discards.
///
/// Chains live in arrays, and the chain written last is remembered: the compiler writes a
/// chain's rules one after the other, so most appends need no lookup at all. A large cluster has
/// hundreds of thousands of per-service chains (`KUBE-SVC-…`, `KUBE-SEP-…`); their names hash
/// the service port's name, so each is written only while its own service port is
/// (``beginServicePort()``), and is looked up in a small per-port index instead of one huge
/// dictionary.
struct TableBuilder {
    let name: TableName
    private var names: [String] = []
    private var ruleLists: [[Rule]] = []
    private var isDeclared: [Bool] = []
    /// Declared chains' indexes, in declaration order.
    private var order: [Int] = []
    /// Chains shared by service ports (`KUBE-SERVICES`, …).
    private var index: [String: Int] = [:]
    /// The current service port's own chains.
    private var portIndex: [String: Int] = [:]
    /// The current service port's chains declared by ``declareNew(_:reservingRules:)``: not in
    /// `portIndex` (hashing one name per endpoint costs more than the rare look-up, a scan).
    private var newPortSlots: [Int] = []
    private var last = -1
    /// Per-service chains of merged chunks, built (``packServiceChains()``), in chunk order:
    /// they follow the chains declared here before the first such merge, `packedAt`.
    private var packedChains: [[Chain]] = []
    /// Per-service chains of merged chunks that got rules but no declaration.
    private var packedUndeclared: [Chain] = []
    private var packedAt: Int?

    init(_ name: TableName) {
        self.name = name
    }

    /// Starts writing another service port: its chains are new (see the type's summary).
    mutating func beginServicePort() {
        portIndex.removeAll(keepingCapacity: true)
        newPortSlots.removeAll(keepingCapacity: true)
        last = -1
    }

    /// The index of `chain`'s slot, made on first use.
    private mutating func slot(_ chain: String) -> Int {
        if last >= 0, names[last] == chain { return last }
        let perPort = Self.isPerServicePort(chain)
        if let existing = perPort ? portIndex[chain] : index[chain] {
            last = existing
            return existing
        }
        if perPort, let existing = newPortSlots.first(where: { names[$0] == chain }) {
            last = existing
            return existing
        }
        let new = newSlot(chain)
        if perPort { portIndex[chain] = new } else { index[chain] = new }
        last = new
        return new
    }

    private mutating func newSlot(_ chain: String) -> Int {
        names.append(chain)
        ruleLists.append([])
        isDeclared.append(false)
        return names.count - 1
    }

    /// Declares `chain` (`:CHAIN - [0:0]`) unless it already is. kube-proxy sometimes writes a
    /// chain's first rule before its declaration line (the cluster-IP masquerade rule of
    /// `KUBE-SVC-*`); declaring separately keeps its declaration order.
    mutating func declare(_ chain: String) {
        let slot = slot(chain)
        if !isDeclared[slot] {
            isDeclared[slot] = true
            order.append(slot)
        }
    }

    /// Declares `chain` like ``declare(_:)``, with room for `count` rules: the caller appends
    /// exactly that many, so the chain's rule list is allocated once at its final size.
    mutating func declare(_ chain: String, reservingRules count: Int) {
        declare(chain)
        ruleLists[last].reserveCapacity(ruleLists[last].count + count)
    }

    /// ``declare(_:reservingRules:)`` for a per-service-port chain (``isPerServicePort(_:)``)
    /// that the caller knows is new in the current service port (a `KUBE-SEP-` chain written
    /// for the first time): no look-up, no hashing of the name. Later look-ups of it (never
    /// made by the compiler) still find it, by a scan.
    mutating func declareNew(_ chain: String, reservingRules count: Int) {
        let new = newSlot(chain)
        newPortSlots.append(new)
        last = new
        declare(chain, reservingRules: count)
    }

    /// Appends `-A chain arguments -j target`.
    mutating func append(_ chain: String, _ arguments: [RuleArgument], _ target: Target) {
        ruleLists[slot(chain)].append(Rule(arguments, target))
    }

    /// Builds the per-service chains (``isPerServicePort(_:)``: written by this builder's service
    /// ports only) into chains, keeping the shared ones (`KUBE-SERVICES`, …) as slots. Each
    /// chunk's builder does this concurrently, so ``append(contentsOf:)`` on the main thread
    /// only moves whole lists instead of touching a few hundred thousand chains.
    mutating func packServiceChains() {
        let perPort = names.map(Self.isPerServicePort)
        var own: [Chain] = []
        own.reserveCapacity(order.count)
        for slot in order where perPort[slot] { own.append(Chain(name: names[slot], rules: take(slot))) }
        var undeclared = packedUndeclared
        for slot in names.indices where perPort[slot] && !isDeclared[slot] && !ruleLists[slot].isEmpty {
            undeclared.append(Chain(name: names[slot], rules: take(slot)))
        }
        var shared = TableBuilder(name)
        var map = [Int](repeating: -1, count: names.count)
        for slot in names.indices where !perPort[slot] {
            map[slot] = shared.newSlot(names[slot])
            shared.ruleLists[map[slot]] = take(slot)
            shared.isDeclared[map[slot]] = isDeclared[slot]
            shared.index[names[slot]] = map[slot]
        }
        shared.order = order.filter { !perPort[$0] }.map { map[$0] }
        shared.packedChains = packedChains + [own]
        shared.packedUndeclared = undeclared
        self = shared
    }

    /// Appends everything `other` declared and wrote, after what this builder has, as if
    /// `other`'s calls had been made here. `other`'s rule lists and packed chains are moved,
    /// not copied.
    mutating func append(contentsOf other: consuming TableBuilder) {
        if !other.packedChains.isEmpty, packedAt == nil { packedAt = order.count }
        // Per-service chains are new here (their service ports were written in `other` only).
        var map = [Int](repeating: -1, count: other.names.count)
        for offset in other.names.indices where Self.isPerServicePort(other.names[offset]) {
            map[offset] = newSlot(other.names[offset])
        }
        for slot in other.order {
            if map[slot] < 0 { map[slot] = self.slot(other.names[slot]) }
            let target = map[slot]
            if !isDeclared[target] {
                // Packed chains sit at `packedAt`: a chain declared by a later chunk must not
                // come before them (service ports declare only their own chains).
                precondition(other.packedChains.isEmpty, "a packed chunk declared a shared chain")
                isDeclared[target] = true
                order.append(target)
            }
        }
        for offset in other.ruleLists.indices where !other.ruleLists[offset].isEmpty {
            if map[offset] < 0 { map[offset] = slot(other.names[offset]) }
            let target = map[offset]
            if ruleLists[target].isEmpty {
                swap(&ruleLists[target], &other.ruleLists[offset])
            } else {
                ruleLists[target].append(contentsOf: other.ruleLists[offset])
            }
        }
        packedChains += other.packedChains
        packedUndeclared += other.packedUndeclared
        last = -1
    }

    /// The table. A chain that got rules but was never declared still appears (after the
    /// declared ones, sorted), so no rule is ever silently lost. The rule lists move into the
    /// table's chains.
    consuming func build(hooks: [HookRule] = []) -> Table {
        let at = packedAt ?? order.count
        var undeclared = names.indices.filter { !isDeclared[$0] && !ruleLists[$0].isEmpty }
            .map { Chain(name: names[$0], rules: take($0)) } + packedUndeclared
        undeclared.sort { $0.name < $1.name }
        var parts = [order[..<at].map { Chain(name: names[$0], rules: take($0)) }]
        parts.reserveCapacity(packedChains.count + 3)
        for index in packedChains.indices {
            // Moved out, so `parts` holds the only reference and `concatenate` can move the
            // chains without copying the list first.
            var part: [Chain] = []
            swap(&part, &packedChains[index])
            parts.append(part)
        }
        parts.append(order[at...].map { Chain(name: names[$0], rules: take($0)) })
        parts.append(undeclared)
        return Table(name: name, chains: Self.concatenate(&parts), hooks: hooks)
    }

    /// Slot `slot`'s rules, leaving it empty.
    private mutating func take(_ slot: Int) -> [Rule] {
        var rules: [Rule] = []
        swap(&rules, &ruleLists[slot])
        return rules
    }

    /// The chains of `parts` in order, in one array, each moved (its bytes copied) rather than
    /// copied with a retain of its name and rules: the main thread never touches the chains'
    /// own storage.
    private static func concatenate(_ parts: inout [[Chain]]) -> [Chain] {
        let total = parts.reduce(0) { $0 + $1.count }
        return [Chain](unsafeUninitializedCapacity: total) { buffer, count in
            for index in parts.indices {
                parts[index].withUnsafeMutableBufferPointer { source in
                    guard let from = source.baseAddress, let to = buffer.baseAddress else { return }
                    (to + count).moveInitialize(from: from, count: source.count)
                    // Invariant: the closure must leave every element of `source` initialized.
                    // Refill the moved-out slots with empty chains (nothing to release).
                    from.initialize(repeating: Chain(name: ""), count: source.count)
                    count += source.count
                }
            }
        }
    }

    /// ``KubeChain/isServiceChain(_:)`` on bytes (it runs for every chain lookup).
    static func isPerServicePort(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            guard bytes.count >= 8, bytes[0] == UInt8(ascii: "K"), bytes[1] == UInt8(ascii: "U"),
                bytes[2] == UInt8(ascii: "B"), bytes[3] == UInt8(ascii: "E"), bytes[4] == UInt8(ascii: "-")
            else { return false }
            let (a, b, c) = (bytes[5], bytes[6], bytes[7])
            if a == UInt8(ascii: "F"), b == UInt8(ascii: "W"), c == UInt8(ascii: "-") { return true }
            guard bytes.count >= 9, bytes[8] == UInt8(ascii: "-") else { return false }
            return (a == UInt8(ascii: "S") && b == UInt8(ascii: "V") && (c == UInt8(ascii: "C") || c == UInt8(ascii: "L")))
                || (a == UInt8(ascii: "S") && b == UInt8(ascii: "E") && c == UInt8(ascii: "P"))
                || (a == UInt8(ascii: "E") && b == UInt8(ascii: "X") && c == UInt8(ascii: "T"))
        }
    }
}
