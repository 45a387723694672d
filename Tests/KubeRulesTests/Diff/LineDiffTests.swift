import Testing

@testable import KubeRules

/// The Myers diff: its script turns old into new, is as short as the longest common
/// subsequence allows, and prints as `diff -u` does.
@Suite struct LineDiffTests {
    /// Applying the script to `old` gives `new`; returns the number of kept lines.
    func check(_ old: [String], _ new: [String]) -> Int {
        let script = LineDiff.edits(old, new)
        var rebuilt: [String] = [], oldIndex = 0, kept = 0
        for edit in script {
            switch edit {
            case .keep(let i, let j):
                #expect(i == oldIndex && old[i] == new[j])
                rebuilt.append(old[i])
                oldIndex += 1
                kept += 1
            case .delete(let i):
                #expect(i == oldIndex)
                oldIndex += 1
            case .insert(let j):
                rebuilt.append(new[j])
            }
        }
        #expect(oldIndex == old.count)
        #expect(rebuilt == new)
        return kept
    }

    /// The longest common subsequence by dynamic programming.
    func lcs(_ a: [String], _ b: [String]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    @Test func minimalOnRandomInputs() {
        var generator = SeededRandom(seed: 42)
        for _ in 0..<300 {
            let alphabet = ["a", "b", "c", "d"]
            let old = (0..<Int.random(in: 0...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let new = (0..<Int.random(in: 0...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            #expect(check(old, new) == lcs(old, new), "\(old) → \(new)")
        }
    }

    @Test func largeUnrelatedInputsStayCorrect() {
        let old = (0..<6000).map { "old \($0)" }
        let new = (0..<6000).map { $0 % 3 == 0 ? "old \($0)" : "new \($0)" }
        #expect(check(old, new) == 2000)
    }

    @Test func unifiedOutput() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\n"
        let new = "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\n"
        #expect(UnifiedDiff.render(old: old, new: new, oldName: "x", newName: "y") == """
            --- x
            +++ y
            @@ -1,9 +1,10 @@
             a
             b
             c
            -d
            +D
             e
             f
             g
             h
             i
            +j

            """)
        #expect(UnifiedDiff.render(old: "", new: "a\n", oldName: "x", newName: "y") == "--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n")
        #expect(UnifiedDiff.render(old: "same\n", new: "same\n", oldName: "x", newName: "y") == "")
    }
}
