#!/usr/bin/env bash
# Rebuilds the load-benchmark store from scratch: synthetic reports from `toll generate` (our own
# templates, invented towns; load only, never quality), ingested by the real pipeline (extract,
# store, link), then counted and checked against the invented events.
#
# Usage: tools/bench-store.sh [PREFIX]   (default /tmp/bench100k: writes PREFIX.jsonl and PREFIX.db)
# REPORTS and SEED in the environment change the size (default 310000, ~103,000 events) and seed.
set -euo pipefail

cd "$(dirname "$0")/.."
prefix=${1:-/tmp/bench100k}
reports=${REPORTS:-310000}
seed=${SEED:-1}

cargo build --release -p toll
rm -f "$prefix.db" "$prefix.db-wal" "$prefix.db-shm" "$prefix.db-journal"
target/release/toll generate --reports "$reports" --seed "$seed" >"$prefix.jsonl"
if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v target/release/toll ingest "$prefix.jsonl" --db "$prefix.db"
else
    time target/release/toll ingest "$prefix.jsonl" --db "$prefix.db"
fi
python3 tools/check-synthetic-links.py "$prefix.jsonl" "$prefix.db"
