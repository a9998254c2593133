package modelgate.highrisk_test

import data.modelgate.highrisk

ids(findings) := {f.id | some f in findings}

deny_ids(inp) := x if {
	x := ids(highrisk.deny) with input as inp
}

# The deny findings of rule `id` for input `inp`.
findings(id, inp) := {f | some f in highrisk.deny with input as inp; f.id == id}

params(p) := {"highrisk": p}

# A credit scorer (Annex III 5(b)) that Example Bank provides and deploys itself, with every
# duty met.
high_risk_block := {
	"risk_management": "RMS-CRS-2026 (risk register v7)",
	"risk_management_reviewed": "2026-10-15",
	"logged_events": ["scoring request: input reference, model version, score", "underwriter decision and override"],
	"declared_accuracy": {"metric": "accuracy", "value": 0.91, "dataset": "example-bank/loan-applications-2024"},
	"quality_management": "QMS-RISK-ML (Art. 17(4) internal governance)",
	"conformity_assessment": {"route": "internal_control", "reference": "CA-CRS-2.3.0", "date": "2026-11-10"},
	"declaration_of_conformity": "DoC-CRS-2.3.0",
	"eu_database_registration": "EU-DB-HR-000123",
	"post_market_monitoring": "PMM-CRS plan v2",
	"serious_incident_procedure": "INC-AI-01 (15/10/2-day reporting)",
}

deployer_block := {
	"instructions_for_use": "IFU credit-risk-scorer 2.3.0",
	"oversight_assignee": "Credit underwriting team leads",
	"input_data_control": "Application data validated against the loan origination schema",
	"monitoring": "Weekly drift and override-rate review",
	"log_retention_days": 400,
	"affected_persons_informed": "Application form and decision letter",
	"fria": {"reference": "FRIA-CRS-2026", "date": "2026-11-12", "authority_notified": true},
	"explanation_process": "Complaints and explanations desk, 30-day answer",
}

base := {
	"manifest": {
		"name": "credit-risk-scorer",
		"risk_tier": "high",
		"jurisdictions": ["EU", "US-CA"],
		"intended_deployment": "Scores consumer loan applications for human underwriters at Example Bank.",
		"source": {"path": "modelgate.yaml"},
		"eu_ai_act": {"role": "provider_and_deployer", "annex_iii": "5(b)"},
		"high_risk": high_risk_block,
		"deployer": deployer_block,
	},
	"model": {
		"source": {"path": "README.md"},
		"metrics": [
			{"type": "roc_auc", "name": "ROC AUC", "value": 0.874, "dataset": "example-bank/loan-applications-2024", "split": "test"},
			{"type": "accuracy", "name": "Accuracy", "value": 0.912, "dataset": "example-bank/loan-applications-2024", "split": "test"},
		],
	},
	"robustness": [{"source": {"path": "eval/robustness.json", "sha256": "ee"}, "clean_accuracy": 0.912, "attacks": [{"name": "pgd", "clean_accuracy": 0.912}]}],
	"signatures": [{"source": {"path": "eval/robustness.json.sigstore.json"}, "verified": true, "covers": ["ee"]}],
	"organisation": {"name": "Example Bank", "public_authority": false},
	"context": {"now": "2026-12-06T12:00:00Z", "now_ns": time.parse_rfc3339_ns("2026-12-06T12:00:00Z")},
}

# `base` with manifest values set (JSON patch "add" replaces or creates a key).
with_manifest(path, value) := json.patch(base, [{"op": "add", "path": sprintf("/manifest/%s", [path]), "value": value}])

without_manifest(path) := json.remove(base, [sprintf("manifest/%s", [path])])

provider_ids := {
	"hr-risk-management", "hr-risk-management-review", "hr-logging", "hr-accuracy-declared",
	"hr-accuracy-overstated", "hr-accuracy-unsupported", "hr-qms", "hr-conformity-assessment",
	"hr-conformity-route", "hr-declaration-of-conformity", "hr-eu-database-registration",
	"hr-post-market-monitoring", "hr-serious-incident-procedure", "hr-test-report-signed",
}

