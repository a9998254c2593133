package modelgate.admission_test

import data.modelgate.admission

# 2026-11-29T12:00:00Z
now_ns := 1795953600000000000

day_ns := (24 * 3600) * 1000000000

digest := "sha256:b3bd1f13aa00000000000000000000000000000000000000000000000000abcd"

verifier_image := "sha256:0f0f000000000000000000000000000000000000000000000000000000000000"

record(fields) := object.union(
	{
		"kind": "decision",
		"digest": digest,
		"verdict": "approve",
		"time": "2026-11-28T12:00:00Z",
		"time_ns": now_ns - day_ns,
		"expires": "2026-12-29T12:00:00Z",
		"expires_ns": now_ns + (30 * day_ns),
		"environment": "production",
		"decision_id": "sha256:5180",
		"file": "approved.json",
	},
	fields,
)

revocation(fields) := object.union(
	{
		"kind": "revocation",
		"digest": digest,
		"verdict": "revoked",
		"time": "2026-11-29T06:00:00Z",
		"time_ns": now_ns - (day_ns / 4),
		"reason": "torchtriton in the serving image",
		"expires": "",
		"expires_ns": 9223372036854775807,
		"decision_id": "sha256:7e70",
		"file": "revoked.json",
	},
	fields,
)

pinned := {"container": "server", "ref": "registry.example.com/serve@sha256:ab", "digest": "sha256:ab", "pinned": true}

server := {"name": "server", "role": "container", "ref": "registry.example.com/serve@sha256:ab", "digest": "sha256:ab", "command": [], "args": []}

verifier := {"name": "verify-model", "role": "init", "ref": "registry.example.com/modelgate@sha256:0f0f", "digest": verifier_image, "command": ["/modelgate", "fetch-check"], "args": ["/mnt/models"]}

# An OCI reference by digest: the registry serves exactly that manifest.
oci := {"source": "spec.predictor.model.storageUri", "via": "storageUri", "ref": sprintf("oci://registry.example.com/models/scorer@%s", [digest]), "scheme": "oci", "digest": digest, "digest_kind": "oci"}

request(fields) := object.union(
	{
		"kind": "InferenceService",
		"namespace": "models",
		"name": "scorer",
		"environment": "production",
		"runs_containers": true,
		"images": [pinned],
		"containers": [server],
		"models": [{"digest": digest, "source": "storageUri", "ref": oci.ref}],
		"references": [oci],
		"invalid_models": [],
	},
	fields,
)

review(req, records) := {"request": req, "records": records, "rejected": [], "now": "2026-11-29T12:00:00Z", "now_ns": now_ns}

ids(set) := {f.id | some f in set}

with_verifier := {"runtime_verifier_images": [verifier_image]}

test_approved_model_is_admitted if {
	count(admission.deny) == 0 with input as review(request({}), [record({})])
	count(admission.warn) == 0 with input as review(request({}), [record({})])
}

test_bundle_inputs_find_nothing if {
	count(admission.deny) == 0 with input as {"manifest": {"risk_tier": "high"}}
	count(admission.warn) == 0 with input as {"manifest": {"risk_tier": "high"}}
}

# Review A1: a Pod with no annotation and no label is judged like any workload of the namespace.
test_every_workload_of_a_gated_namespace_names_its_model if {
	r := request({"kind": "Pod", "models": [], "references": []})
	ids(admission.deny) == {"admission-model-missing"} with input as review(r, [])
}

test_labels_cannot_opt_a_workload_out if {
	r := request({"kind": "Deployment", "models": [], "references": [], "labels": {"modelgate.dev/require-model": "false"}})
	ids(admission.deny) == {"admission-model-missing"} with input as review(r, [])
}

test_exemptions_are_the_admins_and_reported if {
	r := request({"kind": "Job", "models": [], "references": [], "namespace": "batch", "service_account": "etl"})
	count(admission.deny) == 0 with input as review(r, [])
		with data.modelgate.params.admission.exempt_namespaces as ["batch*"]
	admission.audit.exempt == "namespace batch matches batch*" with input as review(r, [])
		with data.modelgate.params.admission.exempt_namespaces as ["batch*"]
	count(admission.deny) == 0 with input as review(r, [])
		with data.modelgate.params.admission.exempt_service_accounts as ["batch/etl"]
	count(admission.deny) == 0 with input as review(r, [])
		with data.modelgate.params.admission.exempt_images as ["sha256:ab"]
	ids(admission.deny) == {"admission-model-missing"} with input as review(r, [])
		with data.modelgate.params.admission.exempt_images as ["sha256:cd"]
}

