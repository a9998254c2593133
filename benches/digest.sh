#!/usr/bin/env bash
# sha256 throughput of modelgate's artifact hashing against coreutils' sha256sum on the same
# 1 GiB file, and of several files hashed in parallel. Prints medians of 5 runs and the ratio.
# Usage: benches/digest.sh [SIZE_MIB]   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
cargo build --release -q
bin=target/release/modelgate
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$dir/big.bin"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() {
  local runs=() s e
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N); "$@" > /dev/null; e=$(date +%s%N)
    runs+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${runs[@]}" | median
}

# Same digest from both, or the comparison means nothing.
[ "$($bin digest "$dir/big.bin" | cut -d' ' -f1)" = "$(sha256sum "$dir/big.bin" | cut -d' ' -f1)" ]

cat "$dir/big.bin" > /dev/null   # warm the page cache for both
mg=$(time_ms "$bin" digest "$dir/big.bin")
ss=$(time_ms sha256sum "$dir/big.bin")
echo "one ${size_mib} MiB file: modelgate ${mg} ms ($(( size_mib * 1000 / (mg > 0 ? mg : 1) )) MiB/s), sha256sum ${ss} ms ($(( size_mib * 1000 / (ss > 0 ? ss : 1) )) MiB/s), ratio $(awk "BEGIN {printf \"%.2f\", $mg / $ss}")"

# Four files of a quarter each: modelgate hashes them in parallel, sha256sum one after another.
quarter=$((size_mib / 4))
for i in 1 2 3 4; do head -c $((quarter * 1024 * 1024)) "$dir/big.bin" > "$dir/part$i.bin"; done
cat "$dir"/part*.bin > /dev/null
mg4=$(time_ms "$bin" digest "$dir"/part1.bin "$dir"/part2.bin "$dir"/part3.bin "$dir"/part4.bin)
ss4=$(time_ms sha256sum "$dir"/part1.bin "$dir"/part2.bin "$dir"/part3.bin "$dir"/part4.bin)
echo "four ${quarter} MiB files: modelgate ${mg4} ms, sha256sum ${ss4} ms, ratio $(awk "BEGIN {printf \"%.2f\", $mg4 / $ss4}") ($(nproc) cores)"
