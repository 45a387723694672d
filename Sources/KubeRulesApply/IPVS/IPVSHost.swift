import KubeRules

/// The commands IPVS mode runs, inside the target namespace: `ipset`, `ipvsadm`, `ip`, and the
/// kernel check. Each reads or changes one thing and turns a failure into an ``ApplyError`` that
/// names the command and quotes what it printed.
public struct IPVSHost: Sendable {
    public let namespace: NetworkNamespaceTarget
    public let runner: any CommandRunner
    /// The bound on each run.
    public let timeout: Duration

    public init(namespace: NetworkNamespaceTarget = .current, runner: any CommandRunner = ProcessCommandRunner(),
                timeout: Duration = .seconds(60)) {
        self.namespace = namespace
        self.runner = runner
        self.timeout = timeout
    }

    /// Whether the namespace's kernel has IPVS: `/proc/net/ip_vs` exists once the `ip_vs` module
    /// is loaded (it is per network namespace). Reading it loads nothing: `ipvsadm` would
    /// `modprobe ip_vs` on its own, changing the whole host; kuberules leaves that to the user.
    public func hasIPVS() throws(ApplyError) -> Bool {
        let arguments = ["cat", Self.ipvsProcFile]
        let result = try run(arguments)
        if result.succeeded { return true }
        // `cat: /proc/net/ip_vs: No such file or directory`; anything else (the namespace is
        // gone, say) is a failure of its own.
        if result.stderr.contains(Self.ipvsProcFile) && result.stderr.contains("No such file") { return false }
        throw failed(arguments, result)
    }

    static let ipvsProcFile = "/proc/net/ip_vs"

    /// ``hasIPVS()``, or the error that says what is missing and what to do.
    public func requireIPVS() throws(ApplyError) {
        guard try hasIPVS() else {
            throw .noIPVS(namespace, detail: "\(Self.ipvsProcFile) does not exist")
        }
    }

    /// `ipset save`: the sets kuberules manages for `family`.
    public func ipsets(family: IPFamily) throws(ApplyError) -> IPSetSnapshot {
        let text = try output(["ipset", "save"])
        return try IPSetSnapshot.parse(text) { IPSetPlanner.isManaged($0, family: family) }
    }

    /// `ipset restore`: runs `lines`; ipset stops at the first failing line and says which.
    public func restoreIPSets(_ lines: [String]) throws(ApplyError) {
        try change(["ipset", "restore"], lines: lines, lineNumber: Self.ipsetFailedLine)
    }

    /// `ipvsadm -S -n`: the whole IPVS table.
    public func virtualServers() throws(ApplyError) -> [IPVSSavedService] {
        let arguments = ["ipvsadm", "-S", "-n"]
        let text = try output(arguments)
        do {
            return try IPVSadmParser(file: "ipvsadm -S -n").parse(text)
        } catch {
            throw .unreadableOutput(command: CommandInvocation(namespace.commandPrefix + arguments).description, message: error.description)
        }
    }

    /// `ipvsadm -R`: runs `lines`. ipvsadm goes on after a line the kernel refuses and exits
    /// with the last line's status, so callers read the table back to see what happened.
    public func restoreVirtualServers(_ lines: [String]) throws(ApplyError) -> CommandResult {
        try run(["ipvsadm", "-R"], input: lines.map { $0 + "\n" }.joined())
    }

    /// `kube-ipvs0` and its addresses.
    public func dummyDevice() throws(ApplyError) -> DummyDeviceState {
        var state = DummyDeviceState.parseLinks(try output(["ip", "-o", "-d", "link", "show"]))
        guard state.exists else { return state }
        state.addresses = try DummyDeviceState.parseAddresses(try output(["ip", "-o", "addr", "show", "dev", DummyDeviceState.name]))
        return state
    }

    /// `ip link add kube-ipvs0 type dummy`.
    public func createDummyDevice() throws(ApplyError) {
        _ = try output(["ip", "link", "add", DummyDeviceState.name, "type", "dummy"])
    }

    /// `ip link del kube-ipvs0`.
    public func deleteDummyDevice() throws(ApplyError) {
        _ = try output(["ip", "link", "del", DummyDeviceState.name])
    }

    /// `ip -batch -`: runs `lines`, stopping at the first that fails.
    public func changeAddresses(_ lines: [String]) throws(ApplyError) {
        try change(["ip", "-batch", "-"], lines: lines, lineNumber: Self.ipBatchFailedLine)
    }

    /// The full argument vector of a command run in the namespace (for messages and tests).
    public func arguments(_ command: [String]) -> [String] { namespace.commandPrefix + command }

    // MARK: - Running

    private func change(_ arguments: [String], lines: [String], lineNumber: (String) -> Int?) throws(ApplyError) {
        guard !lines.isEmpty else { return }
        let result = try run(arguments, input: lines.map { $0 + "\n" }.joined())
        guard !result.succeeded else { return }
        var error = failed(arguments, result)
        if let line = lineNumber(result.stderr), (1...lines.count).contains(line),
            case .toolFailed(let command, let status, let message) = error
        {
            error = .toolFailed(command: command, status: status, message: message.trimmingTrailingWhitespace + "\ninput line \(line): \(lines[line - 1])")
        }
        throw error
    }

    private func output(_ arguments: [String]) throws(ApplyError) -> String {
        let result = try run(arguments)
        guard result.succeeded else { throw failed(arguments, result) }
        return result.stdout
    }

    private func run(_ arguments: [String], input: String = "") throws(ApplyError) -> CommandResult {
        do {
            return try runner.run(CommandInvocation(namespace.commandPrefix + arguments, input: input, timeout: timeout))
        } catch {
            throw .command(error)
        }
    }

    private func failed(_ arguments: [String], _ result: CommandResult) -> ApplyError {
        let message = result.stderr.isEmpty ? result.stdout : result.stderr
        return .toolFailed(command: CommandInvocation(namespace.commandPrefix + arguments).description, status: result.status, message: message)
    }

    /// `ipset v7.17: Error in line 3: …`
    static func ipsetFailedLine(_ message: String) -> Int? {
        number(after: "Error in line ", in: message)
    }

    /// `Command failed -:3`
    static func ipBatchFailedLine(_ message: String) -> Int? {
        number(after: "Command failed -:", in: message)
    }

    private static func number(after marker: String, in message: String) -> Int? {
        guard let range = message.range(of: marker) else { return nil }
        return Int(message[range.upperBound...].prefix { $0.isNumber })
    }
}
