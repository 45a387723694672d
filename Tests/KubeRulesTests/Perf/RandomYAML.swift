/// Seeded random YAML texts for the differential tests: mostly the kubectl subset (every
/// construct the fast reader handles, in varied layouts), plus perturbations that must send the
/// text to Yams (anchors, tags, tabs, multi-line scalars, flow collections, bad indentation,
/// duplicate keys, …). Deterministic: the same seed gives the same text.
struct RandomYAML {
    private var random: SeededRandom

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    mutating func int(_ bound: Int) -> Int { random.int(bound) }
    mutating func chance(_ percent: Int) -> Bool { random.chance(percent) }
    mutating func pick<T>(_ items: [T]) -> T { random.pick(items) }

    static let plainWords = [
        "v1", "Service", "ClusterIP", "80", "8080", "0", "-1", "1.5", "1e3", "0x50", "0o17", "017", "08", "1_000", "+12",
        ".5", ".inf", "-.Inf", ".nan", "true", "false", "yes", "No", "on", "OFF", "y", "n", "~", "null", "Null",
        "2024-05-01", "2024-05-01T10:00:00Z", "10.180.0.1", "fd00::1", "k:{\"port\":80,\"protocol\":\"TCP\"}",
        "a b  c", "x:y", "http://example.com/a#b", "héllo wörld", "日本語", "emoji 😀", "-dash", "a'b", "a\"b",
        "trailing", "[not-flow-at-start]x", "0b101", "-0b11", "9223372036854775808", "1.0.0", "TCP", "UDP",
    ]
    static let keys = [
        "apiVersion", "kind", "metadata", "name", "namespace", "spec", "ports", "port", "items", "labels", "a", "b",
        "c d", "f:metadata", ".", "k:{\"port\":80}", "80", "true", "null", "-x", "é", "😀", "app.kubernetes.io/name",
    ]

    /// A plain, quoted or block-literal scalar as written after `key: ` (or `- `).
    mutating func scalar(indent: Int) -> String {
        switch int(10) {
        case 0, 1, 2, 3:
            return pick(Self.plainWords)
        case 4, 5:
            let body = pick(["", "80", "true", "a b", "it''s", "x: y", "# not a comment", "tab\there"])
            return "'" + body + "'"
        case 6, 7:
            let body = pick(["", "80", "null", "a\\nb", "\\t\\\"q\\\"", "\\u00e9\\x41\\U0001F600", "x: y", "\\\\", "\\/\\0\\e\\N\\_"])
            return "\"" + body + "\""
        case 9 where chance(50):
            // Multi-line flow scalars, as go-yaml folds long strings.
            let pad = String(repeating: " ", count: indent + pick([1, 2, 4]))
            let pieces = (0..<(2 + int(3))).map { _ in pick(["word", "two words", "x:y", "a#b", "", "é😀", "-x"]) }
            var text = ""
            for (index, piece) in pieces.enumerated() {
                text += index == 0 ? "" : "\n" + (piece.isEmpty ? "" : pad)
                text += piece
            }
            if text.hasPrefix("-") || text.isEmpty { text = "start " + text }
            switch int(3) {
            case 0: return text.hasSuffix("\n") ? text + "end" : text
            case 1: return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
            default: return "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + (chance(30) ? "\\\n" + pad + "joined" : "") + "\""
            }
        case 8:
            let pad = String(repeating: " ", count: indent + 2)
            let lines = (0..<(1 + int(3))).map { _ in pick(["line one", "  indented", "{\"json\": true}", "# hash", "", "x: y"]) }
            var text = pick(["|", "|-", "| # comment", ">", ">-"]) + "\n"
            for (index, line) in lines.enumerated() {
                if line.isEmpty && index == 0 { text += pad + "first\n"; continue }
                text += (line.isEmpty ? "" : pad + line) + "\n"
            }
            return String(text.dropLast())
        default:
            return pick(["{}", "[]"])
        }
    }

