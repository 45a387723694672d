#!/usr/bin/env bash
# make fuzz: builds the libFuzzer target (Sources/KubeRulesFuzz, -sanitize=fuzzer,address) into
# .build-fuzz, seeds it with every fixture (scripts/fuzz-seeds.sh) and runs it for a bounded time.
#
#   FUZZ_SECONDS   wall-clock bound of the run (default 300)
#   FUZZ_RUNS      stop after this many executions instead (default: unbounded, time decides)
#   FUZZ_JOBS      parallel fuzzing processes (default 1)
#   FUZZ_MAX_LEN   largest input the fuzzer builds, in bytes (default 4096; larger seeds are
#                  read truncated, which still exercises the reader's error paths)
#   extra arguments go to libFuzzer (e.g. -only_ascii=1)
#
# The corpus grows in .build-fuzz/corpus across runs. A crash, hang or sanitizer report is saved
# as .build-fuzz/artifacts/{crash,timeout,leak,oom}-…; make it a regression fixture with
#   mkdir fixtures/fuzz-regressions/NAME && cp ARTIFACT fixtures/fuzz-regressions/NAME/input
# (plus a README.md saying what it found), fix it, and `make test` replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-fuzz
seconds="${FUZZ_SECONDS:-300}"
jobs="${FUZZ_JOBS:-1}"
max_len="${FUZZ_MAX_LEN:-4096}"

# Release (optimized, whole-module) code: a debug build runs the pipeline about ten times slower,
# too slow to reach a million executions in hours on a small machine.
build=(swift build -c release --scratch-path "$scratch")
"${build[@]}" --product KubeRulesFuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DKUBERULES_LIBFUZZER 2>&1 |
  grep -v "Cannot export local symbol" >&2
binary="$("${build[@]}" --show-bin-path)/KubeRulesFuzz"

scripts/fuzz-seeds.sh "$scratch/seeds"
mkdir -p "$scratch/corpus" "$scratch/artifacts"

extra=()
[ -n "${FUZZ_RUNS:-}" ] && extra+=("-runs=$FUZZ_RUNS")
# -jobs=1 would still fork a child that logs to a file; one job runs in this process.
[ "$jobs" -gt 1 ] && extra+=("-jobs=$jobs" "-workers=$jobs")
# The Swift runtime's own crash reporter would hold libFuzzer's pipes open; libFuzzer and ASan
# report crashes themselves. LeakSanitizer is off (-detect_leaks=0): the Swift runtime fills its
# metadata and string caches lazily, so most inputs "leak" by libFuzzer's malloc/free count, and
# scanning for each of them took three quarters of the time. AddressSanitizer stays on.
export SWIFT_BACKTRACE=enable=no
echo "fuzzing for ${seconds}s with $jobs job(s); corpus $scratch/corpus" >&2
exec "$binary" "$scratch/corpus" "$scratch/seeds" \
  -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len="$max_len" -detect_leaks=0 \
  -artifact_prefix="$scratch/artifacts/" -print_final_stats=1 \
  ${extra[@]+"${extra[@]}"} "$@"
