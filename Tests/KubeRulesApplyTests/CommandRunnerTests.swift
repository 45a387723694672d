import Dispatch
import Testing
@testable import KubeRulesApply

@Suite struct ProcessCommandRunnerTests {
    let runner = ProcessCommandRunner(killGrace: .milliseconds(500))

    @Test func feedsStandardInputAndCapturesBothOutputs() throws {
        let result = try runner.run(
            CommandInvocation(["sh", "-c", "tr a-z A-Z; echo oops >&2; exit 3"], input: "hello\n"))
        #expect(result.status == 3)
        #expect(result.stdout == "HELLO\n")
        #expect(result.stderr == "oops\n")
    }

    @Test func largeInputAndOutputDoNotDeadlock() throws {
        // 4 MiB through `cat`: far more than a pipe buffer in both directions at once.
        let line = String(repeating: "x", count: 1023) + "\n"
        let input = String(repeating: line, count: 4096)
        let result = try runner.run(CommandInvocation(["cat"], input: input, timeout: .seconds(20)))
        #expect(result.status == 0)
        #expect(result.standardOutput.count == input.utf8.count)
    }

    @Test func killsAProgramThatOutlivesItsBound() {
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: CommandError.self) {
            try runner.run(CommandInvocation(["sleep", "30"], timeout: .milliseconds(300)))
        }
        #expect(clock.now - start < .seconds(5))
    }

    @Test func missingProgramIsNamed() {
        #expect(throws: CommandError.notFound(program: "kuberules-no-such-tool")) {
            try runner.run(CommandInvocation(["kuberules-no-such-tool"]))
        }
    }

    @Test func earlyExitWithUnreadInputIsNotFatal() throws {
        let big = String(repeating: "y\n", count: 1 << 20)
        let result = try runner.run(CommandInvocation(["true"], input: big))
        #expect(result.status == 0)
    }

    @Test func signalDeathReportsStatusAbove128() throws {
        let result = try runner.run(CommandInvocation(["sh", "-c", "kill -KILL $$"]))
        #expect(result.status == 128 + 9)
    }
}

@Suite struct ScriptedCommandRunnerTests {
    @Test func playsItsScriptAndRecordsInput() throws {
        let runner = ScriptedCommandRunner([
            .ok(["iptables", "-V"], stdout: "iptables v1.8.9 (legacy)\n"),
            ScriptedCommandRunner.Step(["iptables-legacy-restore"], CommandResult(status: 2, stdout: "", stderr: "bad")),
        ])
        #expect(try runner.run(CommandInvocation(["iptables", "-V"])).stdout == "iptables v1.8.9 (legacy)\n")
        let second = try runner.run(CommandInvocation(["iptables-legacy-restore"], input: "*nat\nCOMMIT\n"))
        #expect(second.status == 2)
        #expect(runner.invocations.map(\.standardInput) == [[], Array("*nat\nCOMMIT\n".utf8)])
        #expect(runner.remainingSteps.isEmpty)
    }

    @Test func rejectsACommandOutOfScriptAndKeepsTheExpectedStep() throws {
        let runner = ScriptedCommandRunner([.ok(["iptables-save"])])
        #expect(throws: CommandError.self) { try runner.run(CommandInvocation(["iptables-restore"])) }
        #expect(runner.remainingSteps.map(\.arguments) == [["iptables-save"]])
        #expect(try runner.run(CommandInvocation(["iptables-save"])).status == 0)
        #expect(throws: CommandError.self) { try runner.run(CommandInvocation(["iptables-save"])) }
    }

    @Test func childrenStartWithNoSignalsBlockedWhateverTheCallingThread() throws {
        // Run from a libdispatch worker, which blocks most signals for itself.
        let result = try DispatchQueue.global().sync {
            try ProcessCommandRunner().run(CommandInvocation(["sh", "-c", "grep SigBlk /proc/self/status"]))
        }
        #expect(result.stdout == "SigBlk:\t0000000000000000\n")
    }

    @Test func quotesCommandLinesForPeople() {
        #expect(CommandInvocation(["ip", "netns", "exec", "kr-a", "iptables-save", "-t", "nat"]).description
            == "ip netns exec kr-a iptables-save -t nat")
        #expect(CommandInvocation(["echo", "it's a test", ""]).description == "echo 'it'\\''s a test' ''")
    }
}
