import Foundation

/// `KubeRulesBench run`: generates each cluster size, measures every stage and reference in a
/// fresh child process, times `kuberules render` end to end, prints the table and writes
/// `benchmarks/results.md`.
struct Benchmark {
    /// Sizes measured in the `full` profile: a reference point beside the targets (its 10k
    /// cluster is ~3× the issue's ≈15 MB, and 30k of it would only lengthen the run).
    var sizes = [10_000]
    /// Cluster shapes (``ClusterGenerator``): full API objects, and the issue's ≈15 MB lean one.
    var profiles = ["lean", "full"]
    /// Sizes measured in the lean profile: the 1k, 10k and 30k, where the targets apply.
    var leanSizes = [1_000, 10_000, 30_000]
    /// Runs of libyaml's tokenizer and of `kuberules render` end to end, at every size.
    var repeats = 5
    /// Runs of Yams' parse and of the stage breakdown, up to 10k services (Yams takes seconds).
    var slowRepeats = 3
    /// The same above 10k services (Yams takes tens of seconds there).
    var largeRepeats = 1
    var kuberules = ".build/release/kuberules"
    var workdir = ".build/bench"
    var resultsPath = "benchmarks/results.md"
    let selfPath: String

    /// Bumped whenever the generator's output changes, so cached clusters are remade.
    static let generatorVersion = "g2"

    init(arguments: [String]) throws {
        if let text = value(of: "--sizes", in: arguments) {
            sizes = text.split(separator: ",").compactMap { Int($0) }
        }
        if let text = value(of: "--repeat", in: arguments), let count = Int(text) { repeats = max(1, count) }
        if let text = value(of: "--slow-repeat", in: arguments), let count = Int(text) { slowRepeats = max(1, count) }
        if let text = value(of: "--large-repeat", in: arguments), let count = Int(text) { largeRepeats = max(1, count) }
        if let text = value(of: "--profiles", in: arguments) { profiles = text.split(separator: ",").map(String.init) }
        if let text = value(of: "--lean-sizes", in: arguments) { leanSizes = text.split(separator: ",").compactMap { Int($0) } }
        kuberules = value(of: "--kuberules", in: arguments) ?? kuberules
        workdir = value(of: "--workdir", in: arguments) ?? workdir
        resultsPath = value(of: "--results", in: arguments) ?? resultsPath
        selfPath = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    }

    /// The flags every measurement renders with: node-01's view, kube-proxy's cluster CIDR, and
    /// a node-port range wide enough for the generated node ports.
    static func renderFlags(mode: String) -> [String] {
        [
            "--hostname-override", ClusterGenerator.renderedNode, "--cluster-cidr", "10.0.0.0/8",
            "--service-node-port-range", ClusterGenerator.nodePortRange, "--proxy-mode", mode,
        ]
    }

    func run() throws {
        try FileManager.default.createDirectory(atPath: workdir, withIntermediateDirectories: true)
        let machine = MachineInfo.current()
        print(machine.summary)
        let loadBefore = MachineInfo.loadAverage()
        var report = Report(machine: machine, repeats: repeats, slowRepeats: slowRepeats, loadBefore: loadBefore)
        let kuberulesPath = URL(fileURLWithPath: kuberules).standardizedFileURL.path
        let configurations = profiles.flatMap { profile in (profile == "lean" ? leanSizes : sizes).map { (profile, $0) } }
        for (profile, size) in configurations {
            let stem = "\(workdir)/cluster-\(profile)-\(size)-\(Self.generatorVersion)"
            let (yaml, json) = (stem + ".yaml", stem + ".json")
            if !FileManager.default.fileExists(atPath: yaml) || !FileManager.default.fileExists(atPath: json) {
                print("generating \(size) services (\(profile)) …")
                let result = try ChildProcess.run(
                    [selfPath, "generate", "--services", String(size), "--yaml", yaml, "--json", json]
                        + (profile == "lean" ? ["--lean"] : []),
                    stderrPath: "\(workdir)/generate.err")
                guard result.exitStatus == 0 else { throw BenchError("generate failed: see \(workdir)/generate.err") }
            }
            for (format, file) in [("yaml", yaml), ("json", json)] {
                let bytes = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
                let count = min(repeats, size > 10_000 ? largeRepeats : slowRepeats)
                // The references and `kuberules render` run interleaved, round by round, so each
                // comparison sees the same phase of a shared machine's speed (it drifts by up to
                // 1.6× within minutes here). End to end runs are cheap, so every size gets
                // `repeats` of them; Yams' parse (seconds to tens of seconds) gets `count`.
                var yams = Samples(), libyaml = Samples()
                var endToEnd: [String: Samples] = [:]
                for round in 0..<repeats {
                    libyaml.add(try measureReference("libyaml", file: file))
                    if round < count { yams.add(try measureReference("yams", file: file)) }
                    for mode in ["iptables", "ipvs"] {
                        if let run = try measureEndToEnd(kuberulesPath, file: file, mode: mode) {
                            endToEnd[mode, default: Samples()].add(run)
                        }
                    }
                }
                report.references.append(
                    ReferenceRow(
                        profile: profile, size: size, format: format, bytes: bytes, yams: yams.measurement,
                        libyaml: libyaml.measurement))
                for mode in ["iptables", "ipvs"] {
                    let stages = try measureStages(file: file, mode: mode, repeats: count)
                    let row = Row(
                        profile: profile, size: size, format: format, mode: mode, stages: stages,
                        endToEnd: endToEnd[mode]?.measurement)
                    print(row.line)
                    report.rows.append(row)
                    // Written after every row, so an interrupted run still leaves what it measured.
                    report.loadAfter = MachineInfo.loadAverage() + " (run incomplete)"
                    try write(report)
                }
            }
        }
        if profiles.contains("lean"), leanSizes.contains(10_000), leanSizes.contains(30_000) {
            report.scaling = try measureScaling(kuberulesPath: kuberulesPath)
        }
        report.loadAfter = MachineInfo.loadAverage()
        print(report.markdown())
        try write(report)
        print("wrote \(resultsPath)")
    }

