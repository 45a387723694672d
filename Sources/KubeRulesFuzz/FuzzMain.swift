import CLibFuzzer
import Foundation
import KubeRulesFuzzing

/// libFuzzer's per-input callback: the whole pipeline on one input; any violated invariant is a
/// crash, which libFuzzer saves as `crash-…` (scripts/fuzz.sh).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        _ = try PipelineProbe.run(FuzzInput(bytes: bytes))
    } catch {
        fatalError("kuberules invariant violated: \(error)")
    }
    return 0
}

/// `KubeRulesFuzz [libFuzzer options] [CORPUS_DIR…]` when built by scripts/fuzz.sh
/// (`-sanitize=fuzzer,address -DKUBERULES_LIBFUZZER`); in an ordinary build,
/// `KubeRulesFuzz FILE…` replays inputs (crash files, regression fixtures) through the same
/// callback and prints how each ended.
@main
enum FuzzMain {
    static func main() {
        #if KUBERULES_LIBFUZZER
        var argc = CommandLine.argc
        var argv = Optional(CommandLine.unsafeArgv)
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
        #else
        let files = CommandLine.arguments.dropFirst()
        guard !files.isEmpty else {
            FileHandle.standardError.write(Data("usage: KubeRulesFuzz FILE...  (replays fuzz inputs)\n".utf8))
            exit(64)
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                FileHandle.standardError.write(Data("\(file): cannot read\n".utf8))
                exit(66)
            }
            do {
                switch try PipelineProbe.run(FuzzInput(bytes: Array(data))) {
                case .rejected: print("\(file): rejected with diagnostics")
                case .rendered(let texts): print("\(file): rendered \(texts.map(\.utf8.count).reduce(0, +)) bytes")
                }
            } catch {
                print("\(file): INVARIANT VIOLATED: \(error)")
                exit(1)
            }
        }
        #endif
    }
}
