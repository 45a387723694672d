#!/usr/bin/env bash
# make bench: release-build kuberules and the benchmark, then run it (issue 7). Writes
# benchmarks/results.md. Extra arguments go to `KubeRulesBench run` (e.g. --sizes 1000 --repeat 1).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product kuberules
swift build -c release --product KubeRulesBench
bin="$(swift build -c release --show-bin-path)"
exec "$bin/KubeRulesBench" run --kuberules "$bin/kuberules" "$@"
