# The checks of issue 4, part 3, with real connections through the rules kuberules applied.
# Each prints "ok" or "FAIL" with what it saw; failures are counted in LAB_FAILURES.

LAB_FAILURES=0
LAB_READY="10.180.0.1 10.180.0.2 10.180.1.1 10.180.1.2"

lab_pass() { echo "  ok    $*"; }
lab_fail() { echo "  FAIL  $*"; LAB_FAILURES=$((LAB_FAILURES + 1)); }

# lab_probe FROM tcp|udp HOST PORT COUNT TIMEOUT [SOURCE]
lab_probe() { local from=$1; shift; lab_in "$from" python3 "$LAB_DIR/echo.py" probe "$@"; }
# What a probe's output says, one "count outcome" per line, for failure messages.
lab_summary() { awk '{print $1, ($1 == "ok" ? $2 " saw " $3 : $2)}' | sort | uniq -c | tr '\n' ';'; }
lab_servers() { awk '$1 == "ok" {print $2}' | sort -u | tr '\n' ' ' | sed 's/ $//'; }
lab_all() { ! grep -qv "^$1"; }

check_cluster_ip() {
    local protocol=$1 from=$2 out
    out=$(lab_probe "$from" "$protocol" 172.30.0.10 80 40 2)
    if echo "$out" | lab_all ok && [ "$(echo "$out" | lab_servers)" = "$LAB_READY" ]; then
        lab_pass "ClusterIP $protocol from $from: 40 connections reached all ready endpoints on both nodes, never the not-ready one"
    else
        lab_fail "ClusterIP $protocol from $from: $(echo "$out" | lab_summary) (expected every one of $LAB_READY, nothing else)"
    fi
}

check_node_port_cluster() {
    local node out
    for node in a b; do
        out=$(lab_probe client tcp "$(lab_node_ip $node)" 30080 10 2)
        if echo "$out" | lab_all ok && ! echo "$out" | awk '{print $3}' | grep -qx 192.168.0.100 \
            && [ -z "$(echo "$out" | lab_servers | tr ' ' '\n' | grep -vx -e 10.180.0.1 -e 10.180.1.1)" ]; then
            lab_pass "NodePort (externalTrafficPolicy Cluster) via node-$node: answered, client address SNATed"
        else
            lab_fail "NodePort (externalTrafficPolicy Cluster) via node-$node: $(echo "$out" | lab_summary)"
        fi
    done
}

check_node_port_local() {
    local out
    out=$(lab_probe client tcp 192.168.0.2 30081 5 2)
    if echo "$out" | lab_all "ok 10.180.0.2 192.168.0.100"; then
        lab_pass "NodePort (externalTrafficPolicy Local) via node-a: the local pod saw the real client address"
    else
        lab_fail "NodePort (externalTrafficPolicy Local) via node-a: $(echo "$out" | lab_summary) (expected 10.180.0.2 seeing 192.168.0.100)"
    fi
    out=$(lab_probe client tcp 192.168.0.3 30081 2 1)
    if echo "$out" | lab_all timeout; then
        lab_pass "NodePort (externalTrafficPolicy Local) via node-b, which has no local endpoint: dropped"
    else
        lab_fail "NodePort (externalTrafficPolicy Local) via node-b: $(echo "$out" | lab_summary) (expected dropped: timeout)"
    fi
}

check_affinity() {
    local out
    out=$(lab_probe pod-b2 tcp 172.30.0.20 80 20 2)
    if echo "$out" | lab_all ok && [ "$(echo "$out" | lab_servers | wc -w)" = 1 ]; then
        lab_pass "ClientIP affinity: 20 connections from pod-b2 all reached $(echo "$out" | lab_servers)"
    else
        lab_fail "ClientIP affinity: $(echo "$out" | lab_summary) (expected one endpoint for all 20)"
    fi
}

check_no_endpoints() {
    local out
    out=$(lab_probe pod-a1 tcp 172.30.0.30 80 3 2)
    if echo "$out" | lab_all refused && [ -z "$(echo "$out" | awk '$2 >= 1000')" ]; then
        lab_pass "Service without endpoints: connection refused at once ($(echo "$out" | awk '{print $2 "ms"}' | tr '\n' ' '))"
    else
        lab_fail "Service without endpoints: $(echo "$out" | lab_summary) (expected refused within a second)"
    fi
}

check_headless() {
    local node saved
    for node in a b; do
        saved=$(lab_save "$node" "$1")
        if echo "$saved" | grep -q 'lab/web:tcp' && ! echo "$saved" | grep -q 'lab/headless'; then
            lab_pass "headless Service: no rules on node-$node (while lab/web has them)"
        else
            lab_fail "headless Service on node-$node: rules mention lab/headless, or the ruleset is missing"
        fi
    done
}

check_source_ranges() {
    local out
    out=$(lab_probe client tcp 1.2.3.4 80 5 2 203.0.113.10)
    if echo "$out" | lab_all ok; then
        lab_pass "loadBalancerSourceRanges: 203.0.113.10 (allowed) reached the load balancer IP"
    else
        lab_fail "loadBalancerSourceRanges, allowed source: $(echo "$out" | lab_summary)"
    fi
    out=$(lab_probe client tcp 1.2.3.4 80 2 1 203.0.113.200)
    if echo "$out" | lab_all timeout; then
        lab_pass "loadBalancerSourceRanges: 203.0.113.200 (not allowed) was dropped"
    else
        lab_fail "loadBalancerSourceRanges, refused source: $(echo "$out" | lab_summary) (expected dropped: timeout)"
    fi
}

check_hairpin() {
    local out
    out=$(lab_probe pod-a1 tcp 172.30.0.50 80 3 2)
    if echo "$out" | lab_all "ok 10.180.0.1" && ! echo "$out" | awk '{print $3}' | grep -qx 10.180.0.1; then
        lab_pass "hairpin: pod-a1 reached itself through its Service, masqueraded ($(echo "$out" | awk '{print $3}' | sort -u))"
    else
        lab_fail "hairpin: $(echo "$out" | lab_summary) (expected 10.180.0.1 seeing a node address)"
    fi
}

lab_checks() {
    local variant=$1
    check_cluster_ip tcp pod-b1
    check_cluster_ip udp pod-a1
    check_node_port_cluster
    check_node_port_local
    check_affinity
    check_no_endpoints
    check_headless "$variant"
    check_source_ranges
    check_hairpin
}
