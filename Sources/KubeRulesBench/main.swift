import Foundation
import KubeRulesCLI

/// `KubeRulesBench` — issue 7's benchmark. `make bench` runs `KubeRulesBench run`, which
/// generates the clusters and starts a fresh process (this binary, or `kuberules render`) for every
/// measurement; the other subcommands are those measurements.
///
///     run [--profiles lean,full] [--lean-sizes 1000,10000,30000] [--sizes 10000] [--repeat 5]
///         [--slow-repeat 3] [--large-repeat 1] [--kuberules PATH] [--workdir DIR] [--results FILE]
///     generate --services N [--lean] --yaml FILE --json FILE
///     stages FILE --result FILE [kube-proxy flags…]     per-stage times in-process
///     yams FILE --result FILE                            Yams' parse alone
///     libyaml FILE --result FILE                         libyaml's tokenizer alone
let arguments = Array(CommandLine.arguments.dropFirst())

// The allocator settings kuberules runs with (AllocatorTuning), in every measurement this process
// makes — the Yams and libyaml references too, so they are measured as kuberules is.
AllocatorTuning.apply()

func value(of flag: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func writeResult(_ pairs: [(String, String)], to path: String) throws {
    let text = pairs.map { "\($0.0)\t\($0.1)\n" }.joined()
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

do {
    switch arguments.first {
    case "generate":
        guard let count = value(of: "--services", in: arguments).flatMap(Int.init),
            let yaml = value(of: "--yaml", in: arguments), let json = value(of: "--json", in: arguments)
        else { throw BenchError("usage: generate --services N --yaml FILE --json FILE") }
        try Generation.write(services: count, lean: arguments.contains("--lean"), yamlPath: yaml, jsonPath: json)
    case "stages":
        guard arguments.count >= 2, let result = value(of: "--result", in: arguments) else {
            throw BenchError("usage: stages FILE --result FILE [flags…]")
        }
        var flags = Array(arguments.dropFirst(2))
        if let index = flags.firstIndex(of: "--result") { flags.removeSubrange(index...(index + 1)) }
        let run = try StageRun.run(file: arguments[1], flags: flags)
        var pairs = (StageRun.stageNames + ["total"]).map { ($0, String(run.seconds[$0] ?? 0)) }
        pairs += (StageRun.stageNames + ["total"]).map { ("cpu " + $0, String(run.cpuSeconds[$0] ?? 0)) }
        pairs.append(("output", String(run.outputBytes)))
        try writeResult(pairs, to: result)
    case "yams":
        guard arguments.count >= 2, let result = value(of: "--result", in: arguments) else {
            throw BenchError("usage: yams FILE --result FILE")
        }
        let text = try String(contentsOfFile: arguments[1], encoding: .utf8)
        let start = Clock.now
        let documents = try References.yams(text)
        try writeResult([("seconds", String(Clock.since(start))), ("documents", String(documents))], to: result)
    case "libyaml":
        guard arguments.count >= 2, let result = value(of: "--result", in: arguments) else {
            throw BenchError("usage: libyaml FILE --result FILE")
        }
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: arguments[1])))
        let start = Clock.now
        let tokens = try References.libyamlScan(bytes)
        try writeResult([("seconds", String(Clock.since(start))), ("tokens", String(tokens))], to: result)
    case "run":
        try Benchmark(arguments: Array(arguments.dropFirst())).run()
    default:
        throw BenchError("usage: KubeRulesBench run|generate|stages|yams|libyaml …")
    }
} catch {
    FileHandle.standardError.write(Data("KubeRulesBench: \(error)\n".utf8))
    exit(1)
}
