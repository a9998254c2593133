package modelgate.change_test

import data.modelgate.change

dataset := {
	"name": "loans",
	"version": "2024.1",
	"source": {"path": "data/dataset.yaml", "sha256": "aa"},
	"fields": [{"name": "income"}, {"name": "age"}],
	"lines": {"dpia": 14},
	"personal_data": {
		"contains_personal_data": true,
		"categories": ["financial"],
		"subject_regions": ["EU"],
		"retention_days": 365,
		"dpia": {"done": true, "reference": "DPIA-7", "date": "2026-01-10"},
	},
}

report := {
	"source": {"path": "eval/robustness.json"},
	"attacks": [{"name": "pgd", "norm": "linf", "epsilon": 0.03, "robust_accuracy": 0.70, "pointer": "/attacks/0"}],
	"probes": [{"probe": "dan.Dan_11_0", "detector": "dan.DAN", "failure_rate": 0.01, "line": 9}],
}

card := {
	"source": {"path": "README.md"},
	"license": "apache-2.0",
	"sections": {
		"intended_use": {"present": true, "heading": "Intended use"},
		"limitations": {"present": true, "heading": "Limitations"},
	},
}

signed_by(identity) := [{"verified": true, "signer": {"identity": identity}}]

release := {
	"manifest": {"risk_tier": "high", "source": {"path": "modelgate.yaml"}},
	"model": card,
	"datasets": [dataset],
	"robustness": [report],
	"signatures": signed_by("release@example.com"),
}

# The release at head with `base` as its previous version.
changed(head, base) := object.union(head, {"previous": base})

ids(findings) := {f.id | some f in findings}

test_no_previous_no_findings if {
	count(change.deny) == 0 with input as release
	count(change.warn) == 0 with input as release
}

test_unchanged_release_no_findings if {
	inp := changed(release, release)
	count(change.deny) == 0 with input as inp
	count(change.warn) == 0 with input as inp
}

test_dataset_changed_without_dpia_review if {
	new_ds := object.union(dataset, {"version": "2025.1"})
	inp := changed(object.union(release, {"datasets": [new_ds]}), release)
	some f in change.deny with input as inp
	f.id == "change-dataset-dpia-stale"
	f.line == 14
	f.target == "loans"
}

test_dataset_changed_with_dpia_review if {
	new_pd := object.union(dataset.personal_data, {"dpia": {"done": true, "reference": "DPIA-7", "date": "2026-09-01"}})
	new_ds := object.union(dataset, {"version": "2025.1", "personal_data": new_pd})
	inp := changed(object.union(release, {"datasets": [new_ds]}), release)
	not "change-dataset-dpia-stale" in ids(change.deny) with input as inp
}

test_new_field_is_a_data_change if {
	new_ds := object.union(dataset, {"fields": [{"name": "income"}, {"name": "age"}, {"name": "postcode"}]})
	inp := changed(object.union(release, {"datasets": [new_ds]}), release)
	"change-dataset-dpia-stale" in ids(change.deny) with input as inp
}

test_prose_change_is_not_a_data_change if {
	new_ds := object.union(dataset, {"description": "Reworded.", "source": {"path": "data/dataset.yaml", "sha256": "bb"}})
	inp := changed(object.union(release, {"datasets": [new_ds]}), release)
	not "change-dataset-dpia-stale" in ids(change.deny) with input as inp
}

test_unnamed_dataset_matched_by_file if {
	old_ds := object.remove(dataset, ["name"])
	new_ds := object.union(old_ds, {"url": "s3://bucket/v2"})
	base := object.union(release, {"datasets": [old_ds]})
	inp := changed(object.union(release, {"datasets": [new_ds]}), base)
	some f in change.deny with input as inp
	f.target == "data/dataset.yaml"
}

test_robust_accuracy_regression if {
	worse := object.union(report, {"attacks": [object.union(report.attacks[0], {"robust_accuracy": 0.60})]})
	inp := changed(object.union(release, {"robustness": [worse]}), release)
	some f in change.deny with input as inp
	f.id == "change-robustness-regressed"
	f.pointer == "/attacks/0"
	contains(f.msg, "fell from 0.7 to 0.6")
}

test_small_drop_and_other_epsilon_pass if {
	slightly := object.union(report, {"attacks": [
		object.union(report.attacks[0], {"robust_accuracy": 0.69}),
		{"name": "pgd", "norm": "linf", "epsilon": 0.1, "robust_accuracy": 0.2, "pointer": "/attacks/1"},
	]})
	inp := changed(object.union(release, {"robustness": [slightly]}), release)
	not "change-robustness-regressed" in ids(change.deny) with input as inp
}

test_drop_limit_is_a_parameter if {
	slightly := object.union(report, {"attacks": [object.union(report.attacks[0], {"robust_accuracy": 0.69})]})
	inp := changed(object.union(release, {"robustness": [slightly]}), release)
	"change-robustness-regressed" in ids(change.deny) with input as inp
		with data.modelgate.params as {"change": {"max_robust_accuracy_drop": 0.005}}
}

test_probe_failure_rate_regression if {
	worse := object.union(report, {"probes": [object.union(report.probes[0], {"failure_rate": 0.2})]})
	inp := changed(object.union(release, {"robustness": [worse]}), release)
	some f in change.deny with input as inp
	f.id == "change-robustness-regressed"
	f.line == 9
	f.target == "dan.Dan_11_0"
}

