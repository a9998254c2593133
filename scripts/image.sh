#!/usr/bin/env bash
# Writes an OCI image layout (image-spec v1.1: oci-layout, index.json, blobs/sha256/) of the
# webhook from nothing but a static modelgate binary, and prints the manifest's digest.
#
# usage: scripts/image.sh BINARY OUTDIR
#
# The root file system is one layer: /modelgate, /etc/passwd and /etc/group naming the
# non-root user 65532 (`nonroot`), and /tmp (1777). No shell, no CA bundle: the webhook fetches
# nothing. The configuration runs `/modelgate serve` as 65532:65532 and exposes 8443/tcp.
#
# Environment (release.sh sets them; the defaults are read from the checkout):
#   VERSION, LICENSES   from Cargo.toml
#   REVISION            git rev-parse HEAD
#   SOURCE_URL          Cargo.toml's `repository`; the source label is left out when empty
#   SOURCE_DATE_EPOCH   the commit time of HEAD: the image's `created` and every file's mtime
#
# Reproducible: the same binary and variables give the same bytes, hence the same digest. The
# layer tar has sorted entries, fixed owners, modes and mtimes and no extended headers (ustar);
# it is compressed with `gzip -n` (no name, no time stamp). Gzip rather than an uncompressed
# layer because registry clients (skopeo, buildah, docker) compress uncompressed layers when
# they push, which changes the digest a user pins; the layer's diff_id (the digest of the
# uncompressed tar) does not depend on the compressor.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BINARY OUTDIR" >&2
  exit 2
fi
bin=$1 out=$2
[ -f "$bin" ] || { echo "image.sh: $bin: no such file" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)

if [ -z "${VERSION:-}" ] || [ -z "${LICENSES:-}" ] || [ -z "${SOURCE_URL+set}" ]; then
  meta=$(cd "$here" && cargo metadata --no-deps --format-version 1 --offline)
  field() { python3 -c 'import json,sys; p=[p for p in json.load(sys.stdin)["packages"] if p["name"]=="modelgate"][0]; print(p.get(sys.argv[1]) or "")' "$1" <<<"$meta"; }
  VERSION=${VERSION:-$(field version)}
  LICENSES=${LICENSES:-$(field license)}
  SOURCE_URL=${SOURCE_URL-$(field repository)}
fi
REVISION=${REVISION:-$(git -C "$here" rev-parse HEAD)}
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct)}
case "$SOURCE_DATE_EPOCH" in '' | *[!0-9]*) echo "image.sh: SOURCE_DATE_EPOCH must be seconds" >&2; exit 2 ;; esac
[ -n "$SOURCE_URL" ] || echo "image.sh: warning: SOURCE_URL is empty: no org.opencontainers.image.source label" >&2

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/rootfs
mkdir -p "$root/etc" "$root/tmp"
cp "$bin" "$root/modelgate"
printf 'root:x:0:0:root:/:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/:/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"
# Modes set one by one: the umask and the binary's own mode must not reach the image.
chmod 0755 "$root/etc" "$root/modelgate"
chmod 1777 "$root/tmp"
chmod 0644 "$root/etc/passwd" "$root/etc/group"

tar -C "$root" --sort=name --format=ustar --mtime="@$SOURCE_DATE_EPOCH" \
  --owner=0 --group=0 --numeric-owner -cf "$stage/layer.tar" etc modelgate tmp
gzip -n -9 -c "$stage/layer.tar" >"$stage/layer.tar.gz"

rm -rf "$out"
mkdir -p "$out/blobs/sha256"
VERSION=$VERSION LICENSES=$LICENSES SOURCE_URL=$SOURCE_URL REVISION=$REVISION \
SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH python3 - "$stage" "$out" <<'EOF'
import datetime, hashlib, json, os, sys

stage, out = sys.argv[1], sys.argv[2]
env = os.environ

def canonical(doc):
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

def blob(data, media_type):
    """Stores data under blobs/sha256 and returns its descriptor."""
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(out, "blobs", "sha256", digest), "wb") as f:
        f.write(data)
    return {"mediaType": media_type, "digest": "sha256:" + digest, "size": len(data)}

created = datetime.datetime.fromtimestamp(int(env["SOURCE_DATE_EPOCH"]), datetime.timezone.utc)
created = created.strftime("%Y-%m-%dT%H:%M:%SZ")
labels = {
    "org.opencontainers.image.created": created,
    "org.opencontainers.image.title": "modelgate",
    "org.opencontainers.image.description": "Admission webhook of modelgate, the policy-as-code gate for AI model deployments",
    "org.opencontainers.image.version": env["VERSION"],
    "org.opencontainers.image.revision": env["REVISION"],
    "org.opencontainers.image.licenses": env["LICENSES"],
}
if env.get("SOURCE_URL"):
    labels["org.opencontainers.image.source"] = env["SOURCE_URL"]

with open(os.path.join(stage, "layer.tar"), "rb") as f:
    diff_id = "sha256:" + hashlib.sha256(f.read()).hexdigest()
with open(os.path.join(stage, "layer.tar.gz"), "rb") as f:
    layer = blob(f.read(), "application/vnd.oci.image.layer.v1.tar+gzip")

config = blob(canonical({
    "created": created,
    "architecture": "amd64",
    "os": "linux",
    "config": {
        "User": "65532:65532",
        "ExposedPorts": {"8443/tcp": {}},
        "Entrypoint": ["/modelgate"],
        "Cmd": ["serve"],
        "WorkingDir": "/",
        "Labels": labels,
    },
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created": created, "created_by": "scripts/image.sh"}],
}), "application/vnd.oci.image.config.v1+json")

manifest = blob(canonical({
    "schemaVersion": 2,
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": config,
    "layers": [layer],
    "annotations": labels,
}), "application/vnd.oci.image.manifest.v1+json")
manifest["platform"] = {"architecture": "amd64", "os": "linux"}
manifest["annotations"] = {"org.opencontainers.image.ref.name": env["VERSION"]}

with open(os.path.join(out, "index.json"), "wb") as f:
    f.write(canonical({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [manifest],
    }))
with open(os.path.join(out, "oci-layout"), "wb") as f:
    f.write(canonical({"imageLayoutVersion": "1.0.0"}))
print(manifest["digest"])
EOF
