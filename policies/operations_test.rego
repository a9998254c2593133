package modelgate.operations_test

import data.modelgate.operations

plan := {
	"source": {"path": "operations.yaml"},
	"metrics": [
		{"kind": "data_drift", "name": "model_data_drift_share", "threshold": 0.3, "direction": "above", "alert": "DataDrift"},
		{"kind": "performance", "name": "model_accuracy", "threshold": 0.85, "direction": "below", "alert": "AccuracyFloor"},
	],
	"alerting": {"routes": ["pagerduty:risk-ml"], "on_call": "risk-ml-oncall"},
	"log_retention_days": 400,
	"rollback": {"version": "2.2.0", "record": "records/crs-2.2.0.json", "procedure": "kubectl argo rollouts undo crs"},
	"retraining": {"triggers": ["drift above 0.3 for 7 days"], "approvers": ["model-risk-committee"]},
	"incidents": {"procedure": "INC-AI-01", "contact": "ai-compliance@example.com", "serious_incident_reporting": "Art. 73 within 15 days"},
	"access": {"authentication": "mTLS", "network_policy": "ml-prod/crs-ingress"},
	"lines": {"/monitoring/metrics/0": 9, "/logging/retentionDays": 20},
}

alert(name, metric, expr) := {
	"source": {"path": "ops/alerts.rules.yaml"},
	"group": "crs",
	"name": name,
	"expr": expr,
	"for": "30m",
	# Owner and team both name someone: a rule with several owners covers its metric.
	"labels": {"severity": "critical", "owner": "risk-ml-oncall", "team": "risk-ml"},
	"annotations": {"runbook_url": "https://runbooks.example.com/crs", "owner": "risk-ml-lead"},
	"model_selectors": [{"op": "=", "value": "credit-risk-scorer"}],
	"metrics": [metric],
}

alerts := [
	alert("DataDrift", "model_data_drift_share", `model_data_drift_share{model="credit-risk-scorer"} > 0.3`),
	alert("AccuracyFloor", "model_accuracy", `model_accuracy{model="credit-risk-scorer"} < 0.85`),
]

rollout := {
	"source": {"path": "ops/rollout.yaml"},
	"tool": "argo-rollouts",
	"name": "Rollout/crs",
	"staged": true,
	"steps": [10, 50, 100],
	"analyses": ["crs-accuracy"],
	"automated_abort": true,
}

target := {
	"record": "records/crs-2.2.0.json",
	"verified": true,
	"verdict": "approve",
	"expired": true,
	"bundles": [{"name": "credit-risk-scorer", "version": "2.2.0", "environment": "production", "verdict": "approve"}],
}

release := {
	"manifest": {
		"name": "credit-risk-scorer", "version": "2.3.0", "risk_tier": "high",
		"environment": "production", "source": {"path": "modelgate.yaml"},
	},
	"operations": {"plan": plan, "alerts": alerts, "rollouts": [rollout], "drift": [], "rollback_target": target},
}

# obj with the keys of patch replaced (object.union would merge nested objects).
put(obj, patch) := object.union(object.remove(obj, [k | some k, _ in patch]), patch)

with_ops(patch) := put(release, {"operations": put(release.operations, patch)})

with_plan(patch) := with_ops({"plan": put(plan, patch)})

with_manifest(patch) := put(release, {"manifest": put(release.manifest, patch)})

deny_ids(inp) := {f.id | some f in operations.deny with input as inp}

warn_ids(inp) := {f.id | some f in operations.warn with input as inp}

messages(inp, id) := {f.msg | some f in operations.deny with input as inp; f.id == id}

# --- scope -----------------------------------------------------------------------------------

test_ready_release_has_no_findings if {
	count(operations.deny) == 0 with input as release
	count(operations.warn) == 0 with input as release
}

test_no_evidence_at_high_denies if {
	inp := put(release, {"operations": {"alerts": [], "rollouts": [], "drift": []}})
	ids := deny_ids(inp)
	"ops-monitoring-plan" in ids
	"ops-staged-rollout" in ids
	# Without a plan, the plan's parts are not reported one by one.
	not "ops-log-retention" in ids
}