# Review K1, K2, K4, K5, K12: an approved digest does not cover another reference without one.
test_an_unpinned_reference_beside_an_approved_one_is_denied if {
	evil := {"source": "spec.explainer.sklearn.storageUri", "via": "storageUri", "ref": "gs://evil/explainer.pkl", "scheme": "gs"}
	r := request({"references": [oci, evil]})
	d := admission.deny with input as review(r, [record({})])
	ids(d) == {"admission-model-unverified"}
	some f in d
	contains(f.msg, "gs://evil/explainer.pkl")
}

# Review K3, K11: a digest written in a URI is a claim nobody enforces.
test_a_digest_in_a_uri_is_a_claim if {
	claim := {"source": "spec.predictor.model.storageUri", "via": "storageUri", "ref": sprintf("https://evil.example/evil.pkl?sha256=%s", [substring(digest, 7, -1)]), "scheme": "https", "digest": digest, "digest_kind": "claim"}
	r := request({"references": [claim], "models": [{"digest": digest, "source": "storageUri"}]})
	d := admission.deny with input as review(r, [record({})])
	ids(d) == {"admission-model-unverified"}
	some f in d
	contains(f.msg, "is a claim nobody enforces")
	# With a runtime verifier in the pod the claim is checked when the files are downloaded.
	r2 := object.union(r, {"containers": [server, verifier]})
	count(admission.deny) == 0 with input as review(r2, [record({})]) with data.modelgate.params.admission as with_verifier
	admission.audit["digest-claims"] with input as review(r2, [record({})]) with data.modelgate.params.admission as with_verifier
	admission.audit["runtime-verifier"] == "verify-model" with input as review(r2, [record({})]) with data.modelgate.params.admission as with_verifier
}

test_a_verifier_from_an_untrusted_image_does_not_count if {
	claim := {"source": "env", "via": "env", "name": "STORAGE_URI", "ref": "gs://models/scorer", "scheme": "gs"}
	fake := object.union(verifier, {"digest": "sha256:bad"})
	r := request({"references": [claim], "containers": [server, fake], "models": [{"digest": digest, "source": "annotation"}]})
	ids(admission.deny) == {"admission-model-unverified"} with input as review(r, [record({})])
		with data.modelgate.params.admission as with_verifier
	lazy := object.union(verifier, {"command": ["sleep"], "args": ["1"]})
	r2 := object.union(r, {"containers": [server, lazy]})
	ids(admission.deny) == {"admission-model-unverified"} with input as review(r2, [record({})])
		with data.modelgate.params.admission as with_verifier
}

test_env_vars_and_arguments_are_filtered_by_parameters if {
	other := {"source": "env", "via": "env", "name": "LOG_LEVEL", "ref": "debug", "scheme": ""}
	url := {"source": "args", "via": "arg", "ref": "s3://models/x", "scheme": "s3"}
	r := request({"references": [oci, other]})
	count(admission.deny) == 0 with input as review(r, [record({})])
	r2 := request({"references": [oci, url]})
	ids(admission.deny) == {"admission-model-unverified"} with input as review(r2, [record({})])
	count(admission.deny) == 0 with input as review(r2, [record({})])
		with data.modelgate.params.admission.model_uri_schemes as ["hf"]
}

