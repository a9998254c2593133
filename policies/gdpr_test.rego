package modelgate.gdpr_test

import data.modelgate.gdpr

good_pd := {
	"contains_personal_data": true,
	"categories": ["contact", "financial"],
	"special_categories": [],
	"lawful_basis": "legitimate_interests",
	"anonymization": {"method": "pseudonymisation", "direct_identifiers_removed": true},
	"retention_days": 365,
	"subject_regions": ["EU"],
	"transfers": [{"destination": "US", "mechanism": "scc"}],
	"dpia": {"done": true, "reference": "DPIA-1", "date": "2024-05-01"},
	"children": {"present": false},
	"records_of_processing": "ROPA-12",
	"transparency_notice": "https://example.com/privacy",
}

good_fields := [
	{"name": "customer_id", "personal": "identity", "direct_identifier": true},
	{"name": "income", "personal": "financial", "direct_identifier": false},
]

lines := {
	"personal_data": 5,
	"lawful_basis": 7,
	"consent": 9,
	"children": 12,
	"fields": 30,
	"fields.customer_id": 31,
	"records_of_processing": 14,
	"transparency_notice": 15,
}

with_ds(pd, fields) := {
	"manifest": {
		"source": {"path": "modelgate.yaml"},
		"name": "credit-risk-scorer",
		"risk_tier": "high",
		"jurisdictions": ["EU"],
	},
	"datasets": [{"name": "loans", "source": {"path": "data/dataset.yaml"}, "personal_data": pd, "fields": fields, "lines": lines}],
}

with_pd(pd) := with_ds(pd, good_fields)

# The good dataset in a release of the given tier, deciding as `ad` says.
with_decisions(pd, ad) := json.patch(with_pd(pd), [{"op": "add", "path": "/manifest/automated_decisions", "value": ad}])

limited(inp) := json.patch(inp, [{"op": "replace", "path": "/manifest/risk_tier", "value": "limited"}])

ids(findings) := {f.id | some f in findings}

only(findings, id) := [f | some f in findings; f.id == id]

solely := {"solely_automated": true, "legal_or_similar_effect": true}

safeguarded := object.union(solely, {"exception": "contract", "human_intervention": "Underwriter review on request", "contestation": "Complaints process"})

test_compliant_dataset_passes if {
	count(gdpr.deny) == 0 with input as with_pd(good_pd)
	count(gdpr.warn) == 0 with input as with_pd(good_pd)
	count(gdpr.deny) == 0 with input as with_decisions(good_pd, safeguarded)
}

test_missing_lawful_basis_denied_at_line if {
	some f in gdpr.deny with input as with_pd(object.remove(good_pd, ["lawful_basis"]))
	f.id == "gdpr-lawful-basis"
	f.line == 7
	f.file == "data/dataset.yaml"
	f.target == "loans"
}

test_no_gdpr_outside_eu if {
	pd := object.union(object.remove(good_pd, ["lawful_basis", "records_of_processing"]), {"subject_regions": ["US-TX"]})
	inp := object.union(with_decisions(pd, solely), {"manifest": {"jurisdictions": ["US-TX"]}})
	count(gdpr.deny) == 0 with input as inp
}

test_gdpr_applies_through_subject_regions if {
	inp := object.union(with_pd(object.remove(good_pd, ["lawful_basis"])), {"manifest": {"jurisdictions": ["US-CA"]}})
	"gdpr-lawful-basis" in ids(gdpr.deny) with input as inp
}

test_jurisdictions_are_a_parameter if {
	pd := object.union(object.remove(good_pd, ["lawful_basis"]), {"subject_regions": ["CH"]})
	inp := object.union(with_pd(pd), {"manifest": {"jurisdictions": ["CH"]}})
	count(gdpr.deny) == 0 with input as inp
	"gdpr-lawful-basis" in ids(gdpr.deny) with input as inp with data.modelgate.params as {"gdpr": {"jurisdictions": ["CH"]}}
}

test_special_category_needs_condition if {
	pd := object.union(good_pd, {"special_categories": ["health"]})
	"gdpr-special-category-condition" in ids(gdpr.deny) with input as with_pd(pd)
	pd2 := object.union(pd, {"special_category_condition": "health_or_social_care"})
	not "gdpr-special-category-condition" in ids(gdpr.deny) with input as with_pd(pd2)
}

