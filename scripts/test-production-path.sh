#!/usr/bin/env bash
# The production path, as the Dockerfile runs it, from a clean copy of this checkout:
#   build stage:   npm ci, npm run build                   (dev dependencies: TypeScript)
#   runtime stage: package*.json + dist/, npm ci --omit=dev, node dist/main.js
# then one sendChat over HTTP against MONGODB_URI and REDIS_URL, SIGTERM, and exit 0 with
# the port closed. The runtime copy has no dev dependency (no tsx, no typescript), so
# anything the server imports from one fails here.
#
# Needs MONGODB_URI and REDIS_URL (.ci/run provides both). Every wait is bounded; the
# server is stopped by its PID and the temporary directory removed on any exit.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${MONGODB_URI:?MONGODB_URI must point at MongoDB or FerretDB}"
: "${REDIS_URL:?REDIS_URL must point at Redis}"
started=$SECONDS
log() { printf '[production path %3ds] %s\n' "$((SECONDS - started))" "$*"; }

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT # so a timeout still runs cleanup

# A clean copy: the files git knows (tracked, and new ones not ignored) as they are in the
# working tree, so no node_modules/ or dist/ comes along. On CI's clean checkout this is
# exactly the commit.
log "clean copy in $work/build"
mkdir -p "$work/build" "$work/runtime"
git ls-files -z --cached --others --exclude-standard |
  tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$work/build"

log "build stage: npm ci, npm run build"
(cd "$work/build" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent)

log "runtime stage: package*.json and dist/, npm ci --omit=dev"
cp "$work/build/package.json" "$work/build/package-lock.json" "$work/runtime/"
cp -R "$work/build/dist" "$work/runtime/dist"
(cd "$work/runtime" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
for dev_only in typescript tsx vitest; do
  if [ -e "$work/runtime/node_modules/$dev_only" ]; then
    echo "production path: $dev_only is installed with --omit=dev" >&2
    exit 1
  fi
done

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
db="parley_production_path_$$"
log "node dist/main.js on 127.0.0.1:$port (MongoDB database $db, Redis)"
(
  cd "$work/runtime"
  exec env -i PATH="$PATH" NODE_ENV=production HOST=127.0.0.1 PORT="$port" \
    MONGODB_URI="$MONGODB_URI" MONGODB_DB="$db" REDIS_URL="$REDIS_URL" \
    SHUTDOWN_GRACE_MS=5000 node dist/main.js
) >"$work/server.log" 2>&1 &
server_pid=$!

# Up to 30 s for the "Parley listening" line, or the server's own exit.
for _ in $(seq 1 300); do
  grep -q '"msg":"Parley listening"' "$work/server.log" && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q '"msg":"Parley listening"' "$work/server.log"; then
  echo "production path: the server did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi

log "GET /ready, one sendChat over HTTP, GET /console"
BASE="http://127.0.0.1:$port" node --input-type=module -e '
  const base = process.env.BASE;
  const ready = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(10_000) });
  if (ready.status !== 200) throw new Error(`/ready answered ${ready.status}`);
  const res = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: "mutation { sendChat(input: { content: \"what is 2+3*4?\" }) { status reply session { id } } }",
    }),
    signal: AbortSignal.timeout(20_000),
  });
  const body = await res.json();
  if (body.errors || body.data?.sendChat?.status !== "COMPLETED") {
    throw new Error(`sendChat: ${JSON.stringify(body)}`);
  }
  console.log(`sendChat: ${body.data.sendChat.status}, session ${body.data.sendChat.session.id}`);
  // The console, from dist/console/ (no sources, no esbuild needed): the page and its script.
  const page = await fetch(`${base}/console`, { signal: AbortSignal.timeout(10_000) });
  const html = await page.text();
  const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (page.status !== 200 || !script) throw new Error(`/console answered ${page.status}: ${html}`);
  const js = await fetch(`${base}${script}`, { signal: AbortSignal.timeout(10_000) });
  if (js.status !== 200 || (await js.text()).length < 1000) throw new Error(`${script}: ${js.status}`);
  console.log(`/console: page and ${script} served`);
'

log "SIGTERM to $server_pid"
kill -TERM "$server_pid"
# SHUTDOWN_GRACE_MS plus slack: up to 15 s for the exit.
for _ in $(seq 1 150); do
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$server_pid" 2>/dev/null; then
  echo "production path: still running 15 s after SIGTERM" >&2
  cat "$work/server.log" >&2
  exit 1
fi
code=0
wait "$server_pid" || code=$?
server_pid=""
if [ "$code" -ne 0 ]; then
  echo "production path: exit code $code after SIGTERM" >&2
  cat "$work/server.log" >&2
  exit 1
fi
if node -e "require('net').connect($port,'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; then
  echo "production path: port $port still open after the exit" >&2
  exit 1
fi

# The database this run wrote to, with the driver the runtime stage installed.
(cd "$work/runtime" && MONGODB_URI="$MONGODB_URI" DB="$db" node --input-type=module -e '
  import { MongoClient } from "mongodb";
  const client = await MongoClient.connect(process.env.MONGODB_URI, { serverSelectionTimeoutMS: 5000 });
  await client.db(process.env.DB).dropDatabase();
  await client.close();
') || log "could not drop database $db (left behind)"

log "passed: built, installed without dev dependencies, served a sendChat and the console, exit 0 on SIGTERM"
