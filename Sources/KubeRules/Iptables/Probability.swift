import Foundation

/// The `--probability` text of the i-th of n endpoint jumps: `1/(n-i)` with ten decimals, as
/// kube-proxy's `computeProbability` prints it (`fmt.Sprintf("%0.10f", 1.0/float64(n))`).
///
/// Go and C's printf both round the exact binary value half-to-even, so `String(format:)` gives
/// the same digits (for example 1/2048 = 0.00048828125 → `0.0004882812`).
public enum IptablesProbability {
    /// `1/n` with ten decimals.
    public static func text(_ n: Int) -> String {
        n >= 1 && n < common.count ? common[n] : format(n)
    }

    private static func format(_ n: Int) -> String {
        String(format: "%0.10f", 1.0 / Double(n))
    }

    /// The texts for up to 256 endpoints, formatted once: `String(format:)` is slow, and a
    /// large ruleset prints the same few values hundreds of thousands of times.
    private static let common: [String] = (0..<257).map { $0 == 0 ? "" : format($0) }
}
