# Shared by start.sh and test.sh: install what the project needs, from its own files.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Work is skipped when nothing it depends on changed: each step keeps a fingerprint (stamp) of
# its inputs beside its output, and its tool's output goes to a log under .logs/, shown only
# when it fails, so a start that has nothing to do prints nothing before the server's own lines.
LOG_DIR="$ROOT/.logs"

# sha256 of the words (settings) and of every file under the paths, build outputs and tests left out.
fingerprint() {
  local words="$1"; shift
  {
    printf '%s\n' "$words"
    find "$@" \( -name node_modules -o -name .output -o -name .wxt -o -name dist -o -name .cache \) -prune \
      -o -type f ! -name '*.test.ts' ! -name '*.test.tsx' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  } | sha256sum | cut -d' ' -f1
}

stamp_matches() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

# Runs "$@" with its output in .logs/NAME.log: one line saying what and how long, the log's tail if it fails.
quietly() {
  local name="$1" what="$2"; shift 2
  mkdir -p "$LOG_DIR"
  local log="$LOG_DIR/$name.log" started=$SECONDS
  printf '%s... ' "$what"
  if "$@" >"$log" 2>&1; then
    echo "done ($((SECONDS - started)) s)"
  else
    local status=$?
    echo "failed"
    echo "---- last lines of $log:" >&2
    tail -n 40 "$log" >&2
    return $status
  fi
}

# npm packages, Node 24 included (the `node` package puts it at node_modules/.bin/node), when the lockfile or a package.json changed.
ensure_npm_deps() {
  local fp
  fp="$(fingerprint "npm" package-lock.json package.json */package.json)"
  if [ ! -x node_modules/.bin/node ] || ! stamp_matches node_modules/.ors-stamp "$fp"; then
    quietly npm-ci "Installing npm packages (Node 24 comes with them)" npm ci --no-audit --no-fund
    echo "$fp" > node_modules/.ors-stamp
  fi
  export PATH="$ROOT/node_modules/.bin:$PATH"
  case "$(node --version)" in
    v24.*) ;;
    *) echo "error: node_modules/.bin/node is $(node --version), expected Node 24; run: rm -rf node_modules && npm ci" >&2; exit 1 ;;
  esac
}

# Debian packages. Root installs them; anyone else is told the exact command.
# firefox-esr: the Firefox customer client spec (e2e/src/firefox.e2e.test.ts).
# postgresql, redis-server and haproxy: the multi-node tests start their own throwaway ones on unix sockets and loopback.
# debootstrap: the Windows helper test's Wine chroot (scripts/wine-chroot.sh).
# nginx-light, caddy, openssl, python3-yaml: deploy.e2e runs deploy/check.sh and the shipped nginx site with TLS.
SYSTEM_PACKAGES=(chromium firefox-esr xvfb xauth libxtst6 xdotool x11-utils fonts-liberation fonts-dejavu-core iproute2 util-linux xclip x11-xserver-utils postgresql redis-server haproxy nginx-light caddy openssl python3-yaml debootstrap)
ensure_system_packages() {
  local missing=()
  for p in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "error: missing system packages: ${missing[*]}" >&2
    echo "run as root:  $cmd" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Both extensions and the web chat, when their sources, the protocol, the lockfile or a build setting (WXT_*, ORS_*) changed.
build_extensions() {
  local fp
  fp="$(fingerprint "server=${WXT_SERVER_URL:-http://localhost:8080} $(env | grep -E '^(WXT|ORS)_' | LC_ALL=C sort | tr '\n' ' ')" \
    package-lock.json protocol/src extension)"
  local stamp=extension/.output/.ors-stamp
  local outputs=(extension/.output/customer/chrome-mv3 extension/.output/console/chrome-mv3 extension/.output/web)
  # Up to date: same inputs, all three outputs there, and none rebuilt by hand since (maybe with other settings).
  if stamp_matches "$stamp" "$fp" && [ -d "${outputs[0]}" ] && [ -d "${outputs[1]}" ] && [ -f "${outputs[2]}/index.html" ] \
    && [ -z "$(find "${outputs[@]}" -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  quietly build-extensions "Building the extensions and the web chat (server ${WXT_SERVER_URL:-http://localhost:8080})" \
    npm run build --workspace extension --silent
  echo "$fp" > "$stamp"
}

# The elevation helper's installer for one OS (linux, windows), served at /api/installers/<os>,
# in ${INSTALLERS_OUT:-installers/dist}: built when it is missing, when it fails its check (an
# interrupted build leaves a plain Node binary; see installers/src/check.ts), or when what it is
# built from changed (the helper, the installers, the protocol, the lockfile, the signing key);
# never skipped only because a file of that name exists. Builds write under a temporary name and
# rename once checked; their output goes to .logs/installer-<os>.log.
ensure_installer() {
  local os="$1" out="${INSTALLERS_OUT:-installers/dist}" key=(--throwaway) signer=throwaway fp
  if [ -n "${ORS_RELEASE_KEY_FILE:-}" ]; then key=(); signer="release key ${ORS_RELEASE_KEY_FILE} $(sha256sum < "$ORS_RELEASE_KEY_FILE")"; fi
  fp="$(fingerprint "$signer" package-lock.json protocol/src native-host installers/src installers/templates installers/package.json)"
  node installers/src/check.ts --os "$os" --out "$out" && stamp_matches "$out/.ors-stamp-$os" "$fp" && return 0
  quietly "installer-$os" "Building the helper installer for $os" \
    node installers/src/build.ts "${key[@]}" --os "$os" --out "$out" --cache installers/.cache/installers || return 1
  echo "$fp" > "$out/.ors-stamp-$os"
}

# What the Windows helper test (installers/src/windows-wine.integration.test.ts) needs from the network,
# fetched in the background while the typecheck and builds run (the tests themselves run without a
# network): the Windows node.exe (npm registry, cached in installers/.cache) and, once, the Wine 10
# chroot (Debian's mirror, cached in /var/cache/open-remote-support/wine; about 2.5 minutes the first
# time). The test waits for the chroot's state. Log: .test-results/wine-chroot.log.
start_windows_prerequisites() {
  mkdir -p .test-results
  ( node installers/src/target-node.ts windows; bash scripts/wine-chroot.sh ) >.test-results/wine-chroot.log 2>&1 </dev/null &
}
