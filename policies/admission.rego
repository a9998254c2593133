# Admission of workloads into Kubernetes (`modelgate serve`): in a namespace the webhook gates,
# every workload that runs containers names its models, each model reference carries a digest
# that something verifies (the registry for an OCI reference, `modelgate fetch-check` in the pod
# for any other), and the newest signed record of each digest for the namespace's environment
# approves it and has not expired. Which namespaces are gated is the webhook configuration's
# choice (its namespaceSelector); exemptions are this package's parameters, set by the cluster
# admin with `serve --data`, never by the workload.
#
# input.request: the object under review as the webhook summarizes it: kind, namespace, name,
#   environment (of the namespace, when known), service_account, runs_containers, images
#   [{container, ref, digest, pinned}], containers [{name, role, ref, digest, command, args}],
#   models [{digest, source, ref}] (the annotation's digests and those references carry),
#   references [{source, via, container, name, ref, scheme, digest, digest_kind}],
#   invalid_models [{source, value}].
# input.records: the verified records and revocations whose subjects hold a model digest of the
#   request: [{kind, digest, verdict, time, time_ns, reason, expires, expires_ns, environment,
#   decision_id, key_id, file, sha256, bundle, version}].
# input.rejected: record files that named a digest of the request but failed verification
#   [{digests, file, check, reason}].
# input.now, input.now_ns: the decision time (RFC 3339 and nanoseconds).
#
# The webhook evaluates `decision` alone: {deny, warn, audit, records}.
#
# Every rule needs input.request, so this package finds nothing in a bundle's input; `check`
# does not evaluate it (src/policy/ leaves it out of the check packages).
package modelgate.admission

import data.modelgate.lib

# Parameters (override under data.modelgate.params.admission).
default_params := {
	# Images not pinned by `@sha256:` digest: "deny", "warn" or "off".
	"unpinned_images": "warn",
	# Warn when the approving record expires within this many days.
	"expiry_warning_days": 7,
	# Deny when the namespace's environment is unknown (no --environment, no ?environment=)
	# instead of skipping the environment check.
	"require_environment": false,
	# Exemptions, each reported in the answer's audit annotations: namespaces (globs), service
	# accounts as "namespace/name" (globs), and image digests ("sha256:<hex>") such that a
	# workload all of whose containers run exempt images is exempt (system agents, jobs
	# without models).
	"exempt_namespaces": [],
	"exempt_service_accounts": [],
	"exempt_images": [],
	# Container environment variables whose value is a model location.
	"model_env_vars": ["STORAGE_URI", "MODEL_URI", "MODEL_URL", "MODEL_PATH", "MODEL_DIR", "MODEL_ID", "MODEL_NAME_OR_PATH", "HF_MODEL_ID", "HF_MODEL", "HUGGING_FACE_HUB_MODEL", "TRANSFORMERS_MODEL"],
	# A container's `envFrom` (every key of a ConfigMap or Secret, names unseen) may set a model
	# variable: it counts as a model reference unless this is false.
	"env_from_is_reference": true,
	# URI schemes that make a container argument (or a Seldon parameter) a model location.
	# Broad on purpose: an argument the webhook does not see as a model is a model it does not
	# check.
	"model_uri_schemes": ["s3", "gs", "gcs", "hf", "oci", "pvc", "azure", "wasb", "wasbs", "abfs", "abfss", "hdfs", "webhdfs", "http", "https", "ftp", "file", "storage"],
	# Images (by "sha256:<hex>" digest) of the runtime verifier: a container of the pod running
	# one of them with `fetch-check` in its command or arguments hashes the model files it
	# downloaded and refuses to let the pod serve unless the records approve every one. Digests
	# written in URIs and annotations are claims until such a verifier (or the registry, for an
	# OCI digest) checks them. Empty: only OCI digests are verified.
	"runtime_verifier_images": [],
	# URI schemes whose downloads the cluster verifies: KServe ClusterStorageContainers for
	# these schemes run the runtime verifier after downloading (examples/kubernetes). Their
	# storageUris in InferenceServices and TrainedModels count as verified; the pods KServe
	# creates are judged again with the verifier in them. Empty: none.
	"runtime_verified_schemes": [],
	# Kinds that define how to serve and name no model themselves (their containers are still
	# judged for references and images).
	"templates_without_models": ["ServingRuntime", "ClusterServingRuntime", "PodTemplate"],
}

p := lib.area_params("admission", default_params)

