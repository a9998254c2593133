#!/usr/bin/env python3
"""The OPA half of the side-by-side benchmark (benches/opa_compare.sh): OPA, through
../shared/tools/opa-eval's library, evaluates the same built-in policies with the same data and
the same `deny`/`warn` queries over the inputs `cargo bench --bench opa_compare` wrote to
target/opa-compare/, in a warm loop, and must find exactly what modelgate found.

All queries are one Rego query per evaluation, so the input crosses the binding once (as it
crosses into regorus once in modelgate). The binding's own cost (input to JSON, one cgo call,
OPA parsing the input) is measured with a trivial query over the same input,
`data.modelgate.lib.tier_rank`, and reported apart.

Prints a Markdown table; exits 1 when the findings of any input differ between the engines
(printing which), 2 when the inputs or the policies are not those modelgate measured.

usage: benches/opa_compare.py [TARGET_DIR]
"""
import hashlib, json, os, platform, statistics, subprocess, sys, time

from opa_binding import opa_engine_class, root  # noqa: E402

OpaEngine, OPA_VERSION = opa_engine_class("opa_compare")

ROUNDS = 5
ROUND_TARGET = 0.4  # seconds, about, per round (at least one evaluation)
BASELINE = "x := data.modelgate.lib.tier_rank"

target = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
outdir = os.path.join(target, "opa-compare")
try:
    with open(os.path.join(outdir, "modelgate.json"), encoding="utf-8") as f:
        mg = json.load(f)
except FileNotFoundError:
    sys.exit(f"opa_compare: {outdir}/modelgate.json missing: run cargo bench --bench opa_compare first")


