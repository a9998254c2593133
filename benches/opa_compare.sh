#!/usr/bin/env bash
# modelgate against OPA on the same Rego: `cargo bench --bench opa_compare` (release build)
# evaluates the built-in policies over every example input and SBOMs of 100 to 200,000
# components and writes the inputs, its times and its findings to target/opa-compare/; then
# benches/opa_compare.py times OPA (../shared/tools/opa-eval's library) on the same documents,
# checks that it finds the same and prints the table. Without that tool only the modelgate
# half runs.
# Usage: benches/opa_compare.sh [NAME ...]  (substrings of input names, e.g. approved sbom-2000)
#        benches/opa_compare.sh --per-package[=N] [NAME ...]  (modelgate only: the time of each
#        package's deny/warn set and of the N costliest named rules alone; see opa_compare.rs)
set -euo pipefail
cd "$(dirname "$0")/.."
# A backtrace per error value inside regorus would distort the times.
unset RUST_BACKTRACE RUST_LIB_BACKTRACE
cargo bench --bench opa_compare -- "$@"
for a in "$@"; do
  case "$a" in --per-package*) exit 0 ;; esac
done
if [ ! -e ../shared/tools/opa-eval ]; then
  echo "opa_compare: ../shared/tools/opa-eval not found: OPA half skipped (modelgate's times are in ${CARGO_TARGET_DIR:-target}/opa-compare/modelgate.json)" >&2
  exit 0
fi
exec python3 benches/opa_compare.py "${CARGO_TARGET_DIR:-target}"
