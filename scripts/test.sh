#!/usr/bin/env bash
# Runs every test: typecheck, unit and integration tests, and the end-to-end specs in
# real Chromium under Xvfb, inside a private network namespace that has only loopback.
# Ends with one line: "N passed, N failed".
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_npm_deps
ensure_system_packages
start_windows_prerequisites

echo "Typecheck..."
tsc -p tsconfig.json --noEmit

build_extensions

mkdir -p .test-results
rm -f .test-results/*.json
status=0
if [ "$(id -u)" = 0 ]; then
  unshare -n bash scripts/in-netns.sh "$@" || status=$?
elif unshare -rn true 2>/dev/null; then
  unshare -rn bash scripts/in-netns.sh "$@" || status=$?
else
  echo "error: the browser tests run in a private network namespace; run as root, or enable unprivileged user namespaces" >&2
  exit 1
fi
if [ $# -eq 0 ]; then reports=(.test-results/unit.json .test-results/e2e.json); else reports=(.test-results/vitest.json); fi
node scripts/summarize.mjs "${reports[@]}" || status=1
exit $status
