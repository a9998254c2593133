# Operational readiness of a release in production: how it is watched (the operations plan's
# monitored metrics, each covered by a Prometheus alert that selects this model), rolled out
# (staged, aborted by a failing metric without a person), rolled back (to a release the gate
# approved, proven by its signed decision record), retrained and answered for (incidents, access,
# logs), and whether the production data has already drifted past the plan's thresholds.
#
# Read from input.operations (spec.operations of the manifest: operations.yaml, Prometheus rule
# files, Argo Rollouts, Flagger, KServe, Evidently and drift.json). The rules apply in production:
# spec.environment not recognisably a non-production one (absent counts as production, so that
# leaving it out switches nothing off). They deny from params.operations.deny_from_tier (high)
# and warn from warn_from_tier (limited), the tier being lib.tier (declared, or the one the law
# gives the release when higher). The legal duties these rules make operational (EU AI Act
# Art. 19, 26(6), 72, 73) are judged in policies/highrisk.rego, which reads the plan too.
package modelgate.operations

import data.modelgate.lib

# Parameters (override under data.modelgate.params.operations).
default_params := {
	# Words of spec.environment (split at anything not a letter or digit, lower case) that make
	# it a non-production environment, unless a word of production_words is in it too: "staging"
	# and "eu-dev" are not production, "prod-test" and "live" are.
	"non_production_words": [
		"dev", "development", "test", "testing", "qa", "staging", "stage", "sandbox", "preview",
		"experiment", "experimental", "local", "ci", "uat", "demo",
	],
	"production_words": ["prod", "production", "prd", "live"],
	# The lowest tier at which a gap blocks, and the lowest at which it is reported as a warning.
	"deny_from_tier": "high",
	"warn_from_tier": "limited",
	# Kinds of metric the plan must monitor (operations.yaml monitoring.metrics[].kind).
	"required_metric_kinds": ["performance", "data_drift"],
	# Alert labels and annotations naming who answers the alert, and the runbook.
	"owner_labels": ["owner", "team"],
	"owner_annotations": ["owner"],
	"runbook_annotations": ["runbook_url"],
	# Longest `for:` an alert may wait before firing, in seconds (one day).
	"max_alert_for_seconds": 86400,
	# EU AI Act Art. 19(1), 26(6): logs kept "at least six months". Six calendar months are at
	# most 184 days (31 July to 31 January), so 184 meets the floor for a log of any day.
	"min_log_retention_days": 184,
	# The lowest tier at which the plan must state how serious incidents are reported (Art. 73).
	"serious_incident_from_tier": "high",
	# Values (compared trimmed and in lower case) that name nothing.
	"placeholders": [
		"", "-", "--", "?", "n/a", "na", "none", "no", "nil", "null", "false", "tbd", "tba", "todo",
		"pending", "unknown", "later", "xxx", "[more information needed]", "see above",
	],
}

p := lib.area_params("operations", default_params)

ops := object.get(input, "operations", {})

plan := ops.plan

has_plan if ops.plan

plan_file := plan.source.path

model_name := object.get(input.manifest, "name", "")

model_version := object.get(input.manifest, "version", "")

# ---------------------------------------------------------------------------------------------
# Scope

environment := lower(trim_space(object.get(input.manifest, "environment", "")))

env_words := {w | some w in regex.split(`[^a-z0-9]+`, environment); w != ""}

non_production if {
	some w in env_words
	w in p.non_production_words
	not production_word
}

production_word if {
	some w in env_words
	w in p.production_words
}

production if not non_production

# Gaps block at deny_from_tier and above, and warn from warn_from_tier up to it.
enforced if {
	production
	lib.tier_at_least(p.deny_from_tier)
}

advised if {
	production
	lib.tier_at_least(p.warn_from_tier)
	not enforced
}

