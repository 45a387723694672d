import CYaml
import Foundation
import Yams

/// The reference points the issue measures kuberules against, on the same file.
enum References {
    /// Yams' own parse: `compose_all` builds Yams' node tree for every document (what
    /// kuberules' Yams front end starts from). Returns the number of documents.
    static func yams(_ text: String) throws -> Int {
        var documents = 0
        for node in try Yams.compose_all(yaml: text) {
            withExtendedLifetime(node) { documents += 1 }
        }
        return documents
    }

    /// libyaml's tokenizer alone: `yaml_parser_scan` until the stream ends, every token
    /// freed, nothing built (the C reference). Returns the token count.
    static func libyamlScan(_ bytes: [UInt8]) throws -> Int {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw BenchError("yaml_parser_initialize failed") }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { buffer -> Int in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var token = yaml_token_t()
            var count = 0
            while true {
                guard yaml_parser_scan(&parser, &token) == 1 else {
                    throw BenchError("libyaml scan error: \(String(cString: parser.problem))")
                }
                let type = token.type
                yaml_token_delete(&token)
                count += 1
                if type == YAML_STREAM_END_TOKEN { return count }
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
