import Foundation

/// A network namespace made for one kernel test and deleted when the test is done (also when it
/// fails): `kr-ipvs-<pid>-<n>`. Commands run inside it with `ip netns exec`, each bounded in
/// time. Nothing here touches the host's own namespace.
final class TestNetns {
    /// The result of one command.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var ok: Bool { status == 0 }
    }

    nonisolated(unsafe) private static var counter = 0
    private static let lock = NSLock()

    let name: String

    /// Whether the host can run kernel tests: root, with `ip` available.
    static var available: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")
            || getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/sbin/ip")
    }

    /// Whether a tool is installed (looked up on the usual sbin/bin paths).
    static func has(_ tool: String) -> Bool {
        ["/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"].contains { FileManager.default.isExecutableFile(atPath: $0 + tool) }
    }

    init() throws {
        let n = Self.lock.withLock {
            Self.counter += 1
            return Self.counter
        }
        name = "kr-ipvs-\(getpid())-\(n)"
        let created = Self.run(["ip", "netns", "add", name])
        guard created.ok else { throw NetnsError(message: "ip netns add \(name): \(created.stderr)") }
    }

    deinit {
        _ = Self.run(["ip", "netns", "delete", name])
    }

    /// Runs `command` inside the namespace with `input` on stdin.
    func run(_ command: [String], input: String = "", timeout: TimeInterval = 60) -> Output {
        Self.run(["ip", "netns", "exec", name] + command, input: input, timeout: timeout)
    }

    /// Runs a command (found on PATH) with a deadline; a command still running at the deadline
    /// is terminated and reported as failed. The default minute is generous on purpose: legacy
    /// `iptables-restore` waits for the host-wide xtables lock, which other tests' namespaces
    /// may be holding.
    static func run(_ command: [String], input: String = "", timeout: TimeInterval = 60) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin"
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { return Output(status: -1, stdout: "", stderr: "\(error)") }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        // Read both pipes on their own threads so neither can block the other or the deadline.
        let out = PipeReader(stdout), err = PipeReader(stderr)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return Output(status: -2, stdout: "", stderr: "timed out after \(timeout) s: \(command.joined(separator: " "))")
        }
        return Output(status: process.terminationStatus, stdout: out.text(), stderr: err.text())
    }
}

/// Drains a pipe on a background thread.
private final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// The pipe's content once the writer has closed it (bounded: 5 s after the process ended).
    func text() -> String {
        _ = done.wait(timeout: .now() + 5)
        return String(decoding: data, as: UTF8.self)
    }
}

struct NetnsError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
