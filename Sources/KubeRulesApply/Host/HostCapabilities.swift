import Glibc

/// What this host can do, for commands that need root and tools and for tests that must skip,
/// saying why, when it cannot.
public enum HostCapabilities {
    public static var isRoot: Bool { geteuid() == 0 }

    /// The programs of `tools` not found in `PATH` or the sbin directories.
    public static func missing(_ tools: [String]) -> [String] {
        tools.filter { ProcessCommandRunner.resolve($0) == nil }
    }

    /// Nil when kernel tests can run (root, and every tool present); else the reason they cannot.
    public static func kernelTestsUnavailable(needing tools: [String]) -> String? {
        guard isRoot else { return "kernel tests need root (they create network namespaces)" }
        let absent = missing(tools)
        guard absent.isEmpty else { return "kernel tests need \(absent.joined(separator: ", ")) (not installed)" }
        return nil
    }
}
