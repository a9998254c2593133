package modelgate.ccpa_test

import data.modelgate.ccpa

good_pd := {
	"contains_personal_data": true,
	"categories": ["identity", "financial"],
	"retention_days": 365,
	"subject_regions": ["US-CA"],
	"dpia": {"done": true, "reference": "DPIA-1"},
	"ccpa": {
		"notice_at_collection": "https://example.com/notice",
		"purposes": ["underwriting"],
		"sold": false,
		"shared": false,
		"sensitive": [],
		"minors_under_16": false,
		"retention_by_category": {},
	},
}

lines := {"personal_data": 5, "retention_days": 9, "ccpa": 20, "ccpa.sold": 23, "ccpa.shared": 24, "ccpa.minors_under_16": 25, "ccpa.sensitive": 26}

with_pd(pd) := {
	"manifest": {"risk_tier": "high", "jurisdictions": ["US-CA"]},
	"datasets": [{"name": "loans", "source": {"path": "data/dataset.yaml"}, "personal_data": pd, "fields": [], "lines": lines}],
}

# good_pd with the CCPA facts patched: {"sold": true, ...}.
with_ccpa(facts) := with_pd(object.union(good_pd, {"ccpa": facts}))

ids(findings) := {f.id | some f in findings}

only(findings, id) := [f | some f in findings; f.id == id]

deidentified := {
	"deidentified": true,
	"deidentified_commitment": {"public_commitment": "https://example.com/deidentified", "no_reidentification": true, "contractual": true},
}

test_compliant_dataset_passes if {
	count(ccpa.deny) == 0 with input as with_pd(good_pd)
}

test_notice_missing_denied if {
	[f] := only(ccpa.deny, "ccpa-notice-at-collection") with input as with_pd(object.remove(good_pd, ["ccpa"]))
	f.msg == "dataset \"loans\" holds California consumers' personal information but names no notice at collection, purposes"
	f.line == 20
}

test_notice_needs_purposes_and_categories if {
	[f] := only(ccpa.deny, "ccpa-notice-at-collection") with input as with_ccpa({"purposes": []})
	endswith(f.msg, "names no purposes")
	f.line == 20
	[g] := only(ccpa.deny, "ccpa-notice-at-collection") with input as with_pd(object.union(good_pd, {"categories": []}))
	endswith(g.msg, "names no categories of personal information")
}

test_retention_undisclosed_denied if {
	[f] := only(ccpa.deny, "ccpa-retention-disclosed") with input as with_pd(object.remove(good_pd, ["retention_days"]))
	f.line == 9
	f.msg == "dataset \"loans\" discloses no retention period"
}

test_retention_per_category if {
	pd := object.remove(object.union(good_pd, {"ccpa": {"retention_by_category": {"identity": 730}}}), ["retention_days"])
	[f] := only(ccpa.deny, "ccpa-retention-disclosed") with input as with_pd(pd)
	f.msg == "dataset \"loans\" discloses no retention period for financial"
	f.line == 20
	pd2 := object.union(pd, {"ccpa": {"retention_by_category": {"financial": 1825}}})
	count(ccpa.deny) == 0 with input as with_pd(pd2)
}

test_sale_without_opt_out_denied if {
	[f] := only(ccpa.deny, "ccpa-opt-out") with input as with_ccpa({"sold": true})
	f.line == 23
	[g] := only(ccpa.deny, "ccpa-opt-out") with input as with_ccpa({"shared": true})
	g.line == 24
	count(ccpa.deny) == 0 with input as with_ccpa({"sold": true, "shared": true, "opt_out": "https://example.com/opt-out"})
}

test_minors_under_16_need_opt_in if {
	facts := {"sold": true, "opt_out": "https://example.com/opt-out", "minors_under_16": true}
	[f] := only(ccpa.deny, "ccpa-minors-opt-in") with input as with_ccpa(facts)
	f.line == 25
	count(ccpa.deny) == 0 with input as with_ccpa(object.union(facts, {"opt_in_minors": true}))
	"ccpa-minors-opt-in" in ids(ccpa.deny) with input as with_ccpa(object.union(facts, {"opt_in_minors": false}))
	not "ccpa-minors-opt-in" in ids(ccpa.deny) with input as with_ccpa({"minors_under_16": true})
}

test_sensitive_information_needs_limit if {
	[f] := only(ccpa.deny, "ccpa-sensitive-limit") with input as with_ccpa({"sensitive": ["precise_geolocation"]})
	f.line == 26
	contains(f.msg, "[\"precise_geolocation\"]")
	count(ccpa.deny) == 0 with input as with_ccpa({"sensitive": ["precise_geolocation"], "limit_notice": "https://example.com/limit"})
	count(ccpa.deny) == 0 with input as with_ccpa({"sensitive": ["precise_geolocation"], "sensitive_use_limited": true})
	"ccpa-sensitive-limit" in ids(ccpa.deny) with input as with_ccpa({"sensitive": ["health"], "sensitive_use_limited": false})
}

