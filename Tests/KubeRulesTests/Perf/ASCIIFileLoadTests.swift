import Foundation
import Testing
@testable import KubeRules

/// ``ManifestReader/readASCIIText(_:)``, the in-place read of ASCII files: it must give exactly
/// the text the general path (``ManifestReader/readBytes(_:)`` + ``SourceText/init(name:bytes:)``)
/// gives, and leave every other file to that path.
@Suite("ASCII file load")
struct ASCIIFileLoadTests {
    /// Writes `bytes` to a fresh temporary file and passes its path to `body`.
    static func withFile<T>(_ bytes: [UInt8], _ body: (String) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kr-fastread-\(getpid())-\(UUID().uuidString).yaml")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    @Test("an ASCII file reads as the general path reads it")
    func asciiFile() throws {
        let text = "apiVersion: v1\nkind: List\r\nitems: []\n# \u{7F} and \t are ASCII too\n"
        let (fast, general) = try Self.withFile(Array(text.utf8)) { path in
            (ManifestReader.readASCIIText(path), try SourceText(name: path, bytes: ManifestReader.readBytes(path)!).text)
        }
        #expect(fast == text)
        #expect(fast == general)
    }

    @Test("non-ASCII, a byte-order mark, invalid UTF-8 and empty files take the general path")
    func otherFiles() throws {
        let cases: [[UInt8]] = [
            Array("name: héllo\n".utf8),
            [0xEF, 0xBB, 0xBF] + Array("kind: List\n".utf8),
            Array("kind: List\n".utf8) + [0xFF],
            [],
        ]
        for bytes in cases {
            let fast = try Self.withFile(bytes) { ManifestReader.readASCIIText($0) }
            #expect(fast == nil, "\(bytes)")
        }
        #expect(ManifestReader.readASCIIText("/nonexistent/kr-fastread") == nil)
    }

    @Test("a file of several megabytes, read in parallel parts, reads as the general path reads it")
    func largeFiles() throws {
        // Not a multiple of the part count, so the last part is shorter.
        let size = ManifestReader.parallelReadSize + 12_345
        var bytes = [UInt8](repeating: 0, count: size)
        for index in bytes.indices { bytes[index] = index % 61 == 60 ? 0x0A : UInt8(0x20 + index % 95) }
        let (fast, general) = try Self.withFile(bytes) { path in
            (ManifestReader.readASCIIText(path), try SourceText(name: path, bytes: ManifestReader.readBytes(path)!).text)
        }
        #expect(fast != nil)
        #expect(fast == general)
        // One non-ASCII byte in the first, a middle or the last part sends the file to the
        // general path.
        for offset in [0, size / 2, size - 1] {
            var changed = bytes
            changed[offset] = 0xC3
            let fast = try Self.withFile(changed) { ManifestReader.readASCIIText($0) }
            #expect(fast == nil, "non-ASCII byte at \(offset)")
        }
    }
}
