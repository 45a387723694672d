#!/usr/bin/env bash
# `make run`: show the bundled example cluster as node-1 sees it. Until the `render` command
# exists this prints the service graph (`kuberules graph`); it will print the rules after that.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product kuberules >&2
exec .build/release/kuberules graph fixtures/example/manifests.yaml --hostname-override node-1
