#!/usr/bin/env bash
# Property-based API tests: schemathesis (pinned, from PyPI) against `toll serve` on the bundled examples.
#
#   .ci/schemathesis.sh TOLL_BINARY
#
# It generates requests for every operation of /api/v1/openapi.json (valid and invalid parameters,
# path ids, odd strings) and checks every response for:
#   - not_a_server_error: no 5xx, whatever the input;
#   - status_code_conformance: every status is one the document lists for that operation;
#   - response_schema_conformance: every body matches the schema the document gives for its status
#     (content_type_conformance too: the media type is the documented one).
# Bounded: at most 150 examples per operation, --max-time 60 s, and the whole step is killed at
# 170 s (about 80 s with the install on a 2-core machine).
set -euo pipefail
cd "$(dirname "$0")/.."
toll="${1:?usage: .ci/schemathesis.sh TOLL_BINARY}"
version=4.32.5
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# a virtual environment of its own: nothing is installed into the system's Python
if ! python3 -m venv "$work/venv" >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$version"

"$toll" ingest examples/reports --places examples/places.tsv --db "$work/demo.db" 2>/dev/null
TOLL_LOG=warn "$toll" serve --db "$work/demo.db" --addr 127.0.0.1:0 --places examples/places.tsv \
  2>"$work/serve.log" &
server_pid=$!
addr=""
for _ in $(seq 100); do
  addr="$(sed -n 's|.*on http://\([^/]*\)/.*|\1|p' "$work/serve.log" | head -1)"
  [ -n "$addr" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$addr" ] || { echo "toll serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }

# run from the scratch folder: schemathesis keeps a cache of failures in its working directory
cd "$work"
timeout 170 "$work/venv/bin/st" run "http://$addr/api/v1/openapi.json" \
  --url "http://$addr" \
  --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples 150 \
  --max-time 60 \
  --seed 14 \
  --workers 2 \
  --request-timeout 15 \
  --generation-database none \
  --no-color
echo "schemathesis $version: no failures"
