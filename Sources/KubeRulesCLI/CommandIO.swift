import ArgumentParser
import Foundation
import KubeRules

/// A command's standard streams: stdin for `-`, stdout for its result, stderr for diagnostics.
/// Commands touch the process only through this, so tests run them in-process and see exactly
/// what a user would.
public struct CommandIO {
    public var readInput: () -> [UInt8]
    public var out: (String) -> Void
    public var err: (String) -> Void
    /// Writes bytes of UTF-8 text to stdout: large results (rendered rules) go out without
    /// becoming a `String` first. By default, through ``out``.
    public var outBytes: ([UInt8]) -> Void
    /// Keeps a large value (a ruleset, a service graph) alive until the process exits, so
    /// tearing it down (millions of small releases) does not delay the exit. The process's own
    /// streams do that; in-process runs (tests) release values as usual.
    public var retainUntilExit: (Any) -> Void

    public init(
        readInput: @escaping () -> [UInt8], out: @escaping (String) -> Void,
        err: @escaping (String) -> Void
    ) {
        self.readInput = readInput
        self.out = out
        self.err = err
        self.outBytes = { out(String(decoding: $0, as: UTF8.self)) }
        self.retainUntilExit = { _ in }
    }

    /// The process's own streams (stdout and stderr unbuffered).
    public static var standard: CommandIO {
        var io = CommandIO(
            readInput: { [UInt8](FileHandle.standardInput.readDataToEndOfFile()) },
            out: { text in
                var text = text
                text.withUTF8 { FileDescriptorOutput.writeAll($0, to: STDOUT_FILENO) }
            },
            err: { text in
                var text = text
                text.withUTF8 { FileDescriptorOutput.writeAll($0, to: STDERR_FILENO) }
            })
        io.outBytes = { bytes in bytes.withUnsafeBufferPointer { FileDescriptorOutput.writeAll($0, to: STDOUT_FILENO) } }
        io.retainUntilExit = { value in _ = Unmanaged.passRetained(ExitRetained(value)) }
        return io
    }

    /// Prints each diagnostic (headline, source line, caret) on stderr.
    public func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { err(diagnostic.description + "\n") }
    }
}

/// A subcommand whose work goes through ``CommandIO``.
public protocol StreamingCommand: ParsableCommand {
    func run(io: CommandIO) throws
}

extension StreamingCommand {
    public func run() throws {
        try run(io: .standard)
    }
}

/// kuberules' exit-code contract around one command's work: diagnostics on stderr (warnings and
/// notes too); on an error, exit code 2 and nothing on stdout; otherwise the result on stdout,
/// written only once all of it exists.
enum DiagnosticRunner {
    static func run(
        _ io: CommandIO, _ work: (inout DiagnosticCollector) throws(DiagnosticsError) -> String
    ) throws {
        var diagnostics = DiagnosticCollector()
        let output: String
        do {
            output = try work(&diagnostics)
        } catch {
            io.report(merged(diagnostics.diagnostics, error.diagnostics))
            throw ExitCode(2)
        }
        io.report(diagnostics.diagnostics)
        io.out(output)
    }

    /// ``run(_:_:)`` for work whose result is UTF-8 text too large to hold twice: the work
    /// checks everything that can fail and returns a producer that cannot fail, which hands
    /// the text over in consecutive byte chunks; each is written with ``CommandIO/outBytes``
    /// (never joined or copied into a `String`) and dropped. Diagnostics still come first, and
    /// nothing reaches stdout on an error.
    static func run(
        _ io: CommandIO,
        chunks work: (inout DiagnosticCollector) throws(DiagnosticsError) -> (_ emit: ([UInt8]) -> Void) -> Void
    ) throws {
        var diagnostics = DiagnosticCollector()
        let produce: (_ emit: ([UInt8]) -> Void) -> Void
        do {
            produce = try work(&diagnostics)
        } catch {
            io.report(merged(diagnostics.diagnostics, error.diagnostics))
            throw ExitCode(2)
        }
        io.report(diagnostics.diagnostics)
        produce { chunk in if !chunk.isEmpty { io.outBytes(chunk) } }
    }

    /// Everything collected plus everything thrown, each once, in order.
    static func merged(_ collected: [Diagnostic], _ thrown: [Diagnostic]) -> [Diagnostic] {
        var seen = Set(collected)
        return collected + thrown.filter { seen.insert($0).inserted }
    }
}

extension KubeRulesCommand {
    /// Parses `arguments` and runs the command as `main()` does — the same exit codes (0, 1, 2,
    /// 64 for usage), help and usage errors printed the same way — but through `io`, returning
    /// the exit code instead of exiting. Tests drive the CLI through this.
    public static func run(arguments: [String], io: CommandIO) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if let streaming = command as? any StreamingCommand {
                try streaming.run(io: io)
            } else {
                try command.run()
            }
            return 0
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { io.out(message + "\n") } else { io.err(message + "\n") }
            }
            return code.rawValue
        }
    }
}
