#!/usr/bin/env bash
# Coverage-guided fuzzing of every evidence loader (cargo-fuzz / libFuzzer, targets in fuzz/).
# The invariant each target checks: a loader returns Ok or Err for any bytes, never panics, and
# finishes within the timeout.
#
# Usage: benches/fuzz.sh [SECONDS_PER_TARGET=300] [TARGET...]
#   FUZZ_PARALLEL=2        targets run at once (default 1; the machine has 2 cores)
#   FUZZ_SANITIZER=address sanitizer (default none: the crate forbids `unsafe`, so the bugs
#                          left to find are panics, hangs and memory blow-ups, which need no
#                          sanitizer, and ASan would halve the executions per second)
#   FUZZ_LOG_DIR=DIR       where each target's libFuzzer log goes (default fuzz/target/logs)
# Examples:
#   benches/fuzz.sh                      # all 11 targets, 5 minutes each, one at a time
#   benches/fuzz.sh 60 manifest garak    # two targets, a minute each
#   FUZZ_PARALLEL=2 benches/fuzz.sh 300  # all targets, two at a time
#
# Needs only the stable toolchain: cargo-fuzz's nightly flags are allowed through
# RUSTC_BOOTSTRAP=1. Corpora are seeded from examples/, tests/fixtures/ and ../shared/data (when
# present) into fuzz/corpus/<target>/ on every run and grow there between runs; none of it is
# committed (fuzz/.gitignore). A crash, hang or OOM leaves its input in fuzz/artifacts/<target>/;
# reproduce with `fuzz/target/x86_64-unknown-linux-gnu/release/TARGET FILE` (or `cargo fuzz run
# -O -s none TARGET FILE` from fuzz/), minimize with `-minimize_crash=1` (or `cargo fuzz tmin`),
# then keep it under tests/fixtures/fuzz/<target>/, where tests/it/fuzz_regressions.rs replays it
# on every `cargo test`.
#
# Prints one line per target: seconds actually fuzzed (less than asked when it crashed),
# executions, coverage (libFuzzer's cov and ft of its last status
# line), corpus size, and whether it crashed. Exits 1 when any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
secs=${1:-300}
shift || true
all_targets=(model_card dataset_card croissant cyclonedx spdx robustness garak manifest
  sigstore_bundle provenance admission_review)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
parallel=${FUZZ_PARALLEL:-1}
sanitizer=${FUZZ_SANITIZER:-none}
logs=${FUZZ_LOG_DIR:-$repo/fuzz/target/logs}
shared=$repo/../shared/data
# Seeds above this size slow every mutation down and add little that the smaller ones lack.
max_seed_kb=100

export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

# --- seeds -----------------------------------------------------------------------------------
# seed TARGET FILE...: copies each file (if small enough) into the target's corpus, named after
# its path so that seeds from different places never overwrite each other.
seed() {
  local target=$1 f name
  shift
  mkdir -p "fuzz/corpus/$target"
  for f in "$@"; do
    [ -f "$f" ] || continue
    [ "$(du -k "$f" | cut -f1)" -le "$max_seed_kb" ] || continue
    name=$(printf '%s' "${f#"$repo"/}" | tr '/' '_' | sed 's/^\.\._//')
    cp -f "$f" "fuzz/corpus/$target/seed-$name"
  done
}
# The regression inputs of a target are seeds of it too.
seed_regressions() { seed "$1" tests/fixtures/fuzz/"$1"/*; }

shopt -s nullglob globstar
seed model_card examples/*/README.md tests/fixtures/model-cards/* \
  "$shared"/cyclonedx/MLBOM/**/*.json
seed dataset_card examples/*/data/dataset.yaml tests/fixtures/datasets/* \
  examples/*/README.md
seed croissant "$shared"/croissant/**/*.json
seed cyclonedx examples/**/*.cdx.json "$shared"/cyclonedx/**/*.json
seed spdx "$shared"/spdx/*.json
seed robustness examples/*/eval/robustness.json tests/fixtures/robustness/*
seed garak examples/*/eval/*.jsonl tests/fixtures/garak/*
seed manifest examples/*/modelgate.yaml
seed sigstore_bundle examples/*/model.sig "$shared"/sigstore-conformance/bundle-verify/*/bundle.sigstore.json
seed provenance examples/*/provenance/* "$shared"/sigstore-conformance/statement.json
seed admission_review tests/fixtures/admission/*
for t in "${all_targets[@]}"; do seed_regressions "$t"; done
shopt -u globstar

# --- build -----------------------------------------------------------------------------------
echo "building fuzz targets (sanitizer: $sanitizer)..." >&2
(cd fuzz && cargo fuzz build -O -s "$sanitizer")
bin_dir=$repo/fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release

# --- run -------------------------------------------------------------------------------------
mkdir -p "$logs" fuzz/target/tmp
# The manifest target writes its bundle folder under TMPDIR; keep those inside fuzz/target.
export TMPDIR=$repo/fuzz/target/tmp

run_one() {
  local t=$1 start
  mkdir -p "fuzz/artifacts/$t"
  start=$logs/$t.start
  touch "$start"
  local rc=0
  # The binary built above, not `cargo fuzz run`: that would rebuild whenever src/ changed
  # meanwhile, and the targets would no longer all fuzz the same code.
  (cd fuzz && "$bin_dir/$t" -artifact_prefix="artifacts/$t/" -max_total_time="$secs" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "corpus/$t") \
    >"$logs/$t.log" 2>&1 || rc=$?
  echo "$rc" >"$logs/$t.rc"
}

running=0
for t in "${targets[@]}"; do
  echo "fuzzing $t for ${secs}s..." >&2
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

# --- report ----------------------------------------------------------------------------------
crashed=0
printf '%-18s %6s %12s %8s %8s %8s %14s  %s\n' target secs runs exec/s cov ft corpus result
for t in "${targets[@]}"; do
  log=$logs/$t.log
  rc=$(cat "$logs/$t.rc" 2>/dev/null || echo '?')
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  status=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$status")
  [ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9]*\).*/\1/p' <<<"$status")
  found=$(find "fuzz/artifacts/$t" -type f -newer "$logs/$t.start" 2>/dev/null | sort)
  if [ "$rc" = 0 ] && [ -z "$found" ]; then
    result="no crash"
  else
    result="CRASH (exit $rc) ${found//$'\n'/ }"
    crashed=1
  fi
  took=$secs
  if [ -n "$runs" ] && [ "${eps:-0}" -gt 0 ]; then took=$((runs / eps)); fi
  printf '%-18s %6s %12s %8s %8s %8s %14s  %s\n' "$t" "$took" "${runs:-?}" "${eps:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
done
echo "logs: $logs" >&2
exit "$crashed"
