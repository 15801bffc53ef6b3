#!/usr/bin/env bash
# Load benchmark of `toll serve` on loopback with wrk: requests/s and latency percentiles for the
# incident list, one incident (random ids), a full-text search (random invented town names), and the
# same pages of the web UI.
#
# usage: tools/bench-serve.sh [DB]   (default /tmp/bench100k.db, built by tools/bench-store.sh)
# env:   CONNECTIONS (64), DURATION (20s), THREADS (2), PORT (8097), WARMUP (10s)
#
# Each endpoint is first requested for WARMUP (not measured): a server that has just started has its
# database pages neither mapped nor cached, and a running server has.
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-/tmp/bench100k.db}"
conns="${CONNECTIONS:-64}"
dur="${DURATION:-20s}"
threads="${THREADS:-2}"
port="${PORT:-8097}"
warmup="${WARMUP:-10s}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
[ -f "$db" ] || { echo "$db: no such database (tools/bench-store.sh builds one)" >&2; exit 1; }
cargo build --release -q -p toll
work="$(mktemp -d)"
python3 - "$db" "$work" <<'PY'
import sqlite3, sys, re, random
db, work = sys.argv[1], sys.argv[2]
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
random.seed(1)
ids = [r[0] for r in c.execute("SELECT id FROM incidents ORDER BY random() LIMIT 5000")]
open(f"{work}/ids.txt", "w").write("\n".join(ids) + "\n")
words = set()
for (t,) in c.execute("SELECT title FROM documents ORDER BY random() LIMIT 5000"):
    words.update(w for w in re.findall(r"[A-Z][a-z]{5,}", t or "") if w not in ("Shelling",))
open(f"{work}/words.txt", "w").write("\n".join(sorted(words)) + "\n")
n = c.execute("SELECT count(*) FROM incidents").fetchone()[0]
print(f"store: {n} incidents, {len(ids)} sampled ids, {len(words)} search words", file=sys.stderr)
PY
TOLL_LOG=warn target/release/toll serve --db "$db" --addr "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/api/v1/incidents?per_page=1" >/dev/null 2>&1 && break
  sleep 0.2
done
echo "| endpoint | requests/s | p50 | p90 | p99 | errors |"
echo "|---|---|---|---|---|---|"
run() { # name, path prefix, lines file or ""
  local name="$1" prefix="$2" lines="$3" out
  if [ -n "$lines" ]; then
    PATH_PREFIX="$prefix" LINES_FILE="$lines" wrk -t"$threads" -c"$conns" -d"$warmup" \
      -s tools/wrk/lines.lua "http://127.0.0.1:$port" >/dev/null
    out="$(PATH_PREFIX="$prefix" LINES_FILE="$lines" wrk -t"$threads" -c"$conns" -d"$dur" --latency \
      -s tools/wrk/lines.lua "http://127.0.0.1:$port")"
  else
    wrk -t"$threads" -c"$conns" -d"$warmup" "http://127.0.0.1:$port$prefix" >/dev/null
    out="$(wrk -t"$threads" -c"$conns" -d"$dur" --latency "http://127.0.0.1:$port$prefix")"
  fi
  local rps p50 p90 p99 errs
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p90="$(awk '$1 == "90%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  errs="$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')"
  echo "| $name | $rps | $p50 | $p90 | $p99 | ${errs:-0} |"
}
run "API incident list (newest first, 25 per page)" "/api/v1/incidents" ""
run "API incident list sorted by killed, page 40" "/api/v1/incidents?sort=killed&page=40" ""
run "API one incident (random ids)" "/api/v1/incidents/" "$work/ids.txt"
run "API search (random town names)" "/api/v1/incidents?q=" "$work/words.txt"
run "web incident list" "/" ""
run "web incident page (random ids)" "/incidents/" "$work/ids.txt"
echo "($conns connections, $threads wrk threads, $dur each, $(nproc) cores shared by server and wrk)"
