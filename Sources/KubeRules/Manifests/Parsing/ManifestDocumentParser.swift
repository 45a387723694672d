/// A front end that turns one input text into ``ManifestValue`` documents.
///
/// ``YAMLDocumentParser`` (Yams) and ``JSONDocumentParser`` are the two today; a faster
/// streaming YAML reader must produce the very same trees (positions, styles, resolved kinds)
/// so it can be differential-tested against ``YAMLDocumentParser`` and swapped in.
public protocol ManifestDocumentParser: Sendable {
    /// Every document of `source` up to the first syntax error, and that error (if any) as a
    /// positioned diagnostic.
    func parse(_ source: SourceText) -> (documents: [ManifestValue], errors: [Diagnostic])
}

extension YAMLDocumentParser: ManifestDocumentParser {}
extension JSONDocumentParser: ManifestDocumentParser {}
