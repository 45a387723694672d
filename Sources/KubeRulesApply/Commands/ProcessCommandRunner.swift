import Foundation

/// The real ``CommandRunner``: starts the program with Foundation's `Process`, feeds its standard
/// input from a thread of its own while two more drain stdout and stderr (so a large restore text
/// cannot deadlock against a chatty child), and kills it when the time bound passes.
public struct ProcessCommandRunner: CommandRunner {
    /// Directories searched after `PATH`: iptables and ip live in sbin, which a non-login root
    /// shell or a CI runner may not have in `PATH`.
    static let extraSearchPath = ["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin"]

    /// How long a program gets between SIGTERM and SIGKILL after its timeout.
    let killGrace: Duration

    public init(killGrace: Duration = .seconds(2)) {
        self.killGrace = killGrace
    }

    public func run(_ invocation: CommandInvocation) throws(CommandError) -> CommandResult {
        let program = invocation.arguments[0]
        guard let path = Self.resolve(program) else { throw .notFound(program: program) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Array(invocation.arguments.dropFirst())
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        if let reason = Self.launch(process) {
            throw .launchFailed(program: program, reason: reason)
        }

        // Dedicated threads, not the global dispatch queue: each blocks in read or write for as
        // long as the child runs, and libdispatch's pool is only as wide as the machine; a
        // starved reader would let the child block on a full pipe and never exit.
        let drained = DispatchGroup()
        let stdout = Drain(output.fileHandleForReading, group: drained)
        let stderr = Drain(errors.fileHandleForReading, group: drained)
        let feed = Data(invocation.standardInput)
        let writer = input.fileHandleForWriting
        Thread.detachNewThread {
            // A child that exits before reading all its input (iptables-restore stops at the
            // first bad line) makes this write fail. Blocking SIGPIPE on this thread only turns
            // that into EPIPE without changing the process's (or its children's) dispositions;
            // a SIGPIPE left pending here is discarded when the thread ends.
            var pipeSignal = sigset_t()
            sigemptyset(&pipeSignal)
            sigaddset(&pipeSignal, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
            try? writer.write(contentsOf: feed)
            try? writer.close()
        }

        if exited.wait(timeout: .now() + Self.dispatchInterval(invocation.timeout)) == .timedOut {
            process.terminate()
            if exited.wait(timeout: .now() + Self.dispatchInterval(killGrace)) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                _ = exited.wait(timeout: .now() + Self.dispatchInterval(killGrace))
            }
            _ = drained.wait(timeout: .now() + Self.dispatchInterval(killGrace))
            throw .timedOut(command: invocation.description, after: invocation.timeout)
        }
        // The child is gone; its pipes reach EOF unless a grandchild inherited them. Bound that too.
        _ = drained.wait(timeout: .now() + Self.dispatchInterval(killGrace))

        let status: Int32 =
            process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
        return CommandResult(status: status, standardOutput: stdout.bytes, standardError: stderr.bytes)
    }

    /// Starts `process` from a thread with no signals blocked. A child inherits the signal mask
    /// of the thread that spawns it, and the caller may be a libdispatch worker, which blocks
    /// nearly every signal: its children (and theirs) would then ignore SIGTERM forever.
    /// Returns why the launch failed, or nil.
    /// Serializes ``launch(_:)``'s `Process.run` calls.
    private static let launchLock = NSLock()

    static func launch(_ process: Process) -> String? {
        final class Outcome: @unchecked Sendable {
            var failure: String?
        }
        let outcome = Outcome()
        let launched = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            do {
                // One launch at a time in the process: swift-corelibs-foundation's Process.run
                // is not safe to call from several threads at once (it crashed, rarely, when
                // parallel tests launched tools concurrently; swift-corelibs-foundation#4772,
                // #4795, #4810). Launching takes microseconds; the runs still overlap.
                try launchLock.withLock { try process.run() }
            } catch {
                outcome.failure = error.localizedDescription
            }
            launched.signal()
        }
        launched.wait()
        return outcome.failure
    }

    /// `program` if it contains a slash, else the first executable match in `PATH` + sbin dirs.
    static func resolve(_ program: String) -> String? {
        if program.contains("/") {
            return FileManager.default.isExecutableFile(atPath: program) ? program : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"].map { $0.split(separator: ":").map(String.init) } ?? []
        for directory in path + extraSearchPath where !directory.isEmpty {
            let candidate = directory + "/" + program
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        return .milliseconds(Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// Reads one pipe to its end on a background thread.
private final class Drain: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    init(_ handle: FileHandle, group: DispatchGroup) {
        group.enter()
        Thread.detachNewThread {
            let all = handle.readDataToEndOfFile()
            self.lock.withLock { self.data = all }
            group.leave()
        }
    }

    var bytes: [UInt8] { lock.withLock { Array(data) } }
}
