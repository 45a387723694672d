#if LibIPTC
import CIPTC

/// Comparing kernel blobs, for tests and diagnostics: which bytes of an `ipt_entry` identify the
/// rule, and which belong to the kernel (counters, `comefrom`, a jump's resolved offset, private
/// pointers of statistic and nfacct).
enum IPTCInspection {
    /// The first differing identifying byte of `a` and `b`, or nil when they are the same rule.
    /// `mask` is our encoding of the rule: its mask marks the identifying bytes of the matches.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8], mask encoded: EncodedEntry) -> Int? {
        guard a.count == b.count, a.count == encoded.bytes.count else { return min(a.count, b.count) }
        var mask = encoded.mask
        let comefrom = MemoryLayout<ipt_entry>.offset(of: \.comefrom)!
        let counters = MemoryLayout<ipt_entry>.offset(of: \.counters)!
        for index in comefrom..<(comefrom + 4) { mask[index] = 0 }
        for index in counters..<(counters + MemoryLayout<xt_counters>.size) { mask[index] = 0 }
        // A standard target's verdict is a kernel offset for jumps; libiptc reports its name instead.
        let targetOffset = Int(a.withUnsafeBytes { $0.load(fromByteOffset: MemoryLayout<ipt_entry>.offset(of: \.target_offset)!, as: UInt16.self) })
        let nameStart = targetOffset + 2
        if a[nameStart] == 0 {
            for index in targetOffset..<a.count { mask[index] = 0 }
        }
        // Name fields keep, after their NUL, whatever the writer's memory held (iptables leaves
        // heap bytes there); only the name itself identifies the extension.
        var offset = MemoryLayout<ipt_entry>.size
        while offset + 32 <= a.count {
            let size = Int(a[offset]) | Int(a[offset + 1]) << 8
            if let end = a[(offset + 2)..<(offset + 31)].firstIndex(of: 0) {
                for index in (end + 1)..<(offset + 31) { mask[index] = 0 }
            }
            guard size >= 32 else { break }
            offset += size
        }
        for index in a.indices where (a[index] ^ b[index]) & mask[index] != 0 { return index }
        return nil
    }
}
#endif
