import Foundation

/// The UTF-8 offsets where each line of a text starts (line 1 at index 0), computed on the
/// first request and kept: a ``SourceText`` is made for every input, but only a run with a
/// diagnostic asks for a line, so a clean run never pays the pass over its tens of megabytes.
///
/// A class so every copy of the ``SourceText`` shares one index; the lock makes the one-time
/// computation safe when diagnostics are attached from several threads.
final class SourceLineIndex: @unchecked Sendable {
    /// The text indexed (a reference to the same storage as the ``SourceText``'s own).
    private let text: String
    private let lock = NSLock()
    /// Guarded by `lock`; nil until first asked for.
    private var computed: [Int]?

    init(_ text: String) {
        self.text = text
    }

    /// Offsets just past every line break, after 0.
    var starts: [Int] {
        lock.lock()
        defer { lock.unlock() }
        if let computed { return computed }
        var text = text
        var starts = [0]
        text.withUTF8 { bytes in
            // One tight pass over contiguous bytes: inputs run to tens of megabytes.
            starts.reserveCapacity(bytes.count / 24)
            ByteScan.lineBreakEnds(bytes, into: &starts)
        }
        computed = starts
        return starts
    }
}
