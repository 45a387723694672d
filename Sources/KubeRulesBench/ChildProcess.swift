import Foundation

/// A fresh process per measurement: its wall time measured from outside, its peak resident
/// memory from `wait4`'s rusage (`ru_maxrss`, the child alone).
struct ChildResult {
    var wallSeconds: Double
    var maxRSSBytes: Int
    var exitStatus: Int32
}

enum ChildProcess {
    /// Runs `arguments[0]` with stdout to `stdoutPath` (or /dev/null) and stderr to
    /// `stderrPath`, and waits for it.
    static func run(_ arguments: [String], stdoutPath: String = "/dev/null", stderrPath: String) throws -> ChildResult {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = Clock.now
        let status = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard status == 0 else { throw BenchError("cannot start \(arguments[0]): errno \(status)") }
        var waitStatus: Int32 = 0
        var usage = rusage()
        while wait4(pid, &waitStatus, 0, &usage) < 0 {
            guard errno == EINTR else { throw BenchError("wait4 failed: errno \(errno)") }
        }
        let wall = Clock.since(start)
        // ru_maxrss is in kilobytes on Linux.
        let exit = (waitStatus & 0x7F) == 0 ? (waitStatus >> 8) & 0xFF : 128 + (waitStatus & 0x7F)
        return ChildResult(wallSeconds: wall, maxRSSBytes: usage.ru_maxrss * 1024, exitStatus: exit)
    }
}
