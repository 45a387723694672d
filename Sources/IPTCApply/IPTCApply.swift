// The libiptc applier. Everything here is compiled only with the `LibIPTC` trait
// (`swift build --traits LibIPTC`); without it this module is empty and the CLI reports that
// `--backend libiptc` is not built in.
#if LibIPTC
import CIPTC
import KubeRules
import KubeRulesApply

/// Marker that the libiptc backend is compiled in.
public enum IPTCAvailability {
    public static let isBuiltIn = true
}
#else
/// Marker that the libiptc backend is not compiled in.
public enum IPTCAvailability {
    public static let isBuiltIn = false
}
#endif