test_input_without_operations_denies_at_high if {
	inp := json.remove(release, ["operations"])
	"ops-monitoring-plan" in deny_ids(inp)
}

test_limited_warns_instead if {
	inp := put(with_manifest({"risk_tier": "limited"}), {"operations": {"alerts": [], "rollouts": [], "drift": []}})
	count(deny_ids(inp)) == 0
	"ops-monitoring-plan" in warn_ids(inp)
	"ops-staged-rollout" in warn_ids(inp)
}

test_minimal_is_out_of_scope if {
	inp := put(with_manifest({"risk_tier": "minimal"}), {"operations": {}})
	count(deny_ids(inp)) == 0
	count(warn_ids(inp)) == 0
}

test_staging_is_out_of_scope if {
	every env in ["staging", "eu-dev", "QA", "test"] {
		inp := put(with_manifest({"environment": env}), {"operations": {}})
		count(deny_ids(inp)) == 0
	}
}

test_production_spelled_around_stays_production if {
	every env in ["prod", "Production-EU", "prod-test", "live", "customer-facing", ""] {
		inp := put(with_manifest({"environment": env}), {"operations": {}})
		"ops-monitoring-plan" in deny_ids(inp)
	}
}

test_environment_left_out_is_production if {
	inp := put(put(release, {"manifest": json.remove(release.manifest, ["environment"])}), {"operations": {}})
	"ops-monitoring-plan" in deny_ids(inp)
}

test_undeclared_tier_is_high if {
	inp := put(put(release, {"manifest": json.remove(release.manifest, ["risk_tier"])}), {"operations": {}})
	"ops-monitoring-plan" in deny_ids(inp)
}

test_tiers_are_parameters if {
	inp := put(with_manifest({"risk_tier": "limited"}), {"operations": {}})
	"ops-monitoring-plan" in deny_ids(inp) with data.modelgate.params.operations.deny_from_tier as "limited"
}

# --- monitoring plan ---------------------------------------------------------------------------

test_plan_without_a_required_kind if {
	inp := with_plan({"metrics": [plan.metrics[1]]})
	some m in messages(inp, "ops-monitoring-plan")
	contains(m, "data_drift")
}

# --- metric <-> alert ----------------------------------------------------------------------------

test_metric_alert_missing if {
	inp := with_ops({"alerts": [alerts[1]]})
	some f in operations.deny with input as inp
	f.id == "ops-metric-alert"
	f.target == "model_data_drift_share"
	f.pointer == "/monitoring/metrics/0"
	f.line == 9
	f.file == "operations.yaml"
	contains(f.msg, "no shipped alert rule")
}

test_metric_names_no_alert if {
	inp := with_plan({"metrics": [json.remove(plan.metrics[0], ["alert"]), plan.metrics[1]]})
	some m in messages(inp, "ops-metric-alert")
	contains(m, "names no alert")
}

test_alert_for_another_model if {
	other := put(alerts[0], {"model_selectors": [{"op": "=", "value": "fraud-scorer"}]})
	some m in messages(with_ops({"alerts": [other, alerts[1]]}), "ops-metric-alert")
	contains(m, "does not select the series")
}

test_alert_without_model_matcher_watches_no_model if {
	agg := put(alerts[0], {"model_selectors": []})
	"ops-metric-alert" in deny_ids(with_ops({"alerts": [agg, alerts[1]]}))
}

test_alert_regex_must_match_the_whole_name if {
	# `credit` matches part of the name only; PromQL regexes are anchored.
	partial := put(alerts[0], {"model_selectors": [{"op": "=~", "value": "credit"}]})
	"ops-metric-alert" in deny_ids(with_ops({"alerts": [partial, alerts[1]]}))
	whole := put(alerts[0], {"model_selectors": [{"op": "=~", "value": "credit-.*|fraud"}]})
	not "ops-metric-alert" in deny_ids(with_ops({"alerts": [whole, alerts[1]]}))
}

test_alert_excluding_the_model if {
	excl := put(alerts[0], {"model_selectors": [{"op": "=~", "value": ".+"}, {"op": "!=", "value": "credit-risk-scorer"}]})
	"ops-metric-alert" in deny_ids(with_ops({"alerts": [excl, alerts[1]]}))
}

