#!/bin/sh
# Installs a released modelgate binary, verified: downloads `modelgate-VERSION-x86_64-linux`
# from the GitHub release `vVERSION` of REPOSITORY and installs it as DEST/modelgate only when
# its sha256 is the one SUMS (a `sha256sum` file committed with the release, dist/SHA256SUMS)
# gives for that file name. Fails closed: an unsupported platform, a version SUMS has no entry
# for, a failed download or a different checksum install nothing and exit 1. action.yml runs it.
#
# Usage: install.sh --version V --repository OWNER/NAME --sums FILE --dest DIR
#                   [--base-url URL] [--platform OS/ARCH]
# --base-url replaces https://github.com/OWNER/NAME/releases/download/vV (a mirror, or a local
# server in tests): the checksum, not the host, is what is trusted. --platform replaces
# `uname -s`/`uname -m` (tests).
set -eu

die() { echo "modelgate install: $*" >&2; exit 1; }
usage() { echo "modelgate install: $*" >&2; exit 2; }

version= repository= sums= dest= base= platform=
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage "$1 needs a value"
  case "$1" in
    --version) version=$2 ;;
    --repository) repository=$2 ;;
    --sums) sums=$2 ;;
    --dest) dest=$2 ;;
    --base-url) base=$2 ;;
    --platform) platform=$2 ;;
    *) usage "unknown option $1" ;;
  esac
  shift 2
done
[ -n "$version" ] && [ -n "$sums" ] && [ -n "$dest" ] || usage "--version, --sums and --dest are required"
# The version and repository become part of a URL and a file name: nothing but their own characters.
case "$version" in *[!0-9A-Za-z.+-]*|'') usage "not a version: $version" ;; esac
if [ -z "$base" ]; then
  case "$repository" in
    */*/*|/*|*/|*[!0-9A-Za-z._/-]*|'') usage "not an OWNER/NAME repository: '$repository'" ;;
    */*) ;;
    *) usage "not an OWNER/NAME repository: '$repository'" ;;
  esac
  # GitHub owners have no dots; `.` and `..` are no repository names.
  case "$repository" in
    *.*/*|*/.|*/..) usage "not an OWNER/NAME repository: '$repository'" ;;
  esac
  base="https://github.com/$repository/releases/download/v$version"
fi

[ -n "$platform" ] || platform="$(uname -s)/$(uname -m)"
case "$platform" in
  Linux/x86_64|Linux/amd64) asset="modelgate-$version-x86_64-linux" ;;
  *) die "no release binary for $platform (only Linux x86_64 is released); set build-from-source: true" ;;
esac

[ -r "$sums" ] || die "cannot read the checksums file $sums"
# `HASH  NAME` or `HASH *NAME` (binary mode); exactly one entry for the asset.
expected=$(awk -v a="$asset" '$2 == a || $2 == "*" a { print $1 }' "$sums")
case "$expected" in
  '') die "$sums has no sha256 for $asset: this action's checksums do not cover version $version (pin the action at the tag v$version, or set build-from-source: true)" ;;
  *[!0-9a-f]*) die "$sums has no single well-formed sha256 for $asset" ;;
esac
[ ${#expected} -eq 64 ] || die "$sums has no single well-formed sha256 for $asset"

command -v curl >/dev/null 2>&1 || die "curl is needed to download $asset"
if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$1" | awk '{ print $1 }'; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "$1" | awk '{ print $1 }'; }
else
  die "sha256sum or shasum is needed to verify $asset"
fi

mkdir -p "$dest"
# Downloaded beside its final place, so the rename that installs it is atomic; removed on any
# failure.
tmp=$(mktemp "$dest/.modelgate.XXXXXX")
trap 'rm -f "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
case "$base" in
  https://*) proto='=https' ;;
  *) proto='=https,http,file' ;;
esac
curl --fail --silent --show-error --location --proto "$proto" --proto-redir '=https' \
  --retry 3 --output "$tmp" "$base/$asset" || die "download of $base/$asset failed"

actual=$(sha256 "$tmp")
[ "$actual" = "$expected" ] ||
  die "sha256 mismatch for $asset from $base: expected $expected (from $sums), got $actual; refusing to install it"

chmod 0755 "$tmp"
mv -f "$tmp" "$dest/modelgate"
trap - EXIT
echo "modelgate $version installed at $dest/modelgate (sha256 $actual verified)"
