package modelgate.gdpr_test

import data.modelgate.gdpr

good_pd := {
	"contains_personal_data": true,
	"categories": ["contact", "financial"],
	"special_categories": [],
	"lawful_basis": "legitimate_interests",
	"legitimate_interests": {"assessment_ref": "LIA-7", "date": "2024-04-30"},
	"objection_process": "Objections via the privacy portal; records removed before the next retraining",
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
	"transfers": 20,
	"special_category_condition": 21,
	"legitimate_interests": 22,
	"criminal_data": 23,
	"retention_days": 24,
}

now := "2026-11-29T12:00:00Z"

with_ds(pd, fields) := {
	"manifest": {
		"source": {"path": "modelgate.yaml"},
		"name": "credit-risk-scorer",
		"risk_tier": "high",
		"jurisdictions": ["EU"],
		"automated_decisions": {"solely_automated": false, "legal_or_similar_effect": false},
	},
	"datasets": [{"name": "loans", "source": {"path": "data/dataset.yaml"}, "personal_data": pd, "fields": fields, "lines": lines}],
	"context": {"now": now, "now_ns": time.parse_rfc3339_ns(now)},
}

with_pd(pd) := with_ds(pd, good_fields)

# The good dataset in a release of the given tier, deciding as `ad` says.
with_decisions(pd, ad) := json.patch(with_pd(pd), [{"op": "add", "path": "/manifest/automated_decisions", "value": ad}])

limited(inp) := json.patch(inp, [{"op": "replace", "path": "/manifest/risk_tier", "value": "limited"}])

# The input evaluated at another time (RFC 3339).
at(inp, t) := json.patch(inp, [{"op": "replace", "path": "/context", "value": {"now": t, "now_ns": time.parse_rfc3339_ns(t)}}])

ids(findings) := {f.id | some f in findings}

only(findings, id) := [f | some f in findings; f.id == id]

solely := {"solely_automated": true, "legal_or_similar_effect": true}

safeguarded := object.union(solely, {
	"exception": "contract",
	"human_intervention": "Underwriter review on request",
	"point_of_view": "Applicants add a statement that the reviewer reads",
	"contestation": "Complaints process",
	"logic_information": "https://example.com/credit-decisions#logic",
})

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
	pd2 := object.union(pd, care)
	not "gdpr-special-category-condition" in ids(gdpr.deny) with input as with_pd(pd2)
}

# A 9(2)(h) condition that holds: a purpose it names, the law, professional secrecy.
care := {
	"special_category_condition": "health_or_social_care",
	"special_category_purpose": "medical_diagnosis",
	"special_category_law_reference": "BDSG § 22(1)(1)(b)",
	"professional_secrecy": true,
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
	pd2 := object.union(pd, {"consent": {"recorded": true, "reference": "LOG-1", "withdrawable": true, "explicit": true}})
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
	f.msg == "dataset \"loans\" keeps personal data 5000 days, more than the 1095 allowed (no Art. 89(1) purpose and safeguards are stated)"
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
	derogation := with_pd(object.union(good_pd, {"transfers": [{"destination": "IN", "mechanism": "derogation_49", "occasional": true, "justification": "Art. 49(1)(e): one claim file sent to Indian counsel"}]}))
	not "gdpr-transfer-mechanism" in ids(gdpr.deny) with input as derogation
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as derogation with data.modelgate.params as {"gdpr": {"derogation_mechanisms": []}}
	bcr := with_pd(object.union(good_pd, {"transfers": [{"destination": "IN", "mechanism": "bcr"}]}))
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as bcr with data.modelgate.params as {"gdpr": {"transfer_mechanisms": ["scc"]}}
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
	pd := object.union(object.union(good_pd, care), {"special_categories": ["health"]})
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
	inp := with_ds(pd, [{"name": "income", "direct_identifier": false}])
	count(gdpr.deny) == 0 with input as inp
	count(gdpr.warn) == 0 with input as inp
}

