#!/usr/bin/env bash
# Checks the deployment files without deploying: HAProxy's and nginx's own
# config checks (with a throwaway self-signed certificate in place of the real
# ones) and that compose.yaml parses with the services the docs describe.
# Needs the Debian packages haproxy, nginx (nginx-light is enough), openssl, python3-yaml.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=support.example.com \
  -keyout "$tmp/site.key" -out "$tmp/site.crt" 2>/dev/null
mkdir "$tmp/certs"
cat "$tmp/site.crt" "$tmp/site.key" > "$tmp/certs/site.pem"

sed "s#/usr/local/etc/haproxy/certs/#$tmp/certs/#" "$here/haproxy.cfg" > "$tmp/haproxy.cfg"
haproxy -c -f "$tmp/haproxy.cfg"

sed -e "s#/etc/nginx/certs/support.example.com.pem#$tmp/site.crt#" \
    -e "s#/etc/nginx/certs/support.example.com.key#$tmp/site.key#" "$here/nginx.conf" > "$tmp/nginx.conf"
mkdir -p "$tmp/logs"
nginx -t -q -p "$tmp" -c "$tmp/nginx.conf" -g "pid $tmp/nginx.pid; error_log $tmp/logs/error.log;"
echo "nginx.conf: syntax is ok"

python3 - "$here/compose.yaml" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
services = doc["services"]
for name in ("postgres", "redis", "coturn", "node", "haproxy"):
    assert name in services, f"compose.yaml has no {name} service"
assert services["node"]["deploy"]["replicas"] >= 2, "compose.yaml should start two or more nodes"
env = services["node"]["environment"]
for key in ("DATABASE_URL", "REDIS_URL", "PUBLIC_URL", "TRUST_PROXY", "DATA_DIR", "URL_SIGNING_SECRET", "TURN_SECRET", "TURN_URLS"):
    assert key in env, f"the nodes' environment has no {key}"
print("compose.yaml: parses;", ", ".join(services), "services")
PY