deployer_ids := {
	"hr-deployer-instructions", "hr-deployer-oversight", "hr-deployer-input-data",
	"hr-deployer-monitoring", "hr-deployer-log-retention", "hr-deployer-workers-informed",
	"hr-deployer-persons-informed", "hr-fria", "hr-fria-notified", "hr-explanation",
	"hr-deployer-registration",
}

# ---------------------------------------------------------------------------------------------
# Scope

test_complete_release_passes if {
	count(highrisk.deny) == 0 with input as base
}

bare := json.remove(base, ["manifest/high_risk", "manifest/deployer"])

test_bare_high_risk_release_owes_every_duty if {
	provider_ids - {"hr-accuracy-overstated", "hr-accuracy-unsupported", "hr-conformity-route", "hr-test-report-signed"} == deny_ids(bare) & provider_ids
	deployer_ids - {"hr-deployer-workers-informed", "hr-deployer-registration"} == deny_ids(bare) & deployer_ids
}

# Attack: high-risk articles must not fire below high.
test_not_below_high if {
	# A use in no Annex III area, so that its declared tier is its tier.
	neutral := json.patch(bare, [
		{"op": "replace", "path": "/manifest/intended_deployment", "value": "Routes support tickets to the right team."},
		{"op": "replace", "path": "/manifest/eu_ai_act/annex_iii", "value": "none"},
	])
	every t in ["limited", "minimal"] {
		count(deny_ids(json.patch(neutral, [{"op": "replace", "path": "/manifest/risk_tier", "value": t}]))) == 0
	}
	"hr-qms" in deny_ids(neutral)
}

# A release without a manifest tier is judged as high (lib.tier fails closed).
test_undeclared_tier_judged_high if {
	"hr-qms" in deny_ids(json.remove(bare, ["manifest/risk_tier"]))
}

test_only_on_the_union_market if {
	count(deny_ids(json.patch(bare, [{"op": "replace", "path": "/manifest/jurisdictions", "value": ["US-CA"]}]))) == 0
	# Member States count, in any case.
	"hr-qms" in deny_ids(json.patch(bare, [{"op": "replace", "path": "/manifest/jurisdictions", "value": ["us-ca", "de"]}]))
	# No jurisdiction stated: judged as on the Union market.
	"hr-qms" in deny_ids(json.remove(bare, ["manifest/jurisdictions"]))
}

# Attack: the Union spelled around the list ("E.U.", "Europe", "EU27", a padded code). Only ISO
# 3166 codes of countries outside it take the duties away.
test_union_market_spelled_around_the_list if {
	every js in [["E.U."], ["Europe"], ["EU27"], ["DE "], ["Deutschland"], ["EU-DE"]] {
		"hr-qms" in deny_ids(json.patch(bare, [{"op": "replace", "path": "/manifest/jurisdictions", "value": js}]))
	}
	count(deny_ids(json.patch(bare, [{"op": "replace", "path": "/manifest/jurisdictions", "value": ["US", "uk", "CH"]}]))) == 0
}

test_roles if {
	as_deployer := json.patch(bare, [{"op": "replace", "path": "/manifest/eu_ai_act/role", "value": "deployer"}])
	count(deny_ids(as_deployer) & provider_ids) == 0
	"hr-deployer-oversight" in deny_ids(as_deployer)
	as_provider := json.patch(bare, [{"op": "replace", "path": "/manifest/eu_ai_act/role", "value": "provider"}])
	count(deny_ids(as_provider) & deployer_ids) == 0
	"hr-qms" in deny_ids(as_provider)
}

# Attack: leaving the role out does not switch duties off.
test_unstated_role_is_both if {
	inp := json.remove(bare, ["manifest/eu_ai_act/role"])
	{"hr-qms", "hr-deployer-oversight"} & deny_ids(inp) == {"hr-qms", "hr-deployer-oversight"}
	some f in findings("hr-qms", inp)
	endswith(f.msg, "(spec.euAiAct.role is not stated: judged as provider and deployer)")
	f.file == "modelgate.yaml"
	f.pointer == "/spec/highRisk/qualityManagement"
}

# ---------------------------------------------------------------------------------------------
# Provider duties

