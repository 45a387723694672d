import ArgumentParser
import KubeRules

/// What every rendering command reads: the manifests (`FILE...`) and the node's kube-proxy
/// configuration (flags over `--config` over kube-proxy's defaults).
public struct InputOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Manifests: files, directories (their *.yaml, *.yml and *.json files, in name order) or - for stdin.",
            valueName: "FILE"))
    public var files: [String] = []

    @OptionGroup public var proxy: ProxyFlags

    public init() {}

    public func validate() throws {
        if files.isEmpty {
            throw ValidationError("Missing FILE: give manifest files, directories, or - for stdin.")
        }
        if files.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("'-' (stdin) can be given only once.")
        }
        // Flag values are usage errors (exit 64), found before anything is read.
        _ = try proxy.overrides()
    }

    /// The merged options and the manifests read, or every diagnostic of both when either fails
    /// (a bad `--config` does not hide errors in the manifests).
    public func load(
        io: CommandIO, diagnostics: inout DiagnosticCollector
    ) throws(DiagnosticsError) -> (ProxyOptions, Manifests) {
        var errors: [Diagnostic] = []
        var layers: [ProxyOptionOverrides] = []
        if let path = proxy.config {
            do {
                layers.append(try KubeProxyConfigurationReader().read(path: path))
            } catch {
                errors += error.diagnostics
            }
        }
        layers.append(flagOverrides())
        let options = ProxyOptions(layers: layers)
        let inputs = files.map { $0 == "-" ? ManifestInput.standardInput(io.readInput()) : .path($0) }
        var manifests = Manifests()
        do {
            manifests = try Pipeline.read(inputs, options: options, diagnostics: &diagnostics)
        } catch {
            errors += error.diagnostics
        }
        if !errors.isEmpty { throw DiagnosticsError(errors) }
        return (options, manifests)
    }

    /// The command-line layer. `validate()` has already run `overrides()` successfully, so it
    /// cannot fail here.
    func flagOverrides() -> ProxyOptionOverrides {
        (try? proxy.overrides()) ?? ProxyOptionOverrides()
    }
}