# A value that names something: not a placeholder, and not a note still to be done
# ("TODO-team-or-rotation", "TBD: pager").
stated(x) if {
	is_string(x)
	not lower(trim_space(x)) in p.placeholders
	not regex.match(`^(todo|tbd|tba|fixme)([^a-z0-9]|$)`, lower(trim_space(x)))
}

finding(id, msg, file, pointer, target) := {
	"id": id,
	"msg": msg,
	"file": file,
	"pointer": pointer,
	"target": target,
}

plan_finding(id, msg, pointer, target) := object.union(finding(id, msg, plan_file, pointer, target), {"line": object.get(object.get(plan, "lines", {}), pointer, 0)})

manifest_finding(id, msg, target) := finding(id, msg, lib.manifest_file, "/spec/operations", target)

# ---------------------------------------------------------------------------------------------
# The plan

monitored_kinds := {m.kind | some m in plan.metrics}

plan_gaps contains "no operations plan is shipped (spec.operations names no OperationsPlan)" if not has_plan

plan_gaps contains sprintf("the operations plan monitors no metric of kind %s", [concat(", ", sort(missing))]) if {
	has_plan
	missing := {k | some k in p.required_metric_kinds; not k in monitored_kinds}
	count(missing) > 0
}

# METADATA
# title: Production is monitored under a plan
# description: >
#   A release in production ships an operations plan (operations.yaml) that monitors at least
#   the model's performance and its input data drift (params.operations.required_metric_kinds):
#   the post-market monitoring the provider documents (EU AI Act Art. 72(1)-(3), Annex IV(9))
#   made concrete, and what NIST AI RMF MANAGE 4.1 and ISO/IEC 42001 A.6.2.6 ask of operation.
#   Denies from tier high, warns at limited.
# custom:
#   id: ops-monitoring-plan
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 72(1)", "EU AI Act Art. 72(3)", "EU AI Act Annex IV(9)", "NIST AI RMF MANAGE 4.1", "NIST AI RMF MEASURE 2.4", "ISO/IEC 42001 A.6.2.6"]
#   remediation: Ship operations.yaml (`modelgate init` scaffolds it) listing the monitored metrics with threshold, direction and the alert that watches each, at least performance and data drift, and name it in spec.operations.
deny contains f if {
	enforced
	some f in monitoring_plan_findings
}

warn contains f if {
	advised
	some f in monitoring_plan_findings
}

monitoring_plan_findings contains manifest_finding("ops-monitoring-plan", sprintf("%s in production at tier %s: %s", [release_name, lib.tier, gap]), "operations-plan") if {
	some gap in plan_gaps
	not has_plan
}

monitoring_plan_findings contains plan_finding("ops-monitoring-plan", sprintf("%s in production at tier %s: %s", [release_name, lib.tier, gap]), "/monitoring/metrics", "operations-plan") if {
	some gap in plan_gaps
	has_plan
}

release_name := model_name if model_name != ""

release_name := "the release" if model_name == ""

# ---------------------------------------------------------------------------------------------
# Metric <-> alert

alerts_named(name) := [a | some a in ops.alerts; a.name == name]

# PromQL `=~` and `!~` match the whole label value.
full_match(pattern, value) if regex.match(sprintf("^(?:%s)$", [pattern]), value)

matcher_accepts(m, name) if {
	m.op == "="
	m.value == name
}

matcher_accepts(m, name) if {
	m.op == "=~"
	full_match(m.value, name)
}

matcher_accepts(m, name) if {
	m.op == "!="
	m.value != name
}

matcher_accepts(m, name) if {
	m.op == "!~"
	not full_match(m.value, name)
}

# The alert selects this model's series: some `=` or `=~` matcher on the model label takes its
# name and no matcher refuses it. An alert without a model matcher watches no model in
# particular (an aggregate over every model can hide this one), so it does not count.
selects_model(a) if {
	some m in a.model_selectors
	m.op in {"=", "=~"}
	matcher_accepts(m, model_name)
	every n in a.model_selectors {
		matcher_accepts(n, model_name)
	}
}

