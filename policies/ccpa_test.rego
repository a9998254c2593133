package modelgate.ccpa_test

import data.modelgate.ccpa

good_pd := {
	"contains_personal_data": true,
	"retention_days": 365,
	"subject_regions": ["US-CA"],
	"ccpa": {"notice_at_collection": "https://example.com/notice", "purposes": ["underwriting"], "sold": false, "shared": false},
}

with_pd(pd) := {
	"manifest": {"risk_tier": "high", "jurisdictions": ["US-CA"]},
	"datasets": [{"name": "loans", "source": {"path": "data/dataset.yaml"}, "personal_data": pd, "lines": {}}],
}

ids(findings) := {f.id | some f in findings}

test_compliant_dataset_passes if {
	count(ccpa.deny) == 0 with input as with_pd(good_pd)
}

test_notice_missing_denied if {
	"ccpa-notice-at-collection" in ids(ccpa.deny) with input as with_pd(object.remove(good_pd, ["ccpa"]))
}

test_sale_without_opt_out_denied if {
	pd := json.patch(good_pd, [{"op": "replace", "path": "/ccpa/sold", "value": true}])
	"ccpa-opt-out" in ids(ccpa.deny) with input as with_pd(pd)
	pd2 := json.patch(pd, [{"op": "add", "path": "/ccpa/opt_out", "value": "https://example.com/opt-out"}])
	not "ccpa-opt-out" in ids(ccpa.deny) with input as with_pd(pd2)
}

test_retention_undisclosed_denied if {
	"ccpa-retention-disclosed" in ids(ccpa.deny) with input as with_pd(object.remove(good_pd, ["retention_days"]))
}

test_not_applicable_outside_california if {
	pd := object.union(object.remove(good_pd, ["ccpa"]), {"subject_regions": ["EU"]})
	inp := object.union(with_pd(pd), {"manifest": {"jurisdictions": ["EU"]}})
	count(ccpa.deny) == 0 with input as inp
}
