import Foundation
import KubeRules
@testable import KubeRulesApply

/// The runner of the IPVS-mode applier tests: `iptables*` commands go to a ``FakeIptablesRunner``
/// (so the companion rules are really planned, committed and undone against a fake kernel), every
/// other command — `cat`, `ipset`, `ipvsadm`, `ip` — must match the next step of a script. Every
/// invocation is recorded in order, so a test checks the exact command sequence.
final class IPVSTestRunner: CommandRunner, @unchecked Sendable {
    let netfilter: FakeNetfilter
    let script: ScriptedCommandRunner
    private let iptables: FakeIptablesRunner
    private let lock = NSLock()
    private var recorded: [CommandInvocation] = []

    init(_ steps: [ScriptedCommandRunner.Step], netfilter: FakeNetfilter = FakeNetfilter()) {
        self.netfilter = netfilter
        self.script = ScriptedCommandRunner(steps)
        self.iptables = FakeIptablesRunner(netfilter: netfilter)
    }

    func run(_ invocation: CommandInvocation) throws(CommandError) -> CommandResult {
        lock.withLock { recorded.append(invocation) }
        var arguments = invocation.arguments[...]
        if arguments.starts(with: ["ip", "netns", "exec"]) { arguments = arguments.dropFirst(4) }
        if let program = arguments.first, program.hasPrefix("iptables") || program.hasPrefix("ip6tables") {
            return try iptables.run(invocation)
        }
        return try script.run(invocation)
    }

    /// Every invocation so far.
    var invocations: [CommandInvocation] { lock.withLock { recorded } }

    /// The argument vectors, iptables ones included.
    var commands: [[String]] { invocations.map(\.arguments) }

    /// What `arguments` was given on standard input (the last such run).
    func input(of arguments: [String]) -> String? {
        invocations.last { $0.arguments == arguments }.map { String(decoding: $0.standardInput, as: UTF8.self) }
    }

    /// An applier over this runner, legacy iptables, in the current namespace.
    func applier(excludeCIDRs: [CIDR] = []) -> IPVSApplier {
        let runner: any CommandRunner = self
        let counters = netfilter
        return IPVSApplier(host: IPVSHost(runner: runner), excludeCIDRs: excludeCIDRs) { () throws(ApplyError) -> any DataplaneApplier in
            RestoreApplier(backend: RestoreBackend(variant: .legacy, runner: runner), counters: counters)
        }
    }
}

/// Short names for the commands of the script.
enum IPVSCommands {
    static let probe = ["cat", "/proc/net/ip_vs"]
    static let ipsetSave = ["ipset", "save"]
    static let ipsetRestore = ["ipset", "restore"]
    static let ipvsSave = ["ipvsadm", "-S", "-n"]
    static let ipvsRestore = ["ipvsadm", "-R"]
    static let links = ["ip", "-o", "-d", "link", "show"]
    static let addresses = ["ip", "-o", "addr", "show", "dev", "kube-ipvs0"]
    static let addDevice = ["ip", "link", "add", "kube-ipvs0", "type", "dummy"]
    static let deleteDevice = ["ip", "link", "del", "kube-ipvs0"]
    static let batch = ["ip", "-batch", "-"]
    static let saveNat = ["iptables-legacy-save", "-t", "nat"]
    static let saveFilter = ["iptables-legacy-save", "-t", "filter"]
    static let restore = ["iptables-legacy-restore", "-w", "5", "-W", "100000", "--noflush", "--counters"]

    /// `/proc/net/ip_vs` of a kernel with IPVS and no services yet.
    static let procIPVS = "IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n"
    static let noProcIPVS = CommandResult(status: 1, stdout: "", stderr: "cat: /proc/net/ip_vs: No such file or directory\n")
}
