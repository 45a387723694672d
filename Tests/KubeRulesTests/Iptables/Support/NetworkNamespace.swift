import Foundation

/// A network namespace a test creates and always deletes, so kernel tests never touch the host's
/// own firewall. Names are unique per process and call (`kr-iptables-<pid>-<n>`).
final class NetworkNamespace {
    let name: String
    private static let lock = NSLock()
    nonisolated(unsafe) private static var counter = 0

    /// Whether kernel tests can run here, and if not, why (they then skip with that reason).
    static var unavailableReason: String? {
        if getuid() != 0 { return "kernel tests need root (ip netns)" }
        for tool in ["/usr/sbin/ip", "/usr/sbin/iptables-legacy-restore", "/usr/sbin/iptables-nft-restore"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is not installed"
        }
        return nil
    }

    /// `area` names the tests' owner in the namespace name (`kr-<area>-<pid>-<n>`).
    init(area: String = "iptables") throws {
        let n = Self.lock.withLock {
            Self.counter += 1
            return Self.counter
        }
        name = "kr-\(area)-\(getpid())-\(n)"
        let result = try Command.run(["/usr/sbin/ip", "netns", "add", name])
        guard result.status == 0 else { throw Command.Failure(description: "ip netns add \(name): \(result.stderr)") }
    }

    deinit {
        _ = try? Command.run(["/usr/sbin/ip", "netns", "delete", name])
    }

    /// Runs `arguments` inside the namespace.
    func run(_ arguments: [String], stdin: String = "", timeout: TimeInterval = 30) throws -> Command.Result {
        try Command.run(["/usr/sbin/ip", "netns", "exec", name] + arguments, stdin: stdin, timeout: timeout)
    }
}

/// Runs a program with a bounded wait; output goes through files so large dumps cannot block a pipe.
enum Command {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(_ arguments: [String], stdin: String = "", timeout: TimeInterval = 30) throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kr-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in")
        let output = directory.appendingPathComponent("out")
        let errors = directory.appendingPathComponent("err")
        try stdin.write(to: input, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failure(description: "\(arguments.joined(separator: " ")) did not finish within \(Int(timeout)) s")
        }
        return Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: output, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }
}