has_owner(a) if {
	some k in p.owner_labels
	v := object.get(object.get(a, "labels", {}), k, "")
	stated(v)
}

has_owner(a) if {
	some k in p.owner_annotations
	v := object.get(object.get(a, "annotations", {}), k, "")
	stated(v)
}

has_runbook(a) if {
	some k in p.runbook_annotations
	v := object.get(object.get(a, "annotations", {}), k, "")
	stated(v)
}

# Comparisons of the expression with a number: [operator, value]. `bool` modifiers allowed.
comparisons(expr) := [[m[1], to_number(m[3])] |
	some m in regex.find_all_string_submatch_n(`(>=|<=|>|<)\s*(bool\s+)?([0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)`, expr, -1)
]

# The alert fires no later than the plan says: for a metric watched from above, it compares
# `>`/`>=` with a value at or under the plan's threshold; from below, `<`/`<=` at or over it.
fires_at_threshold(a, metric) if {
	metric.direction == "above"
	some c in comparisons(a.expr)
	c[0] in {">", ">="}
	c[1] <= metric.threshold
}

fires_at_threshold(a, metric) if {
	metric.direction == "below"
	some c in comparisons(a.expr)
	c[0] in {"<", "<="}
	c[1] >= metric.threshold
}

duration_units := {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}

# A Prometheus duration (`1h30m`) in seconds.
duration_seconds(d) := sum([s |
	some m in regex.find_all_string_submatch_n(`([0-9]+)(ms|s|m|h|d|w|y)`, d, -1)
	s := to_number(m[1]) * duration_units[m[2]]
])

waits_too_long(a) if duration_seconds(object.get(a, "for", "0s")) > p.max_alert_for_seconds

# Whether a check holds, as true or false, so that the checks can be listed.
holds_reads(a, metric) := true if metric.name in a.metrics else := false

holds_selects(a) := true if selects_model(a) else := false

holds_fires(a, metric) := true if fires_at_threshold(a, metric) else := false

holds_severity(a) := true if stated(object.get(object.get(a, "labels", {}), "severity", "")) else := false

holds_owner(a) := true if has_owner(a) else := false

holds_runbook(a) := true if has_runbook(a) else := false

holds_wait(a) := false if waits_too_long(a) else := true

# What keeps an alert of the right name from covering the metric.
alert_problems(a, metric) := {msg |
	some check in [
		[holds_reads(a, metric), "it does not read the metric"],
		[holds_selects(a), sprintf("it does not select the series of model %q (its model matchers: %s)", [model_name, matchers_text(a)])],
		[holds_fires(a, metric), sprintf("its expression compares with no value that fires at %v %s or sooner", [metric.threshold, metric.direction])],
		[holds_severity(a), "it has no severity label"],
		[holds_owner(a), sprintf("it names no owner (label %s or annotation %s)", [concat(", ", p.owner_labels), concat(", ", p.owner_annotations)])],
		[holds_runbook(a), "it has no runbook_url annotation"],
		[holds_wait(a), sprintf("its `for: %s` holds it back longer than %d seconds", [object.get(a, "for", ""), p.max_alert_for_seconds])],
	]
	check[0] == false
	msg := check[1]
}

matchers_text(a) := "none" if count(a.model_selectors) == 0

matchers_text(a) := concat(", ", [sprintf("model%s%q", [m.op, m.value]) | some m in a.model_selectors]) if count(a.model_selectors) > 0

# An alert of that name covers the metric when it has none of the problems.
covered(metric) if {
	some a in alerts_named(metric.alert)
	count(alert_problems(a, metric)) == 0
}

metric_gap(metric) := sprintf("names no alert that watches it (%s)", [metric.name]) if not stated(object.get(metric, "alert", null))

