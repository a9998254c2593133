# Rules about a change: the bundle compared with its version at the base revision
# (`modelgate check --base REV`, which fills input.previous). Without --base, or for a bundle
# that is new, input.previous is absent and no rule here applies.
package modelgate.change

import data.modelgate.lib

# Parameters (override under data.modelgate.params.change).
default_params := {
	# Largest fall in robust accuracy, for the same attack, norm and epsilon, accepted between
	# the previous and this version (absolute, 0.02 = two points).
	"max_robust_accuracy_drop": 0.02,
	# Largest rise of a garak probe's failure rate (same probe and detector) accepted.
	"max_probe_failure_increase": 0.02,
}

p := lib.area_params("change", default_params)

prev := input.previous

card_file := input.model.source.path

card_file := lib.manifest_file if not input.model.source.path

# How a dataset is matched with its previous version: by name, else by its file.
ds_key(ds) := ds.name

ds_key(ds) := ds.source.path if not ds.name

# What the data itself is: a change here is a change of the processing a DPIA assessed. The
# datasheet's prose may change without it.
data_identity(ds) := {
	"version": object.get(ds, "version", ""),
	"url": object.get(ds, "url", ""),
	"fields": [f.name | some f in ds.fields],
	"categories": object.get(ds.personal_data, "categories", []),
	"special_categories": object.get(ds.personal_data, "special_categories", []),
	"subject_regions": object.get(ds.personal_data, "subject_regions", []),
	"retention_days": object.get(ds.personal_data, "retention_days", null),
}

dpia_of(ds) := [object.get(d, "reference", ""), object.get(d, "date", "")] if {
	d := object.get(ds.personal_data, "dpia", {})
}

# METADATA
# title: A changed personal dataset has a reviewed DPIA
# description: >
#   When a dataset holding personal data changes (its version, location, fields, categories,
#   regions or retention), its data protection impact assessment is reviewed: the DPIA
#   reference or date changes with it.
# custom:
#   id: change-dataset-dpia-stale
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: high
#   controls: ["GDPR Art. 35(11)", "GDPR Art. 35(1)"]
#   remediation: Review the DPIA for the changed processing and record the new reference or date in the datasheet's personal_data.dpia.
deny contains f if {
	some ds in input.datasets
	ds.personal_data.contains_personal_data == true
	some old in prev.datasets
	ds_key(old) == ds_key(ds)
	data_identity(old) != data_identity(ds)
	dpia_of(old) == dpia_of(ds)
	f := {
		"id": "change-dataset-dpia-stale",
		"msg": sprintf("dataset %q changed since the base revision but its DPIA (reference %q, date %q) did not", [ds_key(ds), dpia_of(ds)[0], dpia_of(ds)[1]]),
		"file": ds.source.path,
		"line": lib.line_of(ds, "dpia"),
		"target": ds_key(ds),
	}
}

same_attack(a, b) if {
	lower(a.name) == lower(b.name)
	object.get(a, "norm", "") == object.get(b, "norm", "")
	object.get(a, "epsilon", -1) == object.get(b, "epsilon", -1)
}

# METADATA
# title: Robustness did not regress
# description: >
#   For every attack that both versions ran with the same norm and epsilon, robust accuracy fell
#   by no more than params.change.max_robust_accuracy_drop; for every garak probe and detector
#   of both, the failure rate rose by no more than params.change.max_probe_failure_increase.
#   High-risk systems perform "consistently" throughout their lifecycle (AI Act Art. 15(1)) and
#   post-market monitoring evaluates their continuous compliance (Art. 72(2)); below high this
#   is organisational policy after NIST AI RMF MEASURE 2.7.
# custom:
#   id: change-robustness-regressed
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 15(1) (high-risk)", "EU AI Act Art. 72(2) (high-risk)", "NIST AI RMF MEASURE 2.7"]
#   remediation: Find why the new version is less robust (training data, hyper-parameters, defences) and fix it, or accept the regression explicitly with a waiver.
deny contains f if {
	some r in input.robustness
	some a in r.attacks
	some old_r in prev.robustness
	some old in old_r.attacks
	same_attack(a, old)
	drop := old.robust_accuracy - a.robust_accuracy
	drop > p.max_robust_accuracy_drop
	f := {
		"id": "change-robustness-regressed",
		"msg": sprintf("%s (%s, epsilon %v): robust accuracy fell from %v to %v (limit: a drop of %v)", [a.name, object.get(a, "norm", "?"), object.get(a, "epsilon", "?"), old.robust_accuracy, a.robust_accuracy, p.max_robust_accuracy_drop]),
		"file": r.source.path,
		"pointer": a.pointer,
		"target": a.name,
	}
}

