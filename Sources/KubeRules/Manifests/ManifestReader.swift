import Foundation
#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Reads manifests — files, directories, stdin bytes — into typed objects, validating them as
/// the API server would. Stage one of the pipeline:
///
///     bytes ──parse (YAML | JSON)──▶ ManifestValue documents ──decode + validate──▶ Manifests
///
/// Every input is read and checked even after an error, so one run reports all problems; then
/// ``read(_:)`` throws ``DiagnosticsError`` with every diagnostic (errors, warnings and notes)
/// in input order, each with its source line for the caret. Nothing partial is returned.
public struct ManifestReader: Sendable {
    /// The API server's `--service-node-port-range`, which nodePorts must lie in.
    public var serviceNodePortRange: ClosedRange<Int>
    /// The YAML front end (Yams unless replaced, e.g. by a streaming reader).
    public var yamlParser: any ManifestDocumentParser = YAMLDocumentParser()
    /// The JSON front end.
    public var jsonParser: any ManifestDocumentParser = JSONDocumentParser()
    /// Read through the fast streaming readers first (``StreamingManifestReader``: the kubectl
    /// subset of YAML, and JSON, list items parsed and decoded in parallel); the front ends
    /// above then read only what those hand back (YAML outside the subset, syntax errors).
    /// Off, every text goes through the front ends (differential tests compare both ways).
    public var streaming = true

    public init(serviceNodePortRange: ClosedRange<Int> = 30000...32767) {
        self.serviceNodePortRange = serviceNodePortRange
    }

    /// A reader using the options' `serviceNodePortRange`.
    public init(options: ProxyOptions) {
        self.init(serviceNodePortRange: options.serviceNodePortRange)
    }

    /// Reads every input in order.
    public func read(_ inputs: [ManifestInput]) throws(DiagnosticsError) -> ManifestReadResult {
        var manifests = Manifests()
        var diagnostics: [Diagnostic] = []
        for input in inputs {
            switch input {
            case .path(let path):
                for (source, format) in load(path: path, diagnostics: &diagnostics) {
                    let (read, found) = self.read(source, format: format)
                    manifests.append(contentsOf: read)
                    diagnostics += found
                }
            case .standardInput(let bytes):
                let (read, found) = self.read(bytes: bytes, name: "-", format: ManifestFormat(sniffing: bytes))
                manifests.append(contentsOf: read)
                diagnostics += found
            case .bytes(let name, let bytes, let format):
                let (read, found) = self.read(bytes: bytes, name: name, format: format ?? ManifestFormat(sniffing: bytes))
                manifests.append(contentsOf: read)
                diagnostics += found
            }
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw DiagnosticsError(diagnostics) }
        return ManifestReadResult(manifests: manifests, notes: diagnostics)
    }

    /// Parses and decodes one text; the diagnostics carry source lines and are in position order.
    public func read(_ source: SourceText, format: ManifestFormat) -> (Manifests, [Diagnostic]) {
        if streaming,
            let (manifests, diagnostics) = StreamingManifestReader(serviceNodePortRange: serviceNodePortRange)
                .read(source, format: format)
        {
            return (manifests, Self.ordered(diagnostics, in: source))
        }
        let (documents, syntaxErrors) = (format == .json ? jsonParser : yamlParser).parse(source)
        var decoder = ManifestDecoder(serviceNodePortRange: serviceNodePortRange)
        for document in documents { decoder.decodeDocument(document) }
        return (decoder.manifests, Self.ordered(decoder.diagnostics + syntaxErrors, in: source))
    }

    /// The diagnostics of one text with their source lines, in position order.
    private static func ordered(_ found: [Diagnostic], in source: SourceText) -> [Diagnostic] {
        let diagnostics = found.map(source.attachingSourceLine)
        // Stable: several findings at one position keep the order they were found in.
        let ordered = diagnostics.enumerated().sorted { a, b in
            let (la, lb) = (a.element.location, b.element.location)
            if let la, let lb, la != lb { return la < lb }
            return a.offset < b.offset
        }.map(\.element)
        return ordered
    }

    private func read(bytes: [UInt8], name: String, format: ManifestFormat) -> (Manifests, [Diagnostic]) {
        do {
            return read(try SourceText(name: name, bytes: bytes), format: format)
        } catch {
            return (Manifests(), error.diagnostics)
        }
    }