test_undeclared_special_category_field_denied_at_its_line if {
	fields := array.concat(good_fields, [{"name": "diagnosis", "personal": "health", "direct_identifier": false}])
	[f] := only(gdpr.deny, "gdpr-special-category-undeclared") with input as with_ds(good_pd, fields)
	f.line == 30
	contains(f.msg, "\"diagnosis\"")
	pd := object.union(good_pd, {"special_categories": ["health"], "special_category_condition": "health_or_social_care"})
	not "gdpr-special-category-undeclared" in ids(gdpr.deny) with input as with_ds(pd, fields)
}

test_special_categories_list_is_a_parameter if {
	fields := array.concat(good_fields, [{"name": "criminal_record", "personal": "criminal_convictions", "direct_identifier": false}])
	not "gdpr-special-category-undeclared" in ids(gdpr.deny) with input as with_ds(good_pd, fields)
	"gdpr-special-category-undeclared" in ids(gdpr.deny) with input as with_ds(good_pd, fields)
		with data.modelgate.params as {"gdpr": {"special_categories": ["criminal_convictions"]}}
}

test_consent_needs_record_with_reference if {
	pd := object.union(good_pd, {"lawful_basis": "consent"})
	"gdpr-consent-record" in ids(gdpr.deny) with input as with_pd(pd)
	unreferenced := object.union(pd, {"consent": {"recorded": true, "withdrawable": true}})
	"gdpr-consent-record" in ids(gdpr.deny) with input as with_pd(unreferenced)
	pd2 := object.union(pd, {"consent": {"recorded": true, "reference": "LOG-1", "withdrawable": true}})
	not "gdpr-consent-record" in ids(gdpr.deny) with input as with_pd(pd2)
}

test_explicit_consent_condition_needs_record if {
	pd := object.union(good_pd, {"special_categories": ["health"], "special_category_condition": "explicit_consent"})
	"gdpr-consent-record" in ids(gdpr.deny) with input as with_pd(pd)
	pd2 := object.union(pd, {"consent": {"recorded": true, "reference": "LOG-1", "withdrawable": true}})
	count(gdpr.deny) == 0 with input as with_pd(pd2)
}

test_consent_must_be_withdrawable if {
	pd := object.union(good_pd, {"lawful_basis": "consent", "consent": {"recorded": true, "reference": "LOG-1", "withdrawable": false}})
	[f] := only(gdpr.deny, "gdpr-consent-withdrawal") with input as with_pd(pd)
	f.line == 9
	pd2 := json.patch(pd, [{"op": "replace", "path": "/consent/withdrawable", "value": true}])
	count(gdpr.deny) == 0 with input as with_pd(pd2)
	not "gdpr-consent-withdrawal" in ids(gdpr.deny) with input as with_pd(good_pd)
}

consented := object.union(good_pd, {"lawful_basis": "consent", "consent": {"recorded": true, "reference": "LOG-1", "withdrawable": true}})

test_children_need_parental_consent_and_age_verification if {
	pd := object.union(consented, {"children": {"present": true}})
	[f] := only(gdpr.deny, "gdpr-children-consent") with input as with_pd(pd)
	f.line == 12
	contains(f.msg, "age verification (Art. 8(2)) and parental consent (Art. 8(1))")
	half := object.union(consented, {"children": {"present": true, "parental_consent": true}})
	[g] := only(gdpr.deny, "gdpr-children-consent") with input as with_pd(half)
	endswith(g.msg, "without age verification (Art. 8(2))")
	done := object.union(consented, {"children": {"present": true, "parental_consent": true, "age_verification": "ID check"}})
	count(gdpr.deny) == 0 with input as with_pd(done)
}

test_children_rule_only_for_consent_and_children if {
	not "gdpr-children-consent" in ids(gdpr.deny) with input as with_pd(consented)
	no_children_facts := object.remove(consented, ["children"])
	not "gdpr-children-consent" in ids(gdpr.deny) with input as with_pd(no_children_facts)
	contract := object.union(good_pd, {"lawful_basis": "contract", "children": {"present": true}})
	not "gdpr-children-consent" in ids(gdpr.deny) with input as with_pd(contract)
}

