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
///
/// Signals are process-wide, so tests that run applies side by side use ``simulated(_:)``: the
/// same protocol, fed by ``SimulatedSignals/send(_:)`` instead of the kernel.
public struct TerminationDeferral: Sendable {
    /// The deferred signals.
    public static let signals: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// Real signal handlers (what the CLI uses).
    public static let process = TerminationDeferral(simulated: nil)

    /// Interruptions sent by a test through `signals`; no handler is installed.
    public static func simulated(_ signals: SimulatedSignals) -> TerminationDeferral {
        TerminationDeferral(simulated: signals)
    }

    private let simulated: SimulatedSignals?

    private init(simulated: SimulatedSignals?) {
        self.simulated = simulated
    }

    /// Runs `body` with the signals deferred. `body` receives `interrupted`, which returns the
    /// name of the signal that arrived since the outermost ``run(_:)`` began (`SIGTERM`), or nil.
    /// Nested and concurrent runs share the handlers; the last to finish restores them.
    public func run<T>(_ body: (_ interrupted: @escaping () -> String?) throws(ApplyError) -> T) throws(ApplyError) -> T {
        if let simulated { return try body { simulated.received } }
        Handlers.begin()
        defer { Handlers.end() }
        return try body { pendingTerminationSignal == 0 ? nil : Self.name(of: pendingTerminationSignal) }
    }

    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(signal)"
        }
    }

    /// The installed handlers, shared by concurrent runs (reference-counted).
    private enum Handlers {
        private static let lock = NSLock()
        nonisolated(unsafe) private static var depth = 0
        nonisolated(unsafe) private static var previous: [Int32: sigaction] = [:]

        static func begin() {
            lock.withLock {
                depth += 1
                guard depth == 1 else { return }
                pendingTerminationSignal = 0
                for signal in TerminationDeferral.signals {
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

        static func end() {
            lock.withLock {
                depth -= 1
                guard depth == 0 else { return }
                for signal in TerminationDeferral.signals {
                    guard var old = previous[signal] else { continue }
                    sigaction(signal, &old, nil)
                }
                previous = [:]
            }
        }
    }
}

/// Interruptions a test sends to a ``TerminationDeferral/simulated(_:)`` deferral.
public final class SimulatedSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var signal: String?

    public init() {}

    /// As if `name` (`SIGTERM`) had arrived now.
    public func send(_ name: String) {
        lock.withLock { signal = name }
    }

    /// The signal sent so far, if any.
    public var received: String? { lock.withLock { signal } }
}
