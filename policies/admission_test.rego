package modelgate.admission_test

import data.modelgate.admission

# 2026-11-29T12:00:00Z
now_ns := 1795953600000000000

day_ns := (24 * 3600) * 1000000000

digest := "sha256:b3bd1f13aa00000000000000000000000000000000000000000000000000abcd"

record(fields) := object.union(
	{
		"digest": digest,
		"verdict": "approve",
		"expires": "2026-12-29T12:00:00Z",
		"expires_ns": now_ns + (30 * day_ns),
		"environment": "production",
		"decision_id": "sha256:5180",
		"file": "approved.json",
	},
	fields,
)

pinned := {"container": "server", "ref": "registry.example.com/serve@sha256:ab", "digest": "sha256:ab", "pinned": true}

request(fields) := object.union(
	{
		"kind": "InferenceService",
		"namespace": "models",
		"name": "scorer",
		"environment": "production",
		"images": [pinned],
		"models": [{"digest": digest, "source": "annotation"}],
		"unpinned_models": [],
		"invalid_models": [],
	},
	fields,
)

review(req, records) := {"request": req, "records": records, "rejected": [], "now": "2026-11-29T12:00:00Z", "now_ns": now_ns}

ids(set) := {f.id | some f in set}

test_approved_model_is_admitted if {
	count(admission.deny) == 0 with input as review(request({}), [record({})])
	count(admission.warn) == 0 with input as review(request({}), [record({})])
}

test_bundle_inputs_find_nothing if {
	count(admission.deny) == 0 with input as {"manifest": {"risk_tier": "high"}}
	count(admission.warn) == 0 with input as {"manifest": {"risk_tier": "high"}}
}

test_inference_service_without_model_denied if {
	r := request({"models": [], "unpinned_models": [{"source": "storageUri", "ref": "gs://models/scorer"}]})
	d := admission.deny with input as review(r, [])
	ids(d) == {"admission-model-missing"}
	some f in d
	contains(f.msg, "gs://models/scorer has no digest")
}

test_pod_without_model_needs_opt_in if {
	r := request({"kind": "Pod", "models": []})
	count(admission.deny) == 0 with input as review(r, [])
	ids(admission.deny) == {"admission-model-missing"} with input as review(object.union(r, {"model_required": true}), [])
}

test_model_required_kinds_is_a_parameter if {
	r := request({"kind": "Pod", "models": []})
	ids(admission.deny) == {"admission-model-missing"} with input as review(r, [])
		with data.modelgate.params.admission.model_required_kinds as ["Pod"]
}

test_invalid_digest_denied if {
	r := request({"invalid_models": [{"source": "annotation modelgate.dev/model-digest", "value": "md5:00"}]})
	"admission-model-digest-invalid" in ids(admission.deny) with input as review(r, [record({})])
}

test_missing_record_denied if {
	d := admission.deny with input as review(request({}), [])
	ids(d) == {"admission-record-missing"}
}

test_missing_record_names_the_rejected_file if {
	inp := object.union(review(request({}), []), {"rejected": [{"digests": [digest], "file": "tampered.json", "check": "signature", "reason": "x"}]})
	d := admission.deny with input as inp
	some f in d
	contains(f.msg, "tampered.json rejected: signature")
}

test_blocking_record_denied if {
	d := admission.deny with input as review(request({}), [record({"verdict": "block"})])
	ids(d) == {"admission-record-blocked"}
}

test_blocking_record_does_not_hide_an_approving_one if {
	count(admission.deny) == 0 with input as review(request({}), [record({"verdict": "block", "decision_id": "a"}), record({})])
}

test_expired_record_denied if {
	rs := [record({"expires_ns": now_ns - 1, "expires": "2026-11-29T11:59:59Z"})]
	d := admission.deny with input as review(request({}), rs)
	ids(d) == {"admission-record-expired"}
	some f in d
	contains(f.msg, "2026-11-29T11:59:59Z")
}

test_record_for_other_environment_denied if {
	d := admission.deny with input as review(request({}), [record({"environment": "staging"})])
	ids(d) == {"admission-record-environment"}
}

test_unknown_environment_skips_the_check_unless_required if {
	r := object.remove(request({}), ["environment"])
	count(admission.deny) == 0 with input as review(r, [record({"environment": "staging"})])
	ids(admission.deny) == {"admission-environment-unknown"} with input as review(r, [record({})])
		with data.modelgate.params.admission.require_environment as true
}

test_unpinned_image_warns_by_default_and_denies_by_parameter if {
	img := {"container": "server", "ref": "registry.example.com/serve:1.2", "pinned": false}
	r := request({"images": [pinned, img]})
	ids(admission.warn) == {"admission-image-unpinned-warn"} with input as review(r, [record({})])
	count(admission.deny) == 0 with input as review(r, [record({})])
	ids(admission.deny) == {"admission-image-unpinned"} with input as review(r, [record({})])
		with data.modelgate.params.admission.unpinned_images as "deny"
	count(admission.warn) == 0 with input as review(r, [record({})])
		with data.modelgate.params.admission.unpinned_images as "off"
}

test_expiring_record_warns if {
	rs := [record({"expires_ns": now_ns + day_ns})]
	ids(admission.warn) == {"admission-record-expiring"} with input as review(request({}), rs)
	count(admission.deny) == 0 with input as review(request({}), rs)
}
