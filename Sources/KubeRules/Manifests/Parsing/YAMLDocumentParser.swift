import Yams

/// Parses a YAML stream (one or more `---`-separated documents) into ``ManifestValue`` trees
/// through Yams (libyaml), keeping every node's line and column.
///
/// Yams gives positions (`Node.mark`) and rejects duplicate mapping keys; this type adds
/// Kubernetes' scalar resolution (``YAMLScalarResolver``) and turns Yams' errors into
/// positioned diagnostics. The documents before a syntax error are still returned, so their own
/// problems are reported too.
public struct YAMLDocumentParser: Sendable {
    public init() {}

    /// The documents of `source` (nil for an empty document) and the syntax error, if any.
    public func parse(_ source: SourceText) -> (documents: [ManifestValue], errors: [Diagnostic]) {
        var documents: [ManifestValue] = []
        // A node may be visited many times through aliases; a budget proportional to the input
        // size stops "billion laughs" streams without limiting real ones.
        var budget = 2 * source.text.utf8.count + 10_000
        do {
            let parser = try Parser(yaml: source.text, encoding: .utf8)
            while let node = try parser.nextRoot() {
                var converter = NodeConverter(source: source, budget: budget)
                let value = try converter.convert(node)
                budget = converter.budget
                documents.append(value)
            }
        } catch let error as YamlError {
            return (documents, [diagnostic(for: error, in: source)])
        } catch let error as ConversionError {
            return (documents, [error.diagnostic])
        } catch {
            return (documents, [ManifestDiagnostics.yamlSyntax("\(error)", context: nil, at: source.location(line: 1, column: 1))])
        }
        return (documents, [])
    }

