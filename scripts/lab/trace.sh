# `kuberules trace` against the lab's real packets: every probe of checks.sh is also traced
# through the rules of the node it first reaches, and the prediction must agree with what the
# probe saw — the endpoints reached (a subset of the predicted ones, all of them when the probe
# tried often enough), masquerading (the pod saw a node address, not the client's), refused
# connections for REJECT and silence for DROP. scripts/lab/trace_agree.py does the comparing.
#
# lab_probe runs in command substitutions, so each comparison is appended to $LAB_TRACE_LOG and
# check_trace_agreement reports them (and counts failures) after the other checks.

LAB_TRACE_LOG=$(mktemp "${TMPDIR:-/tmp}/kr-lab-trace.XXXXXX")

eval "$(declare -f lab_probe | sed '1s/lab_probe/lab_probe_untraced/')"
eval "$(declare -f lab_down | sed '1s/lab_down/lab_down_untraced/')"
lab_down() { rm -f "$LAB_TRACE_LOG"; lab_down_untraced "$@"; }

# The node whose rules a probe's first packet meets, and the probe's source address.
lab_trace_route() {
    local from=$1 host=$2 source=$3 entry
    case $from in
        pod-*)
            for entry in $LAB_PODS; do
                if [ "pod-${entry%%:*}" = "$from" ]; then
                    local rest=${entry#*:}
                    echo "node-${rest%%:*} ${source:-${rest#*:}}"
                    return
                fi
            done ;;
        client)
            case $host in
                192.168.0.3) echo "node-b ${source:-192.168.0.100}" ;;
                *) echo "node-a ${source:-192.168.0.100}" ;;
            esac ;;
    esac
}

lab_probe() {
    local from=$1 protocol=$2 host=$3 port=$4 count=$5 source=${7:-} out route node address json
    out=$(lab_probe_untraced "$@")
    echo "$out"
    route=$(lab_trace_route "$from" "$host" "$source")
    node=${route%% *}
    address=${route#* }
    json=$(timeout 60 "$KUBERULES" trace fixtures/lab/manifests.yaml --hostname-override "$node" \
        --cluster-cidr 10.180.0.0/16 --source "$address" --destination "$host:$port" --protocol "$protocol" \
        --output json 2>&1) || { echo "FAIL $protocol $address -> $host:$port on $node: trace failed: $json" >>"$LAB_TRACE_LOG"; return; }
    python3 "$LAB_DIR/trace_agree.py" "$node" "$address" "$protocol $host:$port" "$count" \
        <(echo "$json") <(echo "$out") >>"$LAB_TRACE_LOG"
}

check_trace_agreement() {
    local line
    while IFS= read -r line; do
        case $line in
            ok\ *) lab_pass "trace agrees: ${line#ok }" ;;
            *) lab_fail "trace disagrees: ${line#FAIL }" ;;
        esac
    done <"$LAB_TRACE_LOG"
    : >"$LAB_TRACE_LOG"
}
