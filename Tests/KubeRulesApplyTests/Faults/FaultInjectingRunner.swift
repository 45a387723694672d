import Foundation
import KubeRulesApply

/// A ``CommandRunner`` that passes every command to `base` (the fake iptables or the real tools)
/// except the n-th `*-restore` run, where it injects a fault: the program missing, the tool
/// failing, the tool killed before or after it committed, a time-out, or a side effect (a signal
/// to this process, another program taking a lock) around the real run.
final class FaultInjectingRunner: CommandRunner, @unchecked Sendable {
    enum Fault {
        /// The program is not installed (as ``ProcessCommandRunner`` reports it).
        case missing
        /// The tool runs nothing and exits with `status`, printing `stderr`.
        case failing(status: Int32, stderr: String)
        /// Killed by SIGTERM before it committed: nothing ran.
        case killedBeforeCommit
        /// Killed by SIGTERM after its commit had landed.
        case killedAfterCommit
        /// Ran (and committed), then hit its time bound.
        case timedOutAfterCommit
        /// Runs `before`, the real command, then `after`.
        case around(before: @Sendable () -> Void, after: @Sendable () -> Void)
        /// Runs the command with the program replaced by `program` (one that does not exist,
        /// so the real runner reports it missing).
        case renamed(to: String)
    }

    let base: any CommandRunner
    /// 1-based: which restore run gets the fault.
    let restoreNumber: Int
    let fault: Fault
    private let lock = NSLock()
    private var restores = 0
    private(set) var log: [String] = []

    init(_ base: any CommandRunner, restoreNumber: Int, fault: Fault) {
        self.base = base
        self.restoreNumber = restoreNumber
        self.fault = fault
    }

    /// How many restores ran (or were attempted).
    var restoreCount: Int { lock.withLock { restores } }

    func run(_ invocation: CommandInvocation) throws(CommandError) -> CommandResult {
        let program = invocation.arguments.first { $0.contains("iptables") } ?? invocation.arguments[0]
        let isRestore = program.hasSuffix("-restore")
        let number: Int = lock.withLock {
            log.append(invocation.description)
            if isRestore { restores += 1 }
            return isRestore ? restores : 0
        }
        guard isRestore, number == restoreNumber else { return try base.run(invocation) }
        switch fault {
        case .missing:
            throw .notFound(program: program)
        case .failing(let status, let stderr):
            return CommandResult(status: status, stdout: "", stderr: stderr)
        case .killedBeforeCommit:
            return CommandResult(status: 128 + SIGTERM, stdout: "", stderr: "")
        case .killedAfterCommit:
            _ = try base.run(invocation)
            return CommandResult(status: 128 + SIGTERM, stdout: "", stderr: "")
        case .timedOutAfterCommit:
            _ = try base.run(invocation)
            throw .timedOut(command: invocation.description, after: invocation.timeout)
        case .around(let before, let after):
            before()
            defer { after() }
            return try base.run(invocation)
        case .renamed(let replacement):
            var changed = invocation
            changed.arguments = invocation.arguments.map { $0 == program ? replacement : $0 }
            return try base.run(changed)
        }
    }
}

/// Runs every command through `env NAME=VALUE …`, so the tools see a private environment (a
/// private xtables lock file: `XTABLES_LOCKFILE`) without touching this process's environment.
struct EnvironmentRunner: CommandRunner {
    let base: any CommandRunner
    let environment: [String: String]

    func run(_ invocation: CommandInvocation) throws(CommandError) -> CommandResult {
        var changed = invocation
        changed.arguments = ["env"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + invocation.arguments
        return try base.run(changed)
    }
}
