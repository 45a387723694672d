import Glibc

/// Runs in-process kernel work (nfacct over netlink, libiptc) inside a named network namespace.
///
/// `setns(2)` with `CLONE_NEWNET` changes the namespace of the calling *thread* only, and a socket
/// stays in the namespace it was created in; so the body runs synchronously on this thread between
/// entering the target and returning to the saved namespace. Swift's Glibc module does not import
/// `setns` (it needs `_GNU_SOURCE`), so it is looked up in libc once with `dlsym`.
public enum NamespaceSwitch {
    private typealias SetnsFunction = @convention(c) (Int32, Int32) -> Int32
    private static let cloneNewNet: Int32 = 0x4000_0000
    private static let setnsFunction: SetnsFunction? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setns") else { return nil }
        return unsafeBitCast(symbol, to: SetnsFunction.self)
    }()

    /// Runs `body` with this thread in `target`'s network namespace.
    public static func run<T>(
        in target: NetworkNamespaceTarget, _ body: () throws(ApplyError) -> T
    ) throws(ApplyError) -> T {
        guard let path = target.path else { return try body() }
        guard let setns = setnsFunction else {
            throw .namespace(target, reason: "this C library has no setns(2)")
        }
        let targetFD = open(path, O_RDONLY | O_CLOEXEC)
        guard targetFD >= 0 else {
            let reason = errno == ENOENT ? "it does not exist (see `ip netns list`)" : Self.errnoText()
            throw .namespace(target, reason: reason)
        }
        defer { close(targetFD) }
        let savedFD = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        guard savedFD >= 0 else { throw .namespace(target, reason: "cannot open own namespace: " + Self.errnoText()) }
        defer { close(savedFD) }

        guard setns(targetFD, cloneNewNet) == 0 else {
            throw .namespace(target, reason: "setns failed: " + Self.errnoText())
        }
        defer {
            // Staying in the wrong namespace would let later work program the wrong host; a
            // failure to return is unrecoverable for this thread.
            if setns(savedFD, cloneNewNet) != 0 {
                fatalError("kuberules: cannot return from \(target) to the original network namespace: \(Self.errnoText())")
            }
        }
        return try body()
    }

    static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }
}
