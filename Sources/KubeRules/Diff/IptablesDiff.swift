/// `kuberules diff` for iptables rules: the rendered ruleset against a saved one (an
/// `iptables-save` of a live node or a golden file), with kube-proxy's notion of sameness.
///
/// Both sides are cut to kube-proxy's part (``LiveDump``) and normalized as kube-proxy's tests
/// compare dumps (``IptablesNormalizer``, `sortIPTablesRules`). A live dump prints rules as the
/// kernel keeps them (`-s 10.0.0.0/8`, `-d 172.30.0.41/32`, `--set-xmark`), so when the saved
/// side is `iptables-save` output both sides are first put in that canonical form
/// (``IptablesCanonicalForm``); a golden file written by `render` is compared as written.
/// Counters never count.
public enum IptablesDiff {
    public static func compare(
        rendered: Ruleset, saved: Ruleset, graph: ServiceGraph?, renderedName: String, savedName: String
    ) -> DiffReport {
        var old = LiveDump.kubeProxyPart(of: saved)
        var new = LiveDump.kubeProxyPart(of: rendered)
        if LiveDump.isSaveOutput(saved) {
            old = IptablesCanonicalForm.canonical(old)
            new = IptablesCanonicalForm.canonical(new)
        }
        old = IptablesNormalizer.normalize(old)
        new = IptablesNormalizer.normalize(new)
        let oldText = IptablesRenderer.render(old), newText = IptablesRenderer.render(new)
        guard oldText != newText else { return DiffReport(findings: [], unifiedDiff: "") }
        let attribution = ServiceAttribution(graph: graph, rulesets: [new, old])
        let findings = IptablesChanges(old: old, new: new, attribution: attribution).findings()
        return DiffReport(
            findings: DiffFinding.ordered(findings),
            unifiedDiff: UnifiedDiff.render(old: oldText, new: newText, oldName: savedName, newName: renderedName))
    }

    /// Whether the rendered side should carry the jump rules: when the saved side does.
    public static func wantsHooks(_ saved: Ruleset) -> Bool {
        LiveDump.hasJumpRules(saved)
    }
}
