"""Checks deploy/Dockerfile and the compose files without Docker (run by deploy/check.sh).

Dockerfile: the three stages exist in order and the last one is the runtime;
every COPY from the build context names a path that exists in the repository
and that Dockerfile.dockerignore does not leave out; every COPY --from names an
earlier stage and a path that stage has (copied in, or made by one of its RUN
lines); the runtime stage runs as an unprivileged user.
Compose: both files parse, have the services docs/PRODUCTION.md describes, and
give the server the settings it needs behind a proxy.
"""
import fnmatch
import os
import re
import shlex
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# What the build stage's RUN lines make, and the command that makes each.
BUILD_OUTPUTS = {
    "extension/.output": "npm run build --workspace extension",
    "installers/dist": "node installers/src/build.ts",
    "node_modules": "npm ci",
}


def fail(message):
    sys.exit(f"error: {message}")


def instructions(path):
    """(keyword, arguments) per instruction, continuation lines joined, comments dropped."""
    out, pending = [], ""
    for line in open(path, encoding="utf-8"):
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        pending += " " + stripped.rstrip("\\").strip()
        if not stripped.endswith("\\"):
            keyword, _, rest = pending.strip().partition(" ")
            out.append((keyword.upper(), rest.strip()))
            pending = ""
    return out


def ignored(path, patterns):
    """Whether the .dockerignore patterns leave this context path out (its own or a parent's match)."""
    parts = path.strip("/").split("/")
    for i in range(1, len(parts) + 1):
        prefix = "/".join(parts[:i])
        for pattern in patterns:
            bare = pattern[3:] if pattern.startswith("**/") else pattern
            if fnmatch.fnmatch(prefix, pattern) or fnmatch.fnmatch(parts[i - 1], bare) and pattern.startswith("**/"):
                return True
    return False


def check_dockerfile():
    dockerfile = os.path.join(HERE, "Dockerfile")
    ignore_file = dockerfile + ".dockerignore"
    patterns = [l.strip() for l in open(ignore_file) if l.strip() and not l.startswith("#")]
    stages, order = {}, []
    current = None
    for keyword, args in instructions(dockerfile):
        if keyword == "FROM":
            m = re.match(r"(\S+)\s+AS\s+(\S+)$", args, re.I)
            if not m:
                fail(f"Dockerfile: every stage needs a name (FROM image AS name): FROM {args}")
            # paths: where this stage holds what (absolute) -> the repository path it came from (None: another stage's).
            current = {"paths": {}, "runs": [], "user": None, "workdir": "/"}
            stages[m.group(2)] = current
            order.append(m.group(2))
        elif current is None:
            continue
        elif keyword == "WORKDIR":
            current["workdir"] = args
        elif keyword == "RUN":
            current["runs"].append(args)
        elif keyword == "USER":
            current["user"] = args
        elif keyword in ("COPY", "ADD"):
            words = shlex.split(args)
            flags = [w for w in words if w.startswith("--")]
            sources, dest = [w for w in words if not w.startswith("--")][:-1], words[-1]
            origin = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
            for src in sources:
                if origin is None:
                    if not os.path.exists(os.path.join(ROOT, src)):
                        fail(f"Dockerfile copies {src}, which is not in the repository")
                    if ignored(src, patterns):
                        fail(f"Dockerfile copies {src}, which Dockerfile.dockerignore leaves out of the build context")
                else:
                    if origin not in order[:-1]:
                        fail(f"Dockerfile copies from {origin}, which is not an earlier stage")
                    check_stage_has(stages[origin], src, origin, patterns)
            target = os.path.normpath(dest if dest.startswith("/") else os.path.join(current["workdir"], dest))
            for src in sources:
                into_folder = dest.endswith("/") or len(sources) > 1
                held = os.path.join(target, os.path.basename(src.rstrip("/"))) if into_folder else target
                current["paths"][held] = None if origin else os.path.normpath(src)
    if order != ["build", "prod-deps", "runtime"]:
        fail(f"Dockerfile stages are {order}, expected build, prod-deps, runtime")
    user = stages["runtime"]["user"]
    if user in (None, "root", "0", "0:0"):
        fail("Dockerfile: the runtime stage must run as an unprivileged USER")
    print(f"Dockerfile: stages {', '.join(order)}; every copied path exists; runtime runs as {user}")


