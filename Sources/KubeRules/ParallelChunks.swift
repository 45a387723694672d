import Dispatch
import Foundation

/// Runs work over consecutive chunks of `0..<count` on every core and returns the chunks'
/// results in chunk order, so merging them is deterministic whatever the scheduling.
enum ParallelChunks {
    /// Chunks per core: a few, so one slow chunk does not leave a core idle.
    static let chunksPerCore = 4

    /// The chunk boundaries: about equal total `weight` per chunk.
    /// The cores work is spread over.
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    static func ranges(count: Int, weight: (Int) -> Int) -> [Range<Int>] {
        let cores = Self.cores
        let chunkCount = max(1, min(count, cores > 1 ? cores * chunksPerCore : 1))
        guard chunkCount > 1 else { return count > 0 ? [0..<count] : [] }
        var total = 0
        for index in 0..<count { total += weight(index) }
        let target = max(1, total / chunkCount)
        var ranges: [Range<Int>] = []
        var start = 0
        var accumulated = 0
        for index in 0..<count {
            accumulated += weight(index)
            if accumulated >= target, ranges.count < chunkCount - 1 {
                ranges.append(start..<(index + 1))
                start = index + 1
                accumulated = 0
            }
        }
        if start < count { ranges.append(start..<count) }
        return ranges
    }

    /// `body` on each range, concurrently; results in range order.
    static func map<T>(_ ranges: [Range<Int>], _ body: @Sendable (Range<Int>) -> T) -> [T] {
        guard ranges.count > 1 else { return ranges.map(body) }
        let slots = ResultSlots<T>(count: ranges.count)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { index in
            slots.set(index, body(ranges[index]))
        }
        return slots.values()
    }

    /// Text rendered in consecutive pieces (``map(_:_:)``'s results), joined into one string.
    static func text(joining pieces: [[UInt8]]) -> String {
        if pieces.count == 1 { return String(decoding: pieces[0], as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
        for piece in pieces { bytes += piece }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One slot per chunk, each written by exactly one worker before `concurrentPerform` returns
/// (raw memory: no exclusivity-checked access to a shared array).
private final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func set(_ index: Int, _ value: T) {
        slots[index] = value
    }

    func values() -> [T] { (0..<count).map { slots[$0]! } }
}
