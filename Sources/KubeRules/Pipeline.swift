/// The one place that runs kuberules' stages, in order:
///
/// ```
///  bytes ──read──▶ Manifests ──normalize──▶ ServiceGraph ──compile──▶ Ruleset / IPVS config ──render──▶ text
///        ManifestReader      ServiceGraphBuilder         IptablesCompiler,             IptablesRenderer,
///                                                        IPVS compiler                 ipvsadm/ipset renderers
/// ```
///
/// Each stage takes the previous stage's value and the merged ``ProxyOptions``; warnings and
/// notes go to the caller's ``DiagnosticCollector`` (the CLI prints them on stderr), and a stage
/// with an error throws every diagnostic collected so far, so nothing after it runs and nothing
/// reaches stdout. Commands call the function for the furthest stage they need.
public enum Pipeline {
    /// read: every input parsed and validated into typed objects; notes (skipped kinds, …) go
    /// to `diagnostics`.
    public static func read(
        _ inputs: [ManifestInput], options: ProxyOptions, diagnostics: inout DiagnosticCollector
    ) throws(DiagnosticsError) -> Manifests {
        let result = try ManifestReader(options: options).read(inputs)
        diagnostics.append(contentsOf: result.notes)
        return result.manifests
    }

    /// normalize: the service graph of the rendered node (``ProxyOptions/hostname``) in the
    /// rendered family (``ProxyOptions/ipFamily``).
    public static func graph(
        _ manifests: Manifests, options: ProxyOptions, diagnostics: inout DiagnosticCollector
    ) throws(DiagnosticsError) -> ServiceGraph {
        try ServiceGraphBuilder(options: options).build(manifests, diagnostics: &diagnostics)
    }
}
