#!/usr/bin/env bash
# `make lab`: the real-packet lab. Two nodes, five pods and an external client in network
# namespaces (scripts/lab/topology.sh); `kuberules apply` programs each node from
# fixtures/lab/manifests.yaml; real TCP and UDP connections then check what Kubernetes promises
# (scripts/lab/checks.sh). It runs once per backend — iptables-restore with legacy xtables,
# libiptc, iptables-restore with nf_tables — and checks that libiptc leaves exactly the rules the
# restore backend leaves and that `kuberules cleanup` restores every node's tables.
#
# Needs root, iproute2, iptables (legacy and nft) and python3. Nothing outside the lab's own
# namespaces is touched; they are deleted on exit, also after a failure or an interrupt.
# KUBERULES=path uses that binary instead of building one (the Swift lab test does this).
set -euo pipefail
cd "$(dirname "$0")/.."
LAB_DIR=$PWD/scripts/lab
LAB=kr-lab-$$
LAB_BACKENDS=${LAB_BACKENDS:-"restore:legacy libiptc:legacy restore:nft"}

if [ "$(id -u)" -ne 0 ]; then echo "lab: needs root (it creates network namespaces)" >&2; exit 1; fi
for tool in ip python3 iptables-legacy-save iptables-nft-save; do
    command -v "$tool" >/dev/null || { echo "lab: needs $tool" >&2; exit 1; }
done
if [ -z "${KUBERULES:-}" ]; then
    swift build --traits LibIPTC --product kuberules >&2
    KUBERULES=$(swift build --traits LibIPTC --show-bin-path)/kuberules
fi

source "$LAB_DIR/topology.sh"
source "$LAB_DIR/checks.sh"
source "$LAB_DIR/trace.sh"
trap lab_down EXIT
trap 'exit 130' INT TERM

# A node's tables without comments and counters (iptables-nft-save's note about legacy tables on
# stderr is dropped too).
lab_save() { lab_in "node-$1" "iptables-$2-save" 2>/dev/null | grep -v '^#' | sed -E 's/ \[[0-9]+:[0-9]+\]$//'; }
lab_kuberules() { timeout 60 "$KUBERULES" "$@"; }

echo "lab: building the network ($LAB-*)"
lab_up

declare -A restore_rules
for run in $LAB_BACKENDS; do
    backend=${run%%:*}
    variant=${run##*:}
    echo "lab: backend $backend, $variant xtables"
    declare -A before
    for node in a b; do
        # Rules of the node's own in both tables, which apply and cleanup must leave alone.
        # (They also make both tables exist before apply: a table, once created, stays.)
        lab_in "node-$node" "iptables-$variant" -C INPUT -p tcp --dport 22 -j ACCEPT 2>/dev/null \
            || lab_in "node-$node" "iptables-$variant" -A INPUT -p tcp --dport 22 -j ACCEPT
        lab_in "node-$node" "iptables-$variant" -t nat -C POSTROUTING -s 198.51.100.0/24 -j RETURN 2>/dev/null \
            || lab_in "node-$node" "iptables-$variant" -t nat -A POSTROUTING -s 198.51.100.0/24 -j RETURN
        before[$node]=$(lab_save "$node" "$variant")
        lab_kuberules apply fixtures/lab --hostname-override "node-$node" --cluster-cidr 10.180.0.0/16 \
            --netns "$(lab_ns node-$node)" --backend "$backend" --iptables "$variant"
        applied=$(lab_save "$node" "$variant")
        if [ "$backend" = restore ] && [ "$variant" = legacy ]; then restore_rules[$node]=$applied; fi
        if [ "$backend" = libiptc ] && [ -n "${restore_rules[$node]:-}" ]; then
            if [ "$applied" = "${restore_rules[$node]}" ]; then
                lab_pass "libiptc left node-$node's iptables-legacy-save identical to the restore backend's"
            else
                lab_fail "libiptc and iptables-restore left different rules on node-$node:"
                diff <(echo "${restore_rules[$node]}") <(echo "$applied") | sed 's/^/        /' || true
            fi
        fi
        # Connections of an earlier run must not steer this one.
        if command -v conntrack >/dev/null; then lab_in "node-$node" conntrack -F >/dev/null 2>&1 || true; fi
    done
    lab_checks "$variant"
    check_trace_agreement
    for node in a b; do
        lab_kuberules cleanup --netns "$(lab_ns node-$node)" --backend "$backend" --iptables "$variant"
        if [ "$(lab_save "$node" "$variant")" = "${before[$node]}" ]; then
            lab_pass "cleanup left node-$node's iptables-$variant-save exactly as before apply (its own rule included)"
        else
            lab_fail "cleanup on node-$node did not restore the tables:"
            diff <(echo "${before[$node]}") <(lab_save "$node" "$variant") | sed 's/^/        /' || true
        fi
    done
done

if [ "$LAB_FAILURES" -ne 0 ]; then
    echo "lab: $LAB_FAILURES check(s) failed" >&2
    exit 1
fi
echo "lab: every check passed"
