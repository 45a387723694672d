#!/usr/bin/env bash
# make bench: release-build kuberules and the benchmark (scripts/release.sh, the shipped build),
# then run it (issue 7). Writes benchmarks/results.md. Extra arguments go to `KubeRulesBench run`
# (e.g. --sizes 1000 --repeat 1).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(scripts/release.sh kuberules KubeRulesBench)"
exec "$bin/KubeRulesBench" run --kuberules "$bin/kuberules" "$@"