metric_gap(metric) := sprintf("names alert %q, which no shipped alert rule (spec.operations) defines", [metric.alert]) if {
	stated(object.get(metric, "alert", null))
	count(alerts_named(metric.alert)) == 0
}

metric_gap(metric) := sprintf("names alert %q, but %s", [metric.alert, concat("; ", sort(alert_problems(a, metric)))]) if {
	stated(object.get(metric, "alert", null))
	not covered(metric)
	alerts := alerts_named(metric.alert)
	count(alerts) > 0
	# Of several rules of that name, the first one's problems are reported.
	a := alerts[0]
}

# METADATA
# title: Every monitored metric has an alert that watches this model
# description: >
#   Each metric of the operations plan names an alert, and a shipped Prometheus alerting rule of
#   that name reads the metric, selects this model's series (a `model` matcher that takes the
#   release's name, none refusing it), compares with the plan's threshold or fires sooner,
#   waits no longer than params.operations.max_alert_for_seconds, and carries a severity, an
#   owner and a runbook_url: a threshold no alert fires on watches nothing (NIST AI RMF
#   MEASURE 2.4, MANAGE 4.1; EU AI Act Art. 72(2): data "actively and systematically"
#   collected and analysed). Denies from tier high, warns at limited.
# custom:
#   id: ops-metric-alert
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 72(2)", "NIST AI RMF MEASURE 2.4", "NIST AI RMF MANAGE 4.1", "ISO/IEC 42001 A.6.2.6"]
#   remediation: For each monitored metric, ship the Prometheus alerting rule it names (listed in spec.operations) with the metric in its expression, a model matcher for this release, the plan's threshold, and labels severity and owner and annotation runbook_url.
deny contains f if {
	enforced
	some f in metric_alert_findings
}

warn contains f if {
	advised
	some f in metric_alert_findings
}

metric_alert_findings contains plan_finding("ops-metric-alert", sprintf("monitored metric %q (%s) %s", [object.get(metric, "name", ""), object.get(metric, "kind", ""), metric_gap(metric)]), sprintf("/monitoring/metrics/%d", [i]), object.get(metric, "name", "")) if {
	has_plan
	some i, metric in plan.metrics
	metric_gap(metric)
}

# ---------------------------------------------------------------------------------------------
# Alert routing

# METADATA
# title: Alerts reach someone on call
# description: >
#   The plan names where alerts go (routes: an Alertmanager receiver, a paging service) and who
#   is on call for them, so that a firing alert reaches a person who can act (NIST AI RMF
#   MANAGE 2.4, MANAGE 4.3; ISO/IEC 42001 A.3.2). Denies from tier high, warns at limited.
# custom:
#   id: ops-on-call
#   regime: baseline
#   severity: medium
#   controls: ["NIST AI RMF MANAGE 2.4", "NIST AI RMF MANAGE 4.3", "ISO/IEC 42001 A.3.2"]
#   remediation: State alerting.routes (where alerts are sent) and alerting.onCall (the rota or person that answers them) in operations.yaml.
deny contains f if {
	enforced
	some f in on_call_findings
}

warn contains f if {
	advised
	some f in on_call_findings
}

alerting := object.get(plan, "alerting", {})

on_call_findings contains plan_finding("ops-on-call", "the operations plan names no alert route (alerting.routes)", "/alerting/routes", "routes") if {
	has_plan
	count([r | some r in object.get(alerting, "routes", []); stated(r)]) == 0
}

on_call_findings contains plan_finding("ops-on-call", "the operations plan names no one on call for alerts (alerting.onCall)", "/alerting/onCall", "onCall") if {
	has_plan
	not stated(object.get(alerting, "on_call", null))
}

# ---------------------------------------------------------------------------------------------
# Logs

