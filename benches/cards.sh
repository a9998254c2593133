#!/usr/bin/env bash
# Loading time of real model cards: `modelgate input` on each Hugging Face Hub card of
# ../shared/data/real/model-cards-hf-hub (503 cards), each as the README.md of a convention
# bundle of its own, one process per card as a CI job runs it. Prints the total, the median
# and the slowest card. Builds nothing: run `cargo build --release` first.
# Usage: benches/cards.sh [CARDS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
cards=${1:-../shared/data/real/model-cards-hf-hub}
bin=target/release/modelgate
if [ ! -x "$bin" ]; then
  echo "no $bin: build it first with \`cargo build --release\`" >&2
  exit 1
fi
if [ ! -d "$cards" ]; then
  echo "no card folder $cards (give one as the first argument)" >&2
  exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/bundle"

times=()
names=()
errors=0
for card in "$cards"/*; do
  [ -f "$card" ] || continue
  cp "$card" "$dir/bundle/README.md"
  cat "$dir/bundle/README.md" > /dev/null   # in the page cache, as every other run
  s=$(date +%s%N)
  if ! "$bin" input "$dir/bundle" > /dev/null 2> "$dir/err"; then
    errors=$((errors + 1))
    echo "error: $(basename "$card"): $(head -c 300 "$dir/err")" >&2
  fi
  e=$(date +%s%N)
  times+=($(( (e - s) / 1000 )))
  names+=("$(basename "$card")")
done

n=${#times[@]}
[ "$n" -gt 0 ] || { echo "no cards in $cards" >&2; exit 1; }
printf '%s\n' "${times[@]}" | sort -n > "$dir/sorted"
total_us=$(awk '{s += $1} END {print s}' "$dir/sorted")
median_us=$(awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}' "$dir/sorted")
p95_us=$(awk '{a[NR] = $1} END {i = int(NR * 0.95); if (i < 1) i = 1; print a[i]}' "$dir/sorted")
slowest=0
for i in "${!times[@]}"; do
  [ "${times[$i]}" -gt "${times[$slowest]}" ] && slowest=$i
done
awk -v n="$n" -v t="$total_us" -v m="$median_us" -v p="$p95_us" -v e="$errors" \
  -v sn="${names[$slowest]}" -v st="${times[$slowest]}" -v c="$(nproc)" 'BEGIN {
  printf "%d cards (modelgate input, one process per card): total %.2f s, median %.1f ms, p95 %.1f ms per card; slowest %s %.1f ms; %d errors (%d cores)\n",
    n, t / 1e6, m / 1e3, p / 1e3, sn, st / 1e3, e, c
}'
[ "$errors" -eq 0 ]
