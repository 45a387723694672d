#!/usr/bin/env bash
# `make run`: render the bundled example cluster's iptables rules as node-1 sees them.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product kuberules >&2
exec .build/release/kuberules render fixtures/example/manifests.yaml --hostname-override node-1
