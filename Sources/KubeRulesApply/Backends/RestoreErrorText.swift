/// Reading iptables-restore's error messages, which name a line of its input but not the rule:
///
/// - legacy, a line it could not parse: `Error occurred at line: 4`
/// - legacy, the kernel refusing the table: `iptables-restore: line 7 failed` (the COMMIT line)
/// - nft, the kernel refusing a rule: `line 5: RULE_APPEND failed (No such file or directory): …`
/// - either, the xtables lock: `Another app is currently holding the xtables lock. Stopped waiting after 5s.`
enum RestoreErrorText {
    static func isLockTimeout(_ message: String) -> Bool {
        message.contains("holding the xtables lock")
    }

    /// The program `ip netns exec` could not start (iproute2: `exec of "PROG" failed: No such
    /// file or directory`): the tool is missing inside the namespace, not refusing anything.
    static func missingProgram(_ message: String) -> String? {
        guard let start = message.range(of: "exec of \""),
            let end = message[start.upperBound...].range(of: "\" failed: No such file or directory")
        else { return nil }
        return String(message[start.upperBound..<end.lowerBound])
    }

    /// The first input line number the message blames.
    static func failedLine(in message: String) -> Int? {
        let scalars = Array(message.unicodeScalars)
        var index = 0
        while index + 4 <= scalars.count {
            if String(String.UnicodeScalarView(scalars[index..<(index + 4)])) == "line" {
                var cursor = index + 4
                if cursor < scalars.count, scalars[cursor] == ":" { cursor += 1 }
                while cursor < scalars.count, scalars[cursor] == " " { cursor += 1 }
                var digits = ""
                while cursor < scalars.count, ("0"..."9").contains(scalars[cursor]) {
                    digits.unicodeScalars.append(scalars[cursor])
                    cursor += 1
                }
                if let number = Int(digits), number > 0 { return number }
            }
            index += 1
        }
        return nil
    }
}
