import Foundation
import KubeRules
import KubeRulesFuzzing
import Testing

/// Every input in fixtures/fuzz-regressions, replayed through the fuzz target's own checks
/// (``PipelineProbe``: no crash, bad input ends in diagnostics, rendered text audited), on a
/// thread with the 8 MB stack a command-line run has; and every fixture's manifests, in both
/// modes and with and without the jump rules, as the fuzzer's seeds are.
@Suite("Fuzz regressions and seeds")
struct FuzzRegressionTests {
    struct Regression: CustomStringConvertible, Sendable {
        var name: String
        var input: [UInt8]
        var expected: String
        var description: String { name }
    }

    static var root: URL { Golden.fixtures.appendingPathComponent("fuzz-regressions", isDirectory: true) }

    static var regressions: [Regression] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            let directory = root.appendingPathComponent(name)
            guard let expected = try? String(contentsOf: directory.appendingPathComponent("expected.outcome"), encoding: .utf8)
            else { return nil }
            let plain = directory.appendingPathComponent("input")
            let input = FileManager.default.contents(atPath: plain.path).map { [UInt8]($0) }
                ?? gunzip(directory.appendingPathComponent("input.gz"))
            guard let input else { return nil }
            return Regression(name: name, input: input, expected: expected.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    /// `gzip -dc FILE` (large regression inputs are kept compressed).
    static func gunzip(_ url: URL) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", url.path]
        let output = Pipe()
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? [UInt8](data) : nil
    }

    @Test func thereAreRegressions() {
        #expect(!Self.regressions.isEmpty)
    }

    @Test("replayed without a crash, with the recorded outcome", arguments: regressions)
    func regression(_ regression: Regression) throws {
        let outcome = try Self.onLargeStack { () throws(RulesetAudit.Violation) -> PipelineProbe.Outcome in
            try PipelineProbe.run(FuzzInput(bytes: regression.input))
        }
        switch outcome {
        case .rejected(let diagnostics):
            #expect(regression.expected == "rejected", "\(diagnostics)")
            #expect(diagnostics.contains("error:"))
        case .rendered:
            #expect(regression.expected == "rendered")
        }
    }

    @Test("every fixture as a fuzz seed passes the fuzz checks", arguments: FixtureCase.all())
    func fixtureSeed(_ fixture: FixtureCase) throws {
        let manifests = try fixture.manifestPaths.flatMap { path -> [UInt8] in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            guard isDirectory.boolValue else { return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }
            let files = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".yaml") }.sorted()
            return try files.flatMap { Array("---\n".utf8) + [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/" + $0))) }
        }
        let flags = fixture.flags.joined(separator: " ")
        var selector: UInt8 = flags.contains("--ip-family ipv6") ? 0x01 : 0
        if flags.contains("--hostname-override node-1") { selector |= 0x08 } else if !flags.contains("--hostname-override") {
            selector |= 0x10
        }
        for extra: UInt8 in [0x00, 0x02, 0x04, 0x06] {
            let outcome = try PipelineProbe.run(FuzzInput(selector: selector | extra, manifests: manifests))
            if case .rendered(let texts) = outcome { #expect(!texts.isEmpty) }
        }
    }

    /// Runs `body` on a thread with an 8 MB stack (a process's main thread has as much), so a
    /// regression about stack depth reproduces whatever thread the test runner uses.
    static func onLargeStack(
        _ body: @escaping @Sendable () throws(RulesetAudit.Violation) -> PipelineProbe.Outcome
    ) throws -> PipelineProbe.Outcome {
        final class Box: @unchecked Sendable { var result: Result<PipelineProbe.Outcome, RulesetAudit.Violation>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            do throws(RulesetAudit.Violation) { box.result = .success(try body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        done.wait()
        return try box.result!.get()
    }
}