# METADATA
# title: Serving logs are kept at least six months
# description: >
#   The plan keeps the system's logs at least params.operations.min_log_retention_days (184:
#   six calendar months for a log of any day), the period EU AI Act Art. 19(1) and 26(6) set
#   for high-risk systems and the organisation applies to every production model so that
#   incidents can be traced (ISO/IEC 42001 A.6.2.8). Denies from tier high, warns at limited.
# custom:
#   id: ops-log-retention
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 19(1)", "EU AI Act Art. 26(6)", "ISO/IEC 42001 A.6.2.8"]
#   remediation: Keep the serving logs at least six months and state the period in days in operations.yaml logging.retentionDays.
deny contains f if {
	enforced
	some f in log_findings
}

warn contains f if {
	advised
	some f in log_findings
}

log_findings contains plan_finding("ops-log-retention", sprintf("the operations plan states no log retention (logging.retentionDays); at least %d days are required", [p.min_log_retention_days]), "/logging/retentionDays", "logging") if {
	has_plan
	not is_number(object.get(plan, "log_retention_days", null))
}

log_findings contains plan_finding("ops-log-retention", sprintf("serving logs are kept %v days, less than %d (six months)", [plan.log_retention_days, p.min_log_retention_days]), "/logging/retentionDays", "logging") if {
	has_plan
	plan.log_retention_days < p.min_log_retention_days
}

# ---------------------------------------------------------------------------------------------
# Rollback

rollback := object.get(plan, "rollback", {})

target := ops.rollback_target if is_object(ops.rollback_target)

# The bundles of the verified record that are this model.
target_bundles := [b | some b in target.bundles; b.name == model_name]

rollback_gaps contains "it states no rollback procedure (rollback.procedure)" if not stated(object.get(rollback, "procedure", null))

first_release if rollback.first_release == true

rollback_gaps contains "it names no decision record of the release to return to (rollback.record), and does not state that this is the model's first release (rollback.firstRelease)" if {
	not stated(object.get(rollback, "record", null))
	not first_release
}

# A first release has nothing to return to; the claim is refused where evidence contradicts it.
rollback_gaps contains sprintf("it states a first release (rollback.firstRelease) but names record %s of an earlier one", [rollback.record]) if {
	first_release
	stated(object.get(rollback, "record", null))
}

rollback_gaps contains "it states a first release (rollback.firstRelease), but the bundle existed at the base revision (check --base): an earlier release is there to return to" if {
	first_release
	input.previous
}

rollback_gaps contains sprintf("rollback record %s was not verified", [rollback.record]) if {
	stated(object.get(rollback, "record", null))
	not target
}

rollback_gaps contains sprintf("rollback record %s does not verify: %s", [target.record, object.get(target, "failure", "no trusted record key signed it")]) if {
	stated(object.get(rollback, "record", null))
	target.verified != true
}

rollback_gaps contains sprintf("rollback record %s decided %s, not approve", [target.record, target.verdict]) if {
	target.verified == true
	target.verdict != "approve"
}

rollback_gaps contains sprintf("rollback record %s decided on no release of model %q (it names %s)", [target.record, model_name, names_text(target.bundles)]) if {
	target.verified == true
	count(target_bundles) == 0
}

rollback_gaps contains sprintf("rollback record %s does not approve model %q (its verdict for it: %s)", [target.record, model_name, concat(", ", sort({b.verdict | some b in target_bundles}))]) if {
	target.verified == true
	count(target_bundles) > 0
	not some_target_approved
}

rollback_gaps contains sprintf("rollback record %s is of this very version %s: a rollback returns to an earlier release", [target.record, model_version]) if {
	target.verified == true
	some b in approved_targets
	object.get(b, "version", "") == model_version
}

rollback_gaps contains sprintf("the plan rolls back to version %s, but record %s approved version %s", [rollback.version, target.record, concat(", ", sort({object.get(b, "version", "") | some b in approved_targets}))]) if {
	target.verified == true
	count(approved_targets) > 0
	stated(object.get(rollback, "version", null))
	not rollback.version in {object.get(b, "version", "") | some b in approved_targets}
}