test_annotation_digests_alone_are_claims if {
	r := request({"kind": "Pod", "references": [], "models": [{"digest": digest, "source": "annotation"}]})
	ids(admission.deny) == {"admission-model-unverified"} with input as review(r, [record({})])
	r2 := object.union(r, {"containers": [server, verifier]})
	count(admission.deny) == 0 with input as review(r2, [record({})]) with data.modelgate.params.admission as with_verifier
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

# Review A7: the newest record decides; a block made after an approval revokes it.
test_a_newer_block_revokes_an_older_approval if {
	newer := record({"verdict": "block", "decision_id": "sha256:b10c", "time": "2026-11-29T06:00:00Z", "time_ns": now_ns - (day_ns / 4)})
	d := admission.deny with input as review(request({}), [record({}), newer])
	ids(d) == {"admission-record-blocked"}
	some f in d
	contains(f.msg, "supersedes the approval of sha256:5180")
	# An approval newer than the block decides in turn.
	older := record({"verdict": "block", "decision_id": "sha256:b10c", "time_ns": now_ns - (2 * day_ns)})
	count(admission.deny) == 0 with input as review(request({}), [record({}), older])
}

test_a_block_for_another_environment_does_not_revoke if {
	newer := record({"verdict": "block", "environment": "staging", "time_ns": now_ns - 1})
	count(admission.deny) == 0 with input as review(request({}), [record({}), newer])
}

test_a_revocation_withdraws_the_approval if {
	d := admission.deny with input as review(request({}), [record({}), revocation({})])
	ids(d) == {"admission-record-revoked"}
	some f in d
	contains(f.msg, "torchtriton in the serving image")
	# Without an environment it applies to every one; with one, only there.
	count(admission.deny) == 0 with input as review(request({}), [record({}), revocation({"environment": "staging"})])
	ids(admission.deny) == {"admission-record-revoked"} with input as review(request({}), [record({}), revocation({"environment": "production"})])
	# A decision newer than the revocation decides again.
	newer := record({"time_ns": now_ns - 1, "decision_id": "sha256:new"})
	count(admission.deny) == 0 with input as review(request({}), [record({}), revocation({}), newer])
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

test_serving_runtimes_name_no_model_but_are_judged if {
	r := request({"kind": "ServingRuntime", "models": [], "references": []})
	count(admission.deny) == 0 with input as review(r, [])
	url := {"source": "spec.containers[server].args", "via": "arg", "ref": "gs://evil/default", "scheme": "gs"}
	ids(admission.deny) == {"admission-model-unverified"} with input as review(object.union(r, {"references": [url]}), [])
}

test_verified_storage_schemes_are_the_admins if {
	gs := {"source": "spec.predictor.model.storageUri", "via": "storageUri", "ref": "gs://models/scorer", "scheme": "gs"}
	r := request({"references": [gs], "models": []})
	ids(admission.deny) == {"admission-model-unverified"} with input as review(r, [])
	count(admission.deny) == 0 with input as review(r, [])
		with data.modelgate.params.admission.runtime_verified_schemes as ["gs"]
	# An env var or an argument is not downloaded by the storage initializer.
	env := {"source": "env", "via": "env", "name": "STORAGE_URI", "ref": "gs://models/scorer", "scheme": "gs"}
	ids(admission.deny) == {"admission-model-unverified"} with input as review(request({"references": [env], "models": []}), [])
		with data.modelgate.params.admission.runtime_verified_schemes as ["gs"]
}

test_env_from_may_hide_a_model_variable if {
	from := {"source": "spec.containers[server].envFrom[0]", "via": "env-from", "ref": "envFrom:configMapRef:model-config", "scheme": ""}
	r := request({"references": [oci, from]})
	ids(admission.deny) == {"admission-model-unverified"} with input as review(r, [record({})])
	count(admission.deny) == 0 with input as review(r, [record({})])
		with data.modelgate.params.admission.env_from_is_reference as false
}

test_seldon_parameters_are_judged_by_scheme if {
	param := {"source": "spec.predictors[0].graph.parameters[model_uri]", "via": "parameter", "name": "model_uri", "ref": "gs://evil/model", "scheme": "gs"}
	other := {"source": "spec.predictors[0].graph.parameters[threads]", "via": "parameter", "name": "threads", "ref": "4", "scheme": ""}
	ids(admission.deny) == {"admission-model-unverified"} with input as review(request({"references": [oci, param]}), [record({})])
	count(admission.deny) == 0 with input as review(request({"references": [oci, other]}), [record({})])
}

# The webhook reads `decision` alone: it must be defined, with empty sets, when nothing is found.
test_decision_gathers_deny_warn_and_audit if {
	ok := request({"references": [oci]})
	admission.decision == {"deny": set(), "warn": set(), "audit": {}, "records": {{"decision_id": "sha256:5180", "sha256": ""}}} with input as review(ok, [record({})])
	# A revocation decides over the approval before it, and the audit log names it alone.
	revoked := admission.decision with input as review(ok, [record({}), revocation({})])
	revoked.records == {{"decision_id": "sha256:7e70", "sha256": ""}}
	ids(revoked.deny) == {"admission-record-revoked"}
	bad := request({"references": [oci], "images": [object.union(pinned, {"pinned": false})]})
	d := admission.decision with input as review(bad, [record({})])
		with data.modelgate.params.admission.unpinned_images as "warn"
	d.deny == set()
	ids(d.warn) == {"admission-image-unpinned-warn"}
	r := request({"kind": "Job", "models": [], "references": [], "namespace": "batch"})
	e := admission.decision with input as review(r, [])
		with data.modelgate.params.admission.exempt_namespaces as ["batch*"]
	e.audit == {"exempt": "namespace batch matches batch*"}
	ids(admission.decision.deny) == {"admission-record-missing"} with input as review(ok, [])
}
