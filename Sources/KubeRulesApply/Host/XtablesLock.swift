import Glibc

/// The lock every xtables tool takes before changing legacy tables (`/run/xtables.lock`, or
/// `$XTABLES_LOCKFILE`; iptables' `xtables_lock`). iptables-restore takes it itself (`-w`); the
/// libiptc backend, which talks to the kernel directly, must take it too, or a concurrent
/// `iptables` could commit between its read and its commit and one of the two changes would be lost.
///
/// The lock file lives in the mount namespace, not the network namespace, so it serializes all
/// namespaces of the host — as it does for iptables itself.
public final class XtablesLock {
    private let descriptor: Int32

    /// The lock file iptables uses.
    public static var path: String {
        if let override = getenv("XTABLES_LOCKFILE").map({ String(cString: $0) }), !override.isEmpty { return override }
        return "/run/xtables.lock"
    }

    /// Takes the lock, polling every `interval` for at most `wait`.
    public init(wait: Duration = .seconds(5), interval: Duration = .milliseconds(100), path: String = XtablesLock.path)
        throws(ApplyError)
    {
        let fd = open(path, O_CREAT | O_RDONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .lockBusy(command: "flock \(path)", message: "cannot open the lock file: " + NamespaceSwitch.errnoText())
        }
        let clock = ContinuousClock()
        let deadline = clock.now + wait
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, clock.now < deadline else {
                close(fd)
                throw .lockBusy(
                    command: "flock \(path)",
                    message: "another program held the xtables lock for the whole \(wait.components.seconds) s wait")
            }
            let (seconds, attoseconds) = interval.components
            usleep(UInt32(seconds * 1_000_000 + attoseconds / 1_000_000_000_000))
        }
        descriptor = fd
    }

    deinit {
        // Closing the descriptor releases the flock.
        close(descriptor)
    }
}
