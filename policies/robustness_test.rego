package modelgate.robustness_test

import data.modelgate.robustness

digest := "a3f1c2d4e5b6a7980123456789abcdef0123456789abcdef0123456789abcdef"

report := {
	"source": {"path": "eval/robustness.json"},
	"format": "modelgate-robustness",
	"model_sha256": digest,
	"date": "2026-10-01T00:00:00Z",
	"attacks": [{"name": "pgd", "epsilon": 0.03, "robust_accuracy": 0.71, "success_rate": 0.12, "pointer": "/attacks/0"}],
	"probes": [],
}

base := {
	"manifest": {"risk_tier": "high"},
	"artifacts": [{"path": "model/model.safetensors", "sha256": digest, "size": 10}],
	"robustness": [report],
	"context": {"now_ns": time.parse_rfc3339_ns("2026-11-01T00:00:00Z")},
}

ids(findings) := {f.id | some f in findings}

test_good_report_passes if {
	count(robustness.deny) == 0 with input as base
	count(robustness.warn) == 0 with input as base
}

test_missing_report_denied_for_high_tier if {
	"rob-report-missing" in ids(robustness.deny) with input as object.union(base, {"robustness": []})
	not "rob-report-missing" in ids(robustness.deny) with input as object.union(base, {"robustness": [], "manifest": {"risk_tier": "limited"}})
}

test_wrong_digest_denied if {
	r := object.union(report, {"model_sha256": "00"})
	"rob-model-digest" in ids(robustness.deny) with input as object.union(base, {"robustness": [r]})
}

test_low_robust_accuracy_denied_with_pointer if {
	r := json.patch(report, [{"op": "replace", "path": "/attacks/0/robust_accuracy", "value": 0.2}])
	some f in robustness.deny with input as object.union(base, {"robustness": [r]})
	f.id == "rob-robust-accuracy"
	f.pointer == "/attacks/0"
}

test_high_success_rate_denied if {
	r := json.patch(report, [{"op": "replace", "path": "/attacks/0/success_rate", "value": 0.8}])
	"rob-success-rate" in ids(robustness.deny) with input as object.union(base, {"robustness": [r]})
}

test_stale_report_denied if {
	r := object.union(report, {"date": "2025-01-01T00:00:00Z"})
	"rob-report-stale" in ids(robustness.deny) with input as object.union(base, {"robustness": [r]})
}

test_failing_garak_probe_warned if {
	r := {"source": {"path": "garak.report.jsonl"}, "format": "garak", "attacks": [], "probes": [{"probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 3, "total": 10, "failure_rate": 0.7, "line": 12}]}
	some f in robustness.warn with input as object.union(base, {"robustness": [report, r]})
	f.id == "rob-garak-probe"
	f.line == 12
}