req := input.request

day_ns := (24 * 3600) * 1000000000

# ---------------------------------------------------------------------------------------------
# Scope: what the cluster admin exempted

exemptions contains sprintf("namespace %s matches %s", [req.namespace, g]) if {
	some g in p.exempt_namespaces
	glob.match(g, ["/"], req.namespace)
}

exemptions contains sprintf("service account %s matches %s", [sa, g]) if {
	sa := sprintf("%s/%s", [req.namespace, req.service_account])
	some g in p.exempt_service_accounts
	glob.match(g, [], sa)
}

exemptions contains "every container runs an exempt image" if {
	count(req.containers) > 0
	every c in req.containers {
		c.digest in p.exempt_images
	}
}

exempt if count(exemptions) > 0

gated if {
	req.kind
	not exempt
}

# ---------------------------------------------------------------------------------------------
# Model references

# References the webhook reports as candidates, judged here by their name or scheme; every
# other kind of reference (storageUri, image volume, TrainedModel, ...) is a model location.
candidate_vias := {"env", "env-from", "arg", "parameter"}

model_ref(r) if not r.via in candidate_vias

model_ref(r) if {
	r.via == "env"
	r.name in p.model_env_vars
}

model_ref(r) if {
	r.via == "env-from"
	p.env_from_is_reference == true
}

model_ref(r) if {
	r.via in {"arg", "parameter"}
	r.scheme in p.model_uri_schemes
}

model_refs := [r | some r in req.references; model_ref(r)]

# The registry and the runtime pull exactly the manifest an OCI digest names.
enforced(r) if r.digest_kind == "oci"

# The cluster's storage initializer for this scheme verifies what it downloads.
enforced(r) if {
	r.via in {"storageUri", "storageUris", "trained-model", "seldon-model"}
	r.scheme in p.runtime_verified_schemes
}

runtime_verifiers contains c.name if {
	some c in req.containers
	c.digest in p.runtime_verifier_images
	some word in array.concat(c.command, c.args)
	contains(word, "fetch-check")
}

runtime_verified if count(runtime_verifiers) > 0

annotated := [m.digest | some m in req.models; m.source == "annotation"]

digests contains m.digest if some m in req.models

# ---------------------------------------------------------------------------------------------
# Records: the newest record of a digest for this environment decides

applies(r) if {
	r.kind == "revocation"
	not r.environment
}

applies(r) if not req.environment

applies(r) if r.environment == req.environment

# Keyed by digest (rules, evaluated once per review, where functions would be evaluated at
# every call).
records_for[d] := [r | some r in input.records; r.digest == d] if some d in digests

relevant[d] := [r | some r in records_for[d]; applies(r)] if some d in digests

newest_ns[d] := max([r.time_ns | some r in relevant[d]]) if {
	some d in digests
	count(relevant[d]) > 0
}

deciding[d] := [r | some r in relevant[d]; r.time_ns == newest_ns[d]] if some d in digests

approves contains d if {
	some d in digests
	count(deciding[d]) > 0
	every r in deciding[d] {
		r.verdict == "approve"
	}
}

current[d] := [r | some r in deciding[d]; r.expires_ns >= input.now_ns] if some d in digests

rejection(d) := sprintf(" (%s rejected: %s)", [r.file, r.check]) if {
	some r in input.rejected
	d in r.digests
} else := ""

superseded(d) := sprintf("; it supersedes the approval of %s", [concat(", ", sort(ids))]) if {
	ids := {r.decision_id | some r in relevant[d]; r.verdict == "approve"; r.time_ns < newest_ns[d]}
	count(ids) > 0
} else := ""

# The webhook's answer, from one evaluation so that the rules the sets share are evaluated once:
# the findings, the audit annotations, and the records that decided (named in the audit log).
decision := {"deny": deny, "warn": warn, "audit": audit, "records": deciding_records}

deciding_records contains {"decision_id": r.decision_id, "sha256": object.get(r, "sha256", "")} if {
	some d in digests
	some r in deciding[d]
}

# What the answer's audit annotations say besides the result (read by the webhook).
audit["exempt"] := concat("; ", sort(exemptions)) if exempt

audit["runtime-verifier"] := concat(",", sort(runtime_verifiers)) if runtime_verified

audit["digest-claims"] := "checked at run time by the runtime verifier" if {
	runtime_verified
	claims
}