def normalize(v):
    """Integral floats as integers, as the Rust side does."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 9.0e15:
        return int(v)
    if isinstance(v, list):
        return [normalize(x) for x in v]
    if isinstance(v, dict):
        return {k: normalize(x) for k, x in v.items()}
    return v


def canon(v):
    return json.dumps(normalize(v), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(lines):
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def timed(engine, query, doc, first):
    """Median over ROUNDS of the mean seconds per evaluation, and the evaluations per round."""
    per_round = int(min(2000, max(1, ROUND_TARGET / max(first, 1e-6))))
    rounds = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        for _ in range(per_round):
            engine.eval_query(query, doc)
        rounds.append((time.perf_counter() - t) / per_round)
    return statistics.median(rounds), per_round


def describe(line):
    f = json.loads(line)
    v = f["value"] if isinstance(f["value"], dict) else {}
    bits = [f["package"] + "." + f["level"], str(v.get("id", "?"))]
    for k in ("target", "msg", "message"):
        if k in v:
            bits.append(f"{k}={json.dumps(v[k], ensure_ascii=False)[:160]}")
    return "  ".join(bits)


# The policies must be the ones the bench binary compiled in: policies/*.rego, not the tests.
files = sorted(n for n in os.listdir(os.path.join(root, "policies")) if n.endswith(".rego") and not n.endswith("_test.rego"))
ours = {}
for n in files:
    with open(os.path.join(root, "policies", n), encoding="utf-8") as f:
        ours["policies/" + n] = f.read()
theirs = {m["name"]: m["sha256"] for m in mg["modules"]}
if {k: hashlib.sha256(v.encode("utf-8")).hexdigest() for k, v in ours.items()} != theirs:
    sys.exit("opa_compare: policies/*.rego differ from those modelgate.json was measured with: rebuild and rerun the bench")

queries = mg["queries"]
query = "\n".join(f"r{i} := {q}" for i, q in enumerate(queries))

rows, mismatches = [], []
with OpaEngine() as e:
    for name, text in ours.items():
        e.add_policy(name, text)
    for d in mg["data"]:
        e.add_data(d)
    for inp in mg["inputs"]:
        name = inp["name"]
        with open(os.path.join(outdir, inp["file"]), encoding="utf-8") as f:
            doc = json.load(f)
        # The first evaluation also prepares the query: the second one's time sizes the rounds.
        rs = e.eval_query(query, doc)
        t = time.perf_counter()
        e.eval_query(query, doc)
        first = time.perf_counter() - t
        if len(rs) != 1:
            sys.exit(f"opa_compare: {name}: the query gave {len(rs)} results, not one")
        lines = []
        for i, q in enumerate(queries):
            pkg, level = q[len("data."):].rsplit(".", 1)
            for v in rs[0][f"r{i}"]:
                lines.append(canon({"package": pkg, "level": level, "value": v}))
        lines.sort()
        # Compare the findings themselves where modelgate listed them, else their digests.
        if inp["findings"] is not None:
            mg_lines = sorted(canon(x) for x in inp["findings"])
            if digest(mg_lines) != inp["findings_sha256"]:
                print(f"opa_compare: note: {name}: Python's canonical form of modelgate's findings differs from Rust's (digest); comparing the findings themselves", file=sys.stderr)
            if mg_lines != lines:
                only_mg = sorted(set(mg_lines) - set(lines))
                only_opa = sorted(set(lines) - set(mg_lines))
                mismatches.append((name, len(mg_lines), len(lines), only_mg, only_opa))
        elif digest(lines) != inp["findings_sha256"] or len(lines) != inp["findings_count"]:
            mismatches.append((name, inp["findings_count"], len(lines), None, None))
        full, n_full = timed(e, query, doc, first)
        e.eval_query(BASELINE, doc)
        t = time.perf_counter()
        e.eval_query(BASELINE, doc)
        base, _ = timed(e, BASELINE, doc, time.perf_counter() - t)
        rows.append((inp, len(lines), full, base, n_full))
        print(f"  {name:28} OPA {full * 1e3:10.3f} ms  binding {base * 1e3:9.3f} ms  ({n_full} x {ROUNDS} rounds)", file=sys.stderr)


def ms(s):
    return f"{s * 1e3:,.3f}" if s < 0.01 else f"{s * 1e3:,.1f}" if s < 1 else f"{s * 1e3:,.0f}"


def rate(r):
    return f"{r:,.0f}" if r >= 100 else f"{r:.3g}"


commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor()) if os.path.exists("/proc/cpuinfo") else platform.processor()
print(f"\n{time.strftime('%Y-%m-%d')}, commit {commit}{' (modified)' if dirty else ''}, {os.cpu_count()} cores ({cpu}); "
      f"OPA from opa-golib-python-bindings {OPA_VERSION}; {len(queries)} queries, medians of {ROUNDS} rounds\n")
print("| input | SBOM components | findings | modelgate | OPA | OPA − binding | OPA / modelgate | (OPA − binding) / modelgate | modelgate decisions/s |")
print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
for inp, n, full, base, _ in rows:
    m = inp["median_ns"] / 1e9
    print(f"| {inp['name']} | {inp['components']:,} | {n:,} | {ms(m)} ms | {ms(full)} ms | {ms(full - base)} ms | "
          f"{full / m:.2f} | {(full - base) / m:.2f} | {rate(1 / m)} |")
with open(os.path.join(outdir, "opa.json"), "w", encoding="utf-8") as f:
    json.dump([{"name": i["name"], "opa_s": full, "binding_s": base, "modelgate_s": i["median_ns"] / 1e9, "findings": n}
               for i, n, full, base, _ in rows], f, indent=1)

if mismatches:
    print("\n" + "!" * 72, file=sys.stderr)
    print("FINDINGS DIFFER BETWEEN MODELGATE AND OPA", file=sys.stderr)
    for name, n_mg, n_opa, only_mg, only_opa in mismatches:
        print(f"\n{name}: modelgate {n_mg} findings, OPA {n_opa}", file=sys.stderr)
        if only_mg is None:
            print("  (too many to list: their digests differ)", file=sys.stderr)
            continue
        for l in only_mg:
            print(f"  only modelgate: {describe(l)}", file=sys.stderr)
        for l in only_opa:
            print(f"  only OPA:       {describe(l)}", file=sys.stderr)
    print("!" * 72, file=sys.stderr)
    sys.exit(1)
print(f"\nOPA and modelgate agree on the findings of all {len(rows)} inputs.")
