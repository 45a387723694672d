import Foundation
import Glibc

/// The signal that arrived while a ``TerminationDeferral`` was active (0: none). A plain global
/// integer: the only thing the handler touches, so the handler stays async-signal-safe.
nonisolated(unsafe) private var pendingTerminationSignal: Int32 = 0

/// The handler installed while deferring: remember the signal, nothing else.
private func recordTerminationSignal(_ signal: Int32) {
    pendingTerminationSignal = signal
}

/// Keeps SIGTERM, SIGINT and SIGHUP from killing kuberules between two table commits, where
/// dying would leave filter new and nat old. While ``run(_:)`` runs, those signals are only
/// recorded; the body asks `interrupted()` before each commit and stops — putting back what it
/// committed — when one arrived. Outside ``run(_:)`` the previous handlers are in place again, so
/// the signal keeps its usual meaning everywhere else.
///
/// SIGKILL cannot be deferred; a node killed that way mid-apply keeps each table consistent on
/// its own (each is one atomic commit) and the next apply converges. A child `iptables-restore`
/// gets the default handlers back at `exec`, so Ctrl-C (SIGINT to the whole process group) still
/// stops it — before its commit, or after it, which the applier then detects and undoes.
public enum TerminationDeferral {
    /// The deferred signals.
    public static let signals: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    private static let lock = NSLock()
    nonisolated(unsafe) private static var depth = 0
    nonisolated(unsafe) private static var previous: [Int32: sigaction] = [:]

    /// Runs `body` with the signals deferred. `body` receives `interrupted`, which returns the
    /// name of the signal that arrived since the outermost ``run(_:)`` began (`SIGTERM`), or nil.
    /// Nested and concurrent runs share the handlers; the last to finish restores them.
    public static func run<T>(_ body: (_ interrupted: () -> String?) throws(ApplyError) -> T) throws(ApplyError) -> T {
        begin()
        defer { end() }
        return try body { pendingTerminationSignal == 0 ? nil : name(of: pendingTerminationSignal) }
    }

    private static func begin() {
        lock.withLock {
            depth += 1
            guard depth == 1 else { return }
            pendingTerminationSignal = 0
            for signal in signals {
                var action = sigaction()
                action.__sigaction_handler.sa_handler = recordTerminationSignal
                action.sa_flags = SA_RESTART
                sigemptyset(&action.sa_mask)
                var old = sigaction()
                sigaction(signal, &action, &old)
                previous[signal] = old
            }
        }
    }

    private static func end() {
        lock.withLock {
            depth -= 1
            guard depth == 0 else { return }
            for signal in signals {
                guard var old = previous[signal] else { continue }
                sigaction(signal, &old, nil)
            }
            previous = [:]
        }
    }

    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(signal)"
        }
    }
}
