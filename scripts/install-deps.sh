#!/usr/bin/env bash
# Installs the Debian packages the tests use, when run as root and when they are missing.
# Without root it only says what is missing: tests that need a tool skip and say why.
set -euo pipefail

needed=(iptables ipset ipvsadm libiptc-dev iproute2 conntrack pkg-config nfacct)
missing=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "note: not root, so not installing: ${missing[*]} (tests that need them will skip)" >&2
  exit 0
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