# Digests nothing but the runtime verifier enforces: annotations, and references whose
# digest no registry or verifying storage initializer checks.
claims if count(annotated) > 0

claims if {
	some r in model_refs
	not enforced(r)
}

# METADATA
# title: A workload in a gated namespace names its model
# description: >
#   In a namespace the webhook gates, every workload that runs containers names the models it
#   loads (a reference the webhook finds: a storageUri, a model env var or argument, an image
#   volume, a TrainedModel, or the modelgate.dev/model-digest annotation). Its own labels cannot
#   opt it out; a workload that serves no model is exempted by the webhook's configuration.
#   Naming the model is identification and traceability (AI Act Annex VIII Section A(4)) and lets
#   a deployer use a high-risk system in accordance with its instructions for use (Art. 26(1));
#   at every tier it is the gate's organisational policy after NIST AI RMF MANAGE 1.1.
# custom:
#   id: admission-model-missing
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 26(1) (high-risk)", "EU AI Act Annex VIII Section A(4) (high-risk)", "NIST AI RMF MANAGE 1.1", "Organisational policy (model admission)"]
#   remediation: Name the model (a storageUri, STORAGE_URI or MODEL_URI, or the modelgate.dev/model-digest annotation with sha256:<hex> of each model file); for a workload without a model, ask the cluster admin to exempt its namespace, service account or images (params.admission.exempt_*).
deny contains f if {
	gated
	req.runs_containers == true
	not req.kind in p.templates_without_models
	count(model_refs) == 0
	count(digests) == 0
	f := {
		"id": "admission-model-missing",
		"msg": sprintf("%s %s names no model, and every workload of this namespace is judged", [req.kind, req.name]),
		"target": req.name,
	}
}

# METADATA
# title: Every model reference is verified
# description: >
#   A model location the workload names is loaded only with a digest that something checks: an
#   OCI reference by @sha256 digest (the registry serves exactly that manifest), or any
#   reference in a pod whose runtime verifier (`modelgate fetch-check`, from an image in
#   params.admission.runtime_verifier_images) hashes the downloaded files against the records.
#   A digest written in a URI (?sha256=) or an annotation is a claim nobody enforces.
# custom:
#   id: admission-model-unverified
#   regime: baseline
#   severity: critical
#   controls: ["EU AI Act Art. 15(5) (high-risk)", "NIST SP 800-218 PS.2.1", "Organisational policy (model admission)"]
#   remediation: Reference the model by OCI digest (oci://registry/repo@sha256:<hex>), or add an init container running `modelgate fetch-check` (an image listed in params.admission.runtime_verifier_images) over the downloaded model folder.
deny contains f if {
	gated
	some r in model_refs
	not enforced(r)
	not runtime_verified
	f := {
		"id": "admission-model-unverified",
		"msg": sprintf("%s %q (%s) is loaded without a verified digest%s", [r.source, r.ref, r.via, claim_note(r)]),
		"target": r.ref,
	}
}

deny contains f if {
	gated
	count(model_refs) == 0
	count(annotated) > 0
	not runtime_verified
	f := {
		"id": "admission-model-unverified",
		"msg": sprintf("the model digests of annotation modelgate.dev/model-digest (%s) are claims: nothing in %s %s checks that the files it loads have them", [concat(", ", sort(annotated)), req.kind, req.name]),
		"target": req.name,
	}
}

claim_note(r) := sprintf(": its digest %s is a claim nobody enforces", [r.digest]) if {
	r.digest
} else := ""

# METADATA
# title: Model digests are well-formed
# description: >
#   The modelgate.dev/model-digest annotation and the digests of model references are
#   sha256:<64 hex digits>, so that the model is identified unambiguously (AI Act Annex VIII
#   Section A(4) for high-risk systems; organisational policy at every tier).
# custom:
#   id: admission-model-digest-invalid
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Annex VIII Section A(4) (high-risk)", "EU AI Act Art. 26(1) (high-risk)", "Organisational policy (model admission)"]
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
#   gate key: the model passed `modelgate check` before it runs. The record is the gate's
#   determination "whether ... deployment should proceed" (NIST AI RMF MANAGE 1.1); it is not a
#   conformity assessment under AI Act Art. 43.
# custom:
#   id: admission-record-missing
#   regime: baseline
#   severity: critical
#   controls: ["EU AI Act Art. 26(1) (high-risk)", "NIST AI RMF MANAGE 1.1", "Organisational policy (model admission)"]
#   remediation: Run `modelgate check --record FILE --sign-key KEY` on the release and add the record to the webhook's records directory.
deny contains f if {
	some d in digests
	count(records_for[d]) == 0
	f := {
		"id": "admission-record-missing",
		"msg": sprintf("model %s has no valid decision record%s", [d, rejection(d)]),
		"target": d,
	}
}

