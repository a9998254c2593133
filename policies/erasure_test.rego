package modelgate.erasure_test

import data.modelgate.erasure

ids(findings) := {f.id | some f in findings}

only(findings, id) := [f | some f in findings; f.id == id]

# A dataset of loan applicants from the given regions that says it holds personal data.
dataset(regions) := {
	"name": "loans",
	"source": {"path": "data/dataset.yaml"},
	"personal_data": {
		"contains_personal_data": true,
		"categories": ["identity", "financial"],
		"subject_regions": regions,
		"ccpa": {"deidentified": false},
	},
	"fields": [{"name": "income", "personal": "financial"}],
	"lines": {},
}

both := dataset(["EU", "US-CA"])

# `both` with its personal-data block replaced (object.union would merge it).
with_pd(pd) := object.union(object.remove(both, ["personal_data"]), {"personal_data": pd})

# An erasure block that meets both deadlines (28 and 45 days).
good := {
	"model_may_output_personal_data": true,
	"process": "RUNBOOK-DSR-7: erasure requests from the privacy portal",
	"sla_days": 28,
	"model_scope": "retrain",
	"retrain_cadence_days": 28,
	"recipients_notified": true,
}

# A business the CCPA reaches, whatever thresholds the CCPA area checks.
organisation := {"name": "Example Bank", "ccpa": {"for_profit": true, "annual_gross_revenue_usd": 900000000, "consumers_bought_sold_shared": 0, "revenue_share_from_selling_percent": 0, "exemptions": []}}

release(datasets, manifest_extra) := {
	"manifest": object.union(
		{"name": "credit-risk-scorer", "source": {"path": "modelgate.yaml"}, "risk_tier": "high", "jurisdictions": ["EU", "US-CA"]},
		manifest_extra,
	),
	"datasets": datasets,
	"organisation": organisation,
}

with_block(b) := release([both], {"erasure": b})

# good with some keys replaced.
patched(facts) := with_block(object.union(good, facts))

# good without some keys.
without(keys) := with_block(object.remove(good, keys))

gdpr_msg(findings) := f.msg if [f] := only(findings, "gdpr-erasure-propagation")

ccpa_msg(findings) := f.msg if [f] := only(findings, "ccpa-deletion-propagation")

test_compliant_release_passes if {
	count(erasure.deny) == 0 with input as with_block(good)
}

# Attack: the release trained on personal data simply leaves the erasure block out.
test_block_omitted_denied_under_both_laws if {
	findings := erasure.deny with input as release([both], {})
	ids(findings) == {"gdpr-erasure-propagation", "ccpa-deletion-propagation"}
	[f] := only(findings, "gdpr-erasure-propagation")
	f.msg == "the model is trained on personal data of EU/EEA data subjects (loans) and may output it, but its erasure path into the weights lacks a spec.erasure block"
	f.file == "modelgate.yaml"
	f.pointer == "/spec/erasure"
	f.target == "credit-risk-scorer"
	[g] := only(findings, "ccpa-deletion-propagation")
	g.msg == "the model is trained on personal data of California consumers (loans) and may output it, but its erasure path into the weights lacks a spec.erasure block"
}

# Attack: the model is declared unable to output personal data, with nothing to show for it
# (e.g. while its card says it was trained on raw customer text).
test_unsupported_false_claim_denied if {
	findings := erasure.deny with input as with_block({"model_may_output_personal_data": false})
	ids(findings) == {"gdpr-erasure-propagation", "ccpa-deletion-propagation"}
	contains(gdpr_msg(findings), "an anonymity assessment for modelMayOutputPersonalData: false (anonymityAssessment)")
	contains(gdpr_msg(findings), "the request process (process)")
}

test_placeholder_assessment_is_no_assessment if {
	findings := erasure.deny with input as with_block({"model_may_output_personal_data": false, "anonymity_assessment": " N/A "})
	ids(findings) == {"gdpr-erasure-propagation", "ccpa-deletion-propagation"}
}

test_assessed_claim_takes_the_model_out_of_scope if {
	count(erasure.deny) == 0 with input as with_block({"model_may_output_personal_data": false, "anonymity_assessment": "MIA-2024-03: membership-inference and extraction tests"})
}

# A true flag, or none at all, leaves the model in scope.
test_flag_absent_is_in_scope if {
	findings := erasure.deny with input as without(["model_may_output_personal_data", "process"])
	ids(findings) == {"gdpr-erasure-propagation", "ccpa-deletion-propagation"}
}

# Attack: quarterly retraining keeps the person's data in the weights for up to 90 days.
test_retrain_cadence_longer_than_deadline_denied if {
	findings := erasure.deny with input as patched({"retrain_cadence_days": 90})
	contains(gdpr_msg(findings), "retraining within 28 days (retrainCadenceDays is 90)")
	contains(ccpa_msg(findings), "retraining within 45 days (retrainCadenceDays is 90)")
}

