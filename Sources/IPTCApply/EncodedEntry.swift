#if LibIPTC
import CIPTC

/// One `ipt_entry` blob as libiptc takes it (`iptc_append_entry`), and the byte mask
/// `iptc_delete_entry` compares it with: 0xFF where the bytes identify the rule, 0x00 over fields
/// the kernel owns (statistic's and nfacct's private pointers), as iptables' own masks do.
struct EncodedEntry: Equatable {
    var bytes: [UInt8]
    var mask: [UInt8]

    /// `XT_ALIGN`: matches and targets are padded to the alignment of `struct _xt_align` (8).
    static func align(_ size: Int) -> Int { (size + 7) & ~7 }
}

/// Lays out an entry from the kernel's C structs. Every struct is filled in place inside a zeroed
/// buffer: copying a Swift value of a C struct would also copy its padding bytes, whose content
/// is undefined, and the kernel would keep them.
struct EntryBuilder {
    private var entryBytes = [UInt8](repeating: 0, count: MemoryLayout<ipt_entry>.size)
    private var matchBytes: [UInt8] = []
    private var matchMask: [UInt8] = []

    /// Changes the fixed `ipt_entry` part (addresses, interfaces, protocol, inversion flags).
    mutating func entry(_ fill: (inout ipt_entry) -> Void) {
        Self.fill(&entryBytes, at: 0, as: ipt_entry.self, fill)
    }

    /// Appends `xt_entry_match` + its `Info`; `userspaceSize` bytes of the info identify the
    /// rule (iptables' `userspacesize`), the rest is the kernel's.
    mutating func addMatch<Info>(
        _ name: String, revision: UInt8, _ type: Info.Type, userspaceSize: Int? = nil, _ fill: (inout Info) -> Void = { _ in }
    ) {
        let headerSize = EncodedEntry.align(MemoryLayout<xt_entry_match>.size)
        let size = headerSize + EncodedEntry.align(MemoryLayout<Info>.size)
        var bytes = [UInt8](repeating: 0, count: size)
        Self.fill(&bytes, at: 0, as: xt_entry_match.self) { header in
            header.u.user.match_size = UInt16(size)
            Self.copy(name, into: &header.u.user.name)
            header.u.user.revision = revision
        }
        Self.fill(&bytes, at: headerSize, as: Info.self, fill)
        matchBytes += bytes
        let identifying = headerSize + (userspaceSize ?? MemoryLayout<Info>.size)
        matchMask += [UInt8](repeating: 0xFF, count: identifying) + [UInt8](repeating: 0, count: size - identifying)
    }

    /// Finishes the entry with a target: `xt_entry_target` named `name` and its `Payload`.
    func finish<Payload>(
        target name: String, revision: UInt8 = 0, _ type: Payload.Type, _ fill: (inout Payload) -> Void = { _ in }
    ) -> EncodedEntry {
        let headerSize = EncodedEntry.align(MemoryLayout<xt_entry_target>.size)
        let size = headerSize + EncodedEntry.align(MemoryLayout<Payload>.size)
        var target = [UInt8](repeating: 0, count: size)
        Self.fill(&target, at: 0, as: xt_entry_target.self) { header in
            header.u.user.target_size = UInt16(size)
            Self.copy(name, into: &header.u.user.name)
            header.u.user.revision = revision
        }
        Self.fill(&target, at: headerSize, as: Payload.self, fill)

        var bytes = entryBytes
        let entrySize = entryBytes.count
        Self.fill(&bytes, at: 0, as: ipt_entry.self) { entry in
            entry.target_offset = UInt16(entrySize + matchBytes.count)
            entry.next_offset = UInt16(entrySize + matchBytes.count + size)
        }
        bytes += matchBytes + target
        let mask = [UInt8](repeating: 0xFF, count: entrySize) + matchMask + [UInt8](repeating: 0xFF, count: size)
        return EncodedEntry(bytes: bytes, mask: mask)
    }

    /// Runs `fill` on the `T` stored at `offset` of `bytes`, in place.
    private static func fill<T>(_ bytes: inout [UInt8], at offset: Int, as type: T.Type, _ fill: (inout T) -> Void) {
        precondition(offset + MemoryLayout<T>.size <= bytes.count)
        bytes.withUnsafeMutableBytes { raw in
            let pointer = (raw.baseAddress! + offset).bindMemory(to: T.self, capacity: 1)
            fill(&pointer.pointee)
        }
    }

    /// Copies `text` NUL-terminated into a fixed C char array (a tuple in Swift); the caller has
    /// checked that it fits.
    static func copy<Tuple>(_ text: String, into field: inout Tuple) {
        withUnsafeMutableBytes(of: &field) { raw in
            for index in raw.indices { raw[index] = 0 }
            for (index, byte) in text.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
    }

    /// Whether `text` plus its NUL fits a C char array of `Tuple`'s size.
    static func fits<Tuple>(_ text: String, in _: Tuple.Type) -> Bool {
        text.utf8.count < MemoryLayout<Tuple>.size && !text.utf8.contains(0)
    }
}
#endif
