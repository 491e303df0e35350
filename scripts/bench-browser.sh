#!/usr/bin/env bash
# Runs a browser benchmark (bench/NAME.ts): real Chromium under a private display,
# in a loopback-only network namespace, after the same installs as the tests.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_npm_deps
ensure_system_packages
build_extensions
ns=(unshare -n)
[ "$(id -u)" = 0 ] || ns=(unshare -rn)
"${ns[@]}" bash scripts/with-display.sh node "bench/$1.ts"
