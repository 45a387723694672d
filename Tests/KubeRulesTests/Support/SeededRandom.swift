/// The one seeded, reproducible random source (SplitMix64) of the tests: the property tests, the
/// random YAML of the differential tests and the random line diffs. The same seed always gives the
/// same case, so a failure message's seed replays it.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<bound
    mutating func int(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// true with `percent`% probability.
    mutating func chance(_ percent: Int) -> Bool {
        int(100) < percent
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[int(values.count)]
    }

    /// `values` in a random order (Fisher–Yates).
    mutating func shuffled<T>(_ values: [T]) -> [T] {
        var result = values
        guard result.count > 1 else { return result }
        for index in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(index, int(index + 1))
        }
        return result
    }
}
