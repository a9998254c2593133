package modelgate.gdpr_test

import data.modelgate.gdpr

good_pd := {
	"contains_personal_data": true,
	"categories": ["contact", "financial"],
	"special_categories": [],
	"lawful_basis": "legitimate_interests",
	"retention_days": 365,
	"subject_regions": ["EU"],
	"transfers": [{"destination": "US", "mechanism": "scc"}],
	"dpia": {"done": true, "reference": "DPIA-1", "date": "2024-05-01"},
}

with_pd(pd) := {
	"manifest": {"risk_tier": "high", "jurisdictions": ["EU"]},
	"datasets": [{"name": "loans", "source": {"path": "data/dataset.yaml"}, "personal_data": pd, "lines": {"lawful_basis": 7}}],
}

ids(findings) := {f.id | some f in findings}

test_compliant_dataset_passes if {
	count(gdpr.deny) == 0 with input as with_pd(good_pd)
	count(gdpr.warn) == 0 with input as with_pd(good_pd)
}

test_missing_lawful_basis_denied_at_line if {
	some f in gdpr.deny with input as with_pd(object.remove(good_pd, ["lawful_basis"]))
	f.id == "gdpr-lawful-basis"
	f.line == 7
	f.file == "data/dataset.yaml"
}

test_no_gdpr_outside_eu if {
	pd := object.union(object.remove(good_pd, ["lawful_basis"]), {"subject_regions": ["US-TX"]})
	inp := object.union(with_pd(pd), {"manifest": {"jurisdictions": ["US-TX"]}})
	count(gdpr.deny) == 0 with input as inp
}

test_special_category_needs_condition if {
	pd := object.union(good_pd, {"special_categories": ["health"]})
	"gdpr-special-category-condition" in ids(gdpr.deny) with input as with_pd(pd)
	pd2 := object.union(pd, {"special_category_condition": "explicit_consent"})
	not "gdpr-special-category-condition" in ids(gdpr.deny) with input as with_pd(pd2)
}

test_consent_needs_record if {
	pd := object.union(good_pd, {"lawful_basis": "consent"})
	"gdpr-consent-record" in ids(gdpr.deny) with input as with_pd(pd)
	pd2 := object.union(pd, {"consent": {"recorded": true, "reference": "LOG-1", "withdrawable": true}})
	not "gdpr-consent-record" in ids(gdpr.deny) with input as with_pd(pd2)
}

test_dpia_required_for_high_tier if {
	"gdpr-dpia" in ids(gdpr.deny) with input as with_pd(object.remove(good_pd, ["dpia"]))
	inp := object.union(with_pd(object.remove(good_pd, ["dpia"])), {"manifest": {"risk_tier": "limited"}})
	not "gdpr-dpia" in ids(gdpr.deny) with input as inp
}

test_retention_missing_or_too_long if {
	"gdpr-retention" in ids(gdpr.deny) with input as with_pd(object.remove(good_pd, ["retention_days"]))
	"gdpr-retention" in ids(gdpr.deny) with input as with_pd(object.union(good_pd, {"retention_days": 5000}))
}

test_retention_limit_is_a_parameter if {
	inp := with_pd(object.union(good_pd, {"retention_days": 5000}))
	not "gdpr-retention" in ids(gdpr.deny) with input as inp with data.modelgate.params as {"gdpr": {"max_retention_days": 6000}}
}

test_transfer_without_mechanism_denied if {
	pd := object.union(good_pd, {"transfers": [{"destination": "IN"}]})
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as with_pd(pd)
	pd2 := object.union(good_pd, {"transfers": [{"destination": "JP"}]})
	not "gdpr-transfer-mechanism" in ids(gdpr.deny) with input as with_pd(pd2)
}

test_unknown_personal_data_warned if {
	inp := {"manifest": {"jurisdictions": ["EU"]}, "datasets": [{"name": "x", "source": {"path": "d.json"}, "personal_data": {}, "lines": {}}]}
	"gdpr-personal-data-unknown" in ids(gdpr.warn) with input as inp
}
