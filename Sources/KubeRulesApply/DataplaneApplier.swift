import KubeRules

/// Something that can program a rendered ruleset onto a host (or a fake of one).
public protocol DataplaneApplier: Sendable {
    /// Replaces kube-proxy's chains with `ruleset`, atomically per table.
    func apply(_ ruleset: Ruleset) throws
    /// Removes everything ``apply(_:)`` added.
    func cleanup(family: IPFamily) throws
}
