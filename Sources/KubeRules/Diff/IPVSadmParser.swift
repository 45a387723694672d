/// Reads `ipvsadm-save -n` output (which is also `ipvsadm-restore` input) into
/// ``IPVSSavedService`` values: the opposite of ``IPVSadmRenderer`` for every option
/// `ipvsadm-save` prints (ipvsadm 1.31, `print_service_entry` with `FMT_RULE`).
///
/// Errors are `file:line:column: error: … (expected …)` with the line and a caret, all of them.
public struct IPVSadmParser: Sendable {
    public var file: String

    public init(file: String = "-") {
        self.file = file
    }

    public func parse(_ text: String) throws(DiagnosticsError) -> [IPVSSavedService] {
        var diagnostics = DiagnosticCollector()
        var services: [IPVSSavedService] = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (offset, raw) in lines.enumerated() {
            let line = String(raw)
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            var reader = IPVSLineReader(line: line)
            do throws(IPVSLineReader.Failure) {
                try reader.read(into: &services)
            } catch {
                diagnostics.emit(Diagnostic(
                    severity: .error, message: error.message, expected: error.expected,
                    location: SourceLocation(file: file, line: offset + 1, column: error.column), sourceLine: line))
            }
        }
        try diagnostics.throwIfErrors()
        return services
    }
}

/// One virtual service as `ipvsadm-save` prints it.
public struct IPVSSavedService: Hashable, Sendable {
    /// `-t`, `-u`, `--sctp-service`, or `-f` (firewall mark; kube-proxy never makes those).
    public var protocolOption: String
    /// `ip:port` (`[ip]:port`), or the mark for `-f`.
    public var address: String
    public var scheduler: String = "wlc"
    /// `-p TIMEOUT`.
    public var persistence: Int?
    /// Other service options, in order (`-M`, `-b`, `-o`, `--pe`).
    public var options: [String] = []
    public var realServers: [IPVSSavedRealServer] = []

    /// `-A -t 172.30.0.41:80`, the identity of the service.
    public var key: String { "\(protocolOption) \(address)" }

    /// The lines `ipvsadm-save -n` prints for the service.
    public var text: String {
        var out = "-A \(key) -s \(scheduler)"
        if let persistence { out += " -p \(persistence)" }
        for option in options { out += " \(option)" }
        out += "\n"
        for real in realServers { out += "-a \(key) \(real.text)\n" }
        return out
    }
}

/// One destination of a saved service.
public struct IPVSSavedRealServer: Hashable, Sendable {
    /// `ip:port` (`[ip]:port`).
    public var address: String
    /// `-m`, `-g` or `-i`.
    public var forwarding: String = "-g"
    public var weight: Int = 1
    /// Other options in order (`-x`, `-y`, `--tun-type`, …).
    public var options: [String] = []

    public var text: String {
        var out = "-r \(address) \(forwarding) -w \(weight)"
        for option in options { out += " \(option)" }
        return out
    }
}
