#!/usr/bin/env bash
# Creates, once, the Debian 13 (trixie) chroot with Wine 10 that the Windows helper test
# runs in (Debian 12's Wine 8 cannot run Node 24: see installers/README.md). Needs root and
# Debian's apt mirror; about 2.5 minutes and 2.5 GB. It lives outside the repository
# (ORS_WINE_CACHE, default /var/cache/open-remote-support/wine) so later runs reuse it.
# States, for the test to wait on: <cache>/trixie/.ready once usable, <cache>/failed
# (with the reason) if it could not be made. Safe to start twice: a lock serialises them.
set -euo pipefail
cache="${ORS_WINE_CACHE:-/var/cache/open-remote-support/wine}"
root="$cache/trixie"
[ -f "$root/.ready" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  mkdir -p "$cache" 2>/dev/null && echo "not root: cannot create the Wine chroot" >"$cache/failed"
  echo "error: creating the Wine chroot needs root" >&2
  exit 1
fi
mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9
[ -f "$root/.ready" ] && exit 0
rm -f "$cache/failed"
fail() { echo "$1" >"$cache/failed"; echo "error: $1" >&2; exit 1; }

partial="$cache/trixie.partial"
# Always unmount what this script mounted, whatever happens.
cleanup() {
  umount "$partial/proc" 2>/dev/null || true
  umount "$partial/dev" 2>/dev/null || true
}
trap cleanup EXIT
cleanup
# Never delete through a mount (a killed run's /dev bind): refuse instead.
for m in proc dev; do mountpoint -q "$partial/$m" 2>/dev/null && fail "$partial/$m is still mounted; unmount it first"; done
rm -rf --one-file-system "$partial"

if ! command -v debootstrap >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; } ||
    fail "cannot install debootstrap"
fi
mirror="${ORS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
debootstrap --variant=minbase trixie "$partial" "$mirror" || fail "debootstrap trixie from $mirror failed"
mount --bind /proc "$partial/proc"
mount --bind /dev "$partial/dev"
chroot "$partial" bash -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine64 wine && apt-get clean' ||
  fail "apt-get install wine in the chroot failed"
chroot "$partial" wine --version || fail "wine does not start in the chroot"
cleanup
touch "$partial/.ready"
rm -rf --one-file-system "$root"
mv "$partial" "$root"
echo "Wine chroot ready: $root"