# METADATA
# title: The newest decision approved the model
# description: For a model digest and environment the newest record decides; a model whose newest decision blocked it does not run, whatever an older record said.
# custom:
#   id: admission-record-blocked
#   regime: baseline
#   severity: critical
#   controls: ["EU AI Act Art. 26(1) (high-risk)", "EU AI Act Art. 20(1) (high-risk)", "NIST AI RMF MANAGE 1.1", "Organisational policy (model admission)"]
#   remediation: Fix the blocking findings of the release, check it again and deploy the model of an approving record.
deny contains f if {
	some d in digests
	some r in deciding[d]
	r.kind == "decision"
	r.verdict != "approve"
	f := {
		"id": "admission-record-blocked",
		"msg": sprintf("model %s was blocked by decision %s made %s%s", [d, r.decision_id, r.time, superseded(d)]),
		"target": d,
	}
}

# METADATA
# title: The model's approval was not revoked
# description: A signed revocation (`modelgate revoke`) newer than every approval of a model digest withdraws it, in its environment or in all.
# custom:
#   id: admission-record-revoked
#   regime: baseline
#   severity: critical
#   controls: ["EU AI Act Art. 20(1) (high-risk)", "NIST AI RMF MANAGE 2.4", "Organisational policy (model admission)"]
#   remediation: Deploy another model, or check the release again and deploy it with a decision newer than the revocation.
deny contains f if {
	some d in digests
	some r in deciding[d]
	r.kind == "revocation"
	f := {
		"id": "admission-record-revoked",
		"msg": sprintf("approval of model %s was revoked %s (%s): %s", [d, r.time, r.decision_id, object.get(r, "reason", "no reason given")]),
		"target": d,
	}
}

# METADATA
# title: The approving decision has not expired
# description: >
#   An approval holds for the record's validity period; after it the release is checked again.
#   The period is organisational policy (NIST AI RMF MANAGE 4.1, post-deployment monitoring and
#   change management); it is not the new conformity assessment that AI Act Art. 43(4) requires
#   after a substantial modification.
# custom:
#   id: admission-record-expired
#   regime: baseline
#   severity: high
#   controls: ["NIST AI RMF MANAGE 4.1", "Organisational policy (approval validity period)"]
#   remediation: Check the release again with `modelgate check --record` and replace the expired record.
deny contains f if {
	some d in digests
	d in approves
	count(current[d]) == 0
	latest := max([r.expires | some r in deciding[d]])
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
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 26(1) (high-risk)", "NIST AI RMF MANAGE 1.1", "Organisational policy (model admission)"]
#   remediation: Check the release with spec.environment set to the namespace's environment and deploy with that record.
deny contains f if {
	some d in digests
	rs := records_for[d]
	count(rs) > 0
	count(relevant[d]) == 0
	envs := sort({object.get(r, "environment", "none") | some r in rs})
	f := {
		"id": "admission-record-environment",
		"msg": sprintf("records of model %s are for %s, not %s", [d, concat(", ", envs), req.environment]),
		"target": d,
	}
}

# METADATA
# title: The namespace's environment is known
# description: With require_environment, a workload is admitted only where the environment is configured.
# custom:
#   id: admission-environment-unknown
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 26(1) (high-risk)", "Organisational policy (model admission)"]
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
#   regime: baseline
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
#   regime: baseline
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
# description: The approving record expires within expiry_warning_days; check the release again in time (organisational policy).
# custom:
#   id: admission-record-expiring
#   regime: baseline
#   severity: low
#   controls: ["NIST AI RMF MANAGE 4.1", "Organisational policy (approval validity period)"]
#   remediation: Check the release again with `modelgate check --record` before the record expires.
warn contains f if {
	some d in digests
	d in approves
	rs := current[d]
	count(rs) > 0
	latest := max([r.expires_ns | some r in rs])
	latest - input.now_ns < p.expiry_warning_days * day_ns
	f := {
		"id": "admission-record-expiring",
		"msg": sprintf("approval of model %s expires in less than %d days", [d, p.expiry_warning_days]),
		"target": d,
	}
}
