#!/usr/bin/env bash
# A monorepo of N bundles (copies of examples/approved, default 1000) in a fresh git repository:
# wall time of `check --all` over all of them, and of `check --base` when one bundle changed.
# Prints the median of 5 runs of each and the ratio. Usage: benches/many_bundles.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release -q
bin=$PWD/target/release/modelgate
key=$PWD/examples/release.pub
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

for i in $(seq -w 1 "$n"); do
  mkdir -p "$dir/models/m$i"
  cp -r examples/approved/. "$dir/models/m$i/"
done
git -C "$dir" init -q
git -C "$dir" -c user.name=bench -c user.email=bench@example.com add -A
git -C "$dir" -c user.name=bench -c user.email=bench@example.com commit -q -m "$n bundles"
one=$(ls "$dir/models" | sed -n "$(( (n + 1) / 2 ))p")
sed -i 's/"robustAccuracy": 0.806/"robustAccuracy": 0.780/' "$dir/models/$one/eval/robustness.json"
git -C "$dir" -c user.name=bench -c user.email=bench@example.com commit -q -am "retrain $one"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() {
  local runs=() s e
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N); "$@" > /dev/null || [ $? -le 1 ]; e=$(date +%s%N)
    runs+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${runs[@]}" | median
}

cd "$dir"
# Both runs must see what the test says they see, or the timing means nothing.
checked=$("$bin" check --all models --key "$key" -f json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["bundles"]))' || true)
[ "$checked" = "$n" ] || { echo "check --all saw $checked bundles, expected $n" >&2; exit 1; }
changed=$("$bin" check --base HEAD~1 --key "$key" -f json | python3 -c 'import json,sys; print([b["path"] for b in json.load(sys.stdin)["bundles"]])' || true)
[ "$changed" = "['models/$one']" ] || { echo "check --base saw $changed" >&2; exit 1; }

all=$(time_ms "$bin" check --all models --key "$key" -f json)
base=$(time_ms "$bin" check --base HEAD~1 --key "$key" -f json)
echo "$n bundles on $(nproc) cores: check --all ${all} ms ($(awk "BEGIN {printf \"%.2f\", $all / $n}") ms per bundle), check --base with one changed ${base} ms, ratio $(awk "BEGIN {printf \"%.3f\", $base / $all}")"