    mutating func key() -> String {
        let key = pick(Self.keys)
        switch int(10) {
        case 0: return "\"" + key.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case 1 where !key.contains("'"): return "'" + key + "'"
        default: return key
        }
    }

    /// A block mapping at `indent`; the first line is not indented when `inline` (after `- `).
    mutating func mapping(indent: Int, depth: Int, inline: Bool = false) -> String {
        var lines: [String] = []
        var used = Set<String>()
        for index in 0..<(1 + int(5)) {
            let key = self.key()
            let plainKey = key.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if used.contains(plainKey) { continue }
            used.insert(plainKey)
            let pad = index == 0 && inline ? "" : String(repeating: " ", count: indent)
            let comment = chance(10) ? " # note" : ""
            switch depth < 4 ? int(10) : 0 {
            case 0, 1, 2, 3, 4:
                lines.append(pad + key + ": " + scalar(indent: indent) + comment)
            case 5:
                lines.append(pad + key + ":" + comment)  // null
            case 6, 7:
                lines.append(pad + key + ":" + comment)
                lines.append(mapping(indent: indent + pick([2, 4]), depth: depth + 1))
            default:
                lines.append(pad + key + ":" + comment)
                lines.append(sequence(indent: indent + pick([0, 0, 2]), depth: depth + 1))
            }
            if chance(5) { lines.append(pick(["", "# comment line", String(repeating: " ", count: indent) + "# indented comment"])) }
        }
        return lines.joined(separator: "\n")
    }

    mutating func sequence(indent: Int, depth: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        for _ in 0..<(1 + int(4)) {
            switch depth < 4 ? int(10) : 0 {
            case 0, 1, 2, 3:
                lines.append(pad + "- " + scalar(indent: indent).replacingOccurrences(of: "\n", with: " "))
            case 4:
                lines.append(pad + "-")
            case 5:
                lines.append(pad + "-")
                lines.append(mapping(indent: indent + 2, depth: depth + 1))
            default:
                let gap = pick([1, 1, 1, 3])
                lines.append(pad + "-" + String(repeating: " ", count: gap) + mapping(indent: indent + 1 + gap, depth: depth + 1, inline: true))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A whole text: one or more documents, maybe perturbed.
    mutating func text() -> String {
        var documents: [String] = []
        for _ in 0..<(1 + (chance(20) ? int(3) : 0)) {
            documents.append(chance(90) ? mapping(indent: 0, depth: 0) : sequence(indent: 0, depth: 0))
        }
        var text = (chance(30) ? "---\n" : "") + documents.joined(separator: "\n---\n") + (chance(80) ? "\n" : "")
        if chance(5) { text += "---\n" }
        if chance(35) { text = perturb(text) }
        return text
    }

    /// One change that usually leaves the subset (or breaks the YAML).
    mutating func perturb(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        let index = int(max(1, lines.count))
        guard index < lines.count else { return text }
        var line = lines[index]
        switch int(14) {
        case 0: line = "\t" + line
        case 1: line = " " + line
        case 2: line = String(line.dropFirst())
        case 3: line += " &anchor"
        case 4: line = line.replacingOccurrences(of: ": ", with: ": !!str ")
        case 5: line = line.replacingOccurrences(of: ": ", with: ": *alias ")
        case 6: lines.insert(String(repeating: " ", count: 6) + "continued", at: index + 1)
        case 7: line = line.replacingOccurrences(of: ": ", with: ": {a: 1, b: [x, y]} ")
        case 8: lines.insert(line, at: index)  // duplicate key (or entry)
        case 9: line += "\r"
        case 10: line = line.replacingOccurrences(of: ": ", with: ": \"unterminated ")
        case 11: line = "? complex"
        case 12: line = line.replacingOccurrences(of: "|", with: ">")
        default: line += " trailing: value"
        }
        lines[index] = line
        return lines.joined(separator: "\n")
    }
}

import Foundation
