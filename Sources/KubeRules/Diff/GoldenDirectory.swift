import Foundation

/// Golden rules in CI: `render --output-dir DIR` writes every node's rules as golden files,
/// `diff --golden DIR` re-renders and compares them all.
///
/// Writing is all or nothing: every text is rendered first (an input error writes nothing),
/// then written into a fresh temporary directory beside DIR, then each file is moved into DIR
/// with `rename`, which replaces a file atomically; golden files of the same kinds for nodes
/// no longer in the input are removed, so the directory always describes the current input.
public enum GoldenDirectory {
    /// The nodes to render: only `options.hostname` when given, else every Node object.
    public static func nodes(_ manifests: Manifests, options: ProxyOptions) -> [String] {
        if let name = options.hostname { return [name] }
        return Array(Set(manifests.nodes.map(\.metadata.name))).sorted()
    }

    /// Every golden file's text for the nodes of the input, in the mode and family of `options`
    /// (with kube-proxy's jump rules in the iptables texts when `hooks`).
    public static func render(
        _ manifests: Manifests, options: ProxyOptions, hooks: Bool = false, diagnostics: inout DiagnosticCollector
    ) throws(DiagnosticsError) -> [(GoldenFile, String)] {
        let names = nodes(manifests, options: options)
        guard !names.isEmpty else {
            diagnostics.emit(Diagnostic(
                severity: .error, message: "no Node objects in the input, so no node to write golden files for",
                expected: "Node objects, or --hostname-override NAME (with --node-ip) for one node"))
            throw DiagnosticsError(diagnostics.diagnostics)
        }
        var files: [(GoldenFile, String)] = []
        for name in names {
            var nodeOptions = options
            nodeOptions.hostname = name
            let graph = try Pipeline.graph(manifests, options: nodeOptions, diagnostics: &diagnostics)
            for kind in GoldenFile.Kind.written(mode: options.proxyMode, family: options.ipFamily) {
                files.append((GoldenFile(node: name, kind: kind), kind.render(graph, options: nodeOptions, hooks: hooks)))
            }
        }
        return files
    }

    /// `DIR/<file>` as the user spelled DIR (relative stays relative).
    public static func path(of file: GoldenFile, in directory: String) -> String {
        directory.hasSuffix("/") ? directory + file.fileName : directory + "/" + file.fileName
    }

    /// The golden files in `directory`, sorted by name.
    public static func list(_ directory: String) throws -> [GoldenFile] {
        try FileManager.default.contentsOfDirectory(atPath: directory).compactMap(GoldenFile.init(fileName:)).sorted()
    }

    /// Writes `files` into `directory` (created when missing) as described above.
    public static func write(_ files: [(GoldenFile, String)], to directory: String) throws {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        let staging = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).kuberules-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: staging) }
        for (file, text) in files {
            try Data(text.utf8).write(to: staging.appendingPathComponent(file.fileName))
        }
        try manager.createDirectory(at: target, withIntermediateDirectories: true)
        let kinds = Set(files.map(\.0.kind))
        let written = Set(files.map(\.0.fileName))
        for (file, _) in files {
            let from = staging.appendingPathComponent(file.fileName), to = target.appendingPathComponent(file.fileName)
            // rename(2) within one file system replaces the file in one step (readers see the old
            // or the new one); FileManager's moveItem refuses an existing destination and
            // swift-corelibs-foundation's replaceItemAt fails on a plain file here.
            guard rename(from.path, to.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: to.path])
            }
        }
        for stale in try list(target.path) where kinds.contains(stale.kind) && !written.contains(stale.fileName) {
            try manager.removeItem(at: target.appendingPathComponent(stale.fileName))
        }
    }
}
