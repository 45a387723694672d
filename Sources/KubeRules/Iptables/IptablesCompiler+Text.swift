/// The restore text of one full sync, in consecutive pieces (a few megabytes each at most
/// for a large cluster): written out one after the other, they are the whole text.
public struct IptablesRestoreText: Sendable {
    public var pieces: [[UInt8]]

    /// The whole text in one buffer.
    public var bytes: [UInt8] { Array(pieces.joined()) }
}

extension IptablesCompiler {
    /// `IptablesRenderer.renderBytes(compile(graph, hooks: hooks))`, written straight as text
    /// (``TextTableSink``) without building the ruleset; nil when
    /// `RulesetLimits.problems(compile(graph, hooks: hooks))` might not be empty (or the text
    /// sink cannot vouch for the layout), so that the caller takes the model path, which names
    /// the problems. What `kuberules render` prints in iptables mode.
    public func compileText(_ graph: ServiceGraph, hooks: Bool = false) -> IptablesRestoreText? {
        let (filter, nat, filterHooks, natHooks) = writeTables(graph, hooks: hooks, into: TextTableSink.self)
        guard let filterText = (consume filter).build(hooks: filterHooks),
            let natText = (consume nat).build(hooks: natHooks)
        else { return nil }
        return IptablesRestoreText(pieces: filterText + natText)
    }
}