    private func diagnostic(for error: YamlError, in source: SourceText) -> Diagnostic {
        func location(_ mark: Mark) -> SourceLocation { source.location(line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var problem = problem
            if let line = source.line(mark.line), mark.column >= 1,
                Array(line.unicodeScalars).dropFirst(mark.column - 1).first == "\t"
            {
                problem += " (a tab: YAML indents with spaces only)"
            }
            guard let context else { return ManifestDiagnostics.yamlSyntax(problem, context: nil, at: location(mark)) }
            // libyaml notices an unclosed '[', '{' or quote only at the end of the input; the
            // construct it was parsing is where the user has to look.
            let atEnd = (source.line(mark.line) ?? "").allSatisfy(\.isWhitespace)
            if atEnd {
                return ManifestDiagnostics.yamlSyntax(
                    problem, context: "\(context.text) that starts here", at: visible(location(context.mark), in: source))
            }
            return ManifestDiagnostics.yamlSyntax(
                problem, context: "\(context.text) at line \(context.mark.line), column \(context.mark.column)",
                at: location(mark))
        case .reader(let problem, let offset, _, _):
            return ManifestDiagnostics.yamlSyntax(
                problem, context: nil, at: characterLocation(offset ?? 0, in: source))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            return ManifestDiagnostics.duplicateKey(key, at: repeatedKeyLocation(key, after: context.mark, in: source))
        default:
            return ManifestDiagnostics.yamlSyntax("\(error)", context: nil, at: source.location(line: 1, column: 1))
        }
    }

    /// `location`, or the end of the last non-blank line before it when it points at blank
    /// space at the end of the input (so the caret lands on text).
    private func visible(_ location: SourceLocation, in source: SourceText) -> SourceLocation {
        var line = location.line
        while line > 1, (source.line(line) ?? "").allSatisfy(\.isWhitespace) { line -= 1 }
        guard line != location.line, let text = source.line(line) else { return location }
        return source.location(line: line, column: text.unicodeScalars.count + 1)
    }

    /// Yams reports a duplicate key at its first occurrence; the repetition is the one to
    /// point at: the next line with the same key at the same column in the same block.
    private func repeatedKeyLocation(_ key: String, after mark: Mark, in source: SourceText) -> SourceLocation {
        let spellings = [key + ":", "\"" + key + "\":", "'" + key + "':"]
        var lineNumber = mark.line + 1
        while let line = source.line(lineNumber) {
            let scalars = Array(line.unicodeScalars)
            let indent = scalars.prefix { $0 == " " }.count
            if indent + 1 == mark.column {
                let rest = String(String.UnicodeScalarView(scalars[indent...]))
                if spellings.contains(where: { rest.hasPrefix($0) }) { return source.location(line: lineNumber, column: mark.column) }
            } else if indent + 1 < mark.column, !line.allSatisfy(\.isWhitespace),
                !rest(of: scalars, from: indent).hasPrefix("#")
            {
                break  // left the mapping
            }
            lineNumber += 1
        }
        return source.location(line: mark.line, column: mark.column)
    }

    private func rest(of scalars: [Unicode.Scalar], from index: Int) -> String {
        String(String.UnicodeScalarView(scalars[index...]))
    }

    /// Line and column of the `offset`-th Character (Yams reports reader errors that way).
    private func characterLocation(_ offset: Int, in source: SourceText) -> SourceLocation {
        var line = 1
        var column = 1
        for character in source.text.prefix(offset) {
            if character == "\n" || character == "\r\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return source.location(line: line, column: column)
    }
}

/// A conversion failure that carries its diagnostic out of the recursive walk.
struct ConversionError: Error {
    var diagnostic: Diagnostic
}

/// Walks a Yams `Node` into a ``ManifestValue``.
private struct NodeConverter {
    let source: SourceText
    var budget: Int

    init(source: SourceText, budget: Int) {
        self.source = source
        self.budget = budget
    }

    mutating func convert(_ node: Yams.Node) throws(ConversionError) -> ManifestValue {
        let location = node.mark.map { source.location(line: $0.line, column: $0.column) }
            ?? source.location(line: 1, column: 1)
        budget -= 1
        guard budget >= 0 else { throw ConversionError(diagnostic: ManifestDiagnostics.aliasExpansionTooLarge(at: location)) }
        switch node {
        case .scalar(let scalar):
            return Self.scalar(scalar, at: location)
        case .sequence(let sequence):
            var items: [ManifestValue] = []
            items.reserveCapacity(sequence.count)
            for item in sequence { items.append(try convert(item)) }
            return .sequence(ManifestSequence(items: items, location: location))
        case .mapping(let mapping):
            var entries: [ManifestMapping.Entry] = []
            entries.reserveCapacity(mapping.count)
            for (keyNode, valueNode) in mapping {
                let keyLocation = keyNode.mark.map { source.location(line: $0.line, column: $0.column) } ?? location
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ConversionError(diagnostic: ManifestDiagnostics.nonScalarKey(at: keyLocation))
                }
                let key = ManifestScalar(
                    text: keyScalar.string, kind: .string, style: Self.style(keyScalar.style), location: keyLocation)
                entries.append(ManifestMapping.Entry(key: key, value: try convert(valueNode)))
            }
            return .mapping(ManifestMapping(entries: entries, location: location))
        case .alias:
            // Yams resolves aliases while composing; an unresolved one cannot reach here.
            return .null(location)
        }
    }

    private static func scalar(_ scalar: Yams.Node.Scalar, at location: SourceLocation) -> ManifestValue {
        let style = Self.style(scalar.style)
        let kind: ManifestScalar.Kind?
        // Yams keeps the tag name internal; its description is the tag's text.
        switch scalar.tag.description {
        case Tag.Name.implicit.rawValue where style == .plain:
            kind = YAMLScalarResolver.resolvePlain(scalar.string)
        case Tag.Name.null.rawValue, Tag.Name.bool.rawValue, Tag.Name.int.rawValue, Tag.Name.float.rawValue:
            kind = YAMLScalarResolver.resolvePlain(scalar.string)
        default:
            // Quoted and block scalars, `!!str`, `!!timestamp`, `!` and local tags (`!foo`):
            // go-yaml keeps the text as a string.
            kind = .string
        }
        guard let kind else { return .null(location) }
        return .scalar(ManifestScalar(text: scalar.string, kind: kind, style: style, location: location))
    }

    private static func style(_ style: Yams.Node.Scalar.Style) -> ManifestScalar.Style {
        switch style {
        case .singleQuoted: return .singleQuoted
        case .doubleQuoted: return .doubleQuoted
        case .literal: return .literal
        case .folded: return .folded
        case .plain, .any: return .plain
        }
    }
}