deny contains f if {
	some r in input.robustness
	some pr in r.probes
	some old_r in prev.robustness
	some old in old_r.probes
	old.probe == pr.probe
	old.detector == pr.detector
	pr.failure_rate - old.failure_rate > p.max_probe_failure_increase
	f := {
		"id": "change-robustness-regressed",
		"msg": sprintf("garak %s (%s): failure rate rose from %v to %v (limit: a rise of %v)", [pr.probe, pr.detector, old.failure_rate, pr.failure_rate, p.max_probe_failure_increase]),
		"file": r.source.path,
		"line": pr.line,
		"target": pr.probe,
	}
}

section_kept(id) if input.model.sections[id].present == true

# METADATA
# title: No model card section was removed
# description: >
#   A section of the model card that had content in the previous version still has content. For
#   high-risk systems the technical documentation is "kept up-to date" (AI Act Art. 11(1)); below
#   high this is organisational policy after ISO/IEC 42001 A.6.2.7.
# custom:
#   id: change-card-section-removed
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 11(1) (high-risk)", "EU AI Act Art. 13(3) (high-risk)", "ISO/IEC 42001 A.6.2.7"]
#   remediation: Restore the section, or replace it with its updated content; documentation may change but not disappear.
deny contains f if {
	some id, old in prev.model.sections
	old.present == true
	not section_kept(id)
	f := {
		"id": "change-card-section-removed",
		"msg": sprintf("model card section %q (%q) had content at the base revision and has none now", [id, old.heading]),
		"file": card_file,
		"target": id,
	}
}

signer_name(s) := s.identity

signer_name(s) := concat("", ["key ", s.key_id]) if not s.identity

signers(sigs) := {n | some sig in sigs; sig.verified == true; n := signer_name(sig.signer)}

# METADATA
# title: The signer did not change
# description: >
#   Verified signatures of the new version come from a signer that also signed the previous
#   version; a new identity or key is a change to review.
# custom:
#   id: change-signer-changed
#   regime: baseline
#   severity: medium
#   controls: ["NIST SSDF PS.2.1", "SLSA v1.0 Build L2"]
#   remediation: Confirm that the new signer is authorised to release this model (and update the trust configuration), or re-sign with the usual identity.
warn contains f if {
	before := signers(prev.signatures)
	count(before) > 0
	some s in signers(input.signatures)
	not s in before
	f := {
		"id": "change-signer-changed",
		"msg": sprintf("signed by %s; the base revision was signed by %s", [s, concat(", ", sort(before))]),
		"file": lib.manifest_file,
		"target": s,
	}
}

# METADATA
# title: The risk tier was not lowered
# description: >
#   A lower risk tier than the previous version's takes rules off the release; it needs an
#   explicit, reviewed decision. A provider who considers an Annex III system not high-risk
#   documents that assessment before placing it on the market (AI Act Art. 6(3)-(4)) and
#   registers the system (Art. 49(2)); a system that profiles natural persons is always high-risk
#   (Art. 6(3), last subparagraph).
# custom:
#   id: change-risk-tier-lowered
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 6(3)", "EU AI Act Art. 6(4)", "EU AI Act Art. 49(2)"]
#   remediation: Keep the previous risk tier, or record the reclassification (who decided, why) and accept it with a waiver.
deny contains f if {
	old := prev.manifest.risk_tier
	new := input.manifest.risk_tier
	lib.tier_rank[new] < lib.tier_rank[old]
	f := {
		"id": "change-risk-tier-lowered",
		"msg": sprintf("risk tier lowered from %s to %s", [old, new]),
		"file": lib.manifest_file,
	}
}

# METADATA
# title: The model license did not change unnoticed
# description: The license the model card declares is the same as in the previous version.
# custom:
#   id: change-license-changed
#   regime: baseline
#   severity: medium
#   controls: ["ISO/IEC 5230:2020 3.3.2"]
#   remediation: Have the license change reviewed (downstream users and distribution terms), then accept it with a waiver or revert it.
warn contains f if {
	old := prev.model.license
	new := input.model.license
	old != new
	f := {
		"id": "change-license-changed",
		"msg": sprintf("model license changed from %s to %s", [old, new]),
		"file": card_file,
	}
}