test_cadence_between_the_deadlines_fails_only_gdpr if {
	findings := erasure.deny with input as patched({"retrain_cadence_days": 40})
	ids(findings) == {"gdpr-erasure-propagation"}
}

test_retrain_without_cadence_denied if {
	findings := erasure.deny with input as without(["retrain_cadence_days"])
	contains(gdpr_msg(findings), "how often the model is retrained without erased records (retrainCadenceDays)")
	contains(ccpa_msg(findings), "retrainCadenceDays")
}

# A calendar month is 28 days at its shortest: a 30-day SLA misses February's deadline.
test_sla_of_thirty_days_misses_the_month if {
	findings := erasure.deny with input as patched({"sla_days": 30})
	ids(findings) == {"gdpr-erasure-propagation"}
	contains(gdpr_msg(findings), "a deadline within 28 days (slaDays is 30)")
}

test_sla_beyond_45_days_fails_both if {
	findings := erasure.deny with input as patched({"sla_days": 46})
	ids(findings) == {"gdpr-erasure-propagation", "ccpa-deletion-propagation"}
	contains(ccpa_msg(findings), "a deadline within 45 days (slaDays is 46)")
}

test_sla_missing_denied if {
	findings := erasure.deny with input as without(["sla_days"])
	contains(gdpr_msg(findings), "the days within which a request is carried out (slaDays)")
}

test_deadline_is_a_parameter if {
	count(erasure.deny) == 0 with input as patched({"sla_days": 40, "retrain_cadence_days": 40})
		with data.modelgate.params.erasure as {"gdpr_deadline_days": 40}
}

# Attack: an output filter is offered as erasure; the data stays in the weights.
test_output_filter_is_not_erasure if {
	findings := erasure.deny with input as patched({"model_scope": "output_filter"})
	ids(findings) == {"gdpr-erasure-propagation", "ccpa-deletion-propagation"}
	contains(gdpr_msg(findings), "a technique that takes the data out of the weights (modelScope \"output_filter\" leaves it there; use retrain or unlearning)")
	findings2 := erasure.deny with input as patched({"model_scope": "none"})
	count(findings2) == 2
}

test_filter_accepted_when_the_organisation_lists_it if {
	count(erasure.deny) == 0 with input as patched({"model_scope": "suppression"})
		with data.modelgate.params.erasure as {"weight_erasure_scopes": ["retrain", "unlearning", "suppression"]}
}

test_scope_missing_denied if {
	findings := erasure.deny with input as without(["model_scope"])
	contains(gdpr_msg(findings), "what happens to the weights (modelScope: retrain or unlearning)")
}

# Attack: "unlearning" written down with nothing behind it.
test_unlearning_needs_evidence if {
	findings := erasure.deny with input as patched({"model_scope": "unlearning", "retrain_cadence_days": 365})
	contains(gdpr_msg(findings), "evidence that unlearning removes the data (evidence)")
	count(erasure.deny) == 0 with input as patched({"model_scope": "unlearning", "retrain_cadence_days": 365, "evidence": "UNL-VERIFY-2026-02"})
}

test_recipients_must_be_notified if {
	findings := erasure.deny with input as patched({"recipients_notified": false})
	contains(gdpr_msg(findings), "notification of recipients (recipientsNotified)")
	contains(ccpa_msg(findings), "notification of recipients (recipientsNotified)")
	count(erasure.deny) == 2 with input as without(["recipients_notified"])
}

test_placeholder_process_is_no_process if {
	findings := erasure.deny with input as patched({"process": "TBD"})
	contains(gdpr_msg(findings), "the request process (process)")
}

# Attack: the datasheet drops its `contains` flag but still describes personal fields.
test_dropped_contains_flag_is_still_personal if {
	ds := with_pd(object.remove(both.personal_data, ["contains_personal_data"]))
	ids(erasure.deny) == {"gdpr-erasure-propagation", "ccpa-deletion-propagation"} with input as release([ds], {})
}

# Attack: the datasheet says it holds no personal data over fields it marks personal.
test_false_contains_over_personal_fields_is_still_personal if {
	ds := with_pd({"contains_personal_data": false, "subject_regions": ["EU", "US-CA"]})
	ids(erasure.deny) == {"gdpr-erasure-propagation", "ccpa-deletion-propagation"} with input as release([ds], {})
}

test_dataset_without_personal_data_not_in_scope if {
	ds := {"name": "weather", "source": {"path": "data/weather.yaml"}, "personal_data": {"contains_personal_data": false}, "fields": [{"name": "temp"}], "lines": {}}
	count(erasure.deny) == 0 with input as release([ds], {})
}

test_anonymised_dataset_not_in_scope if {
	anon := {"contains_personal_data": false, "subject_regions": ["EU", "US-CA"], "anonymization": {"method": "anonymisation", "justification": "Motivated-intruder test RA-2024-9"}, "ccpa": {"deidentified": true, "deidentified_commitment": {"public_commitment": "https://example.com/deid", "no_reidentification": true, "contractual": true}}}
	ds := with_pd(anon)
	count(erasure.deny) == 0 with input as release([ds], {})
}

