/// The IPVS schedulers `--ipvs-scheduler` may name: the kernel's `ip_vs_*` scheduler modules.
///
/// kube-proxy itself accepts any name and lets the kernel refuse an unknown one
/// (`CanUseIPVSProxier` creates a dummy service with it); offline there is no kernel to ask, and
/// the name reaches `ipvsadm` text, so kuberules accepts exactly the kernel's list.
public enum IPVSSchedulers {
    /// Round robin, weighted round robin, least connection, weighted least connection,
    /// locality-based least connection (with replication), destination / source hashing,
    /// shortest expected delay, never queue, weighted failover, weighted overflow, maglev
    /// hashing, weighted random twos choice.
    public static let supported: [String] = [
        "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos",
    ]

    public static func isSupported(_ name: String) -> Bool { supported.contains(name) }
}