test_alert_reading_another_metric if {
	# An alert of the right name over an unrelated series watches nothing the plan monitors.
	wrong := put(alerts[0], {"metrics": ["up"], "expr": `up{model="credit-risk-scorer"} > 0.3`})
	some m in messages(with_ops({"alerts": [wrong, alerts[1]]}), "ops-metric-alert")
	contains(m, "does not read the metric")
}

test_alert_weaker_than_the_plan if {
	# The plan floors accuracy at 0.85; an alert at 0.5 fires far too late.
	late := put(alerts[1], {"expr": `model_accuracy{model="credit-risk-scorer"} < 0.5`})
	some m in messages(with_ops({"alerts": [alerts[0], late]}), "ops-metric-alert")
	contains(m, "fires at 0.85 below")
	# Wrong direction: a drift alert that fires when drift falls.
	inverted := put(alerts[0], {"expr": `model_data_drift_share{model="credit-risk-scorer"} < 0.3`})
	"ops-metric-alert" in deny_ids(with_ops({"alerts": [inverted, alerts[1]]}))
}

test_alert_stricter_than_the_plan_is_fine if {
	early := put(alerts[0], {"expr": `model_data_drift_share{model="credit-risk-scorer"} >= 0.2`})
	not "ops-metric-alert" in deny_ids(with_ops({"alerts": [early, alerts[1]]}))
}

test_alert_labels_required if {
	bare := put(alerts[0], {"labels": {}, "annotations": {}})
	some m in messages(with_ops({"alerts": [bare, alerts[1]]}), "ops-metric-alert")
	contains(m, "no severity label")
	contains(m, "names no owner")
	contains(m, "no runbook_url")
}

test_owner_as_team_or_annotation if {
	team := put(alerts[0], {"labels": {"severity": "warning", "team": "risk-ml"}})
	not "ops-metric-alert" in deny_ids(with_ops({"alerts": [team, alerts[1]]}))
	ann := put(alerts[0], {"labels": {"severity": "warning"}, "annotations": {"runbook_url": "https://r", "owner": "risk-ml"}})
	not "ops-metric-alert" in deny_ids(with_ops({"alerts": [ann, alerts[1]]}))
}

test_placeholder_labels_name_nothing if {
	tbd := put(alerts[0], {"labels": {"severity": "tbd", "owner": "n/a"}})
	"ops-metric-alert" in deny_ids(with_ops({"alerts": [tbd, alerts[1]]}))
}

test_alert_waiting_too_long if {
	slow := put(alerts[0], {"for": "1w"})
	some m in messages(with_ops({"alerts": [slow, alerts[1]]}), "ops-metric-alert")
	contains(m, "for: 1w")
	ok := put(alerts[0], {"for": "23h59m"})
	not "ops-metric-alert" in deny_ids(with_ops({"alerts": [ok, alerts[1]]}))
}

test_one_good_alert_of_a_name_covers if {
	# Two rules of the same name: one that does the job is enough.
	bad := put(alerts[0], {"model_selectors": []})
	not "ops-metric-alert" in deny_ids(with_ops({"alerts": [bad, alerts[0], alerts[1]]}))
}

# --- routing, logs, retraining, incidents, access -----------------------------------------------

test_todo_notes_name_nothing if {
	"ops-on-call" in deny_ids(with_plan({"alerting": {"routes": ["pagerduty:x"], "on_call": "TODO-team-or-rotation"}}))
	"ops-on-call" in deny_ids(with_plan({"alerting": {"routes": ["pagerduty:x"], "on_call": "tbd: pager"}}))
	not "ops-on-call" in deny_ids(with_plan({"alerting": {"routes": ["pagerduty:x"], "on_call": "todd-oncall"}}))
}

test_on_call_missing if {
	inp := with_plan({"alerting": {"routes": ["tbd"]}})
	count({f | some f in operations.deny with input as inp; f.id == "ops-on-call"}) == 2
}

test_log_retention if {
	"ops-log-retention" in deny_ids(with_plan({"log_retention_days": 183}))
	not "ops-log-retention" in deny_ids(with_plan({"log_retention_days": 184}))
	"ops-log-retention" in deny_ids(with_ops({"plan": json.remove(plan, ["log_retention_days"])}))
}