test_anonymisation_without_justification_stays_personal if {
	anon := {"contains_personal_data": false, "subject_regions": ["EU"], "anonymization": {"method": "anonymisation"}}
	ds := with_pd(anon)
	ids(erasure.deny) == {"gdpr-erasure-propagation"} with input as release([ds], {"jurisdictions": ["EU"]})
}

# Pseudonymised data is personal data (GDPR Art. 4(5)), whatever the datasheet's contains flag.
test_pseudonymised_dataset_stays_personal if {
	pseudo := object.union(both.personal_data, {"anonymization": {"method": "pseudonymisation", "justification": "keyed hash"}})
	ds := with_pd(pseudo)
	ids(erasure.deny) == {"gdpr-erasure-propagation", "ccpa-deletion-propagation"} with input as release([ds], {})
}

test_ccpa_deidentified_dataset_not_in_ccpa_scope if {
	deid := {"ccpa": {"deidentified": true, "deidentified_commitment": {"public_commitment": "https://example.com/deid", "no_reidentification": true, "contractual": true}}, "anonymization": {"method": "k_anonymity"}}
	ds := with_pd(object.union(both.personal_data, deid))
	ids(erasure.deny) == {"gdpr-erasure-propagation"} with input as release([ds], {})
}

test_eu_only_data_is_gdpr_only if {
	ids(erasure.deny) == {"gdpr-erasure-propagation"} with input as release([dataset(["DE", "FR"])], {})
}

test_california_only_data_is_ccpa_only if {
	ids(erasure.deny) == {"ccpa-deletion-propagation"} with input as release([dataset(["US-CA"])], {})
}

test_other_regions_not_in_scope if {
	count(erasure.deny) == 0 with input as release([dataset(["JP"])], {"jurisdictions": ["JP"]})
}

# A dataset that names no subject regions is judged by the release's jurisdictions.
test_unstated_regions_follow_the_release if {
	ds := with_pd(object.remove(both.personal_data, ["subject_regions"]))
	ids(erasure.deny) == {"gdpr-erasure-propagation"} with input as release([ds], {"jurisdictions": ["EU"]})
}

test_datasets_are_named_in_order if {
	other := object.union(dataset(["EU"]), {"name": "applications-2025"})
	msg := gdpr_msg(erasure.deny) with input as release([both, other], {})
	contains(msg, "(applications-2025, loans)")
}

# Where the organisation's CCPA facts are not declared, the CCPA area assumes it applies and
# says so; the deletion finding carries the same note.
test_ccpa_finding_carries_the_applicability_note if {
	inp := object.remove(release([both], {}), ["organisation"])
	msg := ccpa_msg(erasure.deny) with input as inp
	contains(msg, "the CCPA is assumed to apply")
	not contains(ccpa_msg(erasure.deny), "assumed") with input as release([both], {})
}

# A business below every threshold of 1798.140(d)(1) is no CCPA business.
test_no_ccpa_business_no_deletion_finding if {
	small := {"ccpa": {"for_profit": true, "annual_gross_revenue_usd": 3000000, "consumers_bought_sold_shared": 4000, "revenue_share_from_selling_percent": 0}}
	inp := object.union(release([both], {}), {"organisation": small})
	ids(erasure.deny) == {"gdpr-erasure-propagation"} with input as inp
}

# --- Red-team attacks ---------------------------------------------------------------------------

# Attack: placeholders with punctuation, other words or invisible characters stand in for the
# anonymity assessment or the request process.
test_disguised_placeholders_are_no_assessment if {
	every ph in ["TBD.", "None yet", "\u200b", "n / a", "Pending!", "-- "] {
		findings := erasure.deny with input as with_block({"model_may_output_personal_data": false, "anonymity_assessment": ph})
		ids(findings) == {"gdpr-erasure-propagation", "ccpa-deletion-propagation"}
		ids(erasure.deny) == {"gdpr-erasure-propagation", "ccpa-deletion-propagation"} with input as patched({"process": ph})
	}
}

# Attack: spell the dataset's subject regions so that they match no code of the area ("de",
# "us-ca ", "California"): the erasure rules still reach the data.
test_subject_regions_are_read_as_the_areas_read_them if {
	slow := object.union(good, {"sla_days": 40, "retrain_cadence_days": 40})
	every r in ["de", " DE-BY", "Germany"] {
		ds := with_pd(object.union(both.personal_data, {"subject_regions": [r]}))
		"gdpr-erasure-propagation" in ids(erasure.deny) with input as release([ds], {"erasure": slow})
	}
	every r in ["us-ca", "California", "US"] {
		ds := with_pd(object.union(both.personal_data, {"subject_regions": [r]}))
		"ccpa-deletion-propagation" in ids(erasure.deny) with input as release([ds], {"erasure": object.union(good, {"sla_days": 60})})
	}
	jp := with_pd(object.union(both.personal_data, {"subject_regions": ["JP"]}))
	count(erasure.deny) == 0 with input as release([jp], {"erasure": slow})
}
