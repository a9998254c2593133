# Admission of workloads into Kubernetes (`modelgate serve`): a model is deployed only with a
# valid, approving, unexpired decision record made for the namespace's environment.
#
# input.request: the object under review as the webhook summarizes it: kind, namespace, name,
#   environment (of the namespace, when known), model_required, images [{container, ref,
#   digest, pinned}], models [{digest, source, ref}], unpinned_models [{source, ref}],
#   invalid_models [{source, value}].
# input.records: the verified decision records whose subjects hold a model digest of the
#   request: [{digest, verdict, expires, expires_ns, environment, decision_id, key_id, file,
#   sha256, bundle, version}].
# input.rejected: record files that named a digest of the request but failed verification
#   [{digests, file, check, reason}].
# input.now, input.now_ns: the decision time (RFC 3339 and nanoseconds).
#
# Every rule needs input.request, so this package finds nothing in a bundle's input; `check`
# does not evaluate it (src/policy.rs leaves it out of the check packages).
package modelgate.admission

import data.modelgate.lib

# Parameters (override under data.modelgate.params.admission).
default_params := {
	# Images not pinned by `@sha256:` digest: "deny", "warn" or "off".
	"unpinned_images": "warn",
	# Kinds that must name a model digest whatever their labels (other workloads opt in with the
	# label modelgate.dev/require-model: "true").
	"model_required_kinds": ["InferenceService"],
	# Warn when the approving record expires within this many days.
	"expiry_warning_days": 7,
	# Deny when the namespace's environment is unknown (no --environment, no ?environment=)
	# instead of skipping the environment check.
	"require_environment": false,
}

p := lib.area_params("admission", default_params)

req := input.request

day_ns := (24 * 3600) * 1000000000

records_for(d) := [r | some r in input.records; r.digest == d]

approving(d) := [r | some r in records_for(d); r.verdict == "approve"]

current(d) := [r | some r in approving(d); r.expires_ns >= input.now_ns]

env_ok(r) if not req.environment

env_ok(r) if r.environment == req.environment

suitable(d) := [r | some r in current(d); env_ok(r)]

model_required if req.kind in p.model_required_kinds

model_required if req.model_required == true

digests contains m.digest if some m in req.models

rejection(d) := sprintf(" (%s rejected: %s)", [r.file, r.check]) if {
	some r in input.rejected
	d in r.digests
} else := ""

# METADATA
# title: A model workload names its model by digest
# description: >
#   A workload that serves a model (an InferenceService, or a workload labelled
#   modelgate.dev/require-model) names the model it runs by sha256 digest, so that the
#   decision record covering exactly those bytes can be found.
# custom:
#   id: admission-model-missing
#   severity: high
#   controls: ["EU AI Act Art. 16(f)", "EU AI Act Art. 12(1)"]
#   remediation: Annotate the workload with modelgate.dev/model-digest sha256:<hex> of the model artifact, or use a storageUri that carries the digest (oci://...@sha256:<hex>, or ?sha256=<hex>).
deny contains f if {
	req.kind
	model_required
	count(req.models) == 0
	unpinned := [m.ref | some m in req.unpinned_models]
	hint := concat("", [sprintf(": %s has no digest", [concat(", ", unpinned)]) | count(unpinned) > 0])
	f := {
		"id": "admission-model-missing",
		"msg": sprintf("%s %s names no model digest%s", [req.kind, req.name, hint]),
		"target": req.name,
	}
}

# METADATA
# title: Model digests are well-formed
# description: The modelgate.dev/model-digest annotation lists sha256:<64 hex digits> digests.
# custom:
#   id: admission-model-digest-invalid
#   severity: high
#   controls: ["EU AI Act Art. 12(1)"]
#   remediation: Write the annotation as sha256:<64 lowercase hex digits>, comma-separated for several artifacts.
deny contains f if {
	some m in req.invalid_models
	f := {
		"id": "admission-model-digest-invalid",
		"msg": sprintf("%s %q is not sha256:<64 hex digits>", [m.source, m.value]),
		"target": m.value,
	}
}

# METADATA
# title: A decision record covers every model
# description: >
#   Every model digest of the workload is a subject of a decision record signed by a trusted
#   gate key: the model passed `modelgate check` before it runs.
# custom:
#   id: admission-record-missing
#   severity: critical
#   controls: ["EU AI Act Art. 16(f)", "EU AI Act Art. 43(1)"]
#   remediation: Run `modelgate check --record FILE --sign-key KEY` on the release and add the record to the webhook's records directory.
deny contains f if {
	some d in digests
	count(records_for(d)) == 0
	f := {
		"id": "admission-record-missing",
		"msg": sprintf("model %s has no valid decision record%s", [d, rejection(d)]),
		"target": d,
	}
}