rollback_gaps contains sprintf("rollback record %s approved the release for environment %s, not %s", [target.record, concat(", ", sort(target_environments)), environment]) if {
	target.verified == true
	count(approved_targets) > 0
	environment != ""
	count(target_environments) > 0
	not environment in target_environments
}

approved_targets := [b | some b in target_bundles; b.verdict == "approve"]

some_target_approved if count(approved_targets) > 0

target_environments := {lower(trim_space(b.environment)) | some b in approved_targets; is_string(b.environment)}

names_text(bundles) := "none" if count(bundles) == 0

names_text(bundles) := concat(", ", sort({sprintf("%q", [object.get(b, "name", "")]) | some b in bundles})) if count(bundles) > 0

# METADATA
# title: A rollback returns to a release the gate approved
# description: >
#   The plan states how to roll back and names the release to return to by its decision record,
#   shipped in the bundle. The record must verify with a trusted record key (check --record-key,
#   trust.recordKeys, or the gate's own --sign-key), decide approve for a release of the same
#   model name, of another version (the one the plan names), for the same environment: a path
#   or a version number alone proves nothing. A model's first release states
#   rollback.firstRelease instead, with a procedure that stops it (refused when a record is
#   named too, or when the bundle existed at the --base revision). A record that has expired still proves the
#   approval; admission asks for a current one when the rollback is deployed. The ability to
#   stop and fall back (EU AI Act Art. 14(4)(e), Art. 15(4) fail-safe plans; NIST AI RMF
#   MANAGE 2.4). Denies from tier high, warns at limited.
# custom:
#   id: ops-rollback-target
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 14(4)(e)", "EU AI Act Art. 15(4)", "NIST AI RMF MANAGE 2.4", "ISO/IEC 42001 A.6.2.6"]
#   remediation: Ship the signed decision record of the previously approved release of this model in the bundle, name it in operations.yaml rollback.record with its version in rollback.version, state rollback.procedure, and give the gate the record key (--record-key or trust.recordKeys).
deny contains f if {
	enforced
	some f in rollback_findings
}

warn contains f if {
	advised
	some f in rollback_findings
}

rollback_findings contains plan_finding("ops-rollback-target", sprintf("the operations plan's rollback: %s", [gap]), "/rollback", object.get(rollback, "record", "rollback")) if {
	has_plan
	some gap in rollback_gaps
}

# ---------------------------------------------------------------------------------------------
# Rollout

rollout_text(r) := sprintf("%s %s: %s", [r.tool, r.name, reason]) if {
	not r.staged
	reason := object.get(r, "not_staged_reason", "not staged")
}

rollout_text(r) := sprintf("%s %s: %s", [r.tool, r.name, reason]) if {
	r.staged
	not r.automated_abort
	reason := object.get(r, "no_abort_reason", "no automated abort")
}

guarded_rollout if {
	some r in ops.rollouts
	r.staged == true
	r.automated_abort == true
}

# METADATA
# title: Production rollout is staged and aborts itself
# description: >
#   The release reaches production in steps (an Argo Rollouts or Flagger canary, KServe canary
#   traffic) and a metric analysis that can fail aborts or rolls back the rollout without a
#   person: a bad model then meets a fraction of the traffic for a bounded time. Only evidence
#   the loader could decide counts (the analysis template shipped, a metric that can fail);
#   KServe has no analysis of its own. EU AI Act Art. 15(4) fail-safe plans; NIST AI RMF
#   MANAGE 2.4; ISO/IEC 42001 A.6.2.5. Denies from tier high, warns at limited.
# custom:
#   id: ops-staged-rollout
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 15(4)", "NIST AI RMF MANAGE 2.4", "ISO/IEC 42001 A.6.2.5"]
#   remediation: Roll out with canary steps and an analysis (Argo AnalysisTemplate or Flagger metrics) whose failure aborts the rollout, and list the rollout and its templates in spec.operations.
deny contains f if {
	enforced
	some f in rollout_findings
}

