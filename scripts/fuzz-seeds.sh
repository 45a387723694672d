#!/usr/bin/env bash
# Writes the fuzzer's seed corpus into DIR: every fixture's manifests as a FuzzInput
# (Sources/KubeRulesFuzzing/FuzzInput.swift: a selector byte, [config NUL,] manifests), with and
# without --hooks, plus every file of fixtures/corpus, fixtures/errors, fixtures/injection and
# fixtures/fuzz-regressions.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: scripts/fuzz-seeds.sh DIR}"
mkdir -p "$out"
rm -f "$out"/seed-*

# seed NAME SELECTOR CONFIG_FILE|"" MANIFEST_FILE...
seed() {
  local name="$1" selector="$2" config="$3"
  shift 3
  local file="$out/seed-$name"
  if [ -n "$config" ]; then
    selector=$((selector | 0x80))
    { printf "\\x$(printf %02x "$selector")"; cat "$config"; printf '\0'; } >"$file"
  else
    printf "\\x$(printf %02x "$selector")" >"$file"
  fi
  local first=1
  for manifest in "$@"; do
    # Several YAML files become one stream; JSON files are seeded one by one below.
    [ $first -eq 1 ] || printf -- '---\n' >>"$file"
    cat "$manifest" >>"$file"
    first=0
  done
}

count=0
for dir in fixtures/*/; do
  case="$(basename "$dir")"
  flags="$dir/flags"
  selector=0
  case "$case" in ipvs-* | kube-proxy-ipvs-*) selector=$((selector | 0x02)) ;; esac
  if [ -f "$flags" ]; then
    grep -q -- '--ip-family ipv6' "$flags" && selector=$((selector | 0x01))
    grep -q -- '--hostname-override node-1' "$flags" && selector=$((selector | 0x08))
    grep -q -- '--masquerade-all' "$flags" && selector=$((selector | 0x20))
    grep -q -- '--nodeport-addresses primary' "$flags" && selector=$((selector | 0x40))
  elif [ "$case" != example ]; then
    selector=$((selector | 0x10)) # no --hostname-override: no node
  fi
  config=""
  [ -f "$dir/config.yaml" ] && config="$dir/config.yaml"
  manifests=()
  if [ -f "$dir/manifests.yaml" ]; then
    manifests=("$dir/manifests.yaml")
  elif [ -f "$dir/manifests.json" ]; then
    manifests=("$dir/manifests.json")
  elif [ -d "$dir/manifests" ]; then
    while IFS= read -r file; do manifests+=("$file"); done < <(find "$dir/manifests" -maxdepth 1 -name '*.y*ml' | sort)
  fi
  [ ${#manifests[@]} -gt 0 ] || continue
  seed "$case" "$selector" "$config" "${manifests[@]}"
  seed "$case-hooks" $((selector | 0x04)) "$config" "${manifests[@]}"
  count=$((count + 2))
done
for file in fixtures/corpus/*.yaml fixtures/corpus/*.json fixtures/errors/*/* fixtures/*/manifests/*.json \
  fixtures/injection/*/manifests.*; do
  [ -f "$file" ] || continue
  name="$(echo "$file" | tr '/' '_')"
  seed "$name" 0 "" "$file"
  seed "$name-ipvs" 2 "" "$file"
  count=$((count + 2))
done
for file in fixtures/fuzz-regressions/*/input fixtures/fuzz-regressions/*/input.gz; do
  [ -f "$file" ] || continue
  name="$out/seed-regression-$(basename "$(dirname "$file")")"
  case "$file" in *.gz) gzip -dc "$file" >"$name" ;; *) cp "$file" "$name" ;; esac
  count=$((count + 1))
done
echo "$count seeds in $out" >&2
