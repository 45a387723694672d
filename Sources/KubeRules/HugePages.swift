#if canImport(Glibc)
import Glibc
#endif

/// Transparent huge pages for the few buffers of tens of megabytes that a run fills once (the
/// input text, the rules' text): one page fault per 2 MB instead of one per 4 KB. At 10k services
/// those buffers are about 80 MB, which is 20,000 faults with small pages — in a VM, where each
/// fault costs microseconds, a tenth of a render's CPU time.
///
/// Linux backs a region with huge pages when it is asked to (`MADV_HUGEPAGE`; the system setting
/// is `madvise` on most distributions, `always` on some, where this changes nothing).
enum HugePages {
    /// Huge-page size of x86-64 and of arm64 with 4 KB pages; only the buffer's whole 2 MB-aligned
    /// part is advised, so a smaller buffer is left as it is.
    static let size = 2 << 20

    /// Advises the 2 MB-aligned interior of `count` bytes at `base`. Call it before the bytes are
    /// first written: pages already touched stay small. Only a hint; failures are ignored.
    static func advise(_ base: UnsafeMutableRawPointer, count: Int) {
        #if os(Linux)
        let address = Int(bitPattern: base)
        let start = (address + size - 1) & ~(size - 1)
        let end = (address + count) & ~(size - 1)
        guard end > start, let region = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(region, end - start, MADV_HUGEPAGE)
        #endif
    }
}
