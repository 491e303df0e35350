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
# Rebuilt when the helper, the installers, the protocol, the lockfile or the signing key changed.
if [ -n "${ORS_RELEASE_KEY_FILE:-}" ]; then KEY_ARG=(); key="release key ${ORS_RELEASE_KEY_FILE} $(sha256sum < "$ORS_RELEASE_KEY_FILE")"
else KEY_ARG=(--throwaway); key=throwaway; fi
installers_fp="$(fingerprint "$key" package-lock.json protocol/src native-host installers/src installers/templates installers/package.json)"
build_installer() { # os, file
  stamp_matches "installers/dist/.ors-stamp-$1" "$installers_fp" && [ -e "installers/dist/$1/$2" ] && return 0
  quietly "installer-$1" "Building the helper installer for $1" node installers/src/build.ts "${KEY_ARG[@]}" --os "$1" || return 1
  echo "$installers_fp" > "installers/dist/.ors-stamp-$1"
}
build_installer linux open-remote-support-helper-linux-x64
build_installer windows open-remote-support-helper-windows-x64.exe \
  || echo "warning: no Windows helper installer (see above); Windows customers cannot elevate"
exec node server/src/main.ts