test_each_provider_reference_required if {
	every path, id in {
		"high_risk/risk_management": "hr-risk-management",
		"high_risk/quality_management": "hr-qms",
		"high_risk/declaration_of_conformity": "hr-declaration-of-conformity",
		"high_risk/eu_database_registration": "hr-eu-database-registration",
		"high_risk/post_market_monitoring": "hr-post-market-monitoring",
		"high_risk/serious_incident_procedure": "hr-serious-incident-procedure",
		"high_risk/conformity_assessment": "hr-conformity-assessment",
		"high_risk/declared_accuracy": "hr-accuracy-declared",
		"high_risk/logged_events": "hr-logging",
		"high_risk/risk_management_reviewed": "hr-risk-management-review",
	} {
		deny_ids(without_manifest(path)) == {id}
	}
}

# Attack: a reference that names nothing is no reference.
test_placeholders_are_not_references if {
	every v in ["", "  ", "N/A", "tbd", "None", "[More Information Needed]"] {
		"hr-risk-management" in deny_ids(with_manifest("high_risk/risk_management", v))
	}
	"hr-risk-management" in deny_ids(with_manifest("high_risk/risk_management", 7))
	"hr-risk-management" in deny_ids(with_manifest("high_risk/risk_management", "n/a")) with data.modelgate.params as params({"placeholders": ["n/a"]})
	not "hr-risk-management" in deny_ids(with_manifest("high_risk/risk_management", "tbd")) with data.modelgate.params as params({"placeholders": ["n/a"]})
}

test_risk_management_review_dated_and_recent if {
	"hr-risk-management-review" in deny_ids(with_manifest("high_risk/risk_management_reviewed", "last spring"))
	"hr-risk-management-review" in deny_ids(with_manifest("high_risk/risk_management_reviewed", "2026-02-31"))
	"hr-risk-management-review" in deny_ids(with_manifest("high_risk/risk_management_reviewed", "2026-02-29"))
	"hr-risk-management-review" in deny_ids(with_manifest("high_risk/risk_management_reviewed", "2026-04-31"))
	not "hr-risk-management-review" in deny_ids(with_manifest("high_risk/risk_management_reviewed", "2026-02-28"))
	highrisk.date_ns("2024-02-29") == time.parse_rfc3339_ns("2024-02-29T00:00:00Z")
	not highrisk.date_ns("2100-02-29")
	future := findings("hr-risk-management-review", with_manifest("high_risk/risk_management_reviewed", "2027-01-01"))
	some f in future
	f.msg == "high-risk provider: the risk management review date 2027-01-01 is after the evaluation time 2026-12-06T12:00:00Z"
	old := findings("hr-risk-management-review", with_manifest("high_risk/risk_management_reviewed", "2025-06-01"))
	some g in old
	g.msg == "high-risk provider: the risk management was last reviewed on 2025-06-01, 553 days ago (limit 365; Art. 9(2) \"regular systematic review\")"
	not "hr-risk-management-review" in deny_ids(with_manifest("high_risk/risk_management_reviewed", "2025-06-01")) with data.modelgate.params as params({"risk_review_max_age_days": 600})
}

test_logging_needs_named_events if {
	"hr-logging" in deny_ids(with_manifest("high_risk/logged_events", []))
	"hr-logging" in deny_ids(with_manifest("high_risk/logged_events", [" ", "n/a"]))
	"hr-logging" in deny_ids(base) with data.modelgate.params as params({"min_logged_events": 3})
}

# ---------------------------------------------------------------------------------------------
# Declared accuracy against the evidence

declaring(acc) := with_manifest("high_risk/declared_accuracy", acc)

