#!/bin/sh
# A CycloneDX 1.5 SBOM of the modelgate binary, from Cargo.lock and the crates cargo already
# has (--offline: nothing is fetched; a build fetches them first): the crates `cargo tree -e
# normal` links into it for x86_64-unknown-linux-gnu (no dev- or build-dependencies; proc-macros
# are kept, their code is expanded into the binary), each with its purl, license expression
# (Cargo.toml's, `A/B` read as `A OR B`) and the sha256 that Cargo.lock records for its .crate
# file, and the dependency graph.
#
# Reproducible: the only time in it is SOURCE_DATE_EPOCH (else the time of the git HEAD commit),
# no absolute path, no random serial number. Python 3 (standard library only) writes the JSON
# because CI has it already (.ci/run) and it needs no extra tool such as cargo-cyclonedx (a
# 13-minute build) or jq.
#
# Usage: scripts/sbom.sh [OUT.cdx.json]   (stdout without OUT)
set -eu
cd "$(dirname "$0")/.."

target=${SBOM_TARGET:-x86_64-unknown-linux-gnu}
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct HEAD 2>/dev/null) || {
    echo "sbom.sh: set SOURCE_DATE_EPOCH (no git HEAD to take the time from)" >&2
    exit 2
  }
fi
export SOURCE_DATE_EPOCH

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# `{p}` is `NAME vVERSION` (then ` (PATH)` for the crate itself, ` (proc-macro)`), `{l}` the
# license of Cargo.toml; the depth prefix gives the graph. Only the crates built for the target
# are read, so nothing for other platforms needs to have been downloaded.
cargo tree -e normal --target "$target" --locked --offline --prefix depth -f '{p}|{l}' >"$tmp/tree.txt"

python3 - "$tmp" "${1:-}" <<'PY'
import datetime, json, os, re, sys

tmp, out = sys.argv[1], sys.argv[2]
with open("Cargo.lock") as f:
    lock = f.read()

# Cargo.lock: name, version -> sha256 of the .crate file (registry crates only).
checksums = {}
for block in lock.split("[[package]]")[1:]:
    fields = dict(re.findall(r'^(\w+) = "([^"]*)"$', block, re.M))
    if "checksum" in fields:
        checksums[(fields["name"], fields["version"])] = fields["checksum"]

def purl(name, version):
    return f"pkg:cargo/{name}@{version}"

# The tree, one line per edge: depth, `name vversion`, optional ` (path)` or ` (proc-macro)`,
# `|license`, and ` (*)` where a crate's dependencies were listed before.
edges, nodes, licenses, stack, roots = {}, set(), {}, [], []
with open(os.path.join(tmp, "tree.txt")) as f:
    for line in f:
        m = re.match(r"^(\d+)(\S+) v(\S+)(?: \([^)|]*\))?\|(.*?)(?: \(\*\))?$", line.rstrip("\n"))
        if not m:
            sys.exit(f"sbom.sh: cannot read the cargo tree line {line!r}")
        depth, node = int(m.group(1)), (m.group(2), m.group(3))
        licenses[node] = m.group(4)
        if depth == 0:
            roots.append(node)
        del stack[depth:]
        if stack:
            edges.setdefault(stack[-1], set()).add(node)
        stack.append(node)
        nodes.add(node)

if len(roots) != 1:
    sys.exit(f"sbom.sh: cargo tree listed {len(roots)} root crates, not the one binary crate")
root = roots[0]

def license_choices(expr):
    if not expr:
        return []
    # Cargo's deprecated `A/B` means `A OR B`.
    return [{"expression": re.sub(r"\s*/\s*", " OR ", expr)}]

def component(node, kind):
    name, version = node
    c = {
        "type": kind,
        "bom-ref": purl(name, version),
        "name": name,
        "version": version,
        "purl": purl(name, version),
    }
    lic = license_choices(licenses.get(node))
    if lic:
        c["licenses"] = lic
    if node in checksums:
        c["hashes"] = [{"alg": "SHA-256", "content": checksums[node]}]
    return c

missing = sorted(n for n in nodes if n != root and n not in checksums)
if missing:
    sys.exit("sbom.sh: no Cargo.lock checksum for " + ", ".join(f"{n} {v}" for n, v in missing))

epoch = int(os.environ["SOURCE_DATE_EPOCH"])
stamp = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
bom = {
    "$schema": "http://cyclonedx.org/schema/bom-1.5.schema.json",
    "bomFormat": "CycloneDX",
    "specVersion": "1.5",
    "version": 1,
    "metadata": {
        "timestamp": stamp,
        "tools": {"components": [{"type": "application", "name": "modelgate scripts/sbom.sh", "version": root[1]}]},
        "component": component(root, "application"),
    },
    "components": [component(n, "library") for n in sorted(nodes - {root})],
    "dependencies": [
        {"ref": purl(*n), "dependsOn": sorted(purl(*d) for d in edges.get(n, ()))}
        for n in sorted(nodes)
    ],
}
text = json.dumps(bom, indent=2, ensure_ascii=False) + "\n"
if out:
    with open(out, "w") as f:
        f.write(text)
else:
    sys.stdout.write(text)
PY
