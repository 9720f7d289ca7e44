#!/usr/bin/env bash
# The Dockerfile's steps without Docker, for machines that cannot build images (and to catch a
# production install that would break before an image is built):
#   1. build: tsc from this checkout (its dev dependencies) into a clean temporary folder;
#   2. the runtime stage's file set, read from the Dockerfile's COPY lines, copied beside it;
#   3. npm ci --omit=dev there, from the lockfile (--prefer-offline: the npm cache is used when it can be);
#      no TypeScript, no tsx: nothing can compile at start;
#   4. parley doctor there (demo mode, a database in the temporary folder): exit 0;
#   5. parley serve there on a free loopback port, /readyz polled with the Dockerfile's HEALTHCHECK
#      command until ready (bounded), then SIGTERM and a clean exit.
# Exit status non-zero on any failure; the temporary folder and the server are removed on exit.
# Neither this checkout's dist/ nor its node_modules/ is changed.
#   scripts/check-deploy.sh            (about 2-3 minutes when npm has to compile better-sqlite3)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/parley-check-deploy.XXXXXX")"
app="$work/app"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "check-deploy: $*" >&2
  exit 1
}
step() { echo "check-deploy: $*"; }

# The Dockerfile's runtime stage, from its FROM line to the end.
runtime_stage() { sed -n '/^FROM .* AS runtime$/,$p' "$root/Dockerfile"; }
[ -n "$(runtime_stage)" ] || fail "no 'FROM … AS runtime' stage in the Dockerfile"

# The same environment for every command run in the folder: nothing from this shell (a PANEL_URL
# exported here would turn demo mode off), the container's HOST aside (loopback here).
run_env=(env -i "PATH=$PATH" "HOME=$work" "NODE_ENV=production" "HOST=127.0.0.1" "DATABASE_PATH=$work/data/parley.db" "LOG_LEVEL=info")

step "1/5 build into $app/dist"
mkdir -p "$app"
(cd "$root" && npx tsc -p tsconfig.build.json --outDir "$app/dist")

step "2/5 copy the runtime file set (the Dockerfile's runtime COPY lines)"
copied=0
while read -r line; do
  # shellcheck disable=SC2086 # one word per source, on purpose
  set -- $line
  shift # COPY
  [ "${1#--}" = "$1" ] || fail "unexpected COPY flag in the runtime stage: $line"
  dest="${*: -1}"
  sources=("${@:1:$#-1}")
  for source in "${sources[@]}"; do
    # Each source goes to the same path under /app (or into ./): anything else would need a real Docker.
    [ "$dest" = "./" ] || [ "$dest" = "./$source" ] || fail "COPY must keep the source's path: $line"
    [ -e "$root/$source" ] || fail "the Dockerfile copies $source, which does not exist"
    mkdir -p "$app/$(dirname "$source")"
    cp -R "$root/$source" "$app/$source"
    copied=$((copied + 1))
  done
done < <(runtime_stage | grep -E '^COPY ' | grep -v -- '--from=')
[ "$copied" -gt 0 ] || fail "no COPY lines in the runtime stage"

step "3/5 npm ci --omit=dev"
(cd "$app" && npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error)
for dev in typescript tsx; do
  [ ! -e "$app/node_modules/$dev" ] || fail "$dev is installed in the production folder"
done

step "4/5 parley doctor"
(cd "$app" && "${run_env[@]}" node dist/cli.js doctor) || fail "parley doctor found problems"

step "5/5 parley serve, then /readyz"
# The Dockerfile's CMD and HEALTHCHECK, with PORT=0 (a free port) and the port read from the log.
mapfile -t healthcheck < <(runtime_stage | sed -n 's/^ *CMD \["node", "-e", "\(.*\)"\]$/\1/p')
[ "${#healthcheck[@]}" -eq 1 ] || fail "no 'CMD [\"node\", \"-e\", …]' HEALTHCHECK line in the runtime stage"
(cd "$app" && exec "${run_env[@]}" PORT=0 node --max-semi-space-size=8 --max-old-space-size=128 dist/cli.js serve) >"$work/serve.log" 2>&1 &
pid=$!
port=""
ready=""
for _ in $(seq 1 120); do
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; fail "parley serve exited before it was ready"; }
  if [ -z "$port" ]; then
    port="$(sed -n 's/.*"url":"http:\/\/127\.0\.0\.1:\([0-9]*\)".*/\1/p' "$work/serve.log" | head -n 1)"
  fi
  if [ -n "$port" ] && (cd "$app" && env -i "PATH=$PATH" "PORT=$port" node -e "${healthcheck[0]}"); then
    ready=1
    break
  fi
  sleep 0.5
done
[ -n "$ready" ] || { cat "$work/serve.log" >&2; fail "/readyz did not answer 200 within 60 s"; }
step "ready on 127.0.0.1:$port; stopping it"
kill -TERM "$pid"
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
kill -0 "$pid" 2>/dev/null && { cat "$work/serve.log" >&2; fail "parley serve did not stop within 30 s of SIGTERM"; }
status=0
wait "$pid" || status=$?
pid=""
[ "$status" -eq 0 ] || { cat "$work/serve.log" >&2; fail "parley serve exited $status after SIGTERM"; }
step "ok: the production install builds, starts without dev dependencies, passes doctor and /readyz, and stops cleanly"
