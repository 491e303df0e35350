#!/usr/bin/env bash
# The remote-control benchmark: real Chromium (console and customer) and the installed helper
# under one display, in a loopback-only network namespace.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_npm_deps
ensure_system_packages
build_extensions
run() {
  ip link set lo up
  display=99
  while [ -e "/tmp/.X${display}-lock" ] || [ -e "/tmp/.X11-unix/X${display}" ]; do display=$((display + 1)); done
  Xvfb ":${display}" -screen 0 1280x800x24 -nolisten tcp -noreset >/dev/null 2>&1 &
  xvfb=$!
  trap 'kill $xvfb 2>/dev/null || true' EXIT
  export DISPLAY=":${display}"
  for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
  node bench/remote-control.ts
}
export -f run
if [ "$(id -u)" = 0 ]; then unshare -n bash -c run; else unshare -rn bash -c run; fi
