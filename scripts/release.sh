#!/usr/bin/env bash
# Builds the release artefacts: a static x86_64 Linux binary, its SHA256SUMS and an OCI image
# layout of the webhook (scripts/image.sh) with its manifest digest.
#
# usage: scripts/release.sh [OUTDIR]        (default target/dist)
#
# Environment:
#   RELEASE_TARGET   x86_64-unknown-linux-gnu (default: glibc, crt-static, static-pie) or
#                    x86_64-unknown-linux-musl (needs `rustup target add` and musl-tools)
#   SOURCE_URL       org.opencontainers.image.source (default: Cargo.toml's `repository`)
#   SOURCE_DATE_EPOCH  the image's creation time (default: the commit time of HEAD)
#   CARGO_TARGET_DIR as for cargo (default target/)
#   RELEASE_SIGN_KEY the gate's PEM private key: when set, modelgate's own decision record over
#                    the binary and the image (examples/self judged by the new binary)
#   RELEASE_RECORD_TTL  that record's validity (default 90d)
#
# The same checkout, lockfile and toolchain give the same bytes: no machine path reaches the
# binary (paths are remapped for rustc and the C compiler), the archive and image carry fixed
# times and owners.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

out=${1:-target/dist}
target=${RELEASE_TARGET:-x86_64-unknown-linux-gnu}
case "$target" in
  x86_64-unknown-linux-gnu | x86_64-unknown-linux-musl) ;;
  *) echo "release.sh: RELEASE_TARGET must be x86_64-unknown-linux-gnu or x86_64-unknown-linux-musl" >&2; exit 2 ;;
esac
if [ "$target" = x86_64-unknown-linux-musl ] && ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  echo "release.sh: the $target target is not installed (rustup target add $target)" >&2
  exit 2
fi

meta=$(cargo metadata --no-deps --format-version 1 --offline 2>/dev/null || cargo metadata --no-deps --format-version 1)
field() { python3 -c 'import json,sys; p=[p for p in json.load(sys.stdin)["packages"] if p["name"]=="modelgate"][0]; print(p.get(sys.argv[1]) or "")' "$1" <<<"$meta"; }
version=$(field version)
license=$(field license)
export VERSION=$version LICENSES=$license
export REVISION=${REVISION:-$(git rev-parse HEAD)}
# In a GitHub Actions run the repository is known; elsewhere Cargo.toml's `repository`.
github_repo=
if [ -n "${GITHUB_SERVER_URL:-}" ] && [ -n "${GITHUB_REPOSITORY:-}" ]; then
  github_repo=$GITHUB_SERVER_URL/$GITHUB_REPOSITORY
fi
export SOURCE_URL=${SOURCE_URL:-${github_repo:-$(field repository)}}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "release.sh: warning: the checkout has uncommitted changes; the revision label names HEAD" >&2
fi

target_dir=${CARGO_TARGET_DIR:-$root/target}
mkdir -p "$target_dir"
target_dir=$(cd "$target_dir" && pwd)
cargo_home=${CARGO_HOME:-$HOME/.cargo}

# Later mappings win when several match (rustc and GCC alike): the target folder may lie in the
# checkout, so it comes last.
remaps=("$cargo_home=/cargo" "$root=/src/modelgate" "$target_dir=/target")
rustflags="-C target-feature=+crt-static"
cflags=""
for m in "${remaps[@]}"; do
  rustflags+=" --remap-path-prefix=$m"
  cflags+=" -ffile-prefix-map=$m"
done
# C code compiled by build scripts (libgit2, zlib, mimalloc) reads CFLAGS_<target> through cc.
export "CFLAGS_${target//-/_}=${cflags# }"
export RUSTFLAGS=$rustflags
# Symbols are dropped: a smaller binary; panics still name file and line.
export CARGO_PROFILE_RELEASE_STRIP=symbols
export CARGO_TARGET_DIR=$target_dir
# zlib is linked from its static archive (libz-sys otherwise finds libz.so through pkg-config).
export LIBZ_SYS_STATIC=1

cargo build --locked --release --target "$target" --bin modelgate

bin=$target_dir/$target/release/modelgate
# A static(-pie) executable asks for no program interpreter and needs no shared library.
if readelf -lW "$bin" | grep -q 'program interpreter' || readelf -dW "$bin" | grep -q '(NEEDED)'; then
  echo "release.sh: $bin is dynamically linked" >&2
  exit 1
fi

mkdir -p "$out"
name=modelgate-$version-x86_64-linux
install -m 0755 "$bin" "$out/$name"
(cd "$out" && sha256sum "$name" >SHA256SUMS)

# The SBOM of what was linked (scripts/sbom.sh: Cargo.lock's crates for this target).
SBOM_TARGET=$target scripts/sbom.sh "$out/modelgate-$version.cdx.json"

image=$out/modelgate-$version-oci
scripts/image.sh "$out/$name" "$image" >"$out/modelgate-$version-oci.digest"

# The gate's own decision record over what ships: examples/self with the binary and the image's
# manifest (whose sha256 is the image digest) as its artifacts, judged by the binary just built
# and signed with the gate's key. The record's subjects are then the binary's and the image's
# digests, which `verify-record --artifact` and the webhook match.
if [ -n "${RELEASE_SIGN_KEY:-}" ]; then
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' EXIT
  cp -R examples/self/. "$stage/"
  mkdir "$stage/release"
  cp "$out/$name" "$stage/release/$name"
  digest=$(cat "$out/modelgate-$version-oci.digest")
  cp "$image/blobs/sha256/${digest#sha256:}" "$stage/release/image-manifest.json"
  python3 - "$stage/modelgate.yaml" "$name" <<'PY'
import sys
path, name = sys.argv[1], sys.argv[2]
text = open(path).read()
anchor = "  sboms:\n"
if anchor not in text or "  artifacts:" in text:
    sys.exit("release.sh: examples/self/modelgate.yaml must list sboms and no artifacts")
text = text.replace(anchor, f"  artifacts:\n    - release/{name}\n    - release/image-manifest.json\n" + anchor, 1)
open(path, "w").write(text)
PY
  "$out/$name" check --record "$out/modelgate-$version.record.json" --sign-key "$RELEASE_SIGN_KEY" \
    --record-ttl "${RELEASE_RECORD_TTL:-90d}" "$stage" >/dev/null
fi

echo "binary: $out/$name ($(stat -c %s "$out/$name") bytes)"
echo "image:  $image $(cat "$out/modelgate-$version-oci.digest")"
echo "sbom:   $out/modelgate-$version.cdx.json"
[ -z "${RELEASE_SIGN_KEY:-}" ] || echo "record: $out/modelgate-$version.record.json"
echo "next:   commit $out/SHA256SUMS as dist/SHA256SUMS (the action verifies downloads against it),"
echo "        pin the image with scripts/pin-image.sh $(cat "$out/modelgate-$version-oci.digest"), tag v$version"
