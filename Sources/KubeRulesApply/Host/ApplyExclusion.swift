import Glibc

/// The lock that keeps two kuberules applies (or an apply and a cleanup) from interleaving.
///
/// Each apply reads the tables, plans against what it read, then commits table by table; two at
/// once could each insert the same missing jump rules (duplicates), or leave filter from one and
/// nat from the other. The xtables lock cannot cover the whole apply — iptables-restore takes it
/// itself, per table — so kuberules holds its own: an exclusive `flock` on ``path`` from the first
/// read to the last commit, waiting at most ``wait``. Like the xtables lock it lives in the mount
/// namespace, so it serializes applies to every network namespace of the host.
public struct ApplyExclusion: Hashable, Sendable {
    public var path: String
    public var wait: Duration

    public init(path: String = ApplyExclusion.defaultPath, wait: Duration = .seconds(30)) {
        self.path = path
        self.wait = wait
    }

    /// `/run/kuberules.lock`, or `$KUBERULES_LOCKFILE`.
    public static var defaultPath: String {
        if let override = getenv("KUBERULES_LOCKFILE").map({ String(cString: $0) }), !override.isEmpty { return override }
        return "/run/kuberules.lock"
    }

    /// The lock every CLI apply and cleanup takes.
    public static var standard: ApplyExclusion { ApplyExclusion() }

    /// Takes the lock (released when the returned value is released).
    public func acquire() throws(ApplyError) -> Held {
        try Held(self)
    }

    /// A held lock; closing its descriptor releases it.
    public final class Held {
        private let descriptor: Int32

        init(_ exclusion: ApplyExclusion) throws(ApplyError) {
            let fd = open(exclusion.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw .unsupported("cannot open the apply lock \(exclusion.path): " + NamespaceSwitch.errnoText())
            }
            let clock = ContinuousClock()
            let deadline = clock.now + exclusion.wait
            while flock(fd, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR, clock.now < deadline else {
                    close(fd)
                    throw .anotherApply(lockFile: exclusion.path, waitedSeconds: exclusion.wait.components.seconds)
                }
                usleep(50_000)
            }
            descriptor = fd
        }

        deinit { close(descriptor) }
    }
}
