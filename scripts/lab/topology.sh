# The lab network, built only inside network namespaces this run creates (names start with
# $LAB, which holds this shell's PID) and removes again in lab_down — also after a failure.
#
#   client 192.168.0.100 (+203.0.113.10, 203.0.113.200) ─┐
#   node-a 192.168.0.2 ──────────────────────────── br0 (namespace "sw")
#   node-b 192.168.0.3 ──────────────────────────────┘
#   node-a ─ p-a1 ─ pod-a1 10.180.0.1, p-a2 ─ pod-a2 10.180.0.2
#   node-b ─ p-b1 ─ pod-b1 10.180.1.1, p-b2 ─ pod-b2 10.180.1.2, p-b3 ─ pod-b3 10.180.1.3 (not ready)
#
# Pods are routed, not bridged: each has a /32 and a default route to 169.254.1.1, which its
# node answers on the pod's veth; the node routes the /32 back to that veth and the other node's
# pod range to the other node. So br_netfilter plays no part and every Service packet crosses a
# node's routing and netfilter hooks exactly as on a Kubernetes node with a routed CNI.

LAB_NODES="a b"
LAB_PODS="a1:a:10.180.0.1 a2:a:10.180.0.2 b1:b:10.180.1.1 b2:b:10.180.1.2 b3:b:10.180.1.3"
LAB_SERVER_PIDS=""

lab_ns() { echo "$LAB-$1"; }
lab_in() { local name=$1; shift; ip netns exec "$(lab_ns "$name")" "$@"; }
lab_node_ip() { [ "$1" = a ] && echo 192.168.0.2 || echo 192.168.0.3; }

lab_up() {
    ip netns add "$(lab_ns sw)"
    ip -n "$(lab_ns sw)" link add br0 type bridge
    ip -n "$(lab_ns sw)" link set br0 up
    ip -n "$(lab_ns sw)" link set lo up

    for node in $LAB_NODES client; do
        local name=node-$node address
        [ "$node" = client ] && name=client
        ip netns add "$(lab_ns $name)"
        ip -n "$(lab_ns sw)" link add "sw-$node" type veth peer name eth0 netns "$(lab_ns $name)"
        ip -n "$(lab_ns sw)" link set "sw-$node" master br0 up
        ip -n "$(lab_ns $name)" link set lo up
        ip -n "$(lab_ns $name)" link set eth0 up
        if [ "$node" = client ]; then address=192.168.0.100; else address=$(lab_node_ip "$node"); fi
        ip -n "$(lab_ns $name)" addr add "$address/24" dev eth0
    done

    # The external client: two extra source addresses, one inside loadBalancerSourceRanges
    # (203.0.113.0/25) and one outside; the load balancer IP is routed to node-a.
    ip -n "$(lab_ns client)" addr add 203.0.113.10/32 dev eth0
    ip -n "$(lab_ns client)" addr add 203.0.113.200/32 dev eth0
    ip -n "$(lab_ns client)" route add 1.2.3.4/32 via 192.168.0.2

    for node in $LAB_NODES; do
        # A Kubernetes node forwards; kube-proxy sets route_localnet for localhost NodePorts.
        # Reverse-path filtering off: the lab's asymmetric paths are intended.
        lab_in "node-$node" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.route_localnet=1 \
            net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0
        # The client is the nodes' upstream router, so traffic that is not DNATed (a refused load
        # balancer source) is forwarded and meets the filter rules instead of "no route".
        ip -n "$(lab_ns node-$node)" route add default via 192.168.0.100
    done
    ip -n "$(lab_ns node-a)" route add 10.180.1.0/24 via 192.168.0.3
    ip -n "$(lab_ns node-b)" route add 10.180.0.0/24 via 192.168.0.2

    local entry pod node ip
    for entry in $LAB_PODS; do
        IFS=: read -r pod node ip <<<"$entry"
        ip netns add "$(lab_ns pod-$pod)"
        ip -n "$(lab_ns node-$node)" link add "p-$pod" type veth peer name eth0 netns "$(lab_ns pod-$pod)"
        ip -n "$(lab_ns node-$node)" addr add 169.254.1.1/32 dev "p-$pod"
        ip -n "$(lab_ns node-$node)" link set "p-$pod" up
        lab_in "node-$node" sysctl -qw "net.ipv4.conf.p-$pod.rp_filter=0"
        ip -n "$(lab_ns node-$node)" route add "$ip/32" dev "p-$pod"
        ip -n "$(lab_ns pod-$pod)" link set lo up
        ip -n "$(lab_ns pod-$pod)" addr add "$ip/32" dev eth0
        ip -n "$(lab_ns pod-$pod)" link set eth0 up
        ip -n "$(lab_ns pod-$pod)" route add 169.254.1.1/32 dev eth0 scope link
        ip -n "$(lab_ns pod-$pod)" route add default via 169.254.1.1 dev eth0
        # Started directly (not through a shell function, which would fork a subshell), so
        # $! is the server itself: `ip netns exec` execs python in place.
        ip netns exec "$(lab_ns pod-$pod)" python3 "$LAB_DIR/echo.py" serve "$ip" 8080 </dev/null >/dev/null 2>&1 &
        LAB_SERVER_PIDS="$LAB_SERVER_PIDS $!"
    done
    lab_wait_for_servers
}

# Each server answers on its own address before any check runs (bounded: 50 × 0.1 s).
lab_wait_for_servers() {
    local entry pod node ip try
    for entry in $LAB_PODS; do
        IFS=: read -r pod node ip <<<"$entry"
        for try in $(seq 50); do
            if lab_in "pod-$pod" python3 "$LAB_DIR/echo.py" probe tcp "$ip" 8080 1 0.5 | grep -q '^ok '; then
                continue 2
            fi
            sleep 0.1
        done
        echo "lab: the echo server of pod-$pod did not start" >&2
        return 1
    done
}

# Stops the servers this run started (by PID) and deletes this run's namespaces.
lab_down() {
    local pid name try alive
    for pid in $LAB_SERVER_PIDS; do kill "$pid" 2>/dev/null || true; done
    # Bounded: up to 2 s for them to exit, then SIGKILL.
    for try in $(seq 20); do
        alive=""
        for pid in $LAB_SERVER_PIDS; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ -z "$alive" ] && break
        sleep 0.1
    done
    for pid in $LAB_SERVER_PIDS; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    LAB_SERVER_PIDS=""
    for name in $(ip netns list | awk '{print $1}' | grep "^$LAB-" || true); do
        ip netns delete "$name" 2>/dev/null || true
    done
}
