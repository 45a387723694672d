// The libiptc applier's entry point for the CLI. Everything else in this module is compiled only
// with the `LibIPTC` trait (`swift build --traits LibIPTC`); without it this file is all there is,
// and `--backend libiptc` says it is not built in.
import KubeRules
import KubeRulesApply

#if LibIPTC
/// Whether the libiptc backend is compiled in, and how to get it.
public enum IPTCAvailability {
    public static let isBuiltIn = true

    /// The libiptc applier for `namespace` (IPv4, legacy xtables).
    public static func applier(
        namespace: NetworkNamespaceTarget, runner: any CommandRunner, exclusion: ApplyExclusion? = .standard
    ) -> (any DataplaneApplier)? {
        IPTCApplier(libiptcIn: namespace, runner: runner, exclusion: exclusion)
    }
}
#else
/// Whether the libiptc backend is compiled in, and how to get it.
public enum IPTCAvailability {
    public static let isBuiltIn = false

    /// Nil: this build has no libiptc backend.
    public static func applier(
        namespace: NetworkNamespaceTarget, runner: any CommandRunner, exclusion: ApplyExclusion? = .standard
    ) -> (any DataplaneApplier)? {
        nil
    }
}
#endif