    /// The texts behind a path: the file, or the directory's manifest files in name order.
    private func load(path: String, diagnostics: inout [Diagnostic]) -> [(SourceText, ManifestFormat)] {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
            diagnostics.append(ManifestDiagnostics.unreadable(path, reason: "no such file or directory"))
            return []
        }
        guard isDirectory.boolValue else {
            return loadFile(path, diagnostics: &diagnostics).map { [($0, ManifestFormat(path: path))] } ?? []
        }
        let names: [String]
        do {
            names = try files.contentsOfDirectory(atPath: path)
        } catch {
            diagnostics.append(ManifestDiagnostics.unreadable(path, reason: "cannot list the directory"))
            return []
        }
        let prefix = path.hasSuffix("/") ? path : path + "/"
        // Byte order, not locale order, so the result is the same on every machine. Hidden
        // files (editor backups, `.#lock` files) are not manifests.
        let manifestFiles = names.filter { name in
            let lower = name.lowercased()
            return !name.hasPrefix(".")
                && (lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json"))
        }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var texts: [(SourceText, ManifestFormat)] = []
        for name in manifestFiles {
            let filePath = prefix + name
            var isSubdirectory: ObjCBool = false
            guard files.fileExists(atPath: filePath, isDirectory: &isSubdirectory), !isSubdirectory.boolValue else { continue }
            if let text = loadFile(filePath, diagnostics: &diagnostics) { texts.append((text, ManifestFormat(path: name))) }
        }
        if manifestFiles.isEmpty { diagnostics.append(ManifestDiagnostics.emptyDirectory(path)) }
        return texts
    }

    private func loadFile(_ path: String, diagnostics: inout [Diagnostic]) -> SourceText? {
        guard FileManager.default.isReadableFile(atPath: path) else {
            diagnostics.append(ManifestDiagnostics.unreadable(path, reason: "permission denied"))
            return nil
        }
        // An ASCII file (kubectl's output, as a rule) is read straight into the String's own
        // storage: no byte array to zero, fill and copy again (inputs run to tens of MB).
        if let text = Self.readASCIIText(path) { return SourceText(name: path, text: text) }
        // Straight into one byte array (not Data and then a copy): inputs run to tens of MB.
        guard let bytes = Self.readBytes(path) else {
            diagnostics.append(ManifestDiagnostics.unreadable(path, reason: "read failed"))
            return nil
        }
        do {
            return try SourceText(name: path, bytes: bytes)
        } catch {
            diagnostics += error.diagnostics
            return nil
        }
    }

    /// The whole file as a String read in place, when it is all ASCII (so the String holds exactly
    /// its bytes, as ``SourceText/init(name:bytes:)`` would, and needs no UTF-8 check of its own);
    /// nil otherwise, or on any error or a file that grows while read (the caller reads it again
    /// the general way, which reports).
    static func readASCIIText(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
        let size = Int(status.st_size)
        var usable = true
        let text = String(unsafeUninitializedCapacity: size) { buffer -> Int in
            // Each core reads (pread) and checks one part: the copy from the page cache and the
            // first touch of tens of megabytes of fresh pages are most of the load, and serial.
            let parts = size >= Self.parallelReadSize ? max(1, ParallelChunks.cores) : 1
            let partSize = (size + parts - 1) / parts
            let target = SharedMutableBytes(base: buffer.baseAddress!)
            HugePages.advise(target.base, count: size)
            let results = ParallelChunks.map((0..<parts).map { $0..<($0 + 1) }) { part -> Bool in
                let start = part.lowerBound * partSize
                let stop = min(size, start + partSize)
                var filled = start
                while filled < stop {
                    let count = pread(descriptor, target.base + filled, stop - filled, off_t(filled))
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { break }
                    filled += count
                }
                // Any byte >= 0x80: the general path validates (and reports) UTF-8.
                var bits: UInt8 = 0
                for index in start..<filled { bits |= target.base[index] }
                return filled == stop && bits < 0x80
            }
            var probe: UInt8 = 0
            // Short of what fstat said (or not a regular file), or more than it: not read in place.
            if results.contains(false) || pread(descriptor, &probe, 1, off_t(size)) != 0 { usable = false }
            return usable ? size : 0
        }
        return usable ? text : nil
    }

    /// From this size on, ``readASCIIText(_:)`` reads the parts of a file in parallel.
    static let parallelReadSize = 4 << 20

    /// The whole file, read with `read(2)` into an array sized from `fstat`; nil on any error.
    static func readBytes(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: max(Int(status.st_size), 0))
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 65_536)) }
            let count = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}

/// The buffer a file is read into, written by several threads at once, each in its own part.
private struct SharedMutableBytes: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
}