# ---------------------------------------------------------------------------------------------
# Operations: monitoring weakened since the base revision. In the scope of
# policies/operations.rego (production): deny where its rules deny, warn where they warn.

ops_scope := "deny" if data.modelgate.operations.enforced

ops_scope := "warn" if data.modelgate.operations.advised

prev_ops := object.get(prev, "operations", {})

cur_ops := object.get(input, "operations", {})

alert_names(o) := {a.name | some a in object.get(o, "alerts", [])}

plan_metrics(o) := {m.name: m | some m in object.get(object.get(o, "plan", {}), "metrics", [])}

ops_file := cur_ops.plan.source.path

ops_file := lib.manifest_file if not cur_ops.plan.source.path

# Alerts of the previous version that watched this model and are gone (by name), and monitored
# metrics the plan no longer lists.
ops_removed contains f if {
	some a in object.get(prev_ops, "alerts", [])
	data.modelgate.operations.selects_model(a)
	not a.name in alert_names(cur_ops)
	f := {
		"id": "change-ops-alert-removed",
		"msg": sprintf("alert %s (which watched %s: %s) was removed since the base revision", [a.name, concat(", ", a.metrics), a.expr]),
		"file": ops_file,
		"target": a.name,
	}
}

ops_removed contains f if {
	some name, m in plan_metrics(prev_ops)
	not plan_metrics(cur_ops)[name]
	f := {
		"id": "change-ops-alert-removed",
		"msg": sprintf("monitored metric %s (%s, threshold %v %s) was removed from the operations plan since the base revision", [name, m.kind, m.threshold, m.direction]),
		"file": ops_file,
		"pointer": "/monitoring/metrics",
		"target": name,
	}
}

# METADATA
# title: No alert or monitored metric was removed
# description: >
#   An alert that watched this model, or a metric the operations plan monitored, in the
#   version at the base revision (check --base) is still there: monitoring removed in a change
#   is reviewed like any weakening of a control (NIST AI RMF MANAGE 4.1; EU AI Act Art. 72(2)).
#   Denies where policies/operations.rego denies (production, tier high), warns at limited.
# custom:
#   id: change-ops-alert-removed
#   regime: baseline
#   severity: high
#   controls: ["NIST AI RMF MANAGE 4.1", "EU AI Act Art. 72(2)", "ISO/IEC 42001 A.6.2.6"]
#   remediation: Restore the alert rule or the monitored metric, or have its removal reviewed and accept it with a waiver naming the alert.
deny contains f if {
	ops_scope == "deny"
	some f in ops_removed
}

warn contains f if {
	ops_scope == "warn"
	some f in ops_removed
}

# A threshold moved so that the alert fires later: up for a metric watched from above, down
# for one watched from below, or the direction turned.
loosened(old, new) if {
	old.direction == new.direction
	new.direction == "above"
	new.threshold > old.threshold
}

loosened(old, new) if {
	old.direction == new.direction
	new.direction == "below"
	new.threshold < old.threshold
}

loosened(old, new) if old.direction != new.direction

ops_loosened contains f if {
	some name, new in plan_metrics(cur_ops)
	old := plan_metrics(prev_ops)[name]
	loosened(old, new)
	f := {
		"id": "change-ops-threshold-loosened",
		"msg": sprintf("the threshold of monitored metric %s moved from %v %s to %v %s since the base revision: its alert fires later", [name, old.threshold, old.direction, new.threshold, new.direction]),
		"file": ops_file,
		"pointer": "/monitoring/metrics",
		"target": name,
	}
}

# METADATA
# title: No monitoring threshold was loosened
# description: >
#   A monitored metric's threshold did not move, since the version at the base revision (check
#   --base), in the direction that makes its alert fire later (up for a metric watched from
#   above, down for one watched from below, or the direction turned): loosening a threshold
#   hides the drift or degradation it watched for (NIST AI RMF MANAGE 4.1, MEASURE 2.4).
#   Denies where policies/operations.rego denies (production, tier high), warns at limited.
# custom:
#   id: change-ops-threshold-loosened
#   regime: baseline
#   severity: high
#   controls: ["NIST AI RMF MANAGE 4.1", "NIST AI RMF MEASURE 2.4", "ISO/IEC 42001 A.6.2.6"]
#   remediation: Restore the threshold, or have the new one reviewed (why the old one was too strict) and accept it with a waiver naming the metric.
deny contains f if {
	ops_scope == "deny"
	some f in ops_loosened
}

warn contains f if {
	ops_scope == "warn"
	some f in ops_loosened
}
