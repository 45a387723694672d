// swift-tools-version: 6.2
import PackageDescription

/// kuberules — an offline kube-proxy.
///
/// `KubeRules` is the pure library (manifests → service graph → rules → text). `KubeRulesApply`
/// programs a host through `iptables-restore`; `IPTCApply` does the same in-process through libiptc
/// and is compiled only with the `LibIPTC` trait (`swift build --traits LibIPTC`).
let package = Package(
    name: "kuberules",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kuberules", targets: ["kuberules"]),
        .library(name: "KubeRules", targets: ["KubeRules"]),
    ],
    traits: [
        .trait(
            name: "LibIPTC",
            description: "Apply rules in-process through libiptc (legacy xtables only; needs libiptc-dev)."
        ),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .target(
            name: "KubeRules",
            dependencies: [
                "Yams",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "KubeRulesApply", dependencies: ["KubeRules"]),
        .systemLibrary(
            name: "CIPTC",
            pkgConfig: "libiptc",
            providers: [.apt(["libiptc-dev"])]
        ),
        .target(
            name: "IPTCApply",
            dependencies: [
                "KubeRules",
                "KubeRulesApply",
                .target(name: "CIPTC", condition: .when(traits: ["LibIPTC"])),
            ]
        ),
        .target(
            name: "KubeRulesCLI",
            dependencies: [
                "KubeRules",
                "KubeRulesApply",
                "IPTCApply",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "kuberules", dependencies: ["KubeRulesCLI"]),
        // `make bench` (issue 7): synthetic clusters, per-stage timings, Yams/libyaml references.
        .executableTarget(name: "KubeRulesBench", dependencies: ["KubeRules", "KubeRulesCLI", "Yams"]),
        // Issue 8: the fuzz target (scripts/fuzz.sh builds it with -sanitize=fuzzer,address into
        // .build-fuzz; an ordinary build replays inputs) and its invariant checks, shared with tests.
        .target(name: "KubeRulesFuzzing", dependencies: ["KubeRules"]),
        .target(name: "CLibFuzzer"),
        .executableTarget(name: "KubeRulesFuzz", dependencies: ["KubeRulesFuzzing", "CLibFuzzer"]),
        .testTarget(name: "KubeRulesTests", dependencies: ["KubeRules", "KubeRulesCLI", "KubeRulesFuzzing", "Yams"]),
        .testTarget(name: "KubeRulesApplyTests", dependencies: ["KubeRules", "KubeRulesApply", "KubeRulesCLI", "IPTCApply"]),
        .testTarget(name: "IPTCApplyTests", dependencies: ["KubeRules", "KubeRulesApply", "IPTCApply"]),
    ]
)
