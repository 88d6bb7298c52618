"""Writes bench/ledger.sh's machine-readable summary (ledger.json) to stdout.

stdin: one line per measurement, "case conns pairs_per_s p50_ms p99_ms denied errors pgbench_tps pgbench_avg_ms"
("-" where pgbench did not run). argv: overspend negative errors chain_intact ledger_consistent allowed
audited_allowed committed audited_committed. Environment: BENCH_RUN_AT, BENCH_DURATION, BENCH_LOAD, BENCH_SMOKE.
"""
import json
import os
import sys


def number(text):
    return None if text in ("-", "", None) else float(text)


def ratio(a, b):
    return round(a / b, 4) if a is not None and b else None


rows = {}
for line in sys.stdin:
    fields = line.split()
    if len(fields) < 9:
        continue
    case, conns = fields[0], int(fields[1])
    pps, p50, p99, denied, errors, tps, avg = fields[2:9]
    rows[(case, conns)] = {
        "case": case, "connections": conns, "app_pairs_per_s": number(pps), "app_p50_ms": number(p50),
        "app_p99_ms": number(p99), "denied": int(denied), "errors": int(errors),
        "pgbench_pairs_per_s": number(tps), "pgbench_avg_ms": number(avg),
    }
for (case, conns), row in rows.items():
    row["app_over_pgbench"] = ratio(row["app_pairs_per_s"], row["pgbench_pairs_per_s"])
    if case == "hot" and ("distinct", conns) in rows:
        row["hot_over_distinct"] = ratio(row["app_pairs_per_s"], rows[("distinct", conns)]["app_pairs_per_s"])

overspend, negative, errors, chain, ledger, allowed, audited_allowed, committed, audited_committed = sys.argv[1:10]
violations = {
    "windows_over_limit": int(overspend),
    "windows_negative": int(negative),
    "failed_requests": int(errors),
    "allowed_without_audit_event": int(allowed) - int(audited_allowed),
    "committed_without_audit_event": int(committed) - int(audited_committed),
    "audit_chain_intact": chain == "true",
    "ledger_consistent": ledger == "true",
}
violations["ok"] = (violations["windows_over_limit"] == 0 and violations["windows_negative"] == 0
                    and violations["failed_requests"] == 0 and violations["allowed_without_audit_event"] == 0
                    and violations["committed_without_audit_event"] == 0 and violations["audit_chain_intact"]
                    and violations["ledger_consistent"])
json.dump({
    "run_at": os.environ.get("BENCH_RUN_AT"),
    "smoke": bool(os.environ.get("BENCH_SMOKE")),
    "seconds_per_measurement": int(os.environ.get("BENCH_DURATION", "0")),
    "load_at_start": os.environ.get("BENCH_LOAD", "").strip(),
    "cpus": os.cpu_count(),
    "measurements": list(rows.values()),
    "checks": violations,
}, sys.stdout, indent=2)
sys.stdout.write("\n")