warn contains f if {
	advised
	some f in rollout_findings
}

rollout_findings contains manifest_finding("ops-staged-rollout", "no staged rollout is shipped (spec.operations names no Argo Rollout, Flagger Canary or KServe InferenceService)", "rollout") if {
	count(object.get(ops, "rollouts", [])) == 0
}

rollout_findings contains finding("ops-staged-rollout", sprintf("no rollout is both staged and aborted by a failing metric: %s", [concat("; ", sort([rollout_text(r) | some r in ops.rollouts]))]), ops.rollouts[0].source.path, "", "rollout") if {
	count(ops.rollouts) > 0
	not guarded_rollout
}

# ---------------------------------------------------------------------------------------------
# Retraining

retraining := object.get(plan, "retraining", {})

# METADATA
# title: Retraining has triggers and approvers
# description: >
#   The plan says when the model is retrained (drift, a performance floor, a schedule, an
#   erasure request) and who approves a retrained model before it replaces this one: a
#   retrained model is a change, within the changes pre-determined at conformity assessment or
#   a substantial modification that needs a new one (EU AI Act Art. 43(4)); NIST AI RMF MANAGE
#   4.2. Denies from tier high, warns at limited.
# custom:
#   id: ops-retraining
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 43(4)", "NIST AI RMF MANAGE 4.2", "ISO/IEC 42001 A.6.2.6"]
#   remediation: State retraining.triggers (the conditions that start a retraining) and retraining.approvers (who approves the retrained model) in operations.yaml.
deny contains f if {
	enforced
	some f in retraining_findings
}

warn contains f if {
	advised
	some f in retraining_findings
}

retraining_findings contains plan_finding("ops-retraining", "the operations plan names no retraining trigger (retraining.triggers)", "/retraining/triggers", "triggers") if {
	has_plan
	count([x | some x in object.get(retraining, "triggers", []); stated(x)]) == 0
}

retraining_findings contains plan_finding("ops-retraining", "the operations plan names no approver of a retrained model (retraining.approvers)", "/retraining/approvers", "approvers") if {
	has_plan
	count([x | some x in object.get(retraining, "approvers", []); stated(x)]) == 0
}

# ---------------------------------------------------------------------------------------------
# Incidents

incidents := object.get(plan, "incidents", {})

incident_fields contains ["procedure", "the incident procedure (incidents.procedure)", "/incidents/procedure"]

incident_fields contains ["contact", "an incident contact (incidents.contact)", "/incidents/contact"]

incident_fields contains ["serious_incident_reporting", "how serious incidents are reported to the market surveillance authority (incidents.seriousIncidentReporting, EU AI Act Art. 73)", "/incidents/seriousIncidentReporting"] if {
	lib.tier_at_least(p.serious_incident_from_tier)
}

# METADATA
# title: Incidents have a procedure and a contact
# description: >
#   The plan names the incident procedure and a contact, and from tier high how serious
#   incidents are reported to the market surveillance authority within the deadlines of EU AI
#   Act Art. 73(2)-(4) (NIST AI RMF MANAGE 4.3; ISO/IEC 42001 A.8.4). Denies from tier high,
#   warns at limited.
# custom:
#   id: ops-incident-procedure
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 73(1)", "EU AI Act Art. 73(2)", "NIST AI RMF MANAGE 4.3", "ISO/IEC 42001 A.8.4"]
#   remediation: State incidents.procedure, incidents.contact and, for a high-risk release, incidents.seriousIncidentReporting in operations.yaml.
deny contains f if {
	enforced
	some f in incident_findings
}

warn contains f if {
	advised
	some f in incident_findings
}

incident_findings contains plan_finding("ops-incident-procedure", sprintf("the operations plan does not state %s", [field[1]]), field[2], field[0]) if {
	has_plan
	some field in incident_fields
	not stated(object.get(incidents, field[0], null))
}

