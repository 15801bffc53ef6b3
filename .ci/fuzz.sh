#!/usr/bin/env bash
# Bounded fuzzing for CI (issue 14): builds the cargo-fuzz targets under fuzz/ with nightly and runs
# each for a fixed time, starting from the committed corpora in fuzz/corpus/<target>/. Any crash,
# timeout (a hang or superlinear blow-up) or OOM fails CI; libFuzzer leaves the input in
# fuzz/artifacts/<target>/. New corpus entries go to a temporary directory, not the checkout.
#
# Bound: FUZZ_SECONDS (default 30) per target, 6 targets, plus the build. Measured on the 2-core
# development machine while other builds ran (load average 4-7): warm (fuzz crate built) 265 s in all;
# the cold build of the fuzz crate took 804 s (13 min) on top. The build leaves out AddressSanitizer
# (our crates forbid unsafe code; CI looks for panics, hangs and OOMs, and runs without ASan are several
# times faster: extract_report ~5,500 executions/s against ~1,150) and uses 16 codegen units.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"
targets=(extract_report ingest_text ingest_html ingest_jsonl ingest_warc search_query)

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzzing needs the nightly toolchain: rustup toolchain install nightly --profile minimal" >&2
  exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

build=(-s none --codegen-units 16)
start=$(date +%s)
cargo +nightly fuzz build "${build[@]}"
echo "fuzz build: $(($(date +%s) - start)) s"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for t in "${targets[@]}"; do
  mkdir -p "$scratch/$t"
  echo "== fuzz $t (${seconds} s)"
  # the first directory receives new entries; the committed corpus is only read
  if ! cargo +nightly fuzz run "${build[@]}" "$t" "$scratch/$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    >"$scratch/$t.log" 2>&1; then
    tail -n 80 "$scratch/$t.log" >&2
    echo "fuzz target $t failed (crash, timeout or OOM): the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  grep -E '^#[0-9]+[[:space:]]+DONE' "$scratch/$t.log" || tail -n 3 "$scratch/$t.log"
done
echo "fuzzing: $(($(date +%s) - start)) s in all"