    private func write(_ report: Report) throws {
        try FileManager.default.createDirectory(
            atPath: (resultsPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try report.markdown().write(toFile: resultsPath, atomically: true, encoding: .utf8)
    }

    /// Median wall time and the largest peak RSS over the repeats.
    struct Measurement {
        var seconds: Double
        var maxRSSBytes: Int
        var extra: [String: String] = [:]
    }

    private func readResult(_ path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var pairs: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            if parts.count == 2 { pairs[String(parts[0])] = String(parts[1]) }
        }
        return pairs
    }

    /// Measurements of one quantity over several runs: the median wall time, the largest peak RSS.
    struct Samples {
        var times: [Double] = []
        var rss = 0
        var extra: [String: String] = [:]

        mutating func add(_ run: Measurement) {
            times.append(run.seconds)
            rss = max(rss, run.maxRSSBytes)
            extra.merge(run.extra) { $1 }
        }

        var measurement: Measurement { Measurement(seconds: Benchmark.median(times), maxRSSBytes: rss, extra: extra) }
    }

    /// One run of a reference parser (`yams`, `libyaml`) in a child process.
    private func measureReference(_ kind: String, file: String) throws -> Measurement {
        let resultPath = "\(workdir)/\(kind).result"
        let child = try ChildProcess.run(
            [selfPath, kind, file, "--result", resultPath], stderrPath: "\(workdir)/\(kind).err")
        guard child.exitStatus == 0 else { throw BenchError("\(kind) failed on \(file): see \(workdir)/\(kind).err") }
        return Measurement(seconds: Double(try readResult(resultPath)["seconds"] ?? "") ?? .nan, maxRSSBytes: child.maxRSSBytes)
    }

    private func measureStages(file: String, mode: String, repeats: Int) throws -> (stages: [String: Double], output: Int, rss: Int) {
        var samples: [String: [Double]] = [:]
        var output = 0
        var rss = 0
        for _ in 0..<repeats {
            let resultPath = "\(workdir)/stages.result"
            let child = try ChildProcess.run(
                [selfPath, "stages", file, "--result", resultPath] + Self.renderFlags(mode: mode),
                stderrPath: "\(workdir)/stages.err")
            guard child.exitStatus == 0 else { throw BenchError("stages failed on \(file): see \(workdir)/stages.err") }
            let result = try readResult(resultPath)
            for stage in StageRun.stageNames + ["total"] {
                samples[stage, default: []].append(Double(result[stage] ?? "") ?? .nan)
                samples["cpu " + stage, default: []].append(Double(result["cpu " + stage] ?? "") ?? .nan)
            }
            output = Int(result["output"] ?? "") ?? 0
            rss = max(rss, child.maxRSSBytes)
        }
        return (samples.mapValues(Self.median), output, rss)
    }

    /// One run of `kuberules render` as a user runs it; nil when the binary or the command is missing.
    func measureEndToEnd(_ binary: String, file: String, mode: String) throws -> Measurement? {
        guard FileManager.default.isExecutableFile(atPath: binary) else { return nil }
        let outputPath = "\(workdir)/render.out"
        // The previous run's output is removed first, outside the timing: the child's `> out`
        // then creates a new file instead of truncating one, and truncating tens of megabytes
        // (the filesystem freeing the last run's pages and blocks) takes 40–50 ms for iptables
        // mode's 40 MB here, 130 ms for the 30k run's 120 MB — the last run's cost, not this one's.
        unlink(outputPath)
        let child = try ChildProcess.run(
            [binary, "render"] + Self.renderFlags(mode: mode) + [file], stdoutPath: outputPath,
            stderrPath: "\(workdir)/render.err")
        guard child.exitStatus == 0 else { return nil }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: outputPath)[.size] as? Int) ?? 0
        return Measurement(seconds: child.wallSeconds, maxRSSBytes: child.maxRSSBytes, extra: ["output": String(bytes)])
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