# Attack: the datasheet says it holds no personal data (or says nothing) over fields and
# categories it marks personal, to switch every GDPR rule off. It is judged as personal data
# unless it is shown anonymous.
test_personal_fields_outweigh_a_contains_false_claim if {
	pd := object.union(object.remove(good_pd, ["lawful_basis"]), {"contains_personal_data": false})
	"gdpr-lawful-basis" in ids(gdpr.deny) with input as with_pd(pd)
	"gdpr-lawful-basis" in ids(gdpr.deny) with input as with_pd(object.remove(pd, ["contains_personal_data"]))
	only_categories := with_ds(pd, [{"name": "income", "direct_identifier": false}])
	"gdpr-lawful-basis" in ids(gdpr.deny) with input as only_categories
	anonymous := object.union(pd, {"anonymization": {"method": "anonymisation", "direct_identifiers_removed": true, "justification": "Motivated-intruder test, 2024-04"}})
	not "gdpr-lawful-basis" in ids(gdpr.deny) with input as with_pd(anonymous)
}

# Attack: spell the regions so that they match no EU/EEA code. Lower case, blanks, a
# subdivision, Greece as EL, a country's name or "global" still make GDPR apply; only a code of a
# country outside the EEA does not.
test_gdpr_applies_however_the_region_is_spelled if {
	pd := object.remove(good_pd, ["lawful_basis"])
	every r in ["eu", " DE ", "de-by", "EL", "Germany", "global", "DEU"] {
		inp := json.patch(with_pd(object.union(pd, {"subject_regions": [r]})), [{"op": "replace", "path": "/manifest/jurisdictions", "value": [r]}])
		"gdpr-lawful-basis" in ids(gdpr.deny) with input as inp
	}
	every r in ["US", "us-ca", "JP", "GB"] {
		inp := json.patch(with_pd(object.union(pd, {"subject_regions": [r]})), [{"op": "replace", "path": "/manifest/jurisdictions", "value": [r]}])
		not "gdpr-lawful-basis" in ids(gdpr.deny) with input as inp
	}
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

# --- Transfers (Art. 44-49): adequacy judged per destination, not by the label -----------------

transfer(t) := with_pd(object.union(good_pd, {"transfers": [t]}))

transfer_denied(t) if "gdpr-transfer-mechanism" in ids(gdpr.deny) with input as transfer(t)

test_adequacy_label_without_a_decision_is_denied if {
	# TB1: India has no adequacy decision, whatever the datasheet calls the transfer.
	[f] := only(gdpr.deny, "gdpr-transfer-mechanism") with input as transfer({"destination": "IN", "mechanism": "adequacy"})
	f.line == 20
	f.msg == "dataset \"loans\" is transferred to IN without a Chapter V ground: it is labelled adequacy, but no adequacy decision in force covers IN (params.gdpr.adequacy)"
	transfer_denied({"destination": "in", "mechanism": "adequacy"})
	not transfer_denied({"destination": "JP", "mechanism": "adequacy"})
	not transfer_denied({"destination": "JP"})
}

test_destination_codes_are_folded if {
	# TB5: UK is GB (adequate until 27 Dec 2031); EL is Greece, inside the EEA.
	not transfer_denied({"destination": "UK"})
	not transfer_denied({"destination": " uk "})
	not transfer_denied({"destination": "GB"})
	not transfer_denied({"destination": "EL"})
	# A subdivision code is its country: US-CA is the US, and needs a DPF-certified recipient.
	transfer_denied({"destination": "US-CA"})
	transfer_denied({"destination": "US-DPF"})
	not transfer_denied({"destination": "US-CA", "dpf_certified": true})
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as transfer({"destination": "UK"})
		with data.modelgate.params as {"gdpr": {"country_aliases": {"UK": "UK"}}}
}

test_us_adequacy_covers_only_dpf_certified_recipients if {
	[f] := only(gdpr.deny, "gdpr-transfer-mechanism") with input as transfer({"destination": "US", "mechanism": "adequacy"})
	f.msg == "dataset \"loans\" is transferred to US without a Chapter V ground: the adequacy decision for US covers only recipients certified under the EU-US Data Privacy Framework (dpfCertified), and the transfer does not say its recipient is one"
	transfer_denied({"destination": "US", "mechanism": "adequacy", "dpf_certified": false})
	not transfer_denied({"destination": "US", "mechanism": "adequacy", "dpf_certified": true})
	not transfer_denied({"destination": "US", "mechanism": "scc"})
}

test_canada_adequacy_covers_only_pipeda_organisations if {
	[f] := only(gdpr.deny, "gdpr-transfer-mechanism") with input as transfer({"destination": "CA"})
	contains(f.msg, "commercial organisations subject to PIPEDA (pipedaCovered)")
	not transfer_denied({"destination": "CA", "pipeda_covered": true})
	# A DPF certification does not stand in for PIPEDA.
	transfer_denied({"destination": "CA", "dpf_certified": true})
}

test_adequacy_decisions_apply_from_and_until_their_dates if {
	brazil := transfer({"destination": "BR"})
	not "gdpr-transfer-mechanism" in ids(gdpr.deny) with input as brazil
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as at(brazil, "2026-01-25T23:59:59Z")
	not "gdpr-transfer-mechanism" in ids(gdpr.deny) with input as at(brazil, "2026-01-26T00:00:00Z")
	uk := transfer({"destination": "UK"})
	not "gdpr-transfer-mechanism" in ids(gdpr.deny) with input as at(uk, "2031-12-27T23:59:59Z")
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as at(uk, "2031-12-28T00:00:00Z")
}

test_adequacy_without_evaluation_time_fails_closed if {
	inp := json.patch(transfer({"destination": "JP"}), [{"op": "remove", "path": "/context"}])
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as inp
}

test_every_listed_adequacy_destination_is_accepted if {
	every c in ["AD", "AR", "FO", "GG", "IL", "IM", "JE", "NZ", "CH", "UY", "JP", "KR", "GB", "EPO", "BR"] {
		not transfer_denied({"destination": c})
	}
	every c in ["IN", "CN", "RU", "SG", "AU", "ZA"] {
		transfer_denied({"destination": c})
		transfer_denied({"destination": c, "mechanism": "adequacy"})
	}
}

test_adequacy_table_is_a_parameter if {
	india := {"country": "IN", "decision": "hypothetical", "since": "2026-01-01", "scope": "country"}
	not "gdpr-transfer-mechanism" in ids(gdpr.deny) with input as transfer({"destination": "IN", "mechanism": "adequacy"})
		with data.modelgate.params as {"gdpr": {"adequacy": [india]}}
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as transfer({"destination": "JP"})
		with data.modelgate.params as {"gdpr": {"adequacy": [india]}}
	# An unknown scope covers no recipient.
	odd := object.union(india, {"scope": "sector_x"})
	"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as transfer({"destination": "IN"})
		with data.modelgate.params as {"gdpr": {"adequacy": [odd]}}
}

test_art49_derogation_only_for_occasional_justified_transfers if {
	[f] := only(gdpr.deny, "gdpr-transfer-mechanism") with input as transfer({"destination": "IN", "mechanism": "derogation_49"})
	endswith(f.msg, "an Art. 49 derogation covers only an occasional transfer whose justification is stated (occasional: true, justification)")
	transfer_denied({"destination": "IN", "mechanism": "derogation_49", "occasional": false, "justification": "Legal claim"})
	transfer_denied({"destination": "IN", "mechanism": "derogation_49", "occasional": true})
	transfer_denied({"destination": "IN", "mechanism": "derogation_49", "occasional": true, "justification": "  "})
	not transfer_denied({"destination": "IN", "mechanism": "derogation_49", "occasional": true, "justification": "Art. 49(1)(e): one file to counsel"})
}

test_transfer_with_no_ground_says_so if {
	[f] := only(gdpr.deny, "gdpr-transfer-mechanism") with input as transfer({"destination": "IN", "mechanism": "none"})
	endswith(f.msg, "no adequacy decision covers it and it names no SCCs, BCRs or Art. 49 derogation")
}

# --- Special categories (Art. 9) ---------------------------------------------------------------

health(extra) := with_pd(object.union(object.union(good_pd, {"special_categories": ["health"]}), extra))

condition_denied(extra) if "gdpr-special-category-condition" in ids(gdpr.deny) with input as health(extra)

test_health_care_condition_does_not_cover_credit_scoring if {
	# E1: 9(2)(h) named for health data in a credit-scoring set.
	[f] := only(gdpr.deny, "gdpr-special-category-condition") with input as health({"special_category_condition": "health_or_social_care"})
	f.line == 21
	contains(f.msg, "under condition health_or_social_care, which does not hold: ")
	contains(f.msg, "the purpose (none stated) is not one the condition covers")
	contains(f.msg, "no Union or Member State law it rests on is referenced")
	contains(f.msg, "not stated to be processed under professional secrecy (Art. 9(3))")
	condition_denied(object.union(care, {"special_category_purpose": "credit_scoring"}))
	not condition_denied(care)
}

test_health_care_condition_never_covers_a_credit_scoring_release if {
	inp := json.patch(health(care), [{"op": "add", "path": "/manifest/eu_ai_act", "value": {"annex_iii": "5(b)"}}])
	[f] := only(gdpr.deny, "gdpr-special-category-condition") with input as inp
	contains(f.msg, "the release is classified under EU AI Act Annex III(5(b)), a use the condition does not cover")
	hiring := json.patch(inp, [{"op": "replace", "path": "/manifest/eu_ai_act/annex_iii", "value": "4(a)"}])
	not "gdpr-special-category-condition" in ids(gdpr.deny) with input as hiring
}

test_law_based_conditions_need_the_law if {
	every cond in ["employment_social_security", "substantial_public_interest", "health_or_social_care", "public_health", "archiving_research_statistics"] {
		[f] := only(gdpr.deny, "gdpr-special-category-condition") with input as health({"special_category_condition": cond})
		contains(f.msg, "no Union or Member State law it rests on is referenced")
	}
	every cond in ["vital_interests", "legal_claims"] {
		[f] := only(gdpr.deny, "gdpr-special-category-condition") with input as health({"special_category_condition": cond})
		not contains(f.msg, "no Union or Member State law")
	}
	not condition_denied({"special_category_condition": "made_public_by_data_subject"})
	not condition_denied({"special_category_condition": "not_for_profit_body"})
	not condition_denied({"special_category_condition": "legal_claims", "special_category_purpose": "legal_claims"})
	not condition_denied({"special_category_condition": "substantial_public_interest", "special_category_law_reference": "LOPDGDD art. 9"})
	condition_denied({"special_category_condition": "substantial_public_interest", "special_category_law_reference": " "})
}

test_research_condition_needs_art89_safeguards if {
	research := {"special_category_condition": "archiving_research_statistics", "special_category_purpose": "scientific_research", "special_category_law_reference": "BDSG § 27"}
	[f] := only(gdpr.deny, "gdpr-special-category-condition") with input as health(research)
	contains(f.msg, "no Art. 89(1) purpose and safeguards are stated (art89)")
	condition_denied(object.union(research, {"art89": {"purpose": "scientific_research"}}))
	not condition_denied(object.union(research, {"art89": {"purpose": "scientific_research", "safeguards": "Pseudonymised; access-controlled enclave"}}))
}

test_explicit_consent_is_not_ordinary_consent if {
	consent := {"recorded": true, "reference": "LOG-1", "withdrawable": true}
	ordinary := {"lawful_basis": "consent", "special_category_condition": "explicit_consent", "consent": consent}
	[f] := only(gdpr.deny, "gdpr-special-category-condition") with input as health(ordinary)
	contains(f.msg, "the consent is not stated to be explicit (consent.explicit)")
	not condition_denied(object.union(ordinary, {"consent": object.union(consent, {"explicit": true})}))
}

test_unknown_condition_is_denied if {
	[f] := only(gdpr.deny, "gdpr-special-category-condition") with input as health({"special_category_condition": "business_need"})
	contains(f.msg, "business_need is not an Art. 9(2) condition")
}

test_condition_purposes_are_a_parameter if {
	params := {"gdpr": {"special_category_purposes": {"health_or_social_care": ["credit_scoring"]}}}
	not "gdpr-special-category-condition" in ids(gdpr.deny) with input as health(object.union(care, {"special_category_purpose": "credit_scoring"}))
		with data.modelgate.params as params
	"gdpr-special-category-condition" in ids(gdpr.deny) with input as health(care)
		with data.modelgate.params as {"gdpr": {"special_conditions_needing_secrecy": ["health_or_social_care"], "special_category_purposes": {"health_or_social_care": []}}}
}

# --- Criminal-offence data (Art. 10) ------------------------------------------------------------

test_criminal_data_needs_law_or_official_authority if {
	pd := object.union(good_pd, {"criminal_data": {"present": true}})
	[f] := only(gdpr.deny, "gdpr-criminal-data") with input as with_pd(pd)
	f.line == 23
	f.msg == "dataset \"loans\" holds criminal-offence data without an authorising Union or Member State law or the control of official authority (Art. 10)"
	not "gdpr-criminal-data" in ids(gdpr.deny) with input as with_pd(object.union(pd, {"criminal_data": {"present": true, "law_reference": "KWG § 25h"}}))
	not "gdpr-criminal-data" in ids(gdpr.deny) with input as with_pd(object.union(pd, {"criminal_data": {"present": true, "official_authority": true}}))
	"gdpr-criminal-data" in ids(gdpr.deny) with input as with_pd(object.union(pd, {"criminal_data": {"present": true, "law_reference": ""}}))
	not "gdpr-criminal-data" in ids(gdpr.deny) with input as with_pd(object.union(good_pd, {"criminal_data": {"present": false}}))
}

test_undeclared_criminal_field_is_denied if {
	fields := array.concat(good_fields, [{"name": "fraud_conviction", "personal": "criminal_convictions", "direct_identifier": false}])
	[f] := only(gdpr.deny, "gdpr-criminal-data") with input as with_ds(good_pd, fields)
	f.line == 30
	contains(f.msg, "\"fraud_conviction\"")
	declared := object.union(good_pd, {"criminal_data": {"present": true, "law_reference": "KWG § 25h"}})
	not "gdpr-criminal-data" in ids(gdpr.deny) with input as with_ds(declared, fields)
}

test_criminal_data_needs_a_dpia if {
	pd := object.union(object.remove(good_pd, ["dpia"]), {"criminal_data": {"present": true, "law_reference": "KWG § 25h"}})
	[f] := only(gdpr.deny, "gdpr-dpia") with input as limited(with_pd(pd))
	f.msg == "dataset \"loans\" needs a DPIA reference: criminal-offence data"
}

# --- Legitimate interests (Art. 6(1)(f)) and the right to object (Art. 21) ---------------------

lia_denied(pd) if "gdpr-legitimate-interests-assessment" in ids(gdpr.deny) with input as with_pd(pd)

test_legitimate_interests_need_an_assessment if {
	pd := object.remove(good_pd, ["legitimate_interests"])
	[f] := only(gdpr.deny, "gdpr-legitimate-interests-assessment") with input as with_pd(pd)
	f.line == 22
	f.msg == "dataset \"loans\" relies on legitimate interests (Art. 6(1)(f)) but references no legitimate-interests assessment"
	lia_denied(object.union(good_pd, {"legitimate_interests": {"assessment_ref": " "}}))
	not lia_denied(good_pd)
	not lia_denied(object.union(pd, {"lawful_basis": "contract"}))
}

test_children_on_legitimate_interests_need_their_interests_weighed if {
	# E5: children's data on legitimate interests.
	kids := object.union(good_pd, {"children": {"present": true}})
	[f] := only(gdpr.deny, "gdpr-legitimate-interests-assessment") with input as with_pd(kids)
	contains(f.msg, "its records describe children and the assessment does not say it weighed their interests")
	not lia_denied(object.union(kids, {"legitimate_interests": {"assessment_ref": "LIA-7", "children_considered": true}}))
	[g] := only(gdpr.deny, "gdpr-legitimate-interests-assessment") with input as with_pd(object.union(object.remove(kids, ["legitimate_interests"]), {"children": {"present": true}}))
	contains(g.msg, "weighed their interests (\"in particular where the data subject is a child\"); references no legitimate-interests assessment")
}

test_public_authorities_cannot_rely_on_legitimate_interests if {
	inp := object.union(with_pd(good_pd), {"organisation": {"public_authority": true}})
	[f] := only(gdpr.deny, "gdpr-legitimate-interests-assessment") with input as inp
	contains(f.msg, "the organisation is a public authority")
	not "gdpr-legitimate-interests-assessment" in ids(gdpr.deny) with input as object.union(with_pd(good_pd), {"organisation": {"public_authority": false}})
	task := object.union(with_pd(object.union(good_pd, {"lawful_basis": "public_task"})), {"organisation": {"public_authority": true}})
	not "gdpr-legitimate-interests-assessment" in ids(gdpr.deny) with input as task
}

test_right_to_object_for_public_task_and_legitimate_interests if {
	pd := object.remove(good_pd, ["objection_process"])
	[f] := only(gdpr.deny, "gdpr-right-to-object") with input as with_pd(pd)
	f.line == 7
	f.msg == "dataset \"loans\" is processed on legitimate_interests (Art. 6(1)(f)) but references no process for objections under Art. 21(1)"
	[g] := only(gdpr.deny, "gdpr-right-to-object") with input as with_pd(object.union(pd, {"lawful_basis": "public_task"}))
	contains(g.msg, "public_task (Art. 6(1)(e))")
	not "gdpr-right-to-object" in ids(gdpr.deny) with input as with_pd(object.union(pd, {"lawful_basis": "contract"}))
	"gdpr-right-to-object" in ids(gdpr.deny) with input as with_pd(object.union(good_pd, {"objection_process": ""}))
	not "gdpr-right-to-object" in ids(gdpr.deny) with input as with_pd(pd) with data.modelgate.params as {"gdpr": {"objection_bases": []}}
}

# --- Retention (Art. 5(1)(e), 13(2)(a), 89(1)) --------------------------------------------------

research_pd := object.union(good_pd, {"retention_days": 3650, "art89": {"purpose": "scientific_research", "safeguards": "Pseudonymisation; access only in the research enclave"}})

test_retention_criteria_stand_in_for_days if {
	pd := object.union(object.remove(good_pd, ["retention_days"]), {"retention_criteria": "Until the loan is repaid plus the 10-year statutory period"})
	not "gdpr-retention" in ids(gdpr.deny) with input as with_pd(pd)
	[f] := only(gdpr.deny, "gdpr-retention") with input as with_pd(object.union(pd, {"retention_criteria": " "}))
	f.msg == "dataset \"loans\" states no retention period and no criteria that determine it"
}

test_art89_research_may_keep_data_longer if {
	# E3: research data kept ten years under Art. 89(1) safeguards.
	not "gdpr-retention" in ids(gdpr.deny) with input as research_env(with_pd(research_pd))
	no_safeguards := json.patch(research_pd, [{"op": "remove", "path": "/art89/safeguards"}])
	"gdpr-retention" in ids(gdpr.deny) with input as with_pd(no_safeguards)
	other := json.patch(research_pd, [{"op": "replace", "path": "/art89/purpose", "value": "product_improvement"}])
	"gdpr-retention" in ids(gdpr.deny) with input as with_pd(other)
}

test_art89_claim_does_not_cover_a_release_that_decides_about_people if {
	human := {"solely_automated": false, "legal_or_similar_effect": true}
	[f] := only(gdpr.deny, "gdpr-retention") with input as with_decisions(research_pd, human)
	endswith(f.msg, "(the Art. 89(1) purpose is not the sole purpose: the release takes decisions with legal or similar effect about people, or is put to use on them in production)")
	no_effect := with_decisions(research_pd, {"solely_automated": false, "legal_or_similar_effect": false})
	not "gdpr-retention" in ids(gdpr.deny) with input as research_env(no_effect)
}

# A research release: its environment puts the model to no use on people.
research_env(inp) := json.patch(inp, [{"op": "add", "path": "/manifest/environment", "value": "research"}])

# Attack: a production credit model claims Art. 89(1) research to keep data for ten years and
# says it takes no decisions (or leaves the automatedDecisions block out). Its production use on
# people means the research purpose is not the sole one.
test_art89_claim_does_not_cover_a_production_high_risk_model if {
	no_effect := with_decisions(research_pd, {"solely_automated": false, "legal_or_similar_effect": false})
	"gdpr-retention" in ids(gdpr.deny) with input as no_effect
	"gdpr-retention" in ids(gdpr.deny) with input as with_pd(research_pd)
	prod := json.patch(no_effect, [{"op": "add", "path": "/manifest/environment", "value": " Production"}])
	"gdpr-retention" in ids(gdpr.deny) with input as prod
	# A limited-tier production model that profiles people is put to use on them as well.
	profiled := json.patch(limited(prod), [{"op": "add", "path": "/datasets/0/personal_data/profiling", "value": true}])
	"gdpr-retention" in ids(gdpr.deny) with input as profiled
	not "gdpr-retention" in ids(gdpr.deny) with input as limited(prod)
	not "gdpr-retention" in ids(gdpr.deny) with input as research_env(no_effect)
}

# --- Automated decisions (Art. 22, 13(2)(f), 14(2)(g), 15(1)(h)) --------------------------------

adm_ids(ad) := found if {
	found := ids(gdpr.deny) with input as with_decisions(good_pd, ad)
}

test_law_exception_needs_the_law_not_the_art22_3_measures if {
	by_law := object.union(solely, {"exception": "law", "law_reference": "Member State tax code § 155(4)", "logic_information": "https://example.com/logic"})
	count(adm_ids(by_law)) == 0
	[f] := only(gdpr.deny, "gdpr-automated-decision") with input as with_decisions(good_pd, object.remove(by_law, ["law_reference"]))
	f.msg == "solely automated decisions with legal or similarly significant effect lack the authorising Union or Member State law (Art. 22(2)(b), lawReference)"
}

test_point_of_view_required_for_contract_and_consent if {
	every exception in ["contract", "explicit_consent"] {
		ad := object.union(object.remove(safeguarded, ["point_of_view"]), {"exception": exception})
		[f] := only(gdpr.deny, "gdpr-art22-point-of-view") with input as with_decisions(good_pd, ad)
		f.pointer == "/spec/automatedDecisions"
		f.msg == "solely automated decisions with legal or similarly significant effect offer no way for a person to express his or her point of view (Art. 22(3))"
		not "gdpr-automated-decision" in ids(gdpr.deny) with input as with_decisions(good_pd, ad)
	}
	"gdpr-art22-point-of-view" in adm_ids(solely)
	"gdpr-art22-point-of-view" in adm_ids(object.union(safeguarded, {"point_of_view": " "}))
	not "gdpr-art22-point-of-view" in adm_ids(object.union(safeguarded, {"solely_automated": false}))
}

test_logic_information_required if {
	[f] := only(gdpr.deny, "gdpr-adm-information") with input as with_decisions(good_pd, object.remove(safeguarded, ["logic_information"]))
	contains(f.msg, "no meaningful information about the logic involved")
	not "gdpr-adm-information" in adm_ids(safeguarded)
	not "gdpr-adm-information" in adm_ids({"solely_automated": false, "legal_or_similar_effect": true})
	not "gdpr-adm-information" in adm_ids({"solely_automated": true, "legal_or_similar_effect": false})
}

test_score_third_parties_rely_on_is_a_decision if {
	# SCHUFA: the vendor's manifest says a person decides, but lenders draw strongly on the score.
	vendor := {"solely_automated": false, "legal_or_similar_effect": true, "relied_on_by_third_parties": true}
	found := adm_ids(vendor)
	"gdpr-automated-decision" in found
	"gdpr-art22-point-of-view" in found
	"gdpr-adm-information" in found
	[f] := only(gdpr.deny, "gdpr-automated-decision") with input as with_decisions(good_pd, vendor)
	startswith(f.msg, "decisions with legal or similarly significant effect that third parties draw strongly on the model's score for (C-634/21 SCHUFA) lack ")
	count(adm_ids(object.union(safeguarded, {"solely_automated": false, "relied_on_by_third_parties": true}))) == 0
}

test_automated_decisions_about_children_denied if {
	[f] := only(gdpr.deny, "gdpr-automated-decision") with input as with_decisions(good_pd, object.union(safeguarded, {"affects_children": true}))
	contains(f.msg, "Such measure should not concern a child")
	not "gdpr-automated-decision" in adm_ids(object.union(safeguarded, {"affects_children": false}))
	not "gdpr-automated-decision" in ids(gdpr.deny) with input as with_decisions(good_pd, object.union(safeguarded, {"affects_children": true}))
		with data.modelgate.params as {"gdpr": {"art22_children_allowed": true}}
}

test_art22_4_needs_safeguarding_measures if {
	pd := object.union(object.union(good_pd, {"special_categories": ["health"]}), {"special_category_condition": "substantial_public_interest", "special_category_law_reference": "LOPDGDD art. 9"})
	bare := object.union(solely, {"exception": "law", "law_reference": "Tax code", "logic_information": "x"})
	not "gdpr-automated-special-categories" in ids(gdpr.deny) with input as with_decisions(pd, bare)
	contract := object.remove(safeguarded, ["contestation"])
	[f] := only(gdpr.deny, "gdpr-automated-special-categories") with input as with_decisions(pd, contract)
	contains(f.msg, "without suitable safeguarding measures (Art. 22(4))")
	not "gdpr-automated-special-categories" in ids(gdpr.deny) with input as with_decisions(pd, safeguarded)
}

# --- Red-team attacks on spelling ---------------------------------------------------------------

transfer_to(t) := with_pd(object.union(good_pd, {"transfers": [t]}))

# Attack: a destination built on a group of states ("EU-US", "EEA-US") or the group itself is
# no EU/EEA state, so it needs a Chapter V ground; a member state, however written, does not.
test_transfer_to_a_group_of_states_needs_a_ground if {
	every dest in ["EU-US", "eea-us", "EU", " EEA "] {
		"gdpr-transfer-mechanism" in ids(gdpr.deny) with input as transfer_to({"destination": dest})
	}
	every dest in ["DE", " fr ", "EL", "DE-BY"] {
		not "gdpr-transfer-mechanism" in ids(gdpr.deny) with input as transfer_to({"destination": dest})
	}
	not "gdpr-transfer-mechanism" in ids(gdpr.deny) with input as transfer_to({"destination": "EU-US", "mechanism": "scc"})
}

# Attack: a placeholder or invisible characters where a reference is required.
test_placeholders_state_nothing if {
	every ref in ["TBD", "tbd.", "N/A", " - ", "\u200b", "To do", "Pending"] {
		lia := object.union(good_pd, {"legitimate_interests": {"assessment_ref": ref, "date": "2024-04-30"}})
		"gdpr-legitimate-interests-assessment" in ids(gdpr.deny) with input as with_pd(lia)
	}
	law := object.union(solely, {"exception": "law", "law_reference": "n/a", "logic_information": "https://example.com/logic"})
	"gdpr-automated-decision" in ids(gdpr.deny) with input as with_decisions(good_pd, law)
}

# Attack: a field category written in another case or with blanks is still a special category or
# criminal-offence data.
test_field_categories_are_compared_without_case if {
	health_field := with_ds(good_pd, array.concat(good_fields, [{"name": "diagnosis", "personal": " Health"}]))
	"gdpr-special-category-undeclared" in ids(gdpr.deny) with input as health_field
	crime := with_ds(good_pd, array.concat(good_fields, [{"name": "conviction", "personal": "Criminal_Convictions"}]))
	"gdpr-criminal-data" in ids(gdpr.deny) with input as crime
}

# Attack: the Annex III point written with a blank or without brackets still excludes the health
# conditions from a credit-scoring release.
test_annex_point_is_compared_however_written if {
	every point in ["5(b) ", "5b", "5 (B)", "Annex III 5(b)"] {
		inp := json.patch(health(care), [{"op": "add", "path": "/manifest/eu_ai_act", "value": {"annex_iii": point}}])
		"gdpr-special-category-condition" in ids(gdpr.deny) with input as inp
	}
}

# Attack (red team): leaving spec.automatedDecisions out must not silence Art. 22 for a release
# that is evidently about people.
test_automated_decisions_unstated_for_a_release_about_people if {
	inp := json.remove(art22_unstated_base, ["manifest/automated_decisions"])
	some f in gdpr.deny with input as inp
	f.id == "gdpr-automated-decision"
	contains(f.msg, "does not state whether")
	profiled := json.patch(inp, [
		{"op": "replace", "path": "/manifest/risk_tier", "value": "minimal"},
		{"op": "add", "path": "/datasets/0/personal_data/profiling", "value": true},
	])
	"gdpr-automated-decision" in {g.id | some g in gdpr.deny} with input as profiled
	not "gdpr-automated-decision" in {g.id | some g in gdpr.deny} with input as art22_unstated_base
}

art22_unstated_base := with_pd(good_pd)

# Attack (red team): a release that states neither its jurisdictions nor its data subjects'
# regions escaped GDPR; where it goes is then unknown, so GDPR applies.
test_no_region_stated_applies_gdpr if {
	pd := object.remove(good_pd, ["lawful_basis", "subject_regions"])
	inp := json.remove(with_pd(pd), ["manifest/jurisdictions"])
	"gdpr-lawful-basis" in {f.id | some f in gdpr.deny} with input as inp
	outside := json.patch(inp, [{"op": "add", "path": "/manifest/jurisdictions", "value": ["JP"]}])
	not "gdpr-lawful-basis" in {f.id | some f in gdpr.deny} with input as outside
}
