#!/usr/bin/env bash
# Installs everything, builds both extensions and starts the server on its embedded defaults.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_npm_deps
export WXT_SERVER_URL="${PUBLIC_URL:-http://localhost:${PORT:-8080}}"
build_extensions
exec node server/src/main.ts
