# Shared by start.sh and test.sh: install what the project needs, from its own files.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# npm packages, Node 24 included (the `node` package puts it at node_modules/.bin/node).
ensure_npm_deps() {
  if [ ! -x node_modules/.bin/node ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing npm packages (Node 24 comes with them)..."
    npm ci --no-audit --no-fund
  fi
  export PATH="$ROOT/node_modules/.bin:$PATH"
  case "$(node --version)" in
    v24.*) ;;
    *) echo "error: node_modules/.bin/node is $(node --version), expected Node 24; run: rm -rf node_modules && npm ci" >&2; exit 1 ;;
  esac
}

# Debian packages. Root installs them; anyone else is told the exact command.
# postgresql, redis-server and haproxy: the multi-node tests start their own throwaway ones on unix sockets and loopback.
# debootstrap: the Windows helper test's Wine chroot (scripts/wine-chroot.sh).
SYSTEM_PACKAGES=(chromium xvfb xauth libxtst6 xdotool x11-utils fonts-liberation iproute2 util-linux xclip x11-xserver-utils postgresql redis-server haproxy debootstrap)
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

build_extensions() {
  echo "Building the extensions (server ${WXT_SERVER_URL:-default})..."
  npm run build --workspace extension --silent >/dev/null
}

# The elevation helper's installer for one OS (linux, windows), served at /api/installers/<os>,
# in ${INSTALLERS_OUT:-installers/dist}: built when missing or when it fails its check (an
# interrupted build leaves a plain Node binary; see installers/src/check.ts), never skipped
# because a file of that name exists. Builds write under a temporary name and rename once checked.
ensure_installer() {
  local os="$1" out="${INSTALLERS_OUT:-installers/dist}" key=()
  node installers/src/check.ts --os "$os" --out "$out" && return 0
  echo "Building the helper installer for $os..."
  [ -n "${ORS_RELEASE_KEY_FILE:-}" ] || key=(--throwaway)
  node installers/src/build.ts "${key[@]}" --os "$os" --out "$out" --cache installers/.cache/installers
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