test_dpia_required_for_high_tier if {
	[f] := only(gdpr.deny, "gdpr-dpia") with input as with_pd(object.remove(good_pd, ["dpia"]))
	f.msg == "dataset \"loans\" needs a DPIA reference: risk tier high"
	not "gdpr-dpia" in ids(gdpr.deny) with input as limited(with_pd(object.remove(good_pd, ["dpia"])))
}

test_dpia_needs_done_and_reference if {
	not_done := json.patch(good_pd, [{"op": "replace", "path": "/dpia/done", "value": false}])
	"gdpr-dpia" in ids(gdpr.deny) with input as with_pd(not_done)
	unreferenced := json.patch(good_pd, [{"op": "remove", "path": "/dpia/reference"}])
	"gdpr-dpia" in ids(gdpr.deny) with input as with_pd(unreferenced)
}

test_dpia_for_special_categories_in_any_tier if {
	pd := object.union(object.remove(good_pd, ["dpia"]), {"special_categories": ["biometric"], "special_category_condition": "explicit_consent"})
	[f] := only(gdpr.deny, "gdpr-dpia") with input as limited(with_pd(pd))
	f.msg == "dataset \"loans\" needs a DPIA reference: special-category data"
}

test_dpia_for_decisions_with_legal_effect if {
	pd := object.remove(good_pd, ["dpia"])
	inp := limited(with_decisions(pd, {"solely_automated": false, "legal_or_similar_effect": true}))
	[f] := only(gdpr.deny, "gdpr-dpia") with input as inp
	contains(f.msg, "decisions with legal or similarly significant effect are based on profiling")
	no_effect := limited(with_decisions(pd, {"solely_automated": false, "legal_or_similar_effect": false}))
	not "gdpr-dpia" in ids(gdpr.deny) with input as no_effect
}

test_dpia_for_large_scale_profiling if {
	pd := object.remove(good_pd, ["dpia"])
	[f] := only(gdpr.deny, "gdpr-dpia") with input as limited(with_pd(object.union(pd, {"large_scale": true, "profiling": true})))
	contains(f.msg, "large-scale profiling")
	not "gdpr-dpia" in ids(gdpr.deny) with input as limited(with_pd(object.union(pd, {"large_scale": true, "profiling": false})))
	not "gdpr-dpia" in ids(gdpr.deny) with input as limited(with_pd(object.union(pd, {"profiling": true})))
}

test_dpia_tiers_are_a_parameter if {
	inp := limited(with_pd(object.remove(good_pd, ["dpia"])))
	"gdpr-dpia" in ids(gdpr.deny) with input as inp with data.modelgate.params as {"gdpr": {"dpia_tiers": ["limited", "high"]}}
}

test_undeclared_tier_is_judged_high_for_dpia if {
	inp := json.patch(with_pd(object.remove(good_pd, ["dpia"])), [{"op": "remove", "path": "/manifest/risk_tier"}])
	"gdpr-dpia" in ids(gdpr.deny) with input as inp
}

test_retention_missing_or_too_long if {
	"gdpr-retention" in ids(gdpr.deny) with input as with_pd(object.remove(good_pd, ["retention_days"]))
	[f] := only(gdpr.deny, "gdpr-retention") with input as with_pd(object.union(good_pd, {"retention_days": 5000}))
	f.msg == "dataset \"loans\" keeps personal data 5000 days, more than the 1095 allowed"
}

test_retention_limit_is_a_parameter if {
	inp := with_pd(object.union(good_pd, {"retention_days": 5000}))
	not "gdpr-retention" in ids(gdpr.deny) with input as inp with data.modelgate.params as {"gdpr": {"max_retention_days": 6000}}
}

test_transfer_without_mechanism_denied if {
	pd := object.union(good_pd, {"transfers": [{"destination": "IN"}]})
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as with_pd(pd)
	none := object.union(good_pd, {"transfers": [{"destination": "IN", "mechanism": "none"}]})
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as with_pd(none)
	pd2 := object.union(good_pd, {"transfers": [{"destination": "JP"}, {"destination": "FR"}, {"destination": "IN", "mechanism": "bcr"}]})
	not "gdpr-transfer-mechanism" in ids(gdpr.deny) with input as with_pd(pd2)
}

