/// The characters the fast YAML reader accepts, checked once over the whole text.
///
/// libyaml rejects control characters (other than tab and line breaks), U+FFFE/U+FFFF and C1
/// controls as a reader error, treats NEL, U+2028 and U+2029 as line breaks and skips a BOM at
/// a line start; carriage returns make line ends two bytes. All of these go to Yams, so the fast
/// reader's lines are exactly the `\n`-separated ones.
enum YAMLSubsetCharacters {
    struct Verdict {
        /// Only characters the fast reader handles.
        var supported: Bool
        /// No byte ≥ 0x80 (columns are then byte offsets).
        var ascii: Bool
    }

    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Verdict {
        var ascii = true
        var index = 0
        let count = bytes.count
        while index < count {
            // Kubernetes YAML is nearly all printable ASCII: such runs go eight bytes a step.
            if index + 8 <= count, ByteScan.isPrintableASCIIOrLineFeed(ByteScan.word(bytes, index)) {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte >= 0x20 && byte < 0x7F || byte == 0x0A || byte == 0x09 {
                index += 1
                continue
            }
            guard byte >= 0x80 else { return Verdict(supported: false, ascii: false) }
            ascii = false
            // The text is valid UTF-8 (SourceText checked it); look at the lead byte's sequence.
            let second = index + 1 < count ? bytes[index + 1] : 0
            let third = index + 2 < count ? bytes[index + 2] : 0
            switch byte {
            case 0xC2 where second < 0xA0:
                return Verdict(supported: false, ascii: false)  // C1 controls, NEL
            case 0xE2 where second == 0x80 && (third == 0xA8 || third == 0xA9):
                return Verdict(supported: false, ascii: false)  // line and paragraph separators
            case 0xEF where (second == 0xBB && third == 0xBF) || (second == 0xBF && third >= 0xBE):
                return Verdict(supported: false, ascii: false)  // BOM, U+FFFE, U+FFFF
            default:
                break
            }
            index += byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        }
        return Verdict(supported: true, ascii: ascii)
    }
}

/// The YAML front end over the subset of YAML that kubectl and the API server print, building
/// the same ``ManifestValue`` trees as ``YAMLDocumentParser`` (Yams) without Yams' node tree;
/// any input outside the subset (or with a syntax error) is handed to ``YAMLDocumentParser``.
public struct KubectlYAMLParser: ManifestDocumentParser {
    public init() {}

    public func parse(_ source: SourceText) -> (documents: [ManifestValue], errors: [Diagnostic]) {
        if case .success(let documents) = Self.fastDocuments(source) { return (documents, []) }
        return YAMLDocumentParser().parse(source)
    }

    /// The documents read by the fast reader alone, or why it would fall back.
    static func fastDocuments(_ source: SourceText) -> Result<[ManifestValue], YAMLSubsetUnsupported> {
        var text = source.text
        return text.withUTF8 { bytes in
            let verdict = YAMLSubsetCharacters.check(bytes)
            guard verdict.supported else { return .failure(YAMLSubsetUnsupported(reason: "characters", offset: 0)) }
            do throws(YAMLSubsetUnsupported) {
                return .success(
                    try YAMLSubsetCursor.documents(bytes: bytes, file: source.name, ascii: verdict.ascii, lazyItems: false)
                        .map { document in
                            guard case .value(let value) = document else { preconditionFailure("lazy items not asked for") }
                            return value
                        })
            } catch {
                return .failure(error)
            }
        }
    }
}
