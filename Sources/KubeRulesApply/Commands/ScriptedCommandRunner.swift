import Foundation

/// A ``CommandRunner`` that plays a script: each step names the argument vector it expects and
/// the result to return. Tests use it to check exactly which commands an applier runs, in which
/// order and with which input, without root and without touching the host.
public final class ScriptedCommandRunner: CommandRunner, @unchecked Sendable {
    /// One expected command and its canned outcome.
    public struct Step: Sendable {
        public var arguments: [String]
        public var outcome: Result<CommandResult, CommandError>

        public init(_ arguments: [String], _ result: CommandResult) {
            self.arguments = arguments
            self.outcome = .success(result)
        }

        public init(_ arguments: [String], failing error: CommandError) {
            self.arguments = arguments
            self.outcome = .failure(error)
        }

        /// A step that succeeds with `stdout`.
        public static func ok(_ arguments: [String], stdout: String = "") -> Step {
            Step(arguments, CommandResult(status: 0, stdout: stdout))
        }
    }

    private let lock = NSLock()
    private var steps: [Step]
    private var recorded: [CommandInvocation] = []

    public init(_ steps: [Step]) {
        self.steps = steps
    }

    /// Every invocation seen so far, in order (including an unexpected last one).
    public var invocations: [CommandInvocation] { lock.withLock { recorded } }

    /// Steps not yet consumed; a test expecting the whole script to run checks this is empty.
    public var remainingSteps: [Step] { lock.withLock { steps } }

    public func run(_ invocation: CommandInvocation) throws(CommandError) -> CommandResult {
        // A mismatch leaves the step in place, so `remainingSteps` shows what was expected.
        let next: Step? = lock.withLock {
            recorded.append(invocation)
            guard let first = steps.first, first.arguments == invocation.arguments else { return steps.first }
            return steps.removeFirst()
        }
        guard let next, next.arguments == invocation.arguments else {
            throw .unexpected(
                command: invocation.description,
                expected: next.map { CommandInvocation($0.arguments).description })
        }
        return try next.outcome.get()
    }
}
