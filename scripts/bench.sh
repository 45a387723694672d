#!/usr/bin/env bash
# make bench: release-build kuberules and the benchmark, then run it (issue 7). Writes
# benchmarks/results.md. Extra arguments go to `KubeRulesBench run` (e.g. --sizes 1000 --repeat 1).
#
# The release build links the Swift runtime and Foundation statically (--static-swift-stdlib),
# as a distributed Linux binary would be: startup then costs ~7 ms instead of ~16 ms (no dynamic
# loading and symbol binding of a dozen Swift libraries), which is a few percent of a render.
set -euo pipefail
cd "$(dirname "$0")/.."
release=(swift build -c release --static-swift-stdlib)
"${release[@]}" --product kuberules
"${release[@]}" --product KubeRulesBench
bin="$("${release[@]}" --show-bin-path)"
exec "$bin/KubeRulesBench" run --kuberules "$bin/kuberules" "$@"
