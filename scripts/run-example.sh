#!/usr/bin/env bash
# `make run`: render the bundled example cluster as node-1 sees it.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product kuberules >&2
exec .build/release/kuberules render fixtures/example --hostname-override node-1
