#!/usr/bin/env bash
# Every benchmark of the performance table in one run (bounded, under 10 minutes
# on 2 cores), each product figure against its baseline; prints the table at the end.
# Browser benchmarks run under a private display in a loopback-only namespace.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_npm_deps
ensure_system_packages
build_extensions
log=$(mktemp)
ns=(unshare -n)
[ "$(id -u)" = 0 ] || ns=(unshare -rn)
started=$(date +%s)
for bench in chat-scale connect-cost remote-control file-transfer native-host screen-share; do
  echo "== bench/$bench.ts" | tee -a "$log"
  "${ns[@]}" bash scripts/with-display.sh node "bench/$bench.ts" 2>&1 | tee -a "$log" || echo "TABLE | $bench | FAILED | | |" | tee -a "$log"
done
echo
echo "| path | product | baseline, same run | gap |"
echo "|---|---|---|---|"
grep '^TABLE |' "$log" | sed 's/^TABLE //'
echo "all benchmarks: $(( $(date +%s) - started )) s"
