#!/usr/bin/env bash
# Installs everything, builds both extensions and starts the server on its embedded defaults.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_npm_deps
export WXT_SERVER_URL="${PUBLIC_URL:-http://localhost:${PORT:-8080}}"
build_extensions
# The elevation helper's installer (Linux x64), served at /api/installers/linux.
if [ ! -x installers/dist/linux/open-remote-support-helper-linux-x64 ]; then
  echo "Building the helper installer..."
  if [ -n "${ORS_RELEASE_KEY_FILE:-}" ]; then node installers/src/build.ts; else node installers/src/build.ts --throwaway; fi
fi
exec node server/src/main.ts
