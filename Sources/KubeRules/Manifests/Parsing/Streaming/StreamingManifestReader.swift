/// The fast way through the read stage: the kubectl-subset YAML reader (or the JSON reader)
/// splits a list document's `items` into regions, and the items are parsed and decoded in
/// parallel, one light tree at a time, never holding the whole file as a tree. The result —
/// objects and diagnostics — is the one ``ManifestDecoder`` gives on the whole tree.
///
/// Returns nil whenever the tree parsers must read the text instead: YAML outside the subset,
/// or any syntax error (their messages are the reference). Decoding problems are reported here
/// as they would be there.
struct StreamingManifestReader {
    let serviceNodePortRange: ClosedRange<Int>

    /// Objects and unsorted diagnostics (without source lines), or nil to fall back.
    func read(_ source: SourceText, format: ManifestFormat) -> (Manifests, [Diagnostic])? {
        var text = source.text
        return text.withUTF8 { bytes -> (Manifests, [Diagnostic])? in
            let shared = SharedBytes(buffer: bytes)
            switch format {
            case .yaml:
                let verdict = YAMLSubsetCharacters.check(bytes)
                guard verdict.supported,
                    let documents = try? YAMLSubsetCursor.documents(
                        bytes: bytes, file: source.name, ascii: verdict.ascii, lazyItems: true)
                else { return nil }
                let items = YAMLItems(bytes: shared, file: source.name, ascii: verdict.ascii)
                return decode(documents, items: items)
            case .json:
                guard let documents = JSONStreamReader.documents(shared, source: source) else { return nil }
                return decode(documents, items: JSONItems(bytes: shared, source: source))
            }
        }
    }

    /// Decodes the documents in order; list items in parallel chunks.
    private func decode<Items: ItemParser>(_ documents: [StreamedDocument], items: Items) -> (Manifests, [Diagnostic])? {
        var manifests = Manifests()
        var diagnostics: [Diagnostic] = []
        var decoder = ManifestDecoder(serviceNodePortRange: serviceNodePortRange)
        for document in documents {
            switch document {
            case .value(let value):
                decoder.decodeDocument(value)
            case .list(var header, let entry, let regions):
                switch decoder.beginList(header) {
                case .items(let context):
                    manifests.append(contentsOf: decoder.manifests)
                    diagnostics += decoder.diagnostics
                    decoder = ManifestDecoder(serviceNodePortRange: serviceNodePortRange)
                    guard var parts = decodeItems(regions, items: items, context: context) else { return nil }
                    Self.join(&parts, into: &manifests, diagnostics: &diagnostics)
                case .skipItems:
                    // Not decoded, but a syntax problem in them must still send the text to Yams.
                    guard parseItems(regions, items: items) != nil else { return nil }
                case .notAList:
                    guard let values = parseItems(regions, items: items),
                        case .sequence(var sequence) = header.entries[entry].value
                    else { return nil }
                    sequence.items = values
                    header.entries[entry].value = .sequence(sequence)
                    decoder.decodeDocument(.mapping(header))
                }
            }
        }
        manifests.append(contentsOf: decoder.manifests)
        diagnostics += decoder.diagnostics
        return (manifests, diagnostics)
    }

    /// The chunks' objects (consumed) after `manifests`, in order. Each object is moved, not
    /// copied: appending a chunk's array to another copies every object (a retain per reference
    /// it holds: names, labels, endpoints, ports, file) and freeing the chunk's array then
    /// releases them all, for tens of thousands of objects on one thread.
    private static func join(
        _ parts: inout [(Manifests, [Diagnostic])], into manifests: inout Manifests, diagnostics: inout [Diagnostic]
    ) {
        var services = [take(&manifests.services)]
        var slices = [take(&manifests.endpointSlices)]
        var endpoints = [take(&manifests.endpoints)]
        var nodes = [take(&manifests.nodes)]
        for index in parts.indices {
            services.append(take(&parts[index].0.services))
            slices.append(take(&parts[index].0.endpointSlices))
            endpoints.append(take(&parts[index].0.endpoints))
            nodes.append(take(&parts[index].0.nodes))
            diagnostics += parts[index].1
        }
        manifests.services = joined(&services)
        manifests.endpointSlices = joined(&slices)
        manifests.endpoints = joined(&endpoints)
        manifests.nodes = joined(&nodes)
    }

    /// `array`'s storage, leaving it empty (a swap: no copy, no reference count change).
    private static func take<Element>(_ array: inout [Element]) -> [Element] {
        var taken: [Element] = []
        swap(&taken, &array)
        return taken
    }

    /// The arrays (consumed) one after the other. One non-empty array is returned as it is;
    /// otherwise every element is moved into a new array of the total size: `popLast()` on an
    /// array nobody else references moves the element out (no retain, and no release when the
    /// emptied array is freed). The arrays come from ``take(_:)``, so they are uniquely
    /// referenced; were one not, `popLast()` would copy it once first (still correct).
    private static func joined<Element>(_ arrays: inout [[Element]]) -> [Element] {
        let filled = arrays.indices.filter { !arrays[$0].isEmpty }
        if filled.isEmpty { return [] }
        if filled.count == 1 { return take(&arrays[filled[0]]) }
        let total = filled.reduce(0) { $0 + arrays[$1].count }
        return Array(unsafeUninitializedCapacity: total) { buffer, initialized in
            // From the back: the last array's last element goes last.
            var end = total
            for index in filled.reversed() {
                while let element = arrays[index].popLast() {
                    end -= 1
                    (buffer.baseAddress! + end).initialize(to: element)
                }
            }
            initialized = total
        }
    }