test_removed_section if {
	new_card := object.union(card, {"sections": {
		"intended_use": {"present": true, "heading": "Intended use"},
		"limitations": {"present": false, "heading": "Limitations"},
	}})
	inp := changed(object.union(release, {"model": new_card}), release)
	some f in change.deny with input as inp
	f.id == "change-card-section-removed"
	f.target == "limitations"
	f.file == "README.md"
}

test_section_gone_with_the_card if {
	inp := changed(object.remove(release, ["model"]), release)
	some f in change.deny with input as inp
	f.id == "change-card-section-removed"
	f.file == "modelgate.yaml"
}

test_added_section_is_fine if {
	new_card := object.union(card, {"sections": object.union(card.sections, {"evaluation": {"present": true, "heading": "Evaluation"}})})
	inp := changed(object.union(release, {"model": new_card}), release)
	not "change-card-section-removed" in ids(change.deny) with input as inp
}

test_signer_changed if {
	inp := changed(object.union(release, {"signatures": signed_by("someone@example.org")}), release)
	some f in change.warn with input as inp
	f.id == "change-signer-changed"
	contains(f.msg, "release@example.com")
}

test_key_signer_changed if {
	base := object.union(release, {"signatures": [{"verified": true, "signer": {"key_id": "k1"}}]})
	inp := changed(object.union(release, {"signatures": [{"verified": true, "signer": {"key_id": "k2"}}]}), base)
	some f in change.warn with input as inp
	f.target == "key k2"
}

test_first_signature_is_not_a_signer_change if {
	inp := changed(release, object.union(release, {"signatures": []}))
	count(change.warn) == 0 with input as inp
}

test_risk_tier_lowered if {
	lower := object.union(release, {"manifest": {"risk_tier": "limited", "source": {"path": "modelgate.yaml"}}})
	inp := changed(lower, release)
	some f in change.deny with input as inp
	f.id == "change-risk-tier-lowered"
}

test_risk_tier_raised_is_fine if {
	higher := object.union(release, {"manifest": {"risk_tier": "unacceptable", "source": {"path": "modelgate.yaml"}}})
	inp := changed(higher, release)
	count(change.deny) == 0 with input as inp
}

test_license_changed if {
	inp := changed(object.union(release, {"model": object.union(card, {"license": "cc-by-nc-4.0"})}), release)
	some f in change.warn with input as inp
	f.id == "change-license-changed"
	f.file == "README.md"
}

# --- operations -----------------------------------------------------------------------------

ops_metric(name, threshold, direction) := {"kind": "performance", "name": name, "threshold": threshold, "direction": direction, "alert": "A"}

ops_alert(name, model) := {
	"name": name,
	"expr": "model_accuracy < 0.85",
	"metrics": ["model_accuracy"],
	"model_selectors": [{"op": "=", "value": model}],
}

ops_release(metrics, alerts, tier) := object.union(release, {
	"manifest": {"name": "crs", "risk_tier": tier, "environment": "production", "source": {"path": "modelgate.yaml"}},
	"operations": {"plan": {"source": {"path": "operations.yaml"}, "metrics": metrics}, "alerts": alerts},
})

test_ops_alert_removed if {
	base := ops_release([], [ops_alert("AccuracyFloor", "crs"), ops_alert("Other", "fraud")], "high")
	head := ops_release([], [], "high")
	fs := {f | some f in change.deny with input as changed(head, base); f.id == "change-ops-alert-removed"}
	# Only the alert that watched this model counts.
	{f.target | some f in fs} == {"AccuracyFloor"}
}

test_ops_metric_removed if {
	base := ops_release([ops_metric("model_accuracy", 0.85, "below")], [], "high")
	head := ops_release([], [], "high")
	"change-ops-alert-removed" in ids(change.deny) with input as changed(head, base)
}

test_ops_unchanged_or_stricter if {
	base := ops_release([ops_metric("model_accuracy", 0.85, "below"), ops_metric("drift", 0.3, "above")], [ops_alert("A", "crs")], "high")
	head := ops_release([ops_metric("model_accuracy", 0.9, "below"), ops_metric("drift", 0.2, "above")], [ops_alert("A", "crs")], "high")
	count(change.deny) == 0 with input as changed(head, base)
	count(change.deny) == 0 with input as changed(base, base)
}

test_ops_threshold_loosened if {
	base := ops_release([ops_metric("model_accuracy", 0.85, "below"), ops_metric("drift", 0.3, "above")], [], "high")
	head := ops_release([ops_metric("model_accuracy", 0.8, "below"), ops_metric("drift", 0.5, "above")], [], "high")
	fs := {f.target | some f in change.deny with input as changed(head, base); f.id == "change-ops-threshold-loosened"}
	fs == {"model_accuracy", "drift"}
	turned := ops_release([ops_metric("model_accuracy", 0.85, "above"), ops_metric("drift", 0.3, "above")], [], "high")
	"change-ops-threshold-loosened" in ids(change.deny) with input as changed(turned, base)
}

test_ops_changes_warn_at_limited if {
	base := ops_release([ops_metric("model_accuracy", 0.85, "below")], [], "limited")
	head := ops_release([ops_metric("model_accuracy", 0.5, "below")], [], "limited")
	count(change.deny) == 0 with input as changed(head, base)
	"change-ops-threshold-loosened" in ids(change.warn) with input as changed(head, base)
}

test_ops_alert_removed_warns_at_limited if {
	base := ops_release([], [ops_alert("AccuracyFloor", "crs")], "limited")
	head := ops_release([], [], "limited")
	count(change.deny) == 0 with input as changed(head, base)
	"change-ops-alert-removed" in ids(change.warn) with input as changed(head, base)
}