# Attack: the instructions for use promise 0.95 while the robustness report measured 0.80.
test_accuracy_above_the_robustness_report_denied if {
	inp := json.patch(declaring({"metric": "accuracy", "value": 0.95}), [
		{"op": "replace", "path": "/robustness/0/clean_accuracy", "value": 0.8},
		{"op": "replace", "path": "/robustness/0/attacks/0/clean_accuracy", "value": 0.96},
		{"op": "replace", "path": "/model/metrics/1/value", "value": 0.96},
	])
	fs := findings("hr-accuracy-overstated", inp)
	some f in fs
	f.msg == "high-risk provider: the instructions for use declare accuracy 0.95, but robustness report eval/robustness.json (clean accuracy) measured 0.8 (Art. 15(3), 13(3)(b)(ii))"
	count(fs) == 1
	# Every measurement the declaration beats is named, in one finding.
	all := findings("hr-accuracy-overstated", declaring({"metric": "accuracy", "value": 0.95}))
	count(all) == 1
	some g in all
	g.msg == "high-risk provider: the instructions for use declare accuracy 0.95, but model card result Accuracy on example-bank/loan-applications-2024 measured 0.912; robustness report eval/robustness.json (clean accuracy) measured 0.912; robustness report eval/robustness.json, attack pgd (clean accuracy) measured 0.912 (Art. 15(3), 13(3)(b)(ii))"
	f.pointer == "/spec/highRisk/declaredAccuracy/value"
}

test_accuracy_above_the_card_denied if {
	"hr-accuracy-overstated" in deny_ids(declaring({"metric": "ROC-AUC", "value": 0.9}))
	# Aliases and spellings name the same metric.
	"hr-accuracy-overstated" in deny_ids(declaring({"metric": "AUC", "value": 0.9}))
	not "hr-accuracy-overstated" in deny_ids(declaring({"metric": "roc auc", "value": 0.874}))
	# Within the tolerance.
	not "hr-accuracy-overstated" in deny_ids(declaring({"metric": "accuracy", "value": 0.915}))
	"hr-accuracy-overstated" in deny_ids(declaring({"metric": "accuracy", "value": 0.915})) with data.modelgate.params as params({"accuracy_tolerance": 0})
	# A level written as a percentage is not the measured fraction.
	"hr-accuracy-overstated" in deny_ids(declaring({"metric": "accuracy", "value": 91.2}))
}

# Attack: a training-split result does not back a declared level.
test_training_split_is_no_evidence if {
	inp := json.patch(declaring({"metric": "f1", "value": 0.99}), [{"op": "add", "path": "/model/metrics/-", "value": {"type": "f1", "value": 0.99, "dataset": "example-bank/loan-applications-2024", "split": "train"}}])
	deny_ids(inp) & {"hr-accuracy-unsupported", "hr-accuracy-overstated"} == {"hr-accuracy-unsupported"}
}

# Attack: a metric nothing measured cannot be checked, whatever its value.
test_unmeasured_metric_denied if {
	some f in findings("hr-accuracy-unsupported", declaring({"metric": "balanced_accuracy", "value": 0.99}))
	f.msg == "high-risk provider: the declared accuracy metric balanced_accuracy is measured by none of the model card's results or robustness reports (Art. 15(3), Annex IV(2)(g))"
	# A dataset the card has no result for.
	"hr-accuracy-unsupported" in deny_ids(declaring({"metric": "roc_auc", "value": 0.8, "dataset": "some-other-set"}))
	not "hr-accuracy-unsupported" in deny_ids(declaring({"metric": "roc_auc", "value": 0.8, "dataset": "Example-Bank/Loan-Applications-2024"}))
}

test_lower_is_better_metrics if {
	inp := json.patch(declaring({"metric": "error rate", "value": 0.05}), [{"op": "add", "path": "/model/metrics/-", "value": {"type": "error_rate", "value": 0.088, "dataset": "d", "split": "test"}}])
	"hr-accuracy-overstated" in deny_ids(inp)
	honest := json.patch(inp, [{"op": "replace", "path": "/manifest/high_risk/declared_accuracy/value", "value": 0.09}])
	not "hr-accuracy-overstated" in deny_ids(honest)
}

test_accuracy_needs_metric_and_number if {
	"hr-accuracy-declared" in deny_ids(declaring({"metric": "accuracy"}))
	"hr-accuracy-declared" in deny_ids(declaring({"metric": "accuracy", "value": "0.91"}))
	"hr-accuracy-declared" in deny_ids(declaring({"metric": " ", "value": 0.91}))
}

# ---------------------------------------------------------------------------------------------
# Conformity assessment

assessing(ca) := with_manifest("high_risk/conformity_assessment", ca)

