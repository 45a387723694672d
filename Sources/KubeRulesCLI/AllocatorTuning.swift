#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator settings for one short-lived kuberules process, applied before any work.
///
/// A render of a large cluster builds ~100 MB of short-lived buffers: tens of megabytes of input
/// text, per-core parse results, the rules' text. With glibc's defaults, every buffer above
/// 128 KB is a fresh `mmap` (its pages faulted in and zeroed one by one, then unmapped on free),
/// and free memory at the heap's top goes back to the kernel as soon as it passes 128 KB, to be
/// faulted in again by the next stage. A third of a render's page faults came from that churn.
/// The process exits within a second, so keeping what it freed costs nothing: buffers up to
/// 32 MB come from the heap (and are reused), the heap grows in 64 MB steps of address space
/// (pages are still touched only when used) and is never trimmed.
///
/// The benchmark applies the same settings in its own process, so the Yams and libyaml
/// references it measures get the same allocator as kuberules does.
public enum AllocatorTuning {
    /// Applies the settings; true if the C library took every one (false where it has no
    /// `mallopt`, i.e. is not glibc: nothing changes there).
    @discardableResult
    public static func apply() -> Bool {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which Swift's Glibc module does not import; it is
        // looked up instead (RTLD_DEFAULT is the null handle). Parameter numbers from <malloc.h>.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, topPad: Int32 = -2, mmapThreshold: Int32 = -3
        // glibc refuses thresholds above half its 64 MB per-thread heap: 32 MB is the largest.
        let accepted = [mallopt(mmapThreshold, 32 << 20), mallopt(trimThreshold, Int32.max), mallopt(topPad, 64 << 20)]
        return accepted.allSatisfy { $0 == 1 }
        #else
        return false
        #endif
    }
}