# ---------------------------------------------------------------------------------------------
# Access

access := object.get(plan, "access", {})

# METADATA
# title: The serving endpoint is access-controlled
# description: >
#   The plan states how callers of the serving endpoint are authenticated and which network
#   policy limits who can reach it: a model endpoint open to anyone on the network can be
#   queried to extract or probe it (EU AI Act Art. 15(5); CIS Kubernetes Benchmark 5.3.2;
#   ISO/IEC 42001 A.6.2.6). Denies from tier high, warns at limited.
# custom:
#   id: ops-endpoint-access
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 15(5)", "CIS Kubernetes 5.3.2", "ISO/IEC 42001 A.6.2.6"]
#   remediation: State access.authentication (how callers are authenticated) and access.networkPolicy (the policy that limits who reaches the endpoint) in operations.yaml.
deny contains f if {
	enforced
	some f in access_findings
}

warn contains f if {
	advised
	some f in access_findings
}

access_findings contains plan_finding("ops-endpoint-access", "the operations plan does not state how callers of the endpoint are authenticated (access.authentication)", "/access/authentication", "authentication") if {
	has_plan
	not stated(object.get(access, "authentication", null))
}

access_findings contains plan_finding("ops-endpoint-access", "the operations plan names no network policy for the endpoint (access.networkPolicy)", "/access/networkPolicy", "networkPolicy") if {
	has_plan
	not stated(object.get(access, "network_policy", null))
}

# ---------------------------------------------------------------------------------------------
# Drift

# The plan's data drift thresholds (share of drifted columns), watched from above.
drift_thresholds := {m.threshold | some m in plan.metrics; m.kind == "data_drift"; m.direction == "above"}

drift_reasons(r) := {msg |
	some reason in [
		[r.dataset_drift == true, "the report finds the data set drifted"],
		[exceeds(r), sprintf("%v of the columns drifted, past the plan's data drift threshold %v", [object.get(r, "drift_share", null), min(drift_thresholds)])],
	]
	reason[0] == true
	msg := reason[1]
}

# The share of drifted columns passes the lowest data drift threshold of the plan.
exceeds(r) := true if {
	count(drift_thresholds) > 0
	is_number(r.drift_share)
	r.drift_share > min(drift_thresholds)
} else := false

drifted_columns(r) := sort([c.name | some c in r.columns; c.drifted == true])

columns_text(r) := "no column named" if count(drifted_columns(r)) == 0

columns_text(r) := sprintf("drifted: %s", [concat(", ", drifted_columns(r))]) if count(drifted_columns(r)) > 0

# METADATA
# title: Production data has not drifted past the plan's thresholds
# description: >
#   A drift report shipped with the release (Evidently, or drift.json) that finds the data set
#   drifted, or a share of drifted columns past the plan's data_drift threshold, means the
#   model no longer sees the data it was approved on: it is not approved again as it is, but
#   retrained or rolled back (NIST AI RMF MANAGE 2.4, MEASURE 2.4; EU AI Act Art. 15(1), 72(2)).
#   Denies in production at every tier.
# custom:
#   id: ops-drift-exceeded
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 15(1)", "EU AI Act Art. 72(2)", "NIST AI RMF MANAGE 2.4", "NIST AI RMF MEASURE 2.4"]
#   remediation: Retrain the model on current data (or roll back to the release named in rollback.record) and check the new release with a drift report under the plan's thresholds.
deny contains f if {
	production
	some r in ops.drift
	reasons := drift_reasons(r)
	count(reasons) > 0
	f := finding("ops-drift-exceeded", sprintf("%s (%s): %s; %s. Retrain or roll back", [r.source.path, r.tool, concat("; ", sort(reasons)), columns_text(r)]), r.source.path, "", concat(",", drifted_columns(r)))
}
