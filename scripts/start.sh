#!/usr/bin/env bash
# Installs, builds and starts the server on its embedded defaults. Each step runs only when
# something it depends on changed (scripts/lib.sh keeps a stamp per step), with its output in
# .logs/ (shown when it fails), so the screen shows the server's URLs and sign-in, not npm's output.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_npm_deps
export WXT_SERVER_URL="${PUBLIC_URL:-http://localhost:${PORT:-8080}}"
build_extensions

# The elevation helper's installers, served at /api/installers/<os>: Linux x64, and Windows x64
# (its node.exe comes from the npm registry; without a network the server says it is not built).
ensure_installer linux
ensure_installer windows || echo "warning: no Windows helper installer (see the message above); Windows customers cannot elevate"
exec node server/src/main.ts
