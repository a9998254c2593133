# Duties of the provider (Art. 9, 12, 15(3), 17, 43, 47, 49, 72, 73) and of the deployer (Art. 26,
# 27, 86) of a high-risk AI system under the EU AI Act, read from spec.highRisk and spec.deployer
# of the manifest.
#
# They apply to a release of risk tier high or above (lib.tier: the declared tier, or the one its
# use case implies when that is higher) placed on the EU market. The role comes from
# spec.euAiAct.role; a release that does not state it is judged as both provider and deployer,
# so that leaving the role out never switches duties off. Every reference must name something:
# a blank, "n/a", "tbd" and the like (params.highrisk.placeholders) count as absent. All rules
# are of the regime eu-ai-act-high-risk: until it applies the decision stage reports them as
# warnings.
package modelgate.highrisk

import data.modelgate.lib

# Parameters (override under data.modelgate.params.highrisk).
default_params := {
	# Jurisdiction codes (manifest spec.jurisdictions, compared in upper case) that place the
	# release on the Union market: the EU and its Member States. A release that states no
	# jurisdiction is judged as placed on it.
	"eu_jurisdictions": [
		"EU", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "EL", "HU",
		"IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
	],
	# Values (compared trimmed and in lower case) that name nothing, so a reference holding one
	# counts as absent.
	"placeholders": [
		"", "-", "--", "?", "n/a", "na", "none", "no", "nil", "null", "false", "tbd", "tba", "todo",
		"pending", "unknown", "later", "xxx", "[more information needed]", "see above",
	],
	# Art. 9(2): the risk management system requires "regular systematic review and updating".
	# How regular is policy: a review older than this many days is overdue.
	"risk_review_max_age_days": 365,
	# Art. 12(1)-(2): fewest events the system records automatically.
	"min_logged_events": 1,
	# Art. 15(3) / 13(3)(b)(ii): how far the declared accuracy may be better than a level the
	# bundle's evidence measured (rounding in the instructions for use).
	"accuracy_tolerance": 0.005,
	# Metrics for which a lower value is better: declaring less than measured overstates them.
	"lower_is_better_metrics": [
		"loss", "log_loss", "logloss", "cross_entropy", "mse", "rmse", "mae", "mape", "brier",
		"brier_score", "error_rate", "eer", "far", "frr", "fpr", "fnr", "wer", "cer", "perplexity",
	],
	# Other spellings of a metric (after lower-casing and turning spaces and "-" into "_").
	"metric_aliases": {
		"acc": "accuracy", "auc": "roc_auc", "auroc": "roc_auc", "roc_auc_score": "roc_auc",
		"f1_score": "f1", "f1_(default_class)": "f1", "average_precision": "pr_auc",
	},
	# Splits of the model card's results that are the training data: a level measured on them
	# is no evidence of the accuracy in use.
	"training_splits": ["train", "training"],
	# spec.highRisk.conformityAssessment.route values (normalised like metrics) meaning internal
	# control (Annex VI) and the notified-body procedure (Annex VII).
	"internal_control_routes": ["internal_control", "annex_vi"],
	"notified_body_routes": ["notified_body", "annex_vii"],
	# Art. 26(6): logs kept "of at least six months". Six calendar months are at most 184 days,
	# so 184 meets the floor for a log written on any day.
	"min_log_retention_days": 184,
	# Words of spec.intendedDeployment that place the use in Annex III point 5(b)
	# (creditworthiness, credit score) or 5(c) (life and health insurance pricing), which need a
	# fundamental rights impact assessment whatever spec.euAiAct.annexIII says (Art. 27(1)).
	# Matched in lower case at the start of a word.
	"fria_use_terms": [
		"creditworth", "credit scor", "credit risk", "credit decision", "loan application",
		"consumer loan", "mortgage", "life insurance", "health insurance",
	],
	# Annex III points whose systems are used at the workplace by nature (point 4: employment,
	# workers' management), so Art. 26(7) applies without spec.deployer.workplace.
	"workplace_points": ["4"],
}

p := lib.area_params("highrisk", default_params)

day_ns := ((24 * 3600) * 1000000000)

# ---------------------------------------------------------------------------------------------
# Scope

hr := object.get(input.manifest, "high_risk", {})

dep := object.get(input.manifest, "deployer", {})

aiact := object.get(input.manifest, "eu_ai_act", {})

# The release is placed on the Union market: a jurisdiction not recognisably outside
# params.highrisk.eu_jurisdictions (lib.placed_in: "E.U." and "Europe" are inside), or none
# stated.
eu_market if lib.placed_in(p.eu_jurisdictions)

high_risk if {
	lib.tier_at_least("high")
	eu_market
}

role := object.get(aiact, "role", "")

role_stated if role in {"provider", "deployer", "provider_and_deployer"}

# The provider's duties: a provider, both roles, or a role not stated (judged as both).
provider if {
	high_risk
	role != "deployer"
}

deployer if {
	high_risk
	role in {"deployer", "provider_and_deployer"}
}

deployer if {
	high_risk
	not role_stated
}

role_note := "" if role_stated

role_note := " (spec.euAiAct.role is not stated: judged as provider and deployer)" if not role_stated

