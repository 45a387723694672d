#!/usr/bin/env python3
"""Compares `kuberules trace --output json` with what a lab probe saw.

Usage: trace_agree.py NODE SOURCE "PROTO HOST:PORT" COUNT TRACE_JSON PROBE_OUTPUT

Probe lines (scripts/lab/echo.py): "ok SERVER SAW", "refused MS", "timeout". Prints one line,
"ok …" or "FAIL …". Agreement: DNAT → every try answered, by predicted endpoints only (all of
them once a probe tried at least 10 times per endpoint, unless ClientIP affinity pins one), each
with the predicted masquerading (SAW differs from SOURCE exactly when masqueraded); REJECT →
every try refused; DROP → every try timed out.
"""
import json
import sys


def main(node, source, target, count, trace_path, probe_path):
    with open(trace_path) as f:
        trace = json.load(f)
    with open(probe_path) as f:
        tries = [line.split() for line in f if line.strip()]
    where = f"{target} from {source} on {node}"
    verdict = trace["verdict"]
    kinds = {t[0] for t in tries}
    if verdict in ("REJECT", "DROP"):
        expected = "refused" if verdict == "REJECT" else "timeout"
        if kinds == {expected}:
            return f"ok {where}: {verdict}, every try {expected}"
        return f"FAIL {where}: traced {verdict}, probe saw {sorted(kinds)}"
    if verdict != "DNAT":
        return f"FAIL {where}: traced verdict {verdict!r}, probe saw {sorted(kinds)}"
    predicted = {e["address"].rsplit(":", 1)[0]: e for e in trace["endpoints"]}
    if kinds != {"ok"}:
        return f"FAIL {where}: traced DNAT to {sorted(predicted)}, probe saw {sorted(kinds)}"
    seen = {}
    for _, server, saw in tries:
        seen.setdefault(server, set()).add(saw)
    unexpected = sorted(set(seen) - set(predicted))
    if unexpected:
        return f"FAIL {where}: reached {unexpected}, not among the traced {sorted(predicted)}"
    sticky = any("affinitySeconds" in e for e in trace["endpoints"])
    if sticky and len(seen) != 1:
        return f"FAIL {where}: ClientIP affinity traced, but {len(seen)} endpoints answered"
    if not sticky and int(count) >= 10 * len(predicted) and set(seen) != set(predicted):
        return f"FAIL {where}: traced {sorted(predicted)}, only {sorted(seen)} answered {count} tries"
    for server, saws in sorted(seen.items()):
        masqueraded = predicted[server]["masquerade"]
        observed = saws != {source}
        if masqueraded != observed:
            return (f"FAIL {where}: {server} saw {sorted(saws)}; traced masquerade={masqueraded}")
    masq = sorted(s for s in seen if predicted[s]["masquerade"])
    return (f"ok {where}: DNAT to {sorted(seen)} (traced {sorted(predicted)}),"
            f" masquerade {'towards ' + ', '.join(masq) if masq else 'none'} as traced")


if __name__ == "__main__":
    print(main(*sys.argv[1:7]))
