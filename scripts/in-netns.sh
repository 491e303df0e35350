#!/usr/bin/env bash
# Inside `unshare -n`: vitest with loopback and a private X display.
# With arguments (a file, a filter), one vitest run writes .test-results/vitest.json.
# Without, the whole suite: see run-suites.sh.
set -euo pipefail
here="$(dirname "$0")"
if [ $# -eq 0 ]; then exec bash "$here/with-display.sh" bash "$here/run-suites.sh"; fi
exec bash "$here/with-display.sh" vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json "$@"
