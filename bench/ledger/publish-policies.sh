#!/usr/bin/env bash
# Publishes a bundle of N deny rules that never match the bench's requests, over the free context fields, so every
# reservation is evaluated against all of them (a missing map key is a runtime error, which denies: hence the `in`) (issue 14: the ledger bench with 100 rules keeps >= 95 % of its
# throughput). Usage: publish-policies.sh <port> <admin key> <N>
set -euo pipefail
PORT=$1 KEY=$2 N=$3
api() { curl -sf -H "Authorization: Bearer $KEY" -H "Accept: application/json" "$@"; }
SHAPES=(
  'request.model == "blocked-model-%d"'
  'request.estimated_usd > 1000.0 + %d.0'
  'request.provider == "provider-%d"'
  'time.local_hour == 24 + %d'
  'budgets.exists(b, b.fraction_after > 2.0 + %d.0)'
  '"bench-rule" in request.tags && request.tags["bench-rule"] == "%d"'
  'request.ttl_seconds > 100000 + %d'
  '"tier" in agent.tags && agent.tags["tier"] == "blocked-%d" && request.estimated_usd > 0.0'
)
for i in $(seq 1 "$N"); do
  condition=$(printf "${SHAPES[$(( i % ${#SHAPES[@]} ))]}" "$i")
  body=$(python3 -c 'import json,sys; print(json.dumps({"name": "bench rule " + sys.argv[1], "scope_type": "org",
    "condition": sys.argv[2], "effect": "deny"}))' "$i" "$condition")
  api -X POST -H "Content-Type: application/json" -d "$body" "http://localhost:$PORT/v1/policies/rules" >/dev/null
done
etag=$(curl -sf -D - -o /dev/null -H "Authorization: Bearer $KEY" "http://localhost:$PORT/v1/policies/draft" \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
api -X POST -H "Content-Type: application/json" -H "If-Match: $etag" \
  -d '{"note":"bench bundle","acknowledge_conflicts":true}' "http://localhost:$PORT/v1/policies/draft/publish" \
  | python3 -c 'import json,sys; v=json.load(sys.stdin); print("published bundle v%s" % v["number"])'