def check_stage_has(stage, src, name, patterns):
    path = os.path.normpath(src if src.startswith("/") else os.path.join(stage["workdir"], src))
    rel = os.path.relpath(path, stage["workdir"])
    for output, command in BUILD_OUTPUTS.items():
        if (rel == output or rel.startswith(output + "/")) and any(command in run for run in stage["runs"]):
            return
    for held, from_repo in stage["paths"].items():
        if path != held and not path.startswith(held + "/"):
            continue
        if from_repo is None:
            return
        # Copied in from the repository: the file must be there, and in the build context.
        repo_path = os.path.normpath(os.path.join(from_repo, os.path.relpath(path, held)))
        if os.path.exists(os.path.join(ROOT, repo_path)) and not ignored(repo_path, patterns):
            return
    fail(f"Dockerfile copies {src} from {name}, which that stage neither copies in nor builds")


def check_compose():
    multi = yaml.safe_load(open(os.path.join(HERE, "compose.yaml")))["services"]
    for name in ("postgres", "redis", "coturn", "node", "haproxy"):
        if name not in multi:
            fail(f"compose.yaml has no {name} service")
    if multi["node"]["deploy"]["replicas"] < 2:
        fail("compose.yaml should start two or more nodes")
    needs(multi["node"]["environment"], "compose.yaml's nodes",
          "DATABASE_URL", "REDIS_URL", "PUBLIC_URL", "TRUST_PROXY", "DATA_DIR", "URL_SIGNING_SECRET", "TURN_SECRET", "TURN_URLS")
    print("compose.yaml: parses;", ", ".join(multi), "services")

    single = yaml.safe_load(open(os.path.join(HERE, "compose.single.yaml")))["services"]
    for name in ("server", "postgres", "redis", "coturn", "caddy"):
        if name not in single:
            fail(f"compose.single.yaml has no {name} service")
    needs(single["server"]["environment"], "compose.single.yaml's server",
          "DATABASE_URL", "REDIS_URL", "PUBLIC_URL", "TRUST_PROXY", "DATA_DIR", "TURN_SECRET", "TURN_URLS", "ADMIN_PASSWORD")
    if "ports" in single["server"]:
        fail("compose.single.yaml publishes the server's port: only the proxy should reach it")
    mounts = single["caddy"]["volumes"]
    if not any(m.startswith("./Caddyfile:") for m in mounts):
        fail("compose.single.yaml's caddy does not mount deploy/Caddyfile")
    print("compose.single.yaml: parses;", ", ".join(single), "services")


def needs(env, who, *keys):
    for key in keys:
        if key not in env:
            fail(f"{who} environment has no {key}")


def check_nginx_header_inheritance(name):
    """No proxy_set_header inside a location: nginx would then drop every one set above it (X-Forwarded-For, Host)."""
    stack = []
    for number, line in enumerate(open(os.path.join(HERE, name)), 1):
        code = line.split("#", 1)[0]
        opened = code.count("{")
        words = code.split()
        if words and words[0] == "proxy_set_header" and "location" in stack:
            fail(f"{name}:{number}: proxy_set_header inside a location drops the server-level ones (X-Forwarded-For); set every header at server level")
        for _ in range(opened):
            stack.append(words[0] if words else "")
        for _ in range(code.count("}")):
            stack.pop()
    print(f"{name}: every proxy_set_header at server level")


if __name__ == "__main__":
    check_nginx_header_inheritance("nginx.conf")
    check_nginx_header_inheritance("nginx-site.conf")
    check_dockerfile()
    check_compose()
