#!/usr/bin/env bash
# Every benchmark of the performance table in one run (bounded, under 10 minutes
# on 2 cores), each product figure against its baseline; prints the table at the end.
# Browser benchmarks run under a private display in a loopback-only namespace.
# Bounded: each bench has its own deadline (bench/deadline.ts) and none runs past
# BENCH_ALL_SECONDS (570) from the start of this script (installs and the extension
# build included); one that does fails with a
# message naming what it was waiting for, and its row says FAILED. `timeout` is the
# last resort for a bench stuck where its own timer cannot run.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
export BENCH_ALL_UNTIL=$(( started + ${BENCH_ALL_SECONDS:-570} ))
source scripts/lib.sh
ensure_npm_deps
ensure_system_packages
build_extensions
log=$(mktemp)
ns=(unshare -n)
[ "$(id -u)" = 0 ] || ns=(unshare -rn)
for bench in chat-scale connect-cost remote-control file-transfer native-host screen-share; do
  echo "== bench/$bench.ts" | tee -a "$log"
  if [ "$(date +%s)" -ge "$BENCH_ALL_UNTIL" ]; then
    echo "TABLE | $bench | NOT RUN: the run's ${BENCH_ALL_SECONDS:-570} s were spent | | |" | tee -a "$log"
    continue
  fi
  # The bench's own deadline ends it at BENCH_ALL_UNTIL at the latest, then its cleanups (15 s at most).
  left=$(( BENCH_ALL_UNTIL - $(date +%s) + 20 ))
  timeout -k 5 "$left" "${ns[@]}" bash scripts/with-display.sh node "bench/$bench.ts" 2>&1 | tee -a "$log" || echo "TABLE | $bench | FAILED (see its output above) | | |" | tee -a "$log"
done
echo
echo "| path | product | baseline, same run | gap |"
echo "|---|---|---|---|"
grep '^TABLE |' "$log" | sed 's/^TABLE //'
echo "bench:all: $(( $(date +%s) - started )) s (installs and the extension build included), load average $(cut -d' ' -f1-3 /proc/loadavg)"
