import Foundation
import Testing
@testable import KubeRules
import KubeRulesCLI

/// The memory settings a large render runs with: huge pages for its big buffers, glibc's
/// allocator keeping what it freed. Checked in the kernel's own account of this process
/// (/proc/self/smaps), not by timing.
@Suite struct MemoryTuningTests {
    /// Linux with transparent huge pages not switched off.
    static let hugePagesAvailable: Bool = {
        guard let mode = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)
        else { return false }
        return !mode.contains("[never]")
    }()

    /// This process's mappings with their flags (`hg`: advised for huge pages).
    static func mappings() throws -> [(range: Range<UInt>, flags: [Substring])] {
        // Read to the end (procfs files report size 0, so no read by size).
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        defer { try? handle.close() }
        let text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var result: [(range: Range<UInt>, flags: [Substring])] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("VmFlags:"), !result.isEmpty {
                result[result.count - 1].flags = line.dropFirst("VmFlags:".count).split(separator: " ")
            } else if let dash = line.firstIndex(of: "-"), let space = line.firstIndex(of: " "), dash < space,
                let low = UInt(line[..<dash], radix: 16), let high = UInt(line[line.index(after: dash)..<space], radix: 16)
            {
                result.append((low..<high, []))
            }
        }
        return result
    }

    /// `size` bytes of fresh anonymous memory (never touched), for `body`; unmapped afterwards.
    static func withFreshMapping(size: Int, _ body: (UnsafeMutableRawPointer) throws -> Void) throws {
        let base = try #require(mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        try #require(base != MAP_FAILED)
        defer { munmap(base, size) }
        try body(base)
    }

    /// The first huge-page boundary at or after `address`.
    static func hugePageBoundary(atOrAfter address: UInt) -> UInt {
        let huge = UInt(HugePages.size)
        return (address + huge - 1) / huge * huge
    }

    static func isAdvised(_ address: UInt) throws -> Bool {
        let mapping = try #require(try mappings().first { $0.range.contains(address) })
        return mapping.flags.contains("hg")
    }

    @Test(.enabled(if: hugePagesAvailable, "needs Linux with transparent huge pages (not [never])"))
    func advisesTheAlignedInteriorOnly() throws {
        let size = 5 * HugePages.size
        try Self.withFreshMapping(size: size) { (base: UnsafeMutableRawPointer) throws in
            let address = UInt(bitPattern: Int(bitPattern: base))
            // From an unaligned start: the first whole 2 MB page on is advised, bytes before it not.
            HugePages.advise(base + 1, count: size - 1)
            let firstWhole = Self.hugePageBoundary(atOrAfter: address + 1)
            #expect(try Self.isAdvised(firstWhole))
            #expect(try Self.isAdvised(firstWhole + UInt(HugePages.size) - 1))
            if firstWhole > address + 1 { #expect(try !Self.isAdvised(address)) }
            // The buffer's bytes are unchanged and usable.
            let bytes = base.assumingMemoryBound(to: UInt8.self)
            for offset in stride(from: 0, to: size, by: 4096) { bytes[offset] = UInt8(truncatingIfNeeded: offset >> 12) }
            #expect(bytes[size - 4096] == UInt8(truncatingIfNeeded: (size - 4096) >> 12))
        }
    }

    @Test(.enabled(if: hugePagesAvailable, "needs Linux with transparent huge pages (not [never])"))
    func leavesABufferWithoutAWholeHugePageAlone() throws {
        try Self.withFreshMapping(size: 2 * HugePages.size) { (base: UnsafeMutableRawPointer) throws in
            // Just under one whole aligned huge page inside: nothing to advise.
            let start = Self.hugePageBoundary(atOrAfter: UInt(bitPattern: Int(bitPattern: base))) + 1
            HugePages.advise(UnsafeMutableRawPointer(bitPattern: start)!, count: HugePages.size - 1)
            #expect(try !Self.isAdvised(start))
        }
    }

    @Test(.enabled(if: hugePagesAvailable, "needs Linux with transparent huge pages (not [never])"))
    func rulesTextBuffersOfMegabytesAreAdvised() throws {
        var writer = RestoreTextWriter()
        writer.write("*nat\n")
        writer.reserveCapacity(6 * HugePages.size)
        let address = writer.bytes.withUnsafeBufferPointer { UInt(bitPattern: Int(bitPattern: $0.baseAddress!)) }
        #expect(try Self.isAdvised(Self.hugePageBoundary(atOrAfter: address + 5)))
        writer.write("COMMIT\n")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "*nat\nCOMMIT\n")
    }

    @Test(.enabled(if: hugePagesAvailable, "needs Linux with transparent huge pages (not [never])"))
    func aLargeASCIIInputIsReadIntoHugePages() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kr-thp-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.yaml").path
        let line = "# padding line of a large manifest file, ASCII only\n"
        let text = String(repeating: line, count: 6 * HugePages.size / line.utf8.count)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        var read = try #require(ManifestReader.readASCIIText(path))
        #expect(read == text)
        let address = read.withUTF8 { UInt(bitPattern: Int(bitPattern: $0.baseAddress!)) }
        #expect(try Self.isAdvised(Self.hugePageBoundary(atOrAfter: address)))
    }

    @Test func glibcTakesTheAllocatorSettings() {
        #if canImport(Glibc)
        #expect(AllocatorTuning.apply())
        #else
        #expect(!AllocatorTuning.apply())
        #endif
    }
}