test_retraining if {
	"ops-retraining" in deny_ids(with_plan({"retraining": {"triggers": ["quarterly"]}}))
	"ops-retraining" in deny_ids(with_plan({"retraining": {"triggers": [], "approvers": ["x"]}}))
}

test_incidents_serious_reporting_from_high if {
	inp := with_plan({"incidents": {"procedure": "INC-1", "contact": "x@example.com"}})
	some m in messages(inp, "ops-incident-procedure")
	contains(m, "Art. 73")
	lim := put(inp, {"manifest": put(release.manifest, {"risk_tier": "limited"})})
	not "ops-incident-procedure" in warn_ids(lim)
}

test_access if {
	"ops-endpoint-access" in deny_ids(with_plan({"access": {"authentication": "none", "network_policy": "ml/x"}}))
	"ops-endpoint-access" in deny_ids(with_plan({"access": {"authentication": "mTLS"}}))
}

# --- rollback ---------------------------------------------------------------------------------

test_rollback_without_record if {
	inp := json.remove(with_plan({"rollback": {"procedure": "undo"}}), ["operations/rollback_target"])
	some m in messages(inp, "ops-rollback-target")
	contains(m, "names no decision record")
}

test_first_release_needs_no_record if {
	inp := json.remove(with_plan({"rollback": {"first_release": true, "procedure": "scale to zero; underwriters score by hand"}}), ["operations/rollback_target"])
	not "ops-rollback-target" in deny_ids(inp)
	# Still a procedure to stop it.
	bare := json.remove(with_plan({"rollback": {"first_release": true}}), ["operations/rollback_target"])
	"ops-rollback-target" in deny_ids(bare)
}

# Attack: "first release" beside a record of an earlier one, or for a bundle that existed at
# the base revision.
test_first_release_contradicted if {
	both := with_plan({"rollback": object.union(plan.rollback, {"first_release": true})})
	some m in messages(both, "ops-rollback-target")
	contains(m, "names record")
	first := json.remove(with_plan({"rollback": {"first_release": true, "procedure": "stop"}}), ["operations/rollback_target"])
	some n in messages(object.union(first, {"previous": {"manifest": release.manifest}}), "ops-rollback-target")
	contains(n, "existed at the base revision")
}

test_rollback_record_not_verified if {
	t := put(target, {"verified": false, "failure": "signature: no trusted record key signed it"})
	some m in messages(with_ops({"rollback_target": t}), "ops-rollback-target")
	contains(m, "does not verify: signature")
}

test_rollback_record_missing_from_input_fails_closed if {
	inp := json.remove(release, ["operations/rollback_target"])
	"ops-rollback-target" in deny_ids(inp)
}

test_rollback_to_a_blocked_release if {
	t := put(target, {"verdict": "block", "bundles": [put(target.bundles[0], {"verdict": "block"})]})
	ms := messages(with_ops({"rollback_target": t}), "ops-rollback-target")
	some m in ms
	contains(m, "decided block")
}

test_rollback_to_another_model if {
	t := put(target, {"bundles": [put(target.bundles[0], {"name": "fraud-scorer"})]})
	some m in messages(with_ops({"rollback_target": t}), "ops-rollback-target")
	contains(m, `no release of model "credit-risk-scorer"`)
}

test_rollback_to_itself if {
	t := put(target, {"bundles": [put(target.bundles[0], {"version": "2.3.0"})]})
	some m in messages(with_ops({"rollback_target": t}), "ops-rollback-target")
	contains(m, "this very version")
}

test_rollback_version_contradicts_record if {
	inp := with_plan({"rollback": put(plan.rollback, {"version": "2.1.0"})})
	some m in messages(inp, "ops-rollback-target")
	contains(m, "approved version 2.2.0")
}

test_rollback_approved_for_staging_only if {
	t := put(target, {"bundles": [put(target.bundles[0], {"environment": "staging"})]})
	some m in messages(with_ops({"rollback_target": t}), "ops-rollback-target")
	contains(m, "environment staging")
}

test_expired_rollback_record_still_counts if {
	not "ops-rollback-target" in deny_ids(with_ops({"rollback_target": put(target, {"expired": true})}))
}

