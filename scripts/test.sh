#!/usr/bin/env bash
# `make test`: tools, then the default build (what `make run` uses), then every test with the
# LibIPTC trait on (which compiles and tests the libiptc applier as well).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
swift build
swift build --traits LibIPTC
swift test --traits LibIPTC
