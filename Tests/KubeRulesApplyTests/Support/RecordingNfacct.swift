import KubeRulesApply

/// Remembers which nfacct counters an applier asked for, without a kernel.
final class RecordingNfacct: NfacctCounters, @unchecked Sendable {
    private(set) var ensured: [[String]] = []
    private(set) var removed: [[String]] = []

    func ensure(_ names: [String], in target: NetworkNamespaceTarget) throws(ApplyError) { ensured.append(names) }
    func remove(_ names: [String], in target: NetworkNamespaceTarget) throws(ApplyError) { removed.append(names) }
}