# METADATA
# title: The model's decision approved it
# description: The decision records of a model digest approve it; a model the gate blocked does not run.
# custom:
#   id: admission-record-blocked
#   severity: critical
#   controls: ["EU AI Act Art. 16(f)", "EU AI Act Art. 43(1)"]
#   remediation: Fix the blocking findings of the release, check it again and deploy the model of an approving record.
deny contains f if {
	some d in digests
	rs := records_for(d)
	count(rs) > 0
	count(approving(d)) == 0
	ids := sort([r.decision_id | some r in rs])
	f := {
		"id": "admission-record-blocked",
		"msg": sprintf("model %s was blocked by decision %s", [d, concat(", ", ids)]),
		"target": d,
	}
}

# METADATA
# title: The approving decision has not expired
# description: An approval holds for the record's validity period; after it the release is checked again.
# custom:
#   id: admission-record-expired
#   severity: high
#   controls: ["EU AI Act Art. 43(4)", "EU AI Act Art. 72(1)"]
#   remediation: Check the release again with `modelgate check --record` and replace the expired record.
deny contains f if {
	some d in digests
	rs := approving(d)
	count(rs) > 0
	count(current(d)) == 0
	latest := max([r.expires | some r in rs])
	f := {
		"id": "admission-record-expired",
		"msg": sprintf("approval of model %s expired at %s", [d, latest]),
		"target": d,
	}
}

# METADATA
# title: The approval was made for this environment
# description: >
#   The approving record was made for the environment of the namespace (label
#   modelgate.dev/environment): a release approved for staging does not run in production.
# custom:
#   id: admission-record-environment
#   severity: high
#   controls: ["EU AI Act Art. 26(1)", "EU AI Act Art. 16(f)"]
#   remediation: Check the release with spec.environment set to the namespace's environment and deploy with that record.
deny contains f if {
	some d in digests
	rs := current(d)
	count(rs) > 0
	count(suitable(d)) == 0
	envs := sort({object.get(r, "environment", "none") | some r in rs})
	f := {
		"id": "admission-record-environment",
		"msg": sprintf("approval of model %s is for %s, not %s", [d, concat(", ", envs), req.environment]),
		"target": d,
	}
}

# METADATA
# title: The namespace's environment is known
# description: With require_environment, a workload is admitted only where the environment is configured.
# custom:
#   id: admission-environment-unknown
#   severity: medium
#   controls: ["EU AI Act Art. 26(1)"]
#   remediation: Start the webhook with --environment, or route the namespace's webhook to /validate?environment=NAME.
deny contains f if {
	p.require_environment == true
	count(digests) > 0
	not req.environment
	f := {
		"id": "admission-environment-unknown",
		"msg": sprintf("the environment of namespace %s is unknown", [req.namespace]),
		"target": req.namespace,
	}
}

# METADATA
# title: Images are pinned by digest (enforced)
# description: With unpinned_images "deny", every container image is referenced by @sha256 digest.
# custom:
#   id: admission-image-unpinned
#   severity: medium
#   controls: ["CIS Kubernetes Benchmark 5.5.1", "NIST SP 800-218 PS.2.1"]
#   remediation: Reference the image as registry/name@sha256:<digest> (a tag may be kept before the @).
deny contains f if {
	p.unpinned_images == "deny"
	some i in req.images
	not i.pinned
	f := {
		"id": "admission-image-unpinned",
		"msg": sprintf("image %s of container %s is not pinned by digest", [i.ref, i.container]),
		"target": i.ref,
	}
}

# METADATA
# title: Images are pinned by digest
# description: A tag can be moved to other bytes after review; a digest cannot.
# custom:
#   id: admission-image-unpinned-warn
#   severity: low
#   controls: ["CIS Kubernetes Benchmark 5.5.1", "NIST SP 800-218 PS.2.1"]
#   remediation: Reference the image as registry/name@sha256:<digest> (a tag may be kept before the @).
warn contains f if {
	p.unpinned_images == "warn"
	some i in req.images
	not i.pinned
	f := {
		"id": "admission-image-unpinned-warn",
		"msg": sprintf("image %s is not pinned by digest", [i.ref]),
		"target": i.ref,
	}
}

# METADATA
# title: The approval does not expire soon
# description: The approving record expires within expiry_warning_days; check the release again in time.
# custom:
#   id: admission-record-expiring
#   severity: low
#   controls: ["EU AI Act Art. 72(1)"]
#   remediation: Check the release again with `modelgate check --record` before the record expires.
warn contains f if {
	some d in digests
	rs := suitable(d)
	count(rs) > 0
	latest := max([r.expires_ns | some r in rs])
	latest - input.now_ns < p.expiry_warning_days * day_ns
	f := {
		"id": "admission-record-expiring",
		"msg": sprintf("approval of model %s expires in less than %d days", [d, p.expiry_warning_days]),
		"target": d,
	}
}