test_conformity_assessment_complete if {
	some a in findings("hr-conformity-assessment", without_manifest("high_risk/conformity_assessment"))
	a.msg == "high-risk provider: spec.highRisk.conformityAssessment names no conformity assessment (route and reference; Art. 16(f), 43)"
	count(findings("hr-conformity-assessment", without_manifest("high_risk/conformity_assessment"))) == 1
	"hr-conformity-assessment" in deny_ids(assessing({"route": "internal_control"}))
	"hr-conformity-assessment" in deny_ids(assessing({"reference": "CA-1"}))
	"hr-conformity-assessment" in deny_ids(assessing({"route": "self-declared", "reference": "CA-1"}))
	"hr-conformity-assessment" in deny_ids(assessing({"route": "internal_control", "reference": "CA-1", "date": "soon"}))
	some f in findings("hr-conformity-assessment", assessing({"route": "internal_control", "reference": "CA-1", "date": "2027-03-01"}))
	f.msg == "high-risk provider: the conformity assessment is dated 2027-03-01, after the evaluation time 2026-12-06T12:00:00Z: it has not been carried out"
	# Routes are compared as written in any case and spacing.
	count(deny_ids(assessing({"route": "Internal Control", "reference": "CA-1"}))) == 0
	count(deny_ids(assessing({"route": "annex-VI", "reference": "CA-1"}))) == 0
}

test_route_fits_the_annex_iii_point if {
	# Points 2 to 8: internal control, without a notified body (Art. 43(2)).
	some f in findings("hr-conformity-route", assessing({"route": "notified_body", "reference": "NB-1"}))
	f.msg == "high-risk provider: for Annex III point 5 the procedure is internal control under Annex VI, which does not involve a notified body (Art. 43(2)); route notified_body is not that procedure"
	# Point 1: internal control only with harmonised standards applied in full (Art. 43(1)).
	biometric := with_manifest("eu_ai_act/annex_iii", "1(a)")
	"hr-conformity-route" in deny_ids(biometric)
	with_standards := json.patch(biometric, [{"op": "add", "path": "/manifest/high_risk/conformity_assessment/harmonised_standards", "value": ["EN ISO/IEC 00000"]}])
	not "hr-conformity-route" in deny_ids(with_standards)
	nb := json.patch(biometric, [{"op": "replace", "path": "/manifest/high_risk/conformity_assessment/route", "value": "notified_body"}])
	not "hr-conformity-route" in deny_ids(nb)
}

test_registration_not_for_point_2 if {
	inp := without_manifest("high_risk/eu_database_registration")
	"hr-eu-database-registration" in deny_ids(inp)
	not "hr-eu-database-registration" in deny_ids(json.patch(inp, [{"op": "replace", "path": "/manifest/eu_ai_act/annex_iii", "value": "2"}]))
	# An Annex I product that is in no Annex III point.
	not "hr-eu-database-registration" in deny_ids(json.patch(inp, [{"op": "replace", "path": "/manifest/eu_ai_act/annex_iii", "value": "none"}]))
	# Not stating the point fails closed.
	"hr-eu-database-registration" in deny_ids(json.remove(inp, ["manifest/eu_ai_act/annex_iii"]))
}

# ---------------------------------------------------------------------------------------------
# Deployer duties

test_each_deployer_reference_required if {
	every path, id in {
		"deployer/instructions_for_use": "hr-deployer-instructions",
		"deployer/oversight_assignee": "hr-deployer-oversight",
		"deployer/input_data_control": "hr-deployer-input-data",
		"deployer/monitoring": "hr-deployer-monitoring",
		"deployer/log_retention_days": "hr-deployer-log-retention",
		"deployer/affected_persons_informed": "hr-deployer-persons-informed",
		"deployer/explanation_process": "hr-explanation",
	} {
		deny_ids(without_manifest(path)) == {id}
	}
}

