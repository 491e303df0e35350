#!/usr/bin/env bash
# Installs everything, builds both extensions and starts the server on its embedded defaults.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_npm_deps
export WXT_SERVER_URL="${PUBLIC_URL:-http://localhost:${PORT:-8080}}"
build_extensions
# The elevation helper's installers, served at /api/installers/<os>: Linux x64, and Windows x64
# (its node.exe comes from the npm registry; without a network the server says it is not built).
KEY_ARG=(); [ -n "${ORS_RELEASE_KEY_FILE:-}" ] || KEY_ARG=(--throwaway)
if [ ! -x installers/dist/linux/open-remote-support-helper-linux-x64 ]; then
  echo "Building the helper installer for Linux..."
  node installers/src/build.ts "${KEY_ARG[@]}"
fi
if [ ! -f installers/dist/windows/open-remote-support-helper-windows-x64.exe ]; then
  echo "Building the helper installer for Windows..."
  node installers/src/build.ts "${KEY_ARG[@]}" --os windows || echo "warning: no Windows helper installer (see the message above); Windows customers cannot elevate"
fi
exec node server/src/main.ts
