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

# A CCPA "business" by revenue (1798.140(d)(1)(A)), so messages carry no applicability note.
business := {"for_profit": true, "annual_gross_revenue_usd": 900000000}

with_pd(pd) := {
	"manifest": {"risk_tier": "high", "jurisdictions": ["US-CA"]},
	"organisation": {"ccpa": business},
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
	f.msg == "dataset \"loans\" needs a risk assessment: selling or sharing (§ 7150(b)(1))"
	sensitive := object.union(no_dpia, {"ccpa": {"sensitive": ["genetic"], "sensitive_use_limited": true}})
	[g] := only(ccpa.deny, "ccpa-risk-assessment") with input as with_pd(sensitive)
	endswith(g.msg, "sensitive personal information (§ 7150(b)(2))")
	count(ccpa.deny) == 0 with input as with_pd(no_dpia)
	assessed := object.union(sold, {"ccpa": {"risk_assessment": "RA-7"}})
	count(ccpa.deny) == 0 with input as with_pd(assessed)
}

test_risk_assessment_for_solely_automated_decisions if {
	no_dpia := object.remove(good_pd, ["dpia"])
	inp := json.patch(with_pd(no_dpia), [{"op": "add", "path": "/manifest/automated_decisions", "value": {"solely_automated": true, "legal_or_similar_effect": true}}])
	[f] := only(ccpa.deny, "ccpa-risk-assessment") with input as inp
	f.msg == "dataset \"loans\" needs a risk assessment: training an ADMT for a significant decision (§ 7150(b)(6)), using ADMT for a significant decision (§ 7150(b)(3))"
	human := json.patch(inp, [
		{"op": "replace", "path": "/manifest/automated_decisions/solely_automated", "value": false},
		{"op": "add", "path": "/manifest/california", "value": {"admt": {"human_involvement": full_involvement}}},
	])
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

# --- Applicability: the "business" definition (1798.140(d)(1)) ---

full_involvement := {"interprets_output": true, "reviews_other_information": true, "authority_to_change": true}

with_org(inp, facts) := json.patch(inp, [{"op": "replace", "path": "/organisation", "value": {"ccpa": facts}}])

# A dataset with a notice gap, to see whether the CCPA applies at all.
gap := with_pd(object.remove(good_pd, ["ccpa"]))

small := {"for_profit": true, "annual_gross_revenue_usd": 3000000, "consumers_bought_sold_shared": 4000, "revenue_share_from_selling_percent": 0}

test_small_business_below_every_threshold_is_outside_ccpa if {
	count(ccpa.deny) == 0 with input as with_org(gap, small)
}

test_each_threshold_alone_makes_a_business if {
	every facts in [
		object.union(small, {"annual_gross_revenue_usd": 26625001}),
		object.union(small, {"consumers_bought_sold_shared": 100000}),
		object.union(small, {"revenue_share_from_selling_percent": 50}),
	] {
		[f] := only(ccpa.deny, "ccpa-notice-at-collection") with input as with_org(gap, facts)
		not contains(f.msg, "assumed to apply")
	}
}

test_thresholds_are_exclusive_or_inclusive_as_the_statute_says if {
	# "in excess of" the revenue figure; "100,000 or more"; "50 percent or more".
	count(ccpa.deny) == 0 with input as with_org(gap, object.union(small, {"annual_gross_revenue_usd": 26625000}))
	count(ccpa.deny) == 0 with input as with_org(gap, object.union(small, {"consumers_bought_sold_shared": 99999}))
	count(ccpa.deny) == 0 with input as with_org(gap, object.union(small, {"revenue_share_from_selling_percent": 49.9}))
}

test_revenue_threshold_is_a_parameter if {
	"ccpa-notice-at-collection" in ids(ccpa.deny) with input as with_org(gap, small)
		with data.modelgate.params as {"ccpa": {"business_revenue_threshold_usd": 2000000}}
}

test_non_profit_is_no_business if {
	count(ccpa.deny) == 0 with input as with_org(gap, {"for_profit": false, "annual_gross_revenue_usd": 900000000})
}

test_undeclared_business_facts_apply_the_ccpa_with_a_note if {
	no_org := object.remove(gap, ["organisation"])
	[f] := only(ccpa.deny, "ccpa-notice-at-collection") with input as no_org
	contains(f.msg, "the CCPA is assumed to apply")
	contains(f.msg, "declaring them could change this outcome")
}

test_incomplete_business_facts_fail_closed if {
	# Revenue below the threshold says nothing of the other two thresholds.
	[f] := only(ccpa.deny, "ccpa-notice-at-collection") with input as with_org(gap, {"annual_gross_revenue_usd": 3000000})
	contains(f.msg, "assumed to apply")
	"ccpa-notice-at-collection" in ids(ccpa.deny) with input as with_org(gap, {"for_profit": true})
}

# --- Data-level exemptions (1798.145(d)-(e), 1798.146) ---

sold_no_opt_out := with_ccpa({"sold": true, "exemptions": ["glba"]})

test_exemption_needs_both_the_datasheet_and_the_organisation if {
	count(ccpa.deny) == 0 with input as with_org(sold_no_opt_out, object.union(business, {"exemptions": ["glba"]}))
	# The release author alone cannot exempt data.
	"ccpa-opt-out" in ids(ccpa.deny) with input as sold_no_opt_out
	# An exempt organisation does not exempt data the datasheet does not place under the law.
	"ccpa-opt-out" in ids(ccpa.deny) with input as with_org(with_ccpa({"sold": true}), object.union(business, {"exemptions": ["glba"]}))
	# Another law's exemption does not cover this data.
	"ccpa-opt-out" in ids(ccpa.deny) with input as with_org(sold_no_opt_out, object.union(business, {"exemptions": ["hipaa"]}))
}

test_only_statutory_exemptions_count if {
	inp := with_org(with_ccpa({"sold": true, "exemptions": ["small_lender"]}), object.union(business, {"exemptions": ["small_lender"]}))
	"ccpa-opt-out" in ids(ccpa.deny) with input as inp
}

test_exempt_deidentified_claim_is_not_judged if {
	pd := object.union(good_pd, {"ccpa": {"deidentified": true, "exemptions": ["hipaa"]}})
	count(ccpa.deny) == 0 with input as with_org(with_pd(pd), object.union(business, {"exemptions": ["hipaa"]}))
	"ccpa-deidentified-commitments" in ids(ccpa.deny) with input as with_pd(pd)
}

# --- Sensitive personal information (1798.121, 1798.140(ae)) ---

test_gdpr_special_categories_are_sensitive_personal_information if {
	pd := object.union(good_pd, {"special_categories": ["health"]})
	[f] := only(ccpa.deny, "ccpa-sensitive-limit") with input as with_pd(pd)
	contains(f.msg, "[\"health\"]")
	religion := object.union(good_pd, {"special_categories": ["religious_beliefs", "political_opinions"]})
	[g] := only(ccpa.deny, "ccpa-sensitive-limit") with input as with_pd(religion)
	contains(g.msg, "[\"religious_or_philosophical_beliefs\"]")
	# GDPR political opinions are not CCPA sensitive personal information.
	politics := object.union(good_pd, {"special_categories": ["political_opinions"]})
	count(ccpa.deny) == 0 with input as with_pd(politics)
}

test_sensitive_fields_and_categories_are_sensitive_personal_information if {
	inp := json.patch(with_pd(good_pd), [{"op": "replace", "path": "/datasets/0/fields", "value": [{"name": "gps", "personal": "precise_geolocation"}]}])
	[f] := only(ccpa.deny, "ccpa-sensitive-limit") with input as inp
	contains(f.msg, "[\"precise_geolocation\"]")
	cat := object.union(good_pd, {"categories": ["identity", "government_id"]})
	"ccpa-sensitive-limit" in ids(ccpa.deny) with input as with_pd(cat)
}

test_sensitive_information_without_inference_purpose_is_not_subject_to_limit if {
	facts := {"sensitive": ["health"], "sensitive_inference": false}
	not "ccpa-sensitive-limit" in ids(ccpa.deny) with input as with_ccpa(facts)
	"ccpa-sensitive-limit" in ids(ccpa.deny) with input as with_ccpa({"sensitive": ["health"], "sensitive_inference": true})
	# A risk assessment is still due for processing sensitive personal information.
	no_dpia := object.remove(object.union(good_pd, {"ccpa": facts}), ["dpia"])
	"ccpa-risk-assessment" in ids(ccpa.deny) with input as with_pd(no_dpia)
}

test_inference_carve_out_refused_for_profiling_or_significant_decisions if {
	facts := {"sensitive": ["health"], "sensitive_inference": false}
	profiled := object.union(object.union(good_pd, {"ccpa": facts}), {"profiling": true})
	"ccpa-sensitive-limit" in ids(ccpa.deny) with input as with_pd(profiled)
	inp := json.patch(with_ccpa(facts), [
		{"op": "add", "path": "/manifest/automated_decisions", "value": {"solely_automated": false, "legal_or_similar_effect": true}},
		{"op": "add", "path": "/manifest/california", "value": {"admt": {"human_involvement": full_involvement}}},
	])
	"ccpa-sensitive-limit" in ids(ccpa.deny) with input as inp
}

test_blank_limit_notice_is_no_notice if {
	"ccpa-sensitive-limit" in ids(ccpa.deny) with input as with_ccpa({"sensitive": ["genetic"], "limit_notice": "  "})
}

# --- Retention criteria (1798.100(a)(3)) ---

test_retention_criteria_stand_in_for_a_period if {
	pd := object.remove(object.union(good_pd, {"ccpa": {"retention_criteria": "until the loan is repaid, plus seven years"}}), ["retention_days"])
	count(ccpa.deny) == 0 with input as with_pd(pd)
	partial := object.union(pd, {"ccpa": {"retention_by_category": {"identity": 730}}})
	count(ccpa.deny) == 0 with input as with_pd(partial)
	blank := object.union(pd, {"ccpa": {"retention_criteria": " "}})
	"ccpa-retention-disclosed" in ids(ccpa.deny) with input as with_pd(blank)
}

# --- Risk-assessment triggers (11 CCR § 7150(b)(3)-(6)) ---

no_dpia := object.remove(good_pd, ["dpia"])

test_observation_and_sensitive_location_need_a_risk_assessment if {
	[f] := only(ccpa.deny, "ccpa-risk-assessment") with input as with_pd(object.union(no_dpia, {"ccpa": {"systematic_observation": true}}))
	contains(f.msg, "(§ 7150(b)(4))")
	[g] := only(ccpa.deny, "ccpa-risk-assessment") with input as with_pd(object.union(no_dpia, {"ccpa": {"sensitive_location": true}}))
	contains(g.msg, "(§ 7150(b)(5))")
	count(ccpa.deny) == 0 with input as with_pd(object.union(no_dpia, {"ccpa": {"systematic_observation": false, "sensitive_location": false}}))
}

test_training_identification_technology_needs_a_risk_assessment if {
	base := with_pd(no_dpia)
	face := json.patch(base, [{"op": "add", "path": "/manifest/california", "value": {"identification_technology": "facial_recognition"}}])
	[f] := only(ccpa.deny, "ccpa-risk-assessment") with input as face
	f.msg == "dataset \"loans\" needs a risk assessment: training facial_recognition technology (§ 7150(b)(6))"
	biometric := json.patch(base, [{"op": "add", "path": "/manifest/eu_ai_act", "value": {"annex_iii": "1(a)"}}])
	"ccpa-risk-assessment" in ids(ccpa.deny) with input as biometric
	emotion := json.patch(base, [{"op": "add", "path": "/manifest/transparency", "value": {"emotion_recognition_or_biometric_categorisation": true}}])
	"ccpa-risk-assessment" in ids(ccpa.deny) with input as emotion
	none := json.patch(base, [{"op": "add", "path": "/manifest/california", "value": {"identification_technology": "none"}}])
	count(ccpa.deny) == 0 with input as none
	credit := json.patch(base, [{"op": "add", "path": "/manifest/eu_ai_act", "value": {"annex_iii": "5(b)"}}])
	count(ccpa.deny) == 0 with input as credit
}

# --- ADMT (11 CCR §§ 7001(e), 7200-7222) ---

admt_ids := {"ccpa-admt-pre-use-notice", "ccpa-admt-opt-out", "ccpa-admt-access"}

# A release whose decisions have legal or similarly significant effect, with a risk assessment.
decisions(solely, california) := json.patch(with_ccpa({"risk_assessment": "RA-1"}), array.concat(
	[{"op": "add", "path": "/manifest/automated_decisions", "value": {"solely_automated": solely, "legal_or_similar_effect": true}}],
	[{"op": "add", "path": "/manifest/california", "value": california} | california != null],
))

complete_admt := {
	"significant_decision": true,
	"decision_area": "employment",
	"pre_use_notice": "https://example.com/admt-notice",
	"opt_out": "https://example.com/admt-opt-out",
	"access": "https://example.com/admt-access",
}

test_admt_inferred_when_the_california_block_is_omitted if {
	inp := decisions(true, null)
	ids(ccpa.deny) == admt_ids with input as inp
	[f] := only(ccpa.deny, "ccpa-admt-pre-use-notice") with input as inp
	f.pointer == "/spec/automatedDecisions"
	contains(f.msg, "solely automated with legal or similarly significant effect")
}

test_admt_inferred_when_human_involvement_is_unproven if {
	# "Not solely automated" alone does not show the § 7001(e)(1) human involvement.
	ids(ccpa.deny) == admt_ids with input as decisions(false, null)
	ids(ccpa.deny) == admt_ids with input as decisions(false, {"admt": {"human_involvement": object.union(full_involvement, {"authority_to_change": false})}})
	ids(ccpa.deny) == admt_ids with input as decisions(false, {"admt": {"human_involvement": object.remove(full_involvement, ["reviews_other_information"])}})
	count(ccpa.deny) == 0 with input as decisions(false, {"admt": {"human_involvement": full_involvement}})
}

test_claimed_human_involvement_does_not_outweigh_solely_automated if {
	ids(ccpa.deny) == admt_ids with input as decisions(true, {"admt": {"significant_decision": false, "human_involvement": full_involvement}})
}

test_no_admt_without_significant_effect if {
	inp := json.patch(decisions(true, null), [{"op": "replace", "path": "/manifest/automated_decisions/legal_or_similar_effect", "value": false}])
	count(ccpa.deny) == 0 with input as inp
}

test_declared_admt_with_every_right_passes if {
	count(ccpa.deny) == 0 with input as decisions(true, {"admt": complete_admt})
	inp := json.patch(with_ccpa({"risk_assessment": "RA-1"}), [{"op": "add", "path": "/manifest/california", "value": {"admt": object.remove(complete_admt, ["pre_use_notice"])}}])
	[f] := only(ccpa.deny, "ccpa-admt-pre-use-notice") with input as inp
	f.pointer == "/spec/california/admt"
	contains(f.msg, "declares ADMT use")
}

test_each_admt_right_is_its_own_finding if {
	every k in ["pre_use_notice", "opt_out", "access"] {
		some id in ids(ccpa.deny) with input as decisions(true, {"admt": object.remove(complete_admt, [k])})
		ids(ccpa.deny) == {id} with input as decisions(true, {"admt": object.remove(complete_admt, [k])})
	}
	ids(ccpa.deny) == {"ccpa-admt-access"} with input as decisions(true, {"admt": object.union(complete_admt, {"access": ""})})
}

exception(facts) := decisions(true, {"admt": object.union(object.remove(complete_admt, ["opt_out"]), facts)})

test_human_appeal_exception_needs_an_appeal_method if {
	count(ccpa.deny) == 0 with input as exception({"opt_out_exception": "human_appeal", "appeal": "https://example.com/appeal"})
	[f] := only(ccpa.deny, "ccpa-admt-opt-out") with input as exception({"opt_out_exception": "human_appeal"})
	contains(f.msg, "the human_appeal exception lacks spec.california.admt.appeal")
}

test_hiring_exception_needs_its_conditions if {
	ok := {"opt_out_exception": "admission_acceptance_hiring", "purpose_limited": true, "non_discrimination": "BIAS-AUDIT-2026-3"}
	count(ccpa.deny) == 0 with input as exception(ok)
	count(ccpa.deny) == 0 with input as exception(object.union(ok, {"opt_out_exception": "admission_hiring"}))
	[f] := only(ccpa.deny, "ccpa-admt-opt-out") with input as exception(object.union(ok, {"decision_area": "housing"}))
	contains(f.msg, "decisionArea of employment or education")
	"ccpa-admt-opt-out" in ids(ccpa.deny) with input as exception(object.remove(ok, ["non_discrimination"]))
	no_area := decisions(true, {"admt": object.union(object.remove(complete_admt, ["opt_out", "decision_area"]), ok)})
	[g] := only(ccpa.deny, "ccpa-admt-opt-out") with input as no_area
	contains(g.msg, "decisionArea of employment or education")
	"ccpa-admt-opt-out" in ids(ccpa.deny) with input as exception(object.union(ok, {"purpose_limited": false}))
}

test_allocation_exception_is_for_employment_only if {
	ok := {"opt_out_exception": "work_allocation", "purpose_limited": true, "non_discrimination": "BIAS-AUDIT-2026-3"}
	count(ccpa.deny) == 0 with input as exception(ok)
	"ccpa-admt-opt-out" in ids(ccpa.deny) with input as exception(object.union(ok, {"decision_area": "education"}))
	"ccpa-admt-opt-out" in ids(ccpa.deny) with input as decisions(true, {"admt": object.union(object.remove(complete_admt, ["opt_out", "decision_area"]), ok)})
}

test_unknown_exception_is_no_exception if {
	[f] := only(ccpa.deny, "ccpa-admt-opt-out") with input as exception({"opt_out_exception": "low_risk"})
	contains(f.msg, "the exception \"low_risk\" is not recognised")
}

test_admt_rules_follow_ccpa_applicability if {
	outside := json.patch(decisions(true, null), [
		{"op": "replace", "path": "/manifest/jurisdictions", "value": ["EU"]},
		{"op": "replace", "path": "/datasets/0/personal_data/subject_regions", "value": ["EU"]},
	])
	count(ccpa.deny) == 0 with input as outside
	count(ccpa.deny) == 0 with input as with_org(decisions(true, null), small)
	[f] := only(ccpa.deny, "ccpa-admt-access") with input as object.remove(decisions(true, null), ["organisation"])
	contains(f.msg, "assumed to apply")
}

test_admt_exemption_needs_the_organisation if {
	glba := {"admt": {"exemption": "glba"}}
	count(ccpa.deny) == 0 with input as with_org(decisions(true, glba), object.union(business, {"exemptions": ["glba"]}))
	ids(ccpa.deny) == admt_ids with input as decisions(true, glba)
}

# --- Red-team attacks ---------------------------------------------------------------------------

# Attack: deny that the decision is significant (significantDecision: false, no
# automatedDecisions block or legalOrSimilarEffect: false) while naming a § 7001(ddd) area. The
# area makes it a significant decision; only the § 7001(e)(1) human involvement takes it out.
test_significant_area_outweighs_significant_decision_false if {
	base := with_ccpa({"risk_assessment": "RA-1"})
	denied := json.patch(base, [{"op": "add", "path": "/manifest/california", "value": {"admt": {"significant_decision": false, "decision_area": " Financial_Lending"}}}])
	ids(ccpa.deny) == admt_ids with input as denied
	[f] := only(ccpa.deny, "ccpa-admt-pre-use-notice") with input as denied
	contains(f.msg, "is a significant decision (§ 7001(ddd))")
	no_effect := json.patch(denied, [{"op": "add", "path": "/manifest/automated_decisions", "value": {"solely_automated": false, "legal_or_similar_effect": false}}])
	ids(ccpa.deny) == admt_ids with input as no_effect
	reviewed := json.patch(denied, [{"op": "add", "path": "/manifest/california/admt/human_involvement", "value": full_involvement}])
	count(ccpa.deny) == 0 with input as reviewed
	other_area := json.patch(denied, [{"op": "replace", "path": "/manifest/california/admt/decision_area", "value": "marketing"}])
	count(ccpa.deny) == 0 with input as other_area
}

# Attack: spell California so that it matches no code. Lower case, blanks, the state's name, the
# whole United States or "global" still reach California consumers; another state or country
# written as a code does not.
test_ccpa_applies_however_the_region_is_spelled if {
	sold := object.union(good_pd, {"ccpa": object.union(good_pd.ccpa, {"sold": true})})
	every r in ["us-ca", "US-CA ", "California", "US", "global", "USA"] {
		inp := json.patch(with_pd(object.union(sold, {"subject_regions": [r]})), [{"op": "replace", "path": "/manifest/jurisdictions", "value": [r]}])
		"ccpa-opt-out" in ids(ccpa.deny) with input as inp
	}
	every r in ["US-NY", "EU", "de", "JP"] {
		inp := json.patch(with_pd(object.union(sold, {"subject_regions": [r]})), [{"op": "replace", "path": "/manifest/jurisdictions", "value": [r]}])
		not "ccpa-opt-out" in ids(ccpa.deny) with input as inp
	}
}

# Attack: contains false (or nothing) over personal categories or fields.
test_personal_fields_outweigh_a_contains_false_claim if {
	sold := object.union(good_pd, {"contains_personal_data": false, "ccpa": object.union(good_pd.ccpa, {"sold": true})})
	"ccpa-opt-out" in ids(ccpa.deny) with input as with_pd(sold)
	"ccpa-opt-out" in ids(ccpa.deny) with input as with_pd(object.remove(sold, ["contains_personal_data"]))
	no_signals := object.union(sold, {"categories": []})
	not "ccpa-opt-out" in ids(ccpa.deny) with input as with_pd(no_signals)
}

# Attack: a health field written " Health" is still sensitive personal information.
test_field_categories_are_compared_without_case if {
	inp := json.patch(with_pd(good_pd), [{"op": "replace", "path": "/datasets/0/fields", "value": [{"name": "diagnosis", "personal": " Health"}]}])
	"ccpa-sensitive-limit" in ids(ccpa.deny) with input as inp
}

# Attack (red team): a release that states neither its jurisdictions nor its data subjects'
# regions escaped the CCPA; where it goes is then unknown, so the CCPA applies.
test_no_region_stated_applies_ccpa if {
	pd := object.remove(good_pd, ["ccpa", "subject_regions"])
	inp := json.remove(with_pd(pd), ["manifest/jurisdictions"])
	"ccpa-notice-at-collection" in ids(ccpa.deny) with input as inp
	outside := json.patch(inp, [{"op": "add", "path": "/manifest/jurisdictions", "value": ["JP"]}])
	not "ccpa-notice-at-collection" in ids(ccpa.deny) with input as outside
}
