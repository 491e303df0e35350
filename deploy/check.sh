#!/usr/bin/env bash
# Checks the deployment files without deploying (and without Docker, which this
# project's machines do not have):
# - haproxy.cfg, nginx.conf and nginx-site.conf by HAProxy's and nginx's own checks,
#   and the Caddyfile by `caddy validate`, each with a throwaway self-signed certificate;
# - remote-support@.service by `systemd-analyze verify` (when systemd is installed);
# - the Dockerfile (stages, that every path it copies exists and is in the build
#   context, an unprivileged user) and both compose files (check_files.py).
# Docker itself never runs here: the image and compose files are not built or started.
# Needs the Debian packages haproxy, nginx (nginx-light is enough), caddy, openssl, python3-yaml.
# e2e/src/deploy.e2e.test.ts runs it, then runs nginx-site.conf for real in front of a server.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=support.example.com \
  -keyout "$tmp/site.key" -out "$tmp/site.crt" 2>/dev/null
mkdir "$tmp/certs" "$tmp/logs"
cat "$tmp/site.crt" "$tmp/site.key" > "$tmp/certs/site.pem"

sed "s#/usr/local/etc/haproxy/certs/#$tmp/certs/#" "$here/haproxy.cfg" > "$tmp/haproxy.cfg"
haproxy -c -f "$tmp/haproxy.cfg"

nginx_check() { # $1: a full nginx config
  nginx -t -q -p "$tmp" -c "$1" -g "pid $tmp/nginx.pid; error_log $tmp/logs/error.log;"
}
sed -e "s#/etc/nginx/certs/support.example.com.pem#$tmp/site.crt#" \
    -e "s#/etc/nginx/certs/support.example.com.key#$tmp/site.key#" "$here/nginx.conf" > "$tmp/nginx.conf"
nginx_check "$tmp/nginx.conf"
echo "nginx.conf: syntax is ok"
# The site goes in Debian's http block (sites-enabled/): checked inside a minimal one.
sed -e "s#/etc/ssl/certs/support.example.com.pem#$tmp/site.crt#" \
    -e "s#/etc/ssl/private/support.example.com.key#$tmp/site.key#" \
    -e "s#/var/log/nginx/#$tmp/logs/#" "$here/nginx-site.conf" > "$tmp/site.conf"
printf 'events {}\nhttp {\n  include %s;\n}\n' "$tmp/site.conf" > "$tmp/nginx-site-main.conf"
nginx_check "$tmp/nginx-site-main.conf"
echo "nginx-site.conf: syntax is ok"

# `caddy validate` loads every module the file names and its TLS settings, without listening or asking for a certificate.
(cd "$tmp" && HOME="$tmp" XDG_DATA_HOME="$tmp" XDG_CONFIG_HOME="$tmp" SITE_ADDRESS=https://support.example.com \
  caddy validate --config "$here/Caddyfile" --adapter caddyfile >"$tmp/caddy.log" 2>&1) || { cat "$tmp/caddy.log" >&2; exit 1; }
echo "Caddyfile: valid"

if command -v systemd-analyze >/dev/null; then
  # Its ExecStart must exist to be verified: a stand-in at a temp path, the rest of the unit as shipped.
  printf '#!/bin/sh\n' > "$tmp/node" && chmod +x "$tmp/node"
  sed "s#^ExecStart=/opt/remote-support/node_modules/.bin/node#ExecStart=$tmp/node#" "$here/remote-support@.service" > "$tmp/remote-support@.service"
  verify="$(systemd-analyze verify "$tmp/remote-support@8080.service" 2>&1 || true)"
  [ -z "$verify" ] || { echo "remote-support@.service: $verify" >&2; exit 1; }
  echo "remote-support@.service: verified"
else
  echo "remote-support@.service: not verified (no systemd-analyze here)"
fi

python=python3; [ -x /usr/bin/python3 ] && python=/usr/bin/python3   # Debian's, with python3-yaml
"$python" "$here/check_files.py"
