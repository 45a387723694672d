#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes straight to a file descriptor with write(2): no `Data` copy, no buffering layer, so
/// tens of megabytes of rules reach stdout from the one buffer they were rendered into.
enum FileDescriptorOutput {
    /// Writes every byte, retrying short writes and EINTR. Other errors (a closed pipe) stop
    /// the write: there is nobody left to tell, as with `FileHandle.write` before.
    static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) {
        guard var next = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(descriptor, next, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            next += written
            remaining -= written
        }
    }
}

/// A value kept alive on purpose until the process exits (``CommandIO/retainUntilExit``).
final class ExitRetained {
    let value: Any

    init(_ value: Any) {
        self.value = value
    }
}
