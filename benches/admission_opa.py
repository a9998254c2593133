#!/usr/bin/env python3
"""The anchor of the admission decision bench: OPA (through ../shared/tools/opa-eval's library)
evaluating data.modelgate.admission.decision over the inputs `cargo bench --bench pipeline --
admission` wrote to target/admission-bench/, with the same parameters. Prints the median time
per evaluation and, to separate the binding's own cost (input serialized to JSON, one cgo
call), the median of `data.modelgate.admission.req` over the same input.

usage: benches/admission_opa.py [TARGET_DIR]
"""
import json, os, statistics, sys, time

from opa_binding import opa_engine_class, root  # noqa: E402

OpaEngine, OPA_VERSION = opa_engine_class("admission_opa")

target = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
inputs = os.path.join(target, "admission-bench")
params = {"modelgate": {"params": {"admission": {"runtime_verifier_images": ["sha256:" + "0f" * 32]}}}}


def median_us(engine, query, doc, batches=30, per_batch=100):
    for _ in range(per_batch):
        engine.eval_document(query, doc)
    times = []
    for _ in range(batches):
        t = time.perf_counter()
        for _ in range(per_batch):
            engine.eval_document(query, doc)
        times.append((time.perf_counter() - t) / per_batch * 1e6)
    return statistics.median(times)


with OpaEngine() as e:
    for name in ("lib.rego", "admission.rego"):
        with open(os.path.join(root, "policies", name), encoding="utf-8") as f:
            e.add_policy(name, f.read())
    e.add_data(params)
    for name in ("pod-verified.json", "inferenceservice.json"):
        path = os.path.join(inputs, name)
        if not os.path.exists(path):
            sys.exit(f"admission_opa: {path} missing: run cargo bench --bench pipeline -- admission first")
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        d = e.eval_document("modelgate.admission.decision", doc)
        assert d["deny"] == [], d
        full = median_us(e, "modelgate.admission.decision", doc)
        base = median_us(e, "modelgate.admission.req", doc)
        print(f"OPA {name:24} decision {full:7.1f} us   binding alone (req) {base:6.1f} us   policy {full - base:7.1f} us")
