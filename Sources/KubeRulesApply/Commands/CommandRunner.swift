/// Runs external programs (`iptables-restore`, `iptables-save`, `ip netns exec …`) for the
/// appliers. The only place kuberules starts processes is behind this protocol, so every applier
/// can be unit-tested with ``ScriptedCommandRunner`` or ``FakeIptablesRunner`` and no root.
public protocol CommandRunner: Sendable {
    /// Runs `invocation` to completion (or until its timeout) and returns what it printed.
    ///
    /// A non-zero exit status is not an error here — callers decide what a status means (the
    /// restore applier maps iptables-restore's statuses and messages to ``ApplyError``). Only
    /// failing to run at all (not found, not executable, timed out) throws.
    func run(_ invocation: CommandInvocation) throws(CommandError) -> CommandResult
}

/// One program run: argument vector, bytes for its standard input, and a time bound.
public struct CommandInvocation: Hashable, Sendable, CustomStringConvertible {
    /// `arguments[0]` is the program (looked up in `PATH` plus the sbin directories).
    public var arguments: [String]
    public var standardInput: [UInt8]
    /// The run is killed after this long; every kernel-touching step is bounded.
    public var timeout: Duration

    public init(_ arguments: [String], standardInput: [UInt8] = [], timeout: Duration = .seconds(30)) {
        precondition(!arguments.isEmpty, "a command needs a program name")
        self.arguments = arguments
        self.standardInput = standardInput
        self.timeout = timeout
    }

    public init(_ arguments: [String], input: String, timeout: Duration = .seconds(30)) {
        self.init(arguments, standardInput: Array(input.utf8), timeout: timeout)
    }

    /// The command line as a person would type it (for error messages and `--dry-run`).
    public var description: String {
        arguments.map(ShellQuoting.quote).joined(separator: " ")
    }
}

/// What a finished program printed and how it ended.
public struct CommandResult: Hashable, Sendable {
    /// The exit status (128 + signal number when it was killed by a signal).
    public var status: Int32
    public var standardOutput: [UInt8]
    public var standardError: [UInt8]

    public init(status: Int32, standardOutput: [UInt8] = [], standardError: [UInt8] = []) {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    public init(status: Int32, stdout: String, stderr: String = "") {
        self.init(status: status, standardOutput: Array(stdout.utf8), standardError: Array(stderr.utf8))
    }

    public var succeeded: Bool { status == 0 }
    public var stdout: String { String(decoding: standardOutput, as: UTF8.self) }
    public var stderr: String { String(decoding: standardError, as: UTF8.self) }
}

/// Why a program could not be run to completion.
public enum CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No such program in `PATH` (or the sbin directories).
    case notFound(program: String)
    /// The program exists but could not be started.
    case launchFailed(program: String, reason: String)
    /// Still running after the bound; it was killed.
    case timedOut(command: String, after: Duration)
    /// A scripted runner was asked for something its script did not expect (tests only).
    case unexpected(command: String, expected: String?)

    public var description: String {
        switch self {
        case .notFound(let program):
            return "\(program): command not found (install it, e.g. the Debian package that provides it)"
        case .launchFailed(let program, let reason):
            return "\(program): could not be started: \(reason)"
        case .timedOut(let command, let after):
            return "`\(command)` did not finish within \(after.components.seconds) s and was killed"
        case .unexpected(let command, let expected):
            return "unexpected command `\(command)`" + (expected.map { " (expected `\($0)`)" } ?? " (script exhausted)")
        }
    }
}

/// Shell-style quoting for showing command lines to people; never used to build a shell command
/// (kuberules passes argument vectors, not strings, to programs).
enum ShellQuoting {
    static func quote(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic && $0.isASCII) || "0123456789-_./:=,+@%".unicodeScalars.contains($0)
        }
        if safe && !word.isEmpty { return word }
        return "'" + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}
