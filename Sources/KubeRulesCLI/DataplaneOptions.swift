import ArgumentParser
import IPTCApply
import KubeRules
import KubeRulesApply

/// Where and how `apply` and `cleanup` program rules: `--backend`, `--iptables`, `--netns`.
public struct DataplaneOptions: ParsableArguments {
    public enum Backend: String, ExpressibleByArgument, CaseIterable, Sendable {
        case restore
        case libiptc
    }

    @Option(name: .customLong("backend"), help: "restore (iptables-restore, default) or libiptc (in-process, legacy xtables, IPv4).")
    public var backend: Backend = .restore

    @Option(name: .customLong("iptables"), help: "legacy, nft, or auto (what `iptables -V` reports; default).")
    public var variant: IptablesVariantChoice = .auto

    @Option(name: .customLong("netns"), help: "Program the named network namespace (`ip netns`) instead of this one.")
    public var netns: String?

    public init() {}

    public func validate() throws {
        if backend == .libiptc {
            guard IPTCAvailability.isBuiltIn else {
                throw ValidationError("--backend libiptc is not built in: build with `swift build --traits LibIPTC`.")
            }
            guard variant != .nft else {
                throw ValidationError("--backend libiptc drives legacy xtables only; use --backend restore --iptables nft.")
            }
        }
        if let netns {
            do {
                _ = try NetworkNamespaceTarget(name: netns)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    /// The namespace to program (validated in `validate()`).
    public var namespace: NetworkNamespaceTarget {
        netns.map { .named($0) } ?? .current
    }

    /// The applier these options select for `family`.
    public func applier(family: IPFamily, runner: any CommandRunner = ProcessCommandRunner()) throws(ApplyError)
        -> any DataplaneApplier
    {
        try Self.applier(
            backend: backend, variant: variant, namespace: namespace, family: family, runner: runner, exclusion: .standard)
    }

    /// ``applier(family:runner:)`` from the option values (which, unlike the options, are `Sendable`).
    /// `exclusion` is the apply lock it takes (nil inside IPVS mode, whose applier holds it).
    static func applier(
        backend: Backend, variant: IptablesVariantChoice, namespace: NetworkNamespaceTarget, family: IPFamily,
        runner: any CommandRunner, exclusion: ApplyExclusion?
    ) throws(ApplyError) -> any DataplaneApplier {
        switch backend {
        case .restore:
            return try RestoreApplier(
                variant: variant, family: family, namespace: namespace, runner: runner, exclusion: exclusion)
        case .libiptc:
            guard family == .ipv4 else {
                throw .unsupported("the libiptc backend drives IPv4 (libip4tc) only; use --backend restore for IPv6")
            }
            if variant == .auto, try variant.resolve(family: family, runner: runner) == .nft {
                throw .unsupported(
                    "this host's iptables uses nf_tables, and libiptc drives legacy xtables only; use --backend restore (or --iptables legacy to program legacy tables anyway)")
            }
            guard let applier = IPTCAvailability.applier(namespace: namespace, runner: runner, exclusion: exclusion) else {
                throw .unsupported("--backend libiptc is not built in: build with `swift build --traits LibIPTC`")
            }
            return applier
        }
    }

    /// The IPVS-mode applier these options select for `family`; its iptables applier is made
    /// only after the kernel check (an `auto` variant asks `iptables -V`).
    public func ipvsApplier(excludeCIDRs: [CIDR], family: IPFamily, runner: any CommandRunner = ProcessCommandRunner())
        -> IPVSApplier
    {
        let (backend, variant, namespace) = (backend, variant, namespace)
        return IPVSApplier(
            host: IPVSHost(namespace: namespace, runner: runner), excludeCIDRs: excludeCIDRs, exclusion: .standard
        ) { () throws(ApplyError) -> any DataplaneApplier in
            try Self.applier(
                backend: backend, variant: variant, namespace: namespace, family: family, runner: runner, exclusion: nil)
        }
    }

    /// Why these options cannot program IPVS mode, or nil: its rules match ipsets (`-m set`),
    /// which the libiptc backend does not encode.
    var ipvsUsageProblem: String? {
        backend == .libiptc
            ? "IPVS mode's rules match ipsets (-m set), which the libiptc backend cannot program; use --backend restore"
            : nil
    }

    /// Runs `work`, turning an ``ApplyError`` into its message on stderr and exit code 1.
    func reportingFailure<T>(_ io: CommandIO, _ work: () throws(ApplyError) -> T) throws -> T {
        do {
            return try work()
        } catch {
            io.err("kuberules: error: \(error)\n")
            throw ExitCode(1)
        }
    }

    /// Programming a kernel's tables needs CAP_NET_ADMIN; say so before any tool fails obscurely.
    func requireRoot(_ io: CommandIO, for command: String) throws {
        guard HostCapabilities.isRoot else {
            io.err("kuberules: error: \(command) needs root (CAP_NET_ADMIN) to read and change the tables\n")
            throw ExitCode(1)
        }
    }
}

extension IptablesVariantChoice: ExpressibleByArgument {}