test_logs_kept_six_months if {
	some f in findings("hr-deployer-log-retention", with_manifest("deployer/log_retention_days", 90))
	f.msg == "high-risk deployer: logs are kept 90 days (spec.deployer.logRetentionDays, or the operations plan's logging.retentionDays where shorter), less than the 184 days (six months) of Art. 26(6)"
	"hr-deployer-log-retention" in deny_ids(with_manifest("deployer/log_retention_days", 183))
	not "hr-deployer-log-retention" in deny_ids(with_manifest("deployer/log_retention_days", 184))
	"hr-deployer-log-retention" in deny_ids(with_manifest("deployer/log_retention_days", 0))
}

test_workers_informed_at_the_workplace if {
	not "hr-deployer-workers-informed" in deny_ids(base)
	"hr-deployer-workers-informed" in deny_ids(with_manifest("deployer/workplace", true))
	# Employment systems are used at the workplace whatever spec.deployer.workplace says.
	hiring := json.patch(base, [
		{"op": "replace", "path": "/manifest/eu_ai_act/annex_iii", "value": "4(a)"},
		{"op": "add", "path": "/manifest/deployer/workplace", "value": false},
	])
	"hr-deployer-workers-informed" in deny_ids(hiring)
	not "hr-deployer-workers-informed" in deny_ids(json.patch(hiring, [{"op": "add", "path": "/manifest/deployer/workers_informed", "value": "Works council consulted 2026-09"}]))
}

test_explanation_not_for_point_2 if {
	inp := json.patch(without_manifest("deployer/explanation_process"), [{"op": "replace", "path": "/manifest/eu_ai_act/annex_iii", "value": "2"}])
	not "hr-explanation" in deny_ids(inp)
}

# ---------------------------------------------------------------------------------------------
# Fundamental rights impact assessment (Art. 27)

no_fria := without_manifest("deployer/fria")

test_fria_for_credit_scoring if {
	some f in findings("hr-fria", no_fria)
	f.msg == "high-risk deployer (Annex III point 5(b)/(c): creditworthiness, life and health insurance): spec.deployer.fria names no fundamental rights impact assessment (Art. 27(1))"
	"hr-fria-notified" in deny_ids(no_fria)
	# Spellings of the point.
	"hr-fria" in deny_ids(json.patch(no_fria, [{"op": "replace", "path": "/manifest/eu_ai_act/annex_iii", "value": "5 (B)"}]))
	"hr-fria" in deny_ids(json.patch(no_fria, [{"op": "replace", "path": "/manifest/eu_ai_act/annex_iii", "value": "5c"}]))
}

# Attack: declaring another point does not hide a credit-scoring use.
test_fria_from_the_described_use if {
	inp := json.patch(no_fria, [{"op": "replace", "path": "/manifest/eu_ai_act/annex_iii", "value": "4(b)"}])
	"hr-fria" in deny_ids(inp)
	other := json.patch(inp, [{"op": "replace", "path": "/manifest/intended_deployment", "value": "Allocates shifts to warehouse staff."}])
	not "hr-fria" in deny_ids(other)
}

test_fria_for_public_bodies if {
	hiring := json.patch(no_fria, [
		{"op": "replace", "path": "/manifest/eu_ai_act/annex_iii", "value": "4(a)"},
		{"op": "replace", "path": "/manifest/intended_deployment", "value": "Ranks applicants for municipal jobs."},
	])
	not "hr-fria" in deny_ids(hiring)
	public := json.patch(hiring, [{"op": "replace", "path": "/organisation/public_authority", "value": true}])
	some f in findings("hr-fria", public)
	startswith(f.msg, "high-risk deployer (a public body or private entity providing public services): ")
	"hr-fria" in deny_ids(json.patch(hiring, [{"op": "add", "path": "/manifest/deployer/public_service", "value": true}]))
	# Not for critical infrastructure (point 2).
	grid := json.patch(public, [{"op": "replace", "path": "/manifest/eu_ai_act/annex_iii", "value": "2"}])
	not "hr-fria" in deny_ids(grid)
}

test_fria_when_the_point_is_unknown if {
	inp := json.remove(no_fria, ["manifest/eu_ai_act/annex_iii"])
	neutral := json.patch(inp, [{"op": "replace", "path": "/manifest/intended_deployment", "value": "Routes support tickets."}])
	some f in findings("hr-fria", neutral)
	startswith(f.msg, "high-risk deployer (spec.euAiAct.annexIII not stated): ")
}

