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
    static let sizes = [
        MemoryLayout<ipt_entry>.size, MemoryLayout<xt_entry_match>.size, MemoryLayout<xt_entry_target>.size,
        MemoryLayout<xt_tcp>.size, MemoryLayout<xt_conntrack_mtinfo3>.size, MemoryLayout<xt_statistic_info>.size,
        MemoryLayout<xt_recent_mtinfo_v1>.size, MemoryLayout<xt_nfacct_match_info_v1>.size, MemoryLayout<nf_nat_range2>.size,
        MemoryLayout<nf_nat_ipv4_multi_range_compat>.size, MemoryLayout<xt_sctp_info>.size, MemoryLayout<xt_standard_target>.size,
    ]
}
#else
/// Marker that the libiptc backend is not compiled in.
public enum IPTCAvailability {
    public static let isBuiltIn = false
}
#endif
