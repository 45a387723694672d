import Foundation

/// A network namespace kuberules creates for itself (tests, the lab, diagnosing a rejected table)
/// and always deletes: `ip netns add kr-<purpose>-<pid>-<n>`, removed by ``delete()`` or, as a
/// last resort, when the value is released.
public final class ScratchNamespace: @unchecked Sendable {
    public let name: String
    private let runner: any CommandRunner
    private var deleted = false

    private static let serials = SerialNumbers()

    /// Creates the namespace and brings its loopback up.
    public init(purpose: String, runner: any CommandRunner = ProcessCommandRunner()) throws(ApplyError) {
        name = "kr-\(purpose)-\(getpid())-\(Self.serials.next())"
        self.runner = runner
        try run(["ip", "netns", "add", name])
        do {
            try run(["ip", "-n", name, "link", "set", "lo", "up"])
        } catch {
            delete()
            throw error
        }
    }

    public var target: NetworkNamespaceTarget { .named(name) }

    /// Runs `arguments` inside the namespace and returns its result (any exit status).
    public func exec(_ arguments: [String], input: String = "", timeout: Duration = .seconds(30)) throws(ApplyError)
        -> CommandResult
    {
        do {
            return try runner.run(CommandInvocation(["ip", "netns", "exec", name] + arguments, input: input, timeout: timeout))
        } catch {
            throw .command(error)
        }
    }

    /// Deletes the namespace (idempotent; errors are ignored — there is nothing left to do).
    public func delete() {
        guard !deleted else { return }
        deleted = true
        _ = try? runner.run(CommandInvocation(["ip", "netns", "delete", name], timeout: .seconds(10)))
    }

    deinit { delete() }

    private func run(_ arguments: [String]) throws(ApplyError) {
        let result: CommandResult
        do {
            result = try runner.run(CommandInvocation(arguments, timeout: .seconds(10)))
        } catch {
            throw .command(error)
        }
        guard result.succeeded else {
            throw .toolFailed(command: CommandInvocation(arguments).description, status: result.status, message: result.stderr)
        }
    }
}

/// Process-wide increasing numbers, so concurrent tests get distinct namespace names.
private final class SerialNumbers: @unchecked Sendable {
    private let lock = NSLock()
    private var last = 0

    func next() -> Int {
        lock.withLock {
            last += 1
            return last
        }
    }
}