test_fria_performed_before_use_and_notified if {
	count(findings("hr-fria", no_fria)) == 1
	"hr-fria" in deny_ids(with_manifest("deployer/fria", {"reference": "FRIA-1", "authority_notified": true}))
	"hr-fria" in deny_ids(with_manifest("deployer/fria", {"reference": "FRIA-1", "date": "2027-01-10", "authority_notified": true}))
	not "hr-fria" in deny_ids(with_manifest("deployer/fria", {"reference": "FRIA-1", "date": "2026-12-01", "authority_notified": true}))
	"hr-fria-notified" in deny_ids(with_manifest("deployer/fria", {"reference": "FRIA-1", "date": "2026-12-01", "authority_notified": false}))
	"hr-fria-notified" in deny_ids(with_manifest("deployer/fria", {"reference": "FRIA-1", "date": "2026-12-01"}))
}

test_public_deployer_registers_its_use if {
	public := json.patch(base, [{"op": "replace", "path": "/organisation/public_authority", "value": true}])
	"hr-deployer-registration" in deny_ids(public)
	not "hr-deployer-registration" in deny_ids(json.patch(public, [{"op": "add", "path": "/manifest/deployer/eu_database_registration", "value": "EU-DB-DEP-77"}]))
}

# Attack (legal review S12): a high-risk release whose test report no one signed, whose
# signature does not verify or covers another version of the report.
test_unsigned_test_report_denied if {
	some f in findings("hr-test-report-signed", json.patch(base, [{"op": "replace", "path": "/signatures", "value": []}]))
	f.file == "eval/robustness.json"
	unverified := json.patch(base, [{"op": "replace", "path": "/signatures/0/verified", "value": false}])
	"hr-test-report-signed" in deny_ids(unverified)
	older := json.patch(base, [{"op": "replace", "path": "/signatures/0/covers", "value": ["ef"]}])
	"hr-test-report-signed" in deny_ids(older)
	not "hr-test-report-signed" in deny_ids(base)
}

test_test_report_signature_not_needed_below_high if {
	neutral := json.patch(base, [
		{"op": "replace", "path": "/manifest/intended_deployment", "value": "Routes support tickets to the right team."},
		{"op": "replace", "path": "/manifest/eu_ai_act/annex_iii", "value": "none"},
		{"op": "replace", "path": "/manifest/risk_tier", "value": "limited"},
		{"op": "replace", "path": "/signatures", "value": []},
	])
	not "hr-test-report-signed" in deny_ids(neutral)
}

# ---------------------------------------------------------------------------------------------
# The operations plan (policies/operations.rego) as evidence of the same duties

with_plan(inp, plan) := object.union(inp, {"operations": {"plan": plan}})

# Monitored metrics are part of a post-market monitoring system, not its plan (Art. 72(2)-(3)).
test_plan_monitoring_is_no_post_market_monitoring_plan if {
	inp := without_manifest("high_risk/post_market_monitoring")
	"hr-post-market-monitoring" in deny_ids(with_plan(inp, {"metrics": [{"kind": "performance", "name": "acc", "threshold": 0.8, "direction": "below"}]}))
}

test_plan_states_serious_incident_reporting if {
	inp := without_manifest("high_risk/serious_incident_procedure")
	not "hr-serious-incident-procedure" in deny_ids(with_plan(inp, {"incidents": {"serious_incident_reporting": "Art. 73 within 15 days"}}))
	"hr-serious-incident-procedure" in deny_ids(with_plan(inp, {"incidents": {"serious_incident_reporting": "tbd"}}))
}

# Attack: the manifest claims 400 days while the operations plan keeps logs 30: the shorter
# period is what is kept.
test_shorter_plan_retention_counts if {
	some f in findings("hr-deployer-log-retention", with_plan(base, {"log_retention_days": 30}))
	contains(f.msg, "kept 30 days")
	not "hr-deployer-log-retention" in deny_ids(with_plan(base, {"log_retention_days": 500}))
	not "hr-deployer-log-retention" in deny_ids(with_plan(without_manifest("deployer/log_retention_days"), {"log_retention_days": 365}))
}
