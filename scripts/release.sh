#!/usr/bin/env bash
# make release: the release binary as kuberules ships it, and as `make bench` measures it.
# Builds the products named (default: kuberules) and prints the directory that holds them.
#
# --static-swift-stdlib links the Swift runtime and Foundation in, as a distributed Linux binary
# would be: startup then costs ~7 ms of CPU instead of ~16 ms (no dynamic loading and symbol
# binding of a dozen Swift libraries), a few percent of a large render. The first such build
# compiles everything once more (a few minutes); later ones are incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
products=("$@")
[ ${#products[@]} -eq 0 ] && products=(kuberules)
release=(swift build -c release --static-swift-stdlib)
for product in "${products[@]}"; do "${release[@]}" --product "$product" >&2; done
"${release[@]}" --show-bin-path
