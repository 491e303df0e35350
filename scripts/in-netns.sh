#!/usr/bin/env bash
# Inside `unshare -n`: vitest with loopback and a private X display.
set -euo pipefail
exec bash "$(dirname "$0")/with-display.sh" vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json "$@"