    private func decodeItems<Items: ItemParser>(
        _ regions: ItemRegions, items: Items, context: ManifestDecoder.ListContext
    ) -> [(Manifests, [Diagnostic])]? {
        let range = serviceNodePortRange
        let chunks = ParallelChunks.ranges(count: regions.count) { regions.range($0).count }
        let results = ParallelChunks.map(chunks) { chunk -> (Manifests, [Diagnostic])? in
            let parser = items.forWorker()
            var decoder = ManifestDecoder(serviceNodePortRange: range)
            // Room for every item of the chunk as either kind: no regrowing (copying and fresh
            // pages) of these large arrays; capacity never touched costs no page.
            decoder.manifests.services.reserveCapacity(chunk.count)
            decoder.manifests.endpointSlices.reserveCapacity(chunk.count)
            for index in chunk {
                // A Service or EndpointSlice of kubectl's plain shape is read without a tree
                // (``RawItem``) when its shortcut can vouch for it; anything else is parsed as a
                // tree for the decoder to read (and report on).
                if let raw = parser.rawItem(index, of: regions) {
                    if let service = ServiceShortcut.service(raw, nodePortRange: range) {
                        decoder.manifests.services.append(service)
                        continue
                    }
                    if let slice = EndpointSliceShortcut.slice(raw) {
                        decoder.manifests.endpointSlices.append(slice)
                        continue
                    }
                }
                // An EndpointSlice's endpoints may come back raw (``SliceEndpointShortcut``):
                // used when the shortcut can vouch for them, else the item is parsed again as
                // a whole tree for the decoder to read (and report on).
                if let (value, raw) = parser.item(index, of: regions, collectsSliceEndpoints: true) {
                    guard let raw else {
                        decoder.decodeListItem(value, index: index, context: context)
                        continue
                    }
                    if let endpoints = SliceEndpointShortcut.endpoints(raw, item: value) {
                        decoder.decodeListItem(value, index: index, context: context, sliceEndpoints: endpoints)
                        continue
                    }
                }
                guard let value = parser.item(index, of: regions) else { return nil }
                decoder.decodeListItem(value, index: index, context: context)
            }
            return (decoder.manifests, decoder.diagnostics)
        }
        var parts: [(Manifests, [Diagnostic])] = []
        for result in results {
            guard let result else { return nil }
            parts.append(result)
        }
        return parts
    }

    private func parseItems<Items: ItemParser>(_ regions: ItemRegions, items: Items) -> [ManifestValue]? {
        let chunks = ParallelChunks.ranges(count: regions.count) { regions.range($0).count }
        var values: [ManifestValue] = []
        for chunk in ParallelChunks.map(chunks, { chunk -> [ManifestValue]? in
            let parser = items.forWorker()
            var values: [ManifestValue] = []
            for index in chunk {
                guard let value = parser.item(index, of: regions) else { return nil }
                values.append(value)
            }
            return values
        }) {
            guard let chunk else { return nil }
            values += chunk
        }
        return values
    }
}

/// Parses one list item's region of a text, on any thread.
protocol ItemParser: Sendable {
    /// A copy for one worker thread (its own file-name string, so threads do not contend on
    /// one reference count).
    func forWorker() -> Self
    /// The item's tree, or nil when the region is not a well-formed item.
    func item(_ index: Int, of regions: ItemRegions) -> ManifestValue?
    /// As ``item(_:of:)``; with `collectsSliceEndpoints`, an EndpointSlice's `endpoints` may
    /// come back raw beside the tree, which then holds an empty placeholder for them.
    func item(_ index: Int, of regions: ItemRegions, collectsSliceEndpoints: Bool)
        -> (value: ManifestValue, sliceEndpoints: [RawSliceEndpoint]?)?
    /// The item as a raw record of ``RawShape/listItem``, or nil when it is not of that shape
    /// (the tree reader then reads it).
    func rawItem(_ index: Int, of regions: ItemRegions) -> RawItem?
}

/// List items of a YAML text.
struct YAMLItems: ItemParser {
    let bytes: SharedBytes
    let file: String
    let ascii: Bool

    func forWorker() -> YAMLItems {
        YAMLItems(bytes: bytes, file: String(decoding: Array(file.utf8), as: UTF8.self), ascii: ascii)
    }

    func item(_ index: Int, of regions: ItemRegions) -> ManifestValue? {
        try? YAMLSubsetCursor.item(index, of: regions, bytes: bytes.buffer, file: file, ascii: ascii)
    }

    func item(_ index: Int, of regions: ItemRegions, collectsSliceEndpoints: Bool)
        -> (value: ManifestValue, sliceEndpoints: [RawSliceEndpoint]?)?
    {
        try? YAMLSubsetCursor.item(
            index, of: regions, bytes: bytes.buffer, file: file, ascii: ascii, collectsSliceEndpoints: collectsSliceEndpoints)
    }

    func rawItem(_ index: Int, of regions: ItemRegions) -> RawItem? {
        let range = regions.range(index)
        var cursor = YAMLSubsetCursor(
            bytes: bytes.buffer, start: range.lowerBound, end: range.upperBound, line: regions.lines[index],
            lineStart: range.lowerBound - regions.column, file: file, ascii: ascii)
        cursor.indent = regions.column
        // The entry must end exactly at its region's end, as ``YAMLSubsetCursor/item(_:of:bytes:file:ascii:)`` checks.
        guard let raw = try? cursor.rawEntry(.listItem, slots: RawShape.listItemSlots), cursor.indent == -1,
            cursor.pos == range.upperBound
        else { return nil }
        return raw
    }
}
