#!/usr/bin/env bash
# `make run`: render the bundled example cluster's iptables rules as node-1 sees them.
# A debug build: it is the one `make test` builds too, so the two commands share one compile.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product kuberules >&2
exec "$(swift build --show-bin-path)/kuberules" render fixtures/example/manifests.yaml --hostname-override node-1
