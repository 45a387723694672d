#if LibIPTC
import CIPTC
import Glibc
import KubeRules
import KubeRulesApply

/// One table opened through libiptc: a snapshot taken by `iptc_init`, changed in memory, and
/// swapped into the kernel whole by ``commit()`` (one `IPT_SO_SET_REPLACE`, atomic).
///
/// The handle is owned here and freed in `deinit`; every libiptc call goes through
/// ``call(_:chain:_:)``, the one place that turns libiptc's 0-means-failure and `errno` into an
/// ``ApplyError`` worded by `iptc_strerror`. libiptc drives the legacy xtables backend only (the
/// `ip_tables` socket options); on an nf_tables host use `--backend restore --iptables nft`.
final class IPTCTable {
    let name: TableName
    private let handle: OpaquePointer

    /// Opens `name` in the calling thread's network namespace.
    init(_ name: TableName) throws(ApplyError) {
        self.name = name
        guard let handle = iptc_init(name.rawValue) else {
            throw .libiptc(operation: "iptc_init", table: name, chain: nil, message: Self.message(errno))
        }
        self.handle = handle
    }

    deinit { iptc_free(handle) }

    /// The choke point: runs a libiptc call returning 1 on success, 0 on failure (with errno).
    func call(_ operation: String, chain: String? = nil, _ body: (OpaquePointer) -> Int32) throws(ApplyError) {
        errno = 0
        guard body(handle) != 0 else {
            throw .libiptc(operation: operation, table: name, chain: chain, message: Self.message(errno))
        }
    }

    func isChain(_ chain: String) -> Bool { iptc_is_chain(chain, handle) != 0 }

    func createChain(_ chain: String) throws(ApplyError) {
        try call("iptc_create_chain", chain: chain) { iptc_create_chain(chain, $0) }
    }

    func flush(_ chain: String) throws(ApplyError) {
        try call("iptc_flush_entries", chain: chain) { iptc_flush_entries(chain, $0) }
    }

    func deleteChain(_ chain: String) throws(ApplyError) {
        try call("iptc_delete_chain", chain: chain) { iptc_delete_chain(chain, $0) }
    }

    func append(_ entry: EncodedEntry, to chain: String) throws(ApplyError) {
        try call("iptc_append_entry", chain: chain) { handle in
            entry.bytes.withUnsafeBytes { iptc_append_entry(chain, $0.baseAddress!.assumingMemoryBound(to: ipt_entry.self), handle) }
        }
    }

    /// Inserts at the top (rule number 0), as `iptables -I CHAIN` does.
    func insert(_ entry: EncodedEntry, into chain: String) throws(ApplyError) {
        try call("iptc_insert_entry", chain: chain) { handle in
            entry.bytes.withUnsafeBytes {
                iptc_insert_entry(chain, $0.baseAddress!.assumingMemoryBound(to: ipt_entry.self), 0, handle)
            }
        }
    }

    /// Deletes the first rule equal to `entry` under its mask, as `iptables -D CHAIN rule` does.
    func delete(_ entry: EncodedEntry, from chain: String) throws(ApplyError) {
        var mask = entry.mask
        try call("iptc_delete_entry", chain: chain) { handle in
            entry.bytes.withUnsafeBytes { raw in
                mask.withUnsafeMutableBufferPointer { maskBuffer in
                    iptc_delete_entry(
                        chain, raw.baseAddress!.assumingMemoryBound(to: ipt_entry.self), maskBuffer.baseAddress, handle)
                }
            }
        }
    }

    /// Swaps the changed table into the kernel.
    func commit() throws(ApplyError) {
        try call("iptc_commit") { iptc_commit($0) }
    }

    /// The chains of the table, built-in first, as libiptc lists them.
    func chains() -> [String] {
        var names: [String] = []
        var chain = iptc_first_chain(handle)
        while let current = chain {
            names.append(String(cString: current))
            chain = iptc_next_chain(handle)
        }
        return names
    }

    /// Each rule of `chain` as raw bytes, with its target's name as libiptc reports it (a chain
    /// name for jumps, whose kernel form is an offset). For tests comparing encodings.
    func rawRules(of chain: String) -> [(bytes: [UInt8], target: String)] {
        var rules: [(bytes: [UInt8], target: String)] = []
        var entry = iptc_first_rule(chain, handle)
        while let current = entry {
            let size = Int(current.pointee.next_offset)
            let bytes = Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(current), count: size))
            rules.append((bytes, String(cString: iptc_get_target(current, handle))))
            entry = iptc_next_rule(current, handle)
        }
        return rules
    }

    static func message(_ code: Int32) -> String {
        String(cString: iptc_strerror(code))
    }
}
#endif
