/// The shortest edit script between two lists of lines: Myers' O((N+M)·D) algorithm in its
/// linear-space form (divide and conquer on the "middle snake", E. Myers, "An O(ND) Difference
/// Algorithm and Its Variations", 1986), as `diff` and git use it.
///
/// Hand-written because none of kuberules' dependencies (swift-argument-parser, Yams,
/// swift-crypto) diffs text, Foundation's `CollectionDifference` has quadratic memory on long
/// differing inputs and no unified output, and shelling out to `diff` would break the library's
/// no-process rule. A search that costs more than ``costLimit`` edit steps splits at the furthest
/// point reached instead (as xdiff's `mxcost` does): the script stays correct, just not minimal,
/// and time stays bounded on unrelated 10,000-rule dumps.
public enum LineDiff {
    /// One line of the script: kept (index in both), deleted (index in old), inserted (index in new).
    public enum Edit: Hashable, Sendable {
        case keep(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    static let costLimit = 4096

    public static func edits<Line: Hashable>(_ old: [Line], _ new: [Line]) -> [Edit] {
        // Compare small integers instead of lines.
        var ids: [Line: Int] = [:]
        let a = old.map { line in ids[line] ?? { ids[line] = ids.count; return ids.count - 1 }() }
        let b = new.map { line in ids[line] ?? { ids[line] = ids.count; return ids.count - 1 }() }
        var script: [Edit] = []
        script.reserveCapacity(max(a.count, b.count))
        var search = Search(a: a, b: b)
        search.diff(0, a.count, 0, b.count, into: &script)
        return deletionsFirst(script)
    }

    /// Within each run of changes, the deletions before the insertions, as `diff -u` prints a
    /// changed block (the script stays valid: a run touches no kept line).
    static func deletionsFirst(_ script: [Edit]) -> [Edit] {
        var result: [Edit] = []
        result.reserveCapacity(script.count)
        var deletions: [Edit] = [], insertions: [Edit] = []
        func flush() {
            result += deletions + insertions
            deletions = []
            insertions = []
        }
        for edit in script {
            switch edit {
            case .keep:
                flush()
                result.append(edit)
            case .delete: deletions.append(edit)
            case .insert: insertions.append(edit)
            }
        }
        flush()
        return result
    }

    private struct Search {
        let a: [Int]
        let b: [Int]
        var forward: [Int] = []
        var backward: [Int] = []

        init(a: [Int], b: [Int]) {
            self.a = a
            self.b = b
        }

        /// Appends the script turning a[aLo..<aHi] into b[bLo..<bHi].
        mutating func diff(_ aLo: Int, _ aHi: Int, _ bLo: Int, _ bHi: Int, into script: inout [Edit]) {
            var (aLo, aHi, bLo, bHi) = (aLo, aHi, bLo, bHi)
            var suffix = 0
            while aLo < aHi, bLo < bHi, a[aLo] == b[bLo] {
                script.append(.keep(old: aLo, new: bLo))
                aLo += 1
                bLo += 1
            }
            while aHi > aLo, bHi > bLo, a[aHi - 1] == b[bHi - 1] {
                aHi -= 1
                bHi -= 1
                suffix += 1
            }
            if aLo == aHi {
                for j in bLo..<bHi { script.append(.insert(new: j)) }
            } else if bLo == bHi {
                for i in aLo..<aHi { script.append(.delete(old: i)) }
            } else {
                let snake = middleSnake(aLo, aHi, bLo, bHi)
                let progress = (snake.x - aLo) + (snake.y - bLo) > 0 || (aHi - snake.u) + (bHi - snake.v) > 0
                if progress, (snake.x, snake.y, snake.u, snake.v) != (aLo, bLo, aHi, bHi) {
                    diff(aLo, snake.x, bLo, snake.y, into: &script)
                    for offset in 0..<(snake.u - snake.x) { script.append(.keep(old: snake.x + offset, new: snake.y + offset)) }
                    diff(snake.u, aHi, snake.v, bHi, into: &script)
                } else {
                    for i in aLo..<aHi { script.append(.delete(old: i)) }
                    for j in bLo..<bHi { script.append(.insert(new: j)) }
                }
            }
            for offset in 0..<suffix { script.append(.keep(old: aHi + offset, new: bHi + offset)) }
        }

        /// A snake (x,y)→(u,v) on an optimal (or, past the cost limit, a valid) path.
        mutating func middleSnake(_ aLo: Int, _ aHi: Int, _ bLo: Int, _ bHi: Int) -> (x: Int, y: Int, u: Int, v: Int) {
            let n = aHi - aLo, m = bHi - bLo
            let delta = n - m
            let odd = delta & 1 != 0
            let maxD = (n + m + 1) / 2
            let offset = maxD + abs(delta) + 2
            let size = 2 * offset + 2
            if forward.count < size {
                forward = Array(repeating: 0, count: size)
                backward = Array(repeating: 0, count: size)
            }
            forward[offset + 1] = 0
            backward[offset + delta - 1] = n
            var best = (x: 0, y: 0, reach: -1)
            for d in 0...maxD {
                for k in stride(from: -d, through: d, by: 2) {
                    var x = (k == -d || (k != d && forward[offset + k - 1] < forward[offset + k + 1]))
                        ? forward[offset + k + 1] : forward[offset + k - 1] + 1
                    var y = x - k
                    let (sx, sy) = (x, y)
                    while x < n, y < m, a[aLo + x] == b[bLo + y] {
                        x += 1
                        y += 1
                    }
                    forward[offset + k] = x
                    if x + y > best.reach, x <= n, y <= m, y >= 0 { best = (x, y, x + y) }
                    if odd, k >= delta - (d - 1), k <= delta + (d - 1), backward[offset + k] <= x {
                        return (aLo + sx, bLo + sy, aLo + x, bLo + y)
                    }
                }
                for c in stride(from: -d, through: d, by: 2) {
                    let k = c + delta
                    var x = (c == d || (c != -d && backward[offset + k - 1] < backward[offset + k + 1]))
                        ? backward[offset + k - 1] : backward[offset + k + 1] - 1
                    var y = x - k
                    let (ex, ey) = (x, y)
                    while x > 0, y > 0, a[aLo + x - 1] == b[bLo + y - 1] {
                        x -= 1
                        y -= 1
                    }
                    backward[offset + k] = x
                    if !odd, k >= -d, k <= d, x <= forward[offset + k] {
                        return (aLo + x, bLo + y, aLo + ex, bLo + ey)
                    }
                }
                if d >= LineDiff.costLimit, best.reach > 0, best.reach < n + m {
                    return (aLo + best.x, bLo + best.y, aLo + best.x, bLo + best.y)
                }
            }
            return (aLo, bLo, aHi, bHi)
        }
    }
}