# A reference that names something.
stated(x) if {
	is_string(x)
	not lower(trim_space(x)) in p.placeholders
}

# A metric or route name for comparison: lower case, spaces and "-" as "_", aliases resolved.
norm_key(s) := replace(replace(lower(trim_space(s)), " ", "_"), "-", "_")

metric_key(s) := object.get(p.metric_aliases, norm_key(s), norm_key(s))

# The Annex III point as written ("5(b)", "5 (b)", "5b"), folded: "5b"; "" when not stated.
annex_key := regex.replace(lower(object.get(aiact, "annex_iii", "")), `[\s()]`, "")

# The number of the Annex III point ("5"), when one is stated.
annex_point := regex.find_n(`^[0-9]+`, annex_key, 1)[0]

# The release states an Annex III point or that it is in none.
annex_stated if annex_point

annex_stated if annex_key == "none"

# An Annex III system, or one whose point is unknown (judged as Annex III: fails closed).
annex_iii_system if annex_point

annex_iii_system if not annex_stated

# A critical-infrastructure system (Annex III point 2), which Art. 27(1), 49(1) and 86(1) leave out.
point_2 if annex_point == "2"

# `YYYY-MM-DD` as nanoseconds since the epoch; undefined for anything else, including days a
# month does not have (which OPA's time.parse_rfc3339_ns would raise an error on).
date_ns(d) := time.parse_rfc3339_ns(sprintf("%sT00:00:00Z", [d])) if {
	is_string(d)
	regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`, d)
	# Leading zeros off: regorus does not read "07" as a number.
	parts := [to_number(trim_left(x, "0")) | some x in split(d, "-")]
	parts[2] <= max_day(parts[0], parts[1])
}

month_days := [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

leap_year(y) if {
	y % 4 == 0
	y % 100 != 0
}

leap_year(y) if y % 400 == 0

max_day(y, 2) := 29 if leap_year(y)

max_day(y, 2) := 28 if not leap_year(y)

max_day(_, m) := month_days[m - 1] if m != 2

finding(id, msg, pointer) := {
	"id": id,
	"msg": sprintf("%s%s", [msg, role_note]),
	"file": lib.manifest_file,
	"pointer": pointer,
	"target": pointer,
}

# ---------------------------------------------------------------------------------------------
# Provider: risk management, logging, accuracy, quality management

# METADATA
# title: A risk management system is in place
# description: >
#   The provider of a high-risk AI system establishes, implements, documents and maintains a
#   risk management system (Art. 9(1)), a continuous iterative process over the whole
#   lifecycle (Art. 9(2)); spec.highRisk.riskManagement names it.
# custom:
#   id: hr-risk-management
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: high
#   controls: ["EU AI Act Art. 9(1)", "EU AI Act Art. 9(2)", "EU AI Act Art. 16(a)"]
#   remediation: Document the risk management system (risks identified, estimated and evaluated, measures adopted, residual risk judged acceptable) and name it in spec.highRisk.riskManagement.
deny contains f if {
	provider
	not stated(object.get(hr, "risk_management", null))
	f := finding("hr-risk-management", "high-risk provider: spec.highRisk.riskManagement names no risk management system (Art. 9(1))", "/spec/highRisk/riskManagement")
}

# METADATA
# title: The risk management is reviewed regularly
# description: >
#   Art. 9(2) requires "regular systematic review and updating" of the risk management
#   system: spec.highRisk.riskManagementReviewed is a date (YYYY-MM-DD), not after the
#   evaluation time and not older than params.highrisk.risk_review_max_age_days (policy: the
#   Act sets no interval).
# custom:
#   id: hr-risk-management-review
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 9(2)"]
#   remediation: Review and update the risk management system and record the date in spec.highRisk.riskManagementReviewed.
deny contains f if {
	provider
	some msg in review_problems
	f := finding("hr-risk-management-review", msg, "/spec/highRisk/riskManagementReviewed")
}

review_problems contains "high-risk provider: spec.highRisk.riskManagementReviewed states no review date (YYYY-MM-DD) of the risk management system (Art. 9(2))" if {
	not date_ns(object.get(hr, "risk_management_reviewed", null))
}

review_problems contains msg if {
	t := date_ns(object.get(hr, "risk_management_reviewed", null))
	t > input.context.now_ns
	msg := sprintf("high-risk provider: the risk management review date %s is after the evaluation time %s", [hr.risk_management_reviewed, input.context.now])
}

review_problems contains msg if {
	t := date_ns(object.get(hr, "risk_management_reviewed", null))
	age := floor((input.context.now_ns - t) / day_ns)
	age > p.risk_review_max_age_days
	msg := sprintf("high-risk provider: the risk management was last reviewed on %s, %d days ago (limit %d; Art. 9(2) \"regular systematic review\")", [hr.risk_management_reviewed, age, p.risk_review_max_age_days])
}

# METADATA
# title: The system logs events automatically
# description: >
#   A high-risk AI system technically allows for the automatic recording of events over its
#   lifetime (Art. 12(1)), relevant for identifying risks and substantial modifications,
#   post-market monitoring and the deployer's monitoring (Art. 12(2)):
#   spec.highRisk.loggedEvents lists at least params.highrisk.min_logged_events events.
# custom:
#   id: hr-logging
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 12(1)", "EU AI Act Art. 12(2)(a)-(c)", "EU AI Act Art. 19(1)"]
#   remediation: List in spec.highRisk.loggedEvents the events the system records (e.g. each scoring request with input reference, model version, output and reviewer decision).
deny contains f if {
	provider
	n := count({e | some e in object.get(hr, "logged_events", []); stated(e)})
	n < p.min_logged_events
	f := finding("hr-logging", sprintf("high-risk provider: spec.highRisk.loggedEvents lists %d events the system records automatically, fewer than %d (Art. 12(1))", [n, p.min_logged_events]), "/spec/highRisk/loggedEvents")
}

# METADATA
# title: The accuracy is declared in the instructions for use
# description: >
#   "The levels of accuracy and the relevant accuracy metrics of high-risk AI systems shall be
#   declared in the accompanying instructions of use" (Art. 15(3)); the instructions state the
#   level of accuracy, including its metrics, against which the system has been tested
#   (Art. 13(3)(b)(ii)). spec.highRisk.declaredAccuracy names the metric and its value.
# custom:
#   id: hr-accuracy-declared
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 15(3)", "EU AI Act Art. 13(3)(b)(ii)"]
#   remediation: State in spec.highRisk.declaredAccuracy the metric (as the model card's results name it), the level declared in the instructions for use and the dataset it was measured on.
deny contains f if {
	provider
	not accuracy_declared
	f := finding("hr-accuracy-declared", "high-risk provider: spec.highRisk.declaredAccuracy does not state the accuracy metric and level declared in the instructions for use (Art. 15(3))", "/spec/highRisk/declaredAccuracy")
}

declared := object.get(hr, "declared_accuracy", {})

accuracy_declared if {
	stated(object.get(declared, "metric", null))
	is_number(declared.value)
}

declared_key := metric_key(declared.metric)

# Levels of the declared metric the bundle measured: the model card's results (not on a training
# split; on the declared dataset when one is stated) and, for accuracy, the clean accuracy of the
# robustness reports.
measured contains {"value": m.value, "where": sprintf("model card result %s on %s", [object.get(m, "name", m.type), object.get(m, "dataset", "an unnamed dataset")])} if {
	some m in object.get(object.get(input, "model", {}), "metrics", [])
	is_number(m.value)
	some k in {metric_key(object.get(m, "type", "")), metric_key(object.get(m, "name", ""))}
	k == declared_key
	not lower(trim_space(object.get(m, "split", ""))) in p.training_splits
	dataset_fits(m)
}

measured contains {"value": r.clean_accuracy, "where": sprintf("robustness report %s (clean accuracy)", [r.source.path])} if {
	declared_key == "accuracy"
	some r in input.robustness
	is_number(r.clean_accuracy)
}

measured contains {"value": a.clean_accuracy, "where": sprintf("robustness report %s, attack %s (clean accuracy)", [r.source.path, a.name])} if {
	declared_key == "accuracy"
	some r in input.robustness
	some a in r.attacks
	is_number(a.clean_accuracy)
}

dataset_fits(_) if not stated(object.get(declared, "dataset", null))

dataset_fits(m) if lower(trim_space(m.dataset)) == lower(trim_space(declared.dataset))

lower_is_better if declared_key in p.lower_is_better_metrics

overstates(v) if {
	not lower_is_better
	declared.value > v + p.accuracy_tolerance
}

overstates(v) if {
	lower_is_better
	declared.value < v - p.accuracy_tolerance
}

# METADATA
# title: The declared accuracy is what the tests measured
# description: >
#   The level declared in the instructions for use (Art. 15(3)) is the level "against which
#   the high-risk AI system has been tested" (Art. 13(3)(b)(ii)), so it is no better than any
#   level of the same metric the bundle's evidence measured (model card results outside the
#   training split, on the declared dataset where one is stated; for accuracy also the clean
#   accuracy of the robustness reports), give or take params.highrisk.accuracy_tolerance. For
#   params.highrisk.lower_is_better_metrics (error rates, losses) better means lower.
# custom:
#   id: hr-accuracy-overstated
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: high
#   controls: ["EU AI Act Art. 15(3)", "EU AI Act Art. 13(3)(b)(ii)", "EU AI Act Annex IV(2)(g)", "EU AI Act Art. 13(2)"]
#   remediation: Declare the level the tests measured (or re-test and document the new results); the instructions for use must not promise more than the evidence shows.
deny contains f if {
	provider
	accuracy_declared
	count(overstated_by) > 0
	seen := concat("; ", sort([sprintf("%s measured %v", [m.where, m.value]) | some m in overstated_by]))
	f := finding("hr-accuracy-overstated", sprintf("high-risk provider: the instructions for use declare %s %v, but %s (Art. 15(3), 13(3)(b)(ii))", [declared.metric, declared.value, seen]), "/spec/highRisk/declaredAccuracy/value")
}

# The measurements the declared level is better than.
overstated_by contains m if {
	some m in measured
	overstates(m.value)
}

# METADATA
# title: The declared accuracy is backed by test results
# description: >
#   The declared metric (on the declared dataset, where one is stated) is among the results the
#   bundle's evidence reports: the model card's results outside the training split or, for
#   accuracy, a robustness report's clean accuracy. A level no test in the technical
#   documentation measured (Annex IV(2)(g) "metrics used to measure accuracy ... test logs and
#   all test reports") cannot be checked, whatever its value.
# custom:
#   id: hr-accuracy-unsupported
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 15(3)", "EU AI Act Art. 13(3)(b)(ii)", "EU AI Act Annex IV(2)(g)"]
#   remediation: Report the declared metric in the model card's results (model-index) on the dataset named in spec.highRisk.declaredAccuracy.dataset, or declare a metric the card reports.
deny contains f if {
	provider
	accuracy_declared
	count(measured) == 0
	f := finding("hr-accuracy-unsupported", sprintf("high-risk provider: the declared accuracy metric %s%s is measured by none of the model card's results or robustness reports (Art. 15(3), Annex IV(2)(g))", [declared.metric, declared_on]), "/spec/highRisk/declaredAccuracy/metric")
}

declared_on := sprintf(" on %s", [declared.dataset]) if stated(object.get(declared, "dataset", null))

default declared_on := ""

# METADATA
# title: A quality management system is in place
# description: >
#   "Providers of high-risk AI systems shall put a quality management system in place that
#   ensures compliance with this Regulation" (Art. 17(1)); spec.highRisk.qualityManagement names
#   it. Financial institutions may meet it through their internal governance under Union
#   financial services law (Art. 17(4)), and still name where.
# custom:
#   id: hr-qms
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: high
#   controls: ["EU AI Act Art. 17(1)", "EU AI Act Art. 16(c)", "EU AI Act Art. 17(4)"]
#   remediation: Name the quality management system (written policies, procedures and instructions covering Art. 17(1)(a)-(m)) in spec.highRisk.qualityManagement.
deny contains f if {
	provider
	not stated(object.get(hr, "quality_management", null))
	f := finding("hr-qms", "high-risk provider: spec.highRisk.qualityManagement names no quality management system (Art. 17(1))", "/spec/highRisk/qualityManagement")
}

# Digests of the bundle's files a verified signature covers (Sigstore bundles, OMS signatures).
signed_digests contains d if {
	some sig in input.signatures
	sig.verified == true
	some d in sig.covers
}

# METADATA
# title: The high-risk test reports are signed
# description: >
#   The technical documentation of a high-risk system holds "test logs and all test reports
#   dated and signed by the responsible persons" (Annex IV(2)(g), Art. 11(1)): every robustness
#   report of the release is covered by a verified signature (e.g. a Sigstore bundle
#   FILE.sigstore.json listed in spec.signatures), so that the figures the gate reads are the
#   ones the responsible persons signed. An unsigned report, one whose signature does not verify
#   or one signed in another version is a finding.
# custom:
#   id: hr-test-report-signed
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Annex IV(2)(g)", "EU AI Act Art. 11(1)"]
#   remediation: Have the responsible person sign each test report (e.g. `cosign sign-blob --bundle eval/robustness.json.sigstore.json eval/robustness.json`), list the bundle in spec.signatures and configure the trusted root and identity.
deny contains f if {
	provider
	some r in input.robustness
	not signed_digests[r.source.sha256]
	f := {
		"id": "hr-test-report-signed",
		"msg": sprintf("high-risk test report %s is not covered by a verified signature (Annex IV(2)(g))%s", [r.source.path, role_note]),
		"file": r.source.path,
		"target": r.source.path,
	}
}

# ---------------------------------------------------------------------------------------------
# Provider: conformity assessment, declaration, registration

conformity := object.get(hr, "conformity_assessment", {})

route_key := norm_key(object.get(conformity, "route", ""))

internal_control if route_key in p.internal_control_routes

notified_body if route_key in p.notified_body_routes

# METADATA
# title: The conformity assessment was carried out
# description: >
#   Before a high-risk AI system is placed on the market or put into service it undergoes the
#   relevant conformity assessment procedure (Art. 16(f), Art. 43):
#   spec.highRisk.conformityAssessment states the route (internal_control or notified_body) and
#   the reference of the assessment, and a date, if stated, that is not after the evaluation
#   time.
# custom:
#   id: hr-conformity-assessment
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: high
#   controls: ["EU AI Act Art. 16(f)", "EU AI Act Art. 43(1)", "EU AI Act Art. 43(2)", "EU AI Act Annex VI"]
#   remediation: Carry out the conformity assessment (for Annex III points 2 to 8 internal control under Annex VI) and record its route, reference and date in spec.highRisk.conformityAssessment.
deny contains f if {
	provider
	some msg in conformity_problems
	f := finding("hr-conformity-assessment", msg, "/spec/highRisk/conformityAssessment")
}

# Nothing stated at all: one finding says so.
conformity_absent if {
	not stated(object.get(conformity, "reference", null))
	not stated(object.get(conformity, "route", null))
}

conformity_problems contains "high-risk provider: spec.highRisk.conformityAssessment names no conformity assessment (route and reference; Art. 16(f), 43)" if {
	conformity_absent
}

conformity_problems contains "high-risk provider: spec.highRisk.conformityAssessment names no assessment reference (Art. 16(f), 43)" if {
	not conformity_absent
	not stated(object.get(conformity, "reference", null))
}

conformity_problems contains msg if {
	not conformity_absent
	not internal_control
	not notified_body
	msg := sprintf("high-risk provider: conformity assessment route %q is neither internal control (Annex VI) nor a notified body (Annex VII)", [object.get(conformity, "route", "")])
}

conformity_problems contains msg if {
	d := conformity.date
	not date_ns(d)
	msg := sprintf("high-risk provider: conformity assessment date %v is not a date (YYYY-MM-DD)", [d])
}

conformity_problems contains msg if {
	date_ns(object.get(conformity, "date", null)) > input.context.now_ns
	msg := sprintf("high-risk provider: the conformity assessment is dated %s, after the evaluation time %s: it has not been carried out", [conformity.date, input.context.now])
}

# METADATA
# title: The conformity assessment route fits the Annex III point
# description: >
#   For Annex III points 2 to 8 "providers shall follow the conformity assessment procedure
#   based on internal control as referred to in Annex VI, which does not provide for the
#   involvement of a notified body" (Art. 43(2)). For point 1 (biometrics) internal control is
#   open only to a provider that applied harmonised standards or common specifications in full
#   (spec.highRisk.conformityAssessment.harmonisedStandards); otherwise Annex VII with a notified
#   body applies (Art. 43(1)).
# custom:
#   id: hr-conformity-route
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: high
#   controls: ["EU AI Act Art. 43(1)", "EU AI Act Art. 43(2)", "EU AI Act Annex VI", "EU AI Act Annex VII"]
#   remediation: Follow the procedure of Art. 43 for the system's Annex III point and record it in spec.highRisk.conformityAssessment (route, and for biometrics under internal control the harmonised standards applied).
deny contains f if {
	provider
	annex_point == "1"
	internal_control
	count({s | some s in object.get(conformity, "harmonised_standards", []); stated(s)}) == 0
	f := finding("hr-conformity-route", "high-risk provider: an Annex III point 1 (biometrics) system may follow internal control only where harmonised standards or common specifications were applied in full, and spec.highRisk.conformityAssessment.harmonisedStandards names none: Annex VII (notified body) applies (Art. 43(1))", "/spec/highRisk/conformityAssessment/route")
}

deny contains f if {
	provider
	annex_point
	annex_point != "1"
	notified_body
	f := finding("hr-conformity-route", sprintf("high-risk provider: for Annex III point %s the procedure is internal control under Annex VI, which does not involve a notified body (Art. 43(2)); route notified_body is not that procedure", [annex_point]), "/spec/highRisk/conformityAssessment/route")
}

# METADATA
# title: The EU declaration of conformity is drawn up
# description: >
#   "The provider shall draw up a written machine readable, physical or electronically signed
#   EU declaration of conformity for each high-risk AI system" (Art. 47(1));
#   spec.highRisk.declarationOfConformity names it.
# custom:
#   id: hr-declaration-of-conformity
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 47(1)", "EU AI Act Art. 16(g)", "EU AI Act Annex V"]
#   remediation: Draw up the EU declaration of conformity (contents of Annex V) and name it in spec.highRisk.declarationOfConformity.
deny contains f if {
	provider
	not stated(object.get(hr, "declaration_of_conformity", null))
	f := finding("hr-declaration-of-conformity", "high-risk provider: spec.highRisk.declarationOfConformity names no EU declaration of conformity (Art. 47(1))", "/spec/highRisk/declarationOfConformity")
}

# METADATA
# title: The system is registered in the EU database
# description: >
#   "Before placing on the market or putting into service a high-risk AI system listed in
#   Annex III, with the exception of high-risk AI systems referred to in point 2 of Annex III,
#   the provider ... shall register themselves and their system in the EU database referred to
#   in Article 71" (Art. 49(1)); spec.highRisk.euDatabaseRegistration names the registration.
#   A release that states no Annex III point is judged as listed there.
# custom:
#   id: hr-eu-database-registration
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 49(1)", "EU AI Act Art. 71", "EU AI Act Art. 16(i)"]
#   remediation: Register the provider and the system in the EU database and record the registration in spec.highRisk.euDatabaseRegistration.
deny contains f if {
	provider
	annex_iii_system
	not point_2
	not stated(object.get(hr, "eu_database_registration", null))
	f := finding("hr-eu-database-registration", "high-risk provider: spec.highRisk.euDatabaseRegistration names no registration of the Annex III system in the EU database (Art. 49(1))", "/spec/highRisk/euDatabaseRegistration")
}

# ---------------------------------------------------------------------------------------------
# Provider: after the market

# METADATA
# title: Post-market monitoring is planned
# description: >
#   "Providers shall establish and document a post-market monitoring system" (Art. 72(1)),
#   based on a post-market monitoring plan that is part of the technical documentation
#   (Art. 72(3)); spec.highRisk.postMarketMonitoring names the plan. The operations plan's
#   monitored metrics (policies/operations.rego) are part of such a system, not the plan: it
#   also collects and analyses the deployers' data (Art. 72(2)).
# custom:
#   id: hr-post-market-monitoring
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 72(1)", "EU AI Act Art. 72(2)", "EU AI Act Art. 72(3)", "EU AI Act Annex IV(9)"]
#   remediation: Write the post-market monitoring plan (what performance data is collected from deployers and how it is analysed) and name it in spec.highRisk.postMarketMonitoring.
deny contains f if {
	provider
	not stated(object.get(hr, "post_market_monitoring", null))
	f := finding("hr-post-market-monitoring", "high-risk provider: spec.highRisk.postMarketMonitoring names no post-market monitoring plan (Art. 72(1), (3))", "/spec/highRisk/postMarketMonitoring")
}

# METADATA
# title: Serious incidents are reported
# description: >
#   "Providers of high-risk AI systems placed on the Union market shall report any serious
#   incident to the market surveillance authorities of the Member States where that incident
#   occurred" (Art. 73(1)), not later than 15 days after becoming aware of it (Art. 73(2));
#   spec.highRisk.seriousIncidentProcedure names the procedure, or the operations plan's
#   incidents.seriousIncidentReporting states it.
# custom:
#   id: hr-serious-incident-procedure
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 73(1)", "EU AI Act Art. 73(2)", "EU AI Act Art. 17(1)(i)"]
#   remediation: Set up the serious-incident reporting procedure (who decides, which authority, within 15 days, and the shorter deadlines of Art. 73(3)-(4)) and name it in spec.highRisk.seriousIncidentProcedure.
deny contains f if {
	provider
	not stated(object.get(hr, "serious_incident_procedure", null))
	not stated(object.get(object.get(ops_plan, "incidents", {}), "serious_incident_reporting", null))
	f := finding("hr-serious-incident-procedure", "high-risk provider: spec.highRisk.seriousIncidentProcedure names no procedure for reporting serious incidents (Art. 73(1))", "/spec/highRisk/seriousIncidentProcedure")
}

# ---------------------------------------------------------------------------------------------
# Deployer (Art. 26, 27, 86)

# METADATA
# title: The deployer uses the system per its instructions for use
# description: >
#   "Deployers of high-risk AI systems shall take appropriate technical and organisational
#   measures to ensure they use such systems in accordance with the instructions for use
#   accompanying the systems" (Art. 26(1)); spec.deployer.instructionsForUse names the
#   instructions the deployment follows.
# custom:
#   id: hr-deployer-instructions
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 26(1)", "EU AI Act Art. 13(3)"]
#   remediation: Name in spec.deployer.instructionsForUse the provider's instructions for use (version) that the deployment follows.
deny contains f if {
	deployer
	not stated(object.get(dep, "instructions_for_use", null))
	f := finding("hr-deployer-instructions", "high-risk deployer: spec.deployer.instructionsForUse names no instructions for use the deployment follows (Art. 26(1))", "/spec/deployer/instructionsForUse")
}

# METADATA
# title: Human oversight is assigned
# description: >
#   "Deployers shall assign human oversight to natural persons who have the necessary
#   competence, training and authority, as well as the necessary support" (Art. 26(2));
#   spec.deployer.oversightAssignee names them (a role or team).
# custom:
#   id: hr-deployer-oversight
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: high
#   controls: ["EU AI Act Art. 26(2)", "EU AI Act Art. 14(4)(a)-(e)"]
#   remediation: Assign human oversight to trained people with the authority to override or stop the system, and name the role in spec.deployer.oversightAssignee.
deny contains f if {
	deployer
	not stated(object.get(dep, "oversight_assignee", null))
	f := finding("hr-deployer-oversight", "high-risk deployer: spec.deployer.oversightAssignee names no one assigned human oversight (Art. 26(2))", "/spec/deployer/oversightAssignee")
}

# METADATA
# title: Input data is kept relevant and representative
# description: >
#   "To the extent the deployer exercises control over the input data, that deployer shall
#   ensure that input data is relevant and sufficiently representative in view of the intended
#   purpose" (Art. 26(4)); spec.deployer.inputDataControl says how, or that the deployer
#   controls no input data.
# custom:
#   id: hr-deployer-input-data
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 26(4)"]
#   remediation: Describe in spec.deployer.inputDataControl the checks that keep the input data relevant and representative (or state that the deployer controls no input data, and why).
deny contains f if {
	deployer
	not stated(object.get(dep, "input_data_control", null))
	f := finding("hr-deployer-input-data", "high-risk deployer: spec.deployer.inputDataControl does not say how input data is kept relevant and representative (Art. 26(4))", "/spec/deployer/inputDataControl")
}

# METADATA
# title: Operation is monitored
# description: >
#   "Deployers shall monitor the operation of the high-risk AI system on the basis of the
#   instructions for use and, where relevant, inform providers in accordance with Article 72"
#   (Art. 26(5)); spec.deployer.monitoring names how.
# custom:
#   id: hr-deployer-monitoring
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 26(5)", "EU AI Act Art. 72(2)"]
#   remediation: Describe in spec.deployer.monitoring how operation is monitored, when use is suspended and how the provider is informed.
deny contains f if {
	deployer
	not stated(object.get(dep, "monitoring", null))
	f := finding("hr-deployer-monitoring", "high-risk deployer: spec.deployer.monitoring names no monitoring of the system's operation (Art. 26(5))", "/spec/deployer/monitoring")
}

# METADATA
# title: Logs are kept at least six months
# description: >
#   "Deployers of high-risk AI systems shall keep the logs automatically generated by that
#   high-risk AI system to the extent such logs are under their control, for a period
#   appropriate to the intended purpose of the high-risk AI system, of at least six months"
#   (Art. 26(6)): spec.deployer.logRetentionDays is at least
#   params.highrisk.min_log_retention_days; where the operations plan (logging.retentionDays)
#   states a period too, the shorter one counts. Where other Union or national law provides
#   otherwise, lower the parameter with that law noted.
# custom:
#   id: hr-deployer-log-retention
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 26(6)", "EU AI Act Art. 19(1)"]
#   remediation: Keep the system's logs for at least six months (longer where the intended purpose needs it) and state the period in days in spec.deployer.logRetentionDays.
deny contains f if {
	deployer
	count(retention_periods) == 0
	f := finding("hr-deployer-log-retention", sprintf("high-risk deployer: spec.deployer.logRetentionDays states no retention of the system's logs; at least %d days (six months) are required (Art. 26(6))", [p.min_log_retention_days]), "/spec/deployer/logRetentionDays")
}

deny contains f if {
	deployer
	days := min(retention_periods)
	days < p.min_log_retention_days
	f := finding("hr-deployer-log-retention", sprintf("high-risk deployer: logs are kept %v days (spec.deployer.logRetentionDays, or the operations plan's logging.retentionDays where shorter), less than the %d days (six months) of Art. 26(6)", [days, p.min_log_retention_days]), "/spec/deployer/logRetentionDays")
}

# The operations plan (operations.yaml), when the bundle ships one.
ops_plan := object.get(object.get(input, "operations", {}), "plan", {})

# The log retention periods stated: the deployer's and the operations plan's. Where they differ
# the shorter one is what is kept, so it is the one judged.
retention_periods contains d if {
	d := dep.log_retention_days
	is_number(d)
}

retention_periods contains d if {
	d := ops_plan.log_retention_days
	is_number(d)
}

# The system is used at the workplace: declared, or by the nature of its Annex III point.
workplace if dep.workplace == true

workplace if annex_point in p.workplace_points

# METADATA
# title: Workers are informed before use at the workplace
# description: >
#   "Before putting into service or using a high-risk AI system at the workplace, deployers who
#   are employers shall inform workers' representatives and the affected workers that they will
#   be subject to the use of the high-risk AI system" (Art. 26(7)). Applies where
#   spec.deployer.workplace is true or the Annex III point is one of
#   params.highrisk.workplace_points (employment); spec.deployer.workersInformed says how.
# custom:
#   id: hr-deployer-workers-informed
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 26(7)"]
#   remediation: Inform the workers' representatives and the affected workers before use, following national information and consultation rules, and record how in spec.deployer.workersInformed.
deny contains f if {
	deployer
	workplace
	not stated(object.get(dep, "workers_informed", null))
	f := finding("hr-deployer-workers-informed", "high-risk deployer: the system is used at the workplace and spec.deployer.workersInformed does not say how workers' representatives and affected workers were informed (Art. 26(7))", "/spec/deployer/workersInformed")
}

# METADATA
# title: Affected persons are informed
# description: >
#   "Deployers of high-risk AI systems referred to in Annex III that make decisions or assist in
#   making decisions related to natural persons shall inform the natural persons that they are
#   subject to the use of the high-risk AI system" (Art. 26(11)); spec.deployer.affectedPersonsInformed
#   says how. A release that states no Annex III point is judged as listed there.
# custom:
#   id: hr-deployer-persons-informed
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 26(11)"]
#   remediation: Tell the persons the system decides or helps decide about that a high-risk AI system is used (e.g. in the application form and the decision letter) and record how in spec.deployer.affectedPersonsInformed.
deny contains f if {
	deployer
	annex_iii_system
	not stated(object.get(dep, "affected_persons_informed", null))
	f := finding("hr-deployer-persons-informed", "high-risk deployer: spec.deployer.affectedPersonsInformed does not say how the natural persons the system decides about are told it is used (Art. 26(11))", "/spec/deployer/affectedPersonsInformed")
}

# A body governed by public law or a private entity providing public services.
public_deployer if dep.public_service == true

public_deployer if input.organisation.public_authority == true

# Annex III point 5(b) or 5(c) by the stated point, a bare point 5, or by the use described.
point_5bc if annex_key in {"5", "5b", "5c"}

point_5bc if {
	use := lower(object.get(input.manifest, "intended_deployment", ""))
	some term in p.fria_use_terms
	regex.match(sprintf(`(^|[^a-z0-9])%s`, [regex.replace(lower(term), `[.*+?()|\[\]{}^$\\]`, `\$0`)]), use)
}

# Art. 27(1): public deployers of Annex III systems other than point 2, and deployers of points
# 5(b) and (c). A release whose Annex III point is unknown needs the assessment (fails closed).
fria_required if {
	public_deployer
	annex_iii_system
	not point_2
}

fria_required if point_5bc

fria_required if not annex_stated

fria_reason := "Annex III point 5(b)/(c): creditworthiness, life and health insurance" if {
	point_5bc
} else := "a public body or private entity providing public services" if {
	public_deployer
} else := "spec.euAiAct.annexIII not stated"

fria := object.get(dep, "fria", {})

# METADATA
# title: A fundamental rights impact assessment was performed
# description: >
#   "Prior to deploying a high-risk AI system referred to in Article 6(2), with the exception of
#   high-risk AI systems intended to be used in the area listed in point 2 of Annex III,
#   deployers that are bodies governed by public law, or are private entities providing public
#   services, and deployers of high-risk AI systems referred to in points 5 (b) and (c) of
#   Annex III, shall perform an assessment of the impact on fundamental rights that the use of
#   such system may produce" (Art. 27(1)). spec.deployer.fria names it with the date it was
#   performed, not after the evaluation time. Points 5(b)/(c) are also recognised from
#   spec.intendedDeployment (params.highrisk.fria_use_terms); public bodies from
#   spec.deployer.publicService or the organisation's publicAuthority.
# custom:
#   id: hr-fria
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: high
#   controls: ["EU AI Act Art. 27(1)(a)-(f)", "EU AI Act Art. 27(2)"]
#   remediation: Perform the fundamental rights impact assessment (processes, period and frequency of use, affected groups, risks of harm, human oversight, measures and complaints) before first use and record it in spec.deployer.fria (reference, date).
deny contains f if {
	deployer
	fria_required
	some msg in fria_problems
	f := finding("hr-fria", sprintf("high-risk deployer (%s): %s (Art. 27(1))", [fria_reason, msg]), "/spec/deployer/fria")
}

fria_problems contains "spec.deployer.fria names no fundamental rights impact assessment" if not stated(object.get(fria, "reference", null))

fria_problems contains "spec.deployer.fria states no date (YYYY-MM-DD) the assessment was performed" if {
	stated(object.get(fria, "reference", null))
	not date_ns(object.get(fria, "date", null))
}

fria_problems contains msg if {
	date_ns(object.get(fria, "date", null)) > input.context.now_ns
	msg := sprintf("the fundamental rights impact assessment is dated %s, after the evaluation time %s: it was not performed prior to deploying", [fria.date, input.context.now])
}

# METADATA
# title: The market surveillance authority is notified of the FRIA
# description: >
#   "Once the assessment referred to in paragraph 1 of this Article has been performed, the
#   deployer shall notify the market surveillance authority of its results" (Art. 27(3)):
#   spec.deployer.fria.authorityNotified is true wherever a fundamental rights impact
#   assessment is required. Deployers exempt under Art. 46(1) waive this finding with the
#   exemption.
# custom:
#   id: hr-fria-notified
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 27(3)"]
#   remediation: Notify the market surveillance authority of the assessment's results with the AI Office template and set spec.deployer.fria.authorityNotified to true.
deny contains f if {
	deployer
	fria_required
	object.get(fria, "authority_notified", false) != true
	f := finding("hr-fria-notified", "high-risk deployer: the market surveillance authority has not been notified of the fundamental rights impact assessment's results (spec.deployer.fria.authorityNotified; Art. 27(3))", "/spec/deployer/fria/authorityNotified")
}

# METADATA
# title: Affected persons can obtain an explanation
# description: >
#   A person subject to a decision taken by the deployer on the basis of the output of an
#   Annex III high-risk system (except point 2) with legal or similarly significant effects
#   "shall have the right to obtain from the deployer clear and meaningful explanations of the
#   role of the AI system in the decision-making procedure and the main elements of the
#   decision taken" (Art. 86(1)); spec.deployer.explanationProcess says how such a request is
#   answered. A release that states no Annex III point is judged as listed there.
# custom:
#   id: hr-explanation
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 86(1)"]
#   remediation: Set up how affected persons request and receive an explanation of the system's role and the main elements of the decision, and name it in spec.deployer.explanationProcess.
deny contains f if {
	deployer
	annex_iii_system
	not point_2
	not stated(object.get(dep, "explanation_process", null))
	f := finding("hr-explanation", "high-risk deployer: spec.deployer.explanationProcess does not say how affected persons obtain an explanation of a decision (Art. 86(1))", "/spec/deployer/explanationProcess")
}

# METADATA
# title: Public-authority deployers register their use
# description: >
#   "Deployers of high-risk AI systems that are public authorities, or Union institutions,
#   bodies, offices or agencies shall comply with the registration obligations referred to in
#   Article 49" (Art. 26(8)): where the organisation is a public authority,
#   spec.deployer.euDatabaseRegistration names the registration of the use.
# custom:
#   id: hr-deployer-registration
#   regime: eu-ai-act-high-risk
#   effective_from: "2027-12-02"
#   severity: medium
#   controls: ["EU AI Act Art. 26(8)", "EU AI Act Art. 49"]
#   remediation: Register the use of the system in the EU database (and do not use a system the provider has not registered), then record the registration in spec.deployer.euDatabaseRegistration.
deny contains f if {
	deployer
	input.organisation.public_authority == true
	annex_iii_system
	not point_2
	not stated(object.get(dep, "eu_database_registration", null))
	f := finding("hr-deployer-registration", "high-risk deployer that is a public authority: spec.deployer.euDatabaseRegistration names no registration of the use in the EU database (Art. 26(8), 49)", "/spec/deployer/euDatabaseRegistration")
}
