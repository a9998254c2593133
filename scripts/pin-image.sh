#!/bin/sh
# Names the released modelgate image by digest in the Kubernetes examples: the digest (and with
# IMAGE, the repository) that examples/kubernetes/kustomization.yaml's `images:` holds is
# replaced there and wherever the manifests name that image (the webhook Deployment, the model
# Deployment's verifier, config.yaml's runtime_verifier_images). Run by the release after the
# image is pushed (scripts/image.sh gives its digest).
#
# Usage: scripts/pin-image.sh sha256:DIGEST [IMAGE]     (KUBE_DIR: another folder, for tests)
set -eu
cd "$(dirname "$0")/.."
dir=${KUBE_DIR:-examples/kubernetes}
new=${1:-}
image=${2:-}

case "$new" in
  sha256:*) hex=${new#sha256:} ;;
  *) echo "pin-image.sh: not a sha256:<64 hex> digest: '$new'" >&2; exit 2 ;;
esac
case "$hex" in *[!0-9a-f]*) hex= ;; esac
[ ${#hex} -eq 64 ] || { echo "pin-image.sh: not a sha256:<64 hex> digest: '$new'" >&2; exit 2; }
case "$image" in *[!0-9A-Za-z./:_-]*) echo "pin-image.sh: not an image name: '$image'" >&2; exit 2 ;; esac

k="$dir/kustomization.yaml"
old=$(sed -n 's/^ *digest: *\(sha256:[0-9a-f]\{64\}\) *$/\1/p' "$k")
name=$(sed -n 's/^ *- name: *\([^ ]*\) *$/\1/p' "$k")
[ "$(printf '%s\n' "$old" | wc -l)" -eq 1 ] && [ -n "$old" ] && [ -n "$name" ] ||
  { echo "pin-image.sh: $k names not exactly one image digest" >&2; exit 1; }
[ -n "$image" ] || image=$name

for f in "$dir"/*.yaml; do
  # The image by name@digest in the manifests, the bare digest (runtime_verifier_images and
  # kustomization.yaml), and the image name in kustomization.yaml.
  sed -e "s|$name@$old|$image@$new|g" -e "s|\"$old\"|\"$new\"|g" \
    -e "s|^\( *digest: *\)$old *\$|\1$new|" -e "s|^\( *- name: *\)$name *\$|\1$image|" \
    "$f" >"$f.tmp"
  if cmp -s "$f" "$f.tmp"; then rm -f "$f.tmp"; else mv -f "$f.tmp" "$f"; echo "pinned $image@$new in $f"; fi
done