test_transfer_mechanisms_and_adequacy_are_parameters if {
	derogation := with_pd(object.union(good_pd, {"transfers": [{"destination": "IN", "mechanism": "derogation_49"}]}))
	not "gdpr-transfer-mechanism" in ids(gdpr.deny) with input as derogation
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as derogation with data.modelgate.params as {"gdpr": {"transfer_mechanisms": ["scc", "bcr"]}}
	japan := with_pd(object.union(good_pd, {"transfers": [{"destination": "JP"}]}))
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as japan with data.modelgate.params as {"gdpr": {"adequacy": []}}
}

test_direct_identifier_in_clear_denied_at_field_line if {
	pd := object.union(good_pd, {"anonymization": {"method": "none", "direct_identifiers_removed": false}})
	[f] := only(gdpr.deny, "gdpr-direct-identifiers") with input as with_pd(pd)
	f.line == 31
	contains(f.msg, "\"customer_id\"")
	contains(f.msg, "anonymization method: none")
	[g] := only(gdpr.deny, "gdpr-direct-identifiers") with input as with_pd(object.remove(good_pd, ["anonymization"]))
	contains(g.msg, "anonymization method: not stated")
}

test_direct_identifiers_must_be_removed_by_the_method if {
	pd := object.union(good_pd, {"anonymization": {"method": "pseudonymisation", "direct_identifiers_removed": false}})
	"gdpr-direct-identifiers" in ids(gdpr.deny) with input as with_pd(pd)
}

test_justified_direct_identifier_passes if {
	pd := object.remove(good_pd, ["anonymization"])
	fields := [{"name": "customer_id", "direct_identifier": true, "justification": "Needed to honour erasure requests"}]
	not "gdpr-direct-identifiers" in ids(gdpr.deny) with input as with_ds(pd, fields)
	not "gdpr-direct-identifiers" in ids(gdpr.deny) with input as with_ds(pd, [{"name": "income", "direct_identifier": false}])
}

test_deidentification_methods_are_a_parameter if {
	"gdpr-direct-identifiers" in ids(gdpr.deny) with input as with_pd(good_pd) with data.modelgate.params as {"gdpr": {"deidentification_methods": ["anonymisation"]}}
}

test_field_line_falls_back_to_fields_then_block if {
	pd := object.union(good_pd, {"anonymization": {"method": "none", "direct_identifiers_removed": false}})
	inp := json.patch(with_pd(pd), [{"op": "remove", "path": "/datasets/0/lines/fields.customer_id"}])
	[f] := only(gdpr.deny, "gdpr-direct-identifiers") with input as inp
	f.line == 30
	inp2 := json.patch(inp, [{"op": "remove", "path": "/datasets/0/lines/fields"}])
	[g] := only(gdpr.deny, "gdpr-direct-identifiers") with input as inp2
	g.line == 5
	inp3 := json.patch(inp2, [{"op": "replace", "path": "/datasets/0/lines", "value": {}}])
	[h] := only(gdpr.deny, "gdpr-direct-identifiers") with input as inp3
	h.line == 0
}

test_solely_automated_decision_without_safeguards_denied_on_manifest if {
	[f] := only(gdpr.deny, "gdpr-automated-decision") with input as with_decisions(good_pd, solely)
	f.file == "modelgate.yaml"
	f.pointer == "/spec/automatedDecisions"
	f.target == "credit-risk-scorer"
	f.msg == "solely automated decisions with legal or similarly significant effect lack a way to contest the decision (Art. 22(3)), an Art. 22(2) exception (contract, law, explicit_consent), human intervention (Art. 22(3))"
}

test_each_art22_safeguard_is_required if {
	every missing in ["exception", "human_intervention", "contestation"] {
		"gdpr-automated-decision" in ids(gdpr.deny) with input as with_decisions(good_pd, object.remove(safeguarded, [missing]))
	}
}

