package modelgate.documentation_test

import data.modelgate.documentation

section(words) := {"present": words > 0, "words": words, "placeholder": false, "heading": "h", "text": "t"}

full_card := {
	"source": {"path": "README.md"},
	"name": "m",
	"version": "1.0.0",
	"license": "apache-2.0",
	"datasets": ["acme/loans"],
	"metrics": [{"type": "accuracy", "value": 0.9, "dataset": "acme/loans"}],
	"sections": {id: section(40) | some id in [
		"intended_use", "out_of_scope_use", "limitations", "training_data", "evaluation",
		"bias_fairness", "human_oversight", "contact",
	]},
}

base := {
	"manifest": {"risk_tier": "high", "version": "1.0.0", "jurisdictions": []},
	"model": full_card,
	"datasets": [{"name": "loans", "source": {"path": "data/loans.yaml"}}],
}

ids(findings) := {f.id | some f in findings}

test_complete_card_passes if {
	count(documentation.deny) == 0 with input as base
	count(documentation.warn) == 0 with input as base
}

test_missing_card_denied if {
	"doc-model-card-missing" in ids(documentation.deny) with input as object.remove(base, ["model"])
}

test_missing_section_denied_with_line if {
	card := json.patch(full_card, [{"op": "replace", "path": "/sections/human_oversight", "value": {"present": false, "words": 0, "placeholder": true, "heading": "Human Oversight", "line": 42, "text": "[More Information Needed]"}}])
	some f in documentation.deny with input as object.union(base, {"model": card})
	f.id == "doc-section-missing"
	f.target == "human_oversight"
	f.line == 42
}

test_short_section_denied if {
	card := json.patch(full_card, [{"op": "replace", "path": "/sections/limitations/words", "value": 3}])
	some f in documentation.deny with input as object.union(base, {"model": card})
	f.target == "limitations"
}

test_minimal_tier_needs_fewer_sections if {
	card := object.union(full_card, {"sections": {"intended_use": section(20), "limitations": section(20)}})
	inp := object.union(base, {"manifest": {"risk_tier": "minimal"}, "model": card})
	card2 := json.patch(card, [{"op": "remove", "path": "/sections/human_oversight"}])
	not "doc-section-missing" in ids(documentation.deny) with input as object.union(inp, {"model": card2})
}

test_version_mismatch_denied if {
	"doc-version-mismatch" in ids(documentation.deny) with input as object.union(base, {"manifest": {"version": "2.0.0"}})
}

test_license_missing_denied if {
	"doc-license-missing" in ids(documentation.deny) with input as json.remove(base, ["model/license"])
}

test_metrics_missing_denied if {
	card := object.union(full_card, {"metrics": [{"type": "accuracy", "value": 0.9}]})
	"doc-metrics-missing" in ids(documentation.deny) with input as object.union(base, {"model": card})
}

test_unacceptable_tier_denied if {
	"doc-prohibited-practice" in ids(documentation.deny) with input as object.union(base, {"manifest": {"risk_tier": "unacceptable"}})
}

test_undocumented_dataset_warned if {
	card := object.union(full_card, {"datasets": ["acme/other"]})
	"doc-dataset-undocumented" in ids(documentation.warn) with input as object.union(base, {"model": card})
}