test_rollback_procedure_required if {
	inp := with_plan({"rollback": {"version": "2.2.0", "record": "records/crs-2.2.0.json"}})
	some m in messages(inp, "ops-rollback-target")
	contains(m, "no rollback procedure")
}

# --- rollout ----------------------------------------------------------------------------------

test_rollout_without_abort if {
	manual := put(rollout, {"automated_abort": false, "no_abort_reason": "no analysis: promotion is manual"})
	some f in operations.deny with input as with_ops({"rollouts": [manual]})
	f.id == "ops-staged-rollout"
	f.file == "ops/rollout.yaml"
	contains(f.msg, "promotion is manual")
}

test_rollout_not_staged if {
	big_bang := put(rollout, {"staged": false, "not_staged_reason": "one step to 100%"})
	"ops-staged-rollout" in deny_ids(with_ops({"rollouts": [big_bang]}))
}

test_one_guarded_rollout_is_enough if {
	kserve := put(rollout, {"tool": "kserve", "automated_abort": false})
	not "ops-staged-rollout" in deny_ids(with_ops({"rollouts": [kserve, rollout]}))
}

# --- drift ------------------------------------------------------------------------------------

report(share, verdict, columns) := {
	"source": {"path": "drift.json"},
	"tool": "evidently",
	"drift_share": share,
	"dataset_drift": verdict,
	"columns": columns,
}

test_drift_over_the_plan_threshold if {
	r := report(0.4, false, [{"name": "income", "drifted": true}, {"name": "age", "drifted": false}, {"name": "debt_ratio", "drifted": true}])
	some f in operations.deny with input as with_ops({"drift": [r]})
	f.id == "ops-drift-exceeded"
	f.file == "drift.json"
	f.target == "debt_ratio,income"
	contains(f.msg, "drifted: debt_ratio, income")
	contains(f.msg, "past the plan's data drift threshold 0.3")
	contains(f.msg, "Retrain or roll back")
}

test_drift_stated_by_the_report if {
	"ops-drift-exceeded" in deny_ids(with_ops({"drift": [report(0.1, true, [])]}))
}

test_drift_under_threshold if {
	not "ops-drift-exceeded" in deny_ids(with_ops({"drift": [report(0.3, false, [{"name": "income", "drifted": true}])]}))
}

test_drift_denies_at_every_tier_in_production if {
	inp := put(with_manifest({"risk_tier": "minimal"}), {"operations": put(release.operations, {"drift": [report(0.5, true, [])]})})
	"ops-drift-exceeded" in deny_ids(inp)
	stg := put(inp, {"manifest": put(inp.manifest, {"environment": "staging"})})
	not "ops-drift-exceeded" in deny_ids(stg)
}

# Below the deny tier every gap is reported as a warning, none blocks.
test_every_gap_warns_at_limited if {
	broken := {
		"source": {"path": "operations.yaml"},
		"metrics": [{"kind": "performance", "name": "model_accuracy", "threshold": 0.85, "direction": "below", "alert": "Gone"}],
		"log_retention_days": 30,
		"rollback": {},
	}
	inp := put(with_manifest({"risk_tier": "limited"}), {"operations": {"plan": broken, "alerts": [], "rollouts": [object.union(rollout, {"automated_abort": false})], "drift": []}})
	count(deny_ids(inp)) == 0
	warn_ids(inp) == {
		"ops-monitoring-plan", "ops-metric-alert", "ops-on-call", "ops-log-retention", "ops-rollback-target",
		"ops-staged-rollout", "ops-retraining", "ops-incident-procedure", "ops-endpoint-access",
	}
}

test_negative_regex_matcher if {
	excl := put(alerts[0], {"model_selectors": [{"op": "=~", "value": ".+"}, {"op": "!~", "value": "credit-.*"}]})
	"ops-metric-alert" in deny_ids(with_ops({"alerts": [excl, alerts[1]]}))
	other := put(alerts[0], {"model_selectors": [{"op": "=~", "value": ".+"}, {"op": "!~", "value": "fraud-.*"}]})
	not "ops-metric-alert" in deny_ids(with_ops({"alerts": [other, alerts[1]]}))
}