test_art22_exception_must_be_known if {
	ad := object.union(safeguarded, {"exception": "legitimate_interests"})
	"gdpr-automated-decision" in ids(gdpr.deny) with input as with_decisions(good_pd, ad)
	not "gdpr-automated-decision" in ids(gdpr.deny) with input as with_decisions(good_pd, ad)
		with data.modelgate.params as {"gdpr": {"art22_exceptions": ["legitimate_interests"]}}
}

test_art22_only_for_solely_automated_significant_decisions if {
	human := object.union(solely, {"solely_automated": false})
	not "gdpr-automated-decision" in ids(gdpr.deny) with input as with_decisions(good_pd, human)
	trivial := object.union(solely, {"legal_or_similar_effect": false})
	not "gdpr-automated-decision" in ids(gdpr.deny) with input as with_decisions(good_pd, trivial)
}

test_manifest_finding_without_manifest_points_at_bundle if {
	inp := json.patch(with_decisions(good_pd, solely), [
		{"op": "remove", "path": "/manifest/source"},
		{"op": "remove", "path": "/manifest/name"},
	])
	[f] := only(gdpr.deny, "gdpr-automated-decision") with input as inp
	f.file == "."
	f.target == "."
}

test_automated_decisions_on_special_categories if {
	pd := object.union(good_pd, {"special_categories": ["health"], "special_category_condition": "health_or_social_care"})
	[f] := only(gdpr.deny, "gdpr-automated-special-categories") with input as with_decisions(pd, safeguarded)
	contains(f.msg, "[\"health\"]")
	pd2 := object.union(pd, {"special_category_condition": "substantial_public_interest"})
	count(gdpr.deny) == 0 with input as with_decisions(pd2, safeguarded)
	human := object.union(safeguarded, {"solely_automated": false})
	not "gdpr-automated-special-categories" in ids(gdpr.deny) with input as with_decisions(pd, human)
	"gdpr-automated-special-categories" in ids(gdpr.deny) with input as with_decisions(pd2, safeguarded)
		with data.modelgate.params as {"gdpr": {"art22_special_conditions": ["explicit_consent"]}}
}

test_records_of_processing_required if {
	[f] := only(gdpr.deny, "gdpr-records-of-processing") with input as with_pd(object.remove(good_pd, ["records_of_processing"]))
	f.line == 14
	not "gdpr-records-of-processing" in ids(gdpr.deny) with input as with_pd(good_pd)
}

test_transparency_notice_required if {
	[f] := only(gdpr.deny, "gdpr-transparency-notice") with input as with_pd(object.remove(good_pd, ["transparency_notice"]))
	f.line == 15
	not "gdpr-transparency-notice" in ids(gdpr.deny) with input as with_pd(good_pd)
}

test_rules_skip_datasets_without_personal_data if {
	pd := {"contains_personal_data": false, "categories": [], "special_categories": [], "subject_regions": ["EU"], "transfers": []}
	count(gdpr.deny) == 0 with input as with_pd(pd)
	count(gdpr.warn) == 0 with input as with_pd(pd)
}

test_unknown_personal_data_warned if {
	inp := {"manifest": {"jurisdictions": ["EU"]}, "datasets": [{"name": "x", "source": {"path": "d.json"}, "personal_data": {}, "fields": [], "lines": {}}]}
	"gdpr-personal-data-unknown" in ids(gdpr.warn) with input as inp
	[f] := only(gdpr.warn, "gdpr-personal-data-unknown") with input as inp
	f.line == 0
}

test_unjustified_anonymisation_warned if {
	pd := object.union(good_pd, {"anonymization": {"method": "anonymisation", "direct_identifiers_removed": true}})
	"gdpr-anonymisation-unjustified" in ids(gdpr.warn) with input as with_pd(pd)
	pd2 := json.patch(pd, [{"op": "add", "path": "/anonymization/justification", "value": "Motivated-intruder test, 2024-04"}])
	count(gdpr.warn) == 0 with input as with_pd(pd2)
}

test_dataset_without_name_is_named_by_its_path if {
	inp := json.patch(with_pd(object.remove(good_pd, ["lawful_basis"])), [{"op": "remove", "path": "/datasets/0/name"}])
	[f] := only(gdpr.deny, "gdpr-lawful-basis") with input as inp
	f.target == "data/dataset.yaml"
}
