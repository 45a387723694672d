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

    public init(
        readInput: @escaping () -> [UInt8], out: @escaping (String) -> Void,
        err: @escaping (String) -> Void
    ) {
        self.readInput = readInput
        self.out = out
        self.err = err
    }

    /// The process's own streams (stdout and stderr unbuffered).
    public static var standard: CommandIO {
        CommandIO(
            readInput: { [UInt8](FileHandle.standardInput.readDataToEndOfFile()) },
            out: { FileHandle.standardOutput.write(Data($0.utf8)) },
            err: { FileHandle.standardError.write(Data($0.utf8)) })
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