test_deidentified_data_needs_its_commitments if {
	pd := object.union(good_pd, {"anonymization": {"method": "aggregation"}, "ccpa": {"deidentified": true}})
	[f] := only(ccpa.deny, "ccpa-deidentified-commitments") with input as with_pd(pd)
	f.msg == "dataset \"loans\" is declared deidentified without a commitment not to reidentify (1798.140(m)(2)), a public commitment to keep it deidentified (1798.140(m)(2)), contractual obligations on recipients (1798.140(m)(3))"
	f.line == 20
	every k in ["public_commitment", "no_reidentification", "contractual"] {
		partial := json.patch(object.union(pd, {"ccpa": deidentified}), [{"op": "remove", "path": sprintf("/ccpa/deidentified_commitment/%s", [k])}])
		"ccpa-deidentified-commitments" in ids(ccpa.deny) with input as with_pd(partial)
	}
	count(ccpa.deny) == 0 with input as with_pd(object.union(pd, {"ccpa": deidentified}))
}

test_deidentification_needs_reasonable_measures if {
	pseudonymised := object.union(good_pd, {"anonymization": {"method": "pseudonymisation"}, "ccpa": deidentified})
	[f] := only(ccpa.deny, "ccpa-deidentified-commitments") with input as with_pd(pseudonymised)
	contains(f.msg, "reasonable measures against reidentification (1798.140(m)(1))")
	no_method := object.union(good_pd, {"ccpa": deidentified})
	"ccpa-deidentified-commitments" in ids(ccpa.deny) with input as with_pd(no_method)
	not "ccpa-deidentified-commitments" in ids(ccpa.deny) with input as with_pd(pseudonymised)
		with data.modelgate.params as {"ccpa": {"deidentification_methods": ["pseudonymisation"]}}
}

test_valid_deidentification_exempts_the_dataset if {
	pd := object.union(object.remove(good_pd, ["retention_days"]), {"anonymization": {"method": "k_anonymity"}, "ccpa": object.union(deidentified, {"sold": true})})
	count(ccpa.deny) == 0 with input as with_pd(pd)
	broken := json.patch(pd, [{"op": "replace", "path": "/ccpa/deidentified_commitment/contractual", "value": false}])
	ids(ccpa.deny) == {"ccpa-deidentified-commitments", "ccpa-opt-out", "ccpa-retention-disclosed"} with input as with_pd(broken)
}

test_risk_assessment_for_significant_risk_processing if {
	no_dpia := object.remove(good_pd, ["dpia"])
	sold := object.union(no_dpia, {"ccpa": {"sold": true, "opt_out": "https://example.com/opt-out"}})
	[f] := only(ccpa.deny, "ccpa-risk-assessment") with input as with_pd(sold)
	f.msg == "dataset \"loans\" needs a risk assessment: selling or sharing"
	sensitive := object.union(no_dpia, {"ccpa": {"sensitive": ["genetic"], "sensitive_use_limited": true}})
	[g] := only(ccpa.deny, "ccpa-risk-assessment") with input as with_pd(sensitive)
	endswith(g.msg, "sensitive personal information")
	count(ccpa.deny) == 0 with input as with_pd(no_dpia)
	assessed := object.union(sold, {"ccpa": {"risk_assessment": "RA-7"}})
	count(ccpa.deny) == 0 with input as with_pd(assessed)
}

test_risk_assessment_for_solely_automated_decisions if {
	no_dpia := object.remove(good_pd, ["dpia"])
	inp := json.patch(with_pd(no_dpia), [{"op": "add", "path": "/manifest/automated_decisions", "value": {"solely_automated": true, "legal_or_similar_effect": true}}])
	[f] := only(ccpa.deny, "ccpa-risk-assessment") with input as inp
	endswith(f.msg, "solely automated significant decisions")
	human := json.patch(inp, [{"op": "replace", "path": "/manifest/automated_decisions/solely_automated", "value": false}])
	count(ccpa.deny) == 0 with input as human
}

test_dpia_counts_as_risk_assessment_by_parameter if {
	sold := object.union(good_pd, {"ccpa": {"sold": true, "opt_out": "https://example.com/opt-out"}})
	count(ccpa.deny) == 0 with input as with_pd(sold)
	"ccpa-risk-assessment" in ids(ccpa.deny) with input as with_pd(sold) with data.modelgate.params as {"ccpa": {"dpia_counts_as_risk_assessment": false}}
	undone := json.patch(sold, [{"op": "replace", "path": "/dpia/done", "value": false}])
	"ccpa-risk-assessment" in ids(ccpa.deny) with input as with_pd(undone)
}

test_not_applicable_outside_california if {
	pd := object.union(object.remove(good_pd, ["ccpa"]), {"subject_regions": ["EU"]})
	inp := object.union(with_pd(pd), {"manifest": {"jurisdictions": ["EU"]}})
	count(ccpa.deny) == 0 with input as inp
	"ccpa-notice-at-collection" in ids(ccpa.deny) with input as inp with data.modelgate.params as {"ccpa": {"jurisdictions": ["EU"]}}
}

test_rules_skip_datasets_without_personal_information if {
	pd := {"contains_personal_data": false, "categories": [], "subject_regions": ["US-CA"], "ccpa": {"sold": true, "shared": true, "sensitive": ["biometric"], "minors_under_16": true}}
	count(ccpa.deny) == 0 with input as with_pd(pd)
}

test_dataset_without_name_or_lines_is_located_by_its_path if {
	inp := json.patch(with_pd(object.remove(good_pd, ["ccpa"])), [
		{"op": "remove", "path": "/datasets/0/name"},
		{"op": "replace", "path": "/datasets/0/lines", "value": {}},
	])
	[f] := only(ccpa.deny, "ccpa-notice-at-collection") with input as inp
	f.target == "data/dataset.yaml"
	f.line == 0
}
