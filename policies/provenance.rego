# Build provenance: in-toto statements with SLSA provenance that say which builder produced the
# model's artifacts from which source (EU AI Act Annex IV(2), SLSA v1.0 Build track).
package modelgate.provenance

import data.modelgate.lib

# Parameters (override under data.modelgate.params.provenance).
default_params := {
	# Lowest risk tier that needs SLSA provenance for its model artifacts.
	"required_from": "high",
	# Builders trusted to produce releases, as globs over the SLSA builder id, each with the SLSA
	# Build level its builds reach. Defaults: the SLSA GitHub generators (reusable workflows,
	# Build L3) and GitHub's hosted runners with artifact attestations (Build L2).
	"builders": [
		{"id": "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/*@refs/tags/v*", "level": 3},
		{"id": "https://github.com/actions/runner/github-hosted", "level": 2},
		{"id": "https://github.com/Attestations/GitHubHostedActions@v1", "level": 2},
	],
	# Lowest SLSA Build level accepted per risk tier.
	"min_level": {"minimal": 0, "limited": 1, "high": 3, "unacceptable": 3},
	# Lowest risk tier whose model artifacts must be covered by a verified signature.
	"signed_from": "high",
	# Lowest risk tier whose SLSA provenance must be signed by a trusted key or identity.
	"provenance_signed_from": "high",
	# Lowest risk tier from which other evidence must be signed, per kind ("never": not required).
	# The AI Act's own duty for high-risk test reports (Annex IV(2)(g)) is hr-test-report-signed,
	# of the high-risk regime; this is the organisation's policy on top of it.
	"signed_evidence_from": {"model_card": "never", "sbom": "never", "robustness": "never"},
	# Artifacts that need no provenance or signature: globs over artifact paths (case-sensitive,
	# as written). Empty by default: every artifact the bundle declares and every model file
	# found in it by content or name needs both, whatever its extension.
	"exempt_artifacts": [],
}

p := lib.area_params("provenance", default_params)

slsa_statements contains s if {
	some s in input.provenance
	s.slsa_version
}

# Every artifact: those the manifest declares and every model file found in the bundle,
# except the globs of params.provenance.exempt_artifacts.
model_artifacts contains a if {
	some a in input.artifacts
	not exempt(a)
}

exempt(a) if {
	some g in p.exempt_artifacts
	glob.match(g, ["/"], a.path)
}

verified_digests contains d if {
	some sig in input.signatures
	sig.verified == true
	some d in sig.covers
}

# Evidence files by kind, for the signing rules.
evidence_files contains ["model_card", input.model.source]

evidence_files contains ["sbom", s.source] if some s in input.sboms

evidence_files contains ["robustness", r.source] if some r in input.robustness

tier_requires(t) if {
	t != "never"
	lib.tier_at_least(t)
}

covered(a) if {
	some s in slsa_statements
	some sub in s.subjects
	sub.sha256 == a.sha256
}

# The SLSA Build level of a statement's builder: the highest level of a matching builder entry.
builder_level(s) := max({b.level | some b in p.builders; glob.match(b.id, null, s.builder_id)})

known_builder(s) if {
	some b in p.builders
	glob.match(b.id, null, s.builder_id)
}

statement_finding(id, s, msg) := {
	"id": id,
	"msg": msg,
	"file": s.source.path,
	"line": object.get(s, "line", 0),
	"target": object.get(s, "builder_id", s.source.path),
}

# METADATA
# title: SLSA provenance is required
# description: From params.provenance.required_from up, a release carries SLSA provenance (an in-toto statement) for its model artifacts.
# custom:
#   id: prov-missing
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Annex IV(2)(a)", "EU AI Act Annex IV(2)(h)", "EU AI Act Art. 15(5)", "SLSA v1.0 Build L1 (provenance exists)"]
#   remediation: Build the model in CI with a SLSA provenance generator (e.g. slsa-github-generator or GitHub artifact attestations) and list the statement in spec.provenance.
deny contains f if {
	lib.tier_at_least(p.required_from)
	count(model_artifacts) > 0
	count(slsa_statements) == 0
	f := {
		"id": "prov-missing",
		"msg": sprintf("risk tier %s requires SLSA provenance for the model artifacts and the bundle has none", [lib.tier]),
		"file": lib.manifest_file,
	}
}

# METADATA
# title: Provenance covers every model artifact
# description: Each model artifact's sha256 is a subject of a SLSA statement, so that the provenance describes exactly the files being released.
# custom:
#   id: prov-artifact-not-covered
#   regime: baseline
#   severity: high
#   controls: ["SLSA v1.0 Verifying artifacts (subject digest)", "EU AI Act Annex IV(2)(a) (high-risk)", "EU AI Act Annex IV(2)(h) (high-risk)", "EU AI Act Art. 15(5) (high-risk)"]
#   remediation: Generate provenance for the released files (its subjects must list their sha256), or release the files that were built.
deny contains f if {
	count(slsa_statements) > 0
	some a in model_artifacts
	not covered(a)
	f := {
		"id": "prov-artifact-not-covered",
		"msg": sprintf("artifact %s (sha256 %s) is not a subject of any SLSA provenance statement", [a.path, a.sha256]),
		"file": a.path,
		"target": a.path,
	}
}

# METADATA
# title: The builder is trusted
# description: The statement's builder id matches an entry of params.provenance.builders.
# custom:
#   id: prov-builder-not-allowed
#   regime: baseline
#   severity: high
#   controls: ["SLSA v1.0 Verifying artifacts (builder identity)", "NIST SSDF PS.2.1"]
#   remediation: Build with a trusted builder, or add the builder (with the SLSA level it reaches) to params.provenance.builders after review.
deny contains f if {
	some s in slsa_statements
	not known_builder(s)
	f := statement_finding("prov-builder-not-allowed", s, sprintf("builder %s is not a trusted builder", [object.get(s, "builder_id", "(none stated)")]))
}

# METADATA
# title: SLSA Build level meets the tier
# description: The trusted builder's SLSA Build level is at least params.provenance.min_level for the release's risk tier.
# custom:
#   id: prov-slsa-level
#   regime: baseline
#   severity: high
#   controls: ["SLSA v1.0 Build levels", "EU AI Act Art. 15(5)"]
#   remediation: Build with a builder that reaches the required level (e.g. an isolated reusable workflow for Build L3).
deny contains f if {
	some s in slsa_statements
	known_builder(s)
	level := builder_level(s)
	level < p.min_level[lib.tier]
	f := statement_finding("prov-slsa-level", s, sprintf("builder %s reaches SLSA Build L%d; risk tier %s needs L%d", [s.builder_id, level, lib.tier, p.min_level[lib.tier]]))
}

# METADATA
# title: Provenance names its source
# description: A SLSA statement names the source repository and commit it was built from, so that the build can be traced to reviewed code.
# custom:
#   id: prov-source-unknown
#   regime: baseline
#   severity: medium
#   controls: ["SLSA v1.0 Source track (provenance names the source)", "EU AI Act Annex IV(2)(a) (high-risk)", "EU AI Act Annex IV(2)(h) (high-risk)", "EU AI Act Art. 15(5) (high-risk)"]
#   remediation: Generate provenance with resolvedDependencies naming the git repository and commit.
warn contains f if {
	some s in slsa_statements
	not source_named(s)
	f := statement_finding("prov-source-unknown", s, "the provenance names no source repository and commit")
}

source_named(s) if {
	s.source_repo
	s.source_commit
}

# METADATA
# title: Statements are SLSA provenance
# description: An in-toto statement listed as provenance whose predicate is not SLSA provenance is not evidence of how the model was built.
# custom:
#   id: prov-not-slsa
#   regime: baseline
#   severity: low
#   controls: ["SLSA v1.0 Provenance format"]
#   remediation: List SLSA provenance (predicateType https://slsa.dev/provenance/v1) in spec.provenance; keep other attestations elsewhere.
warn contains f if {
	some s in input.provenance
	not s.slsa_version
	f := statement_finding("prov-not-slsa", s, sprintf("statement of predicate type %q is not SLSA provenance", [s.predicate_type]))
}

# METADATA
# title: Signatures verify
# description: Every signature file of the bundle verifies against the configured keys or trusted root and identities; a signature that does not is a sign of tampering or of an untrusted signer.
# custom:
#   id: prov-signature-invalid
#   regime: baseline
#   severity: critical
#   controls: ["EU AI Act Art. 15(5) (high-risk)", "SLSA v1.0 Verifying artifacts", "OpenSSF Model Signing v1.0"]
#   remediation: Find out why verification failed (changed, added or removed files; wrong key or identity); re-sign the released files with a trusted key, or configure the signer's key (--key) or identity (--identity).
deny contains f if {
	some sig in input.signatures
	sig.verified != true
	f := {
		"id": "prov-signature-invalid",
		"msg": sprintf("signature %s (%s) does not verify: %s", [sig.source.path, sig.kind, object.get(sig, "error", "no reason given")]),
		"file": sig.source.path,
		"target": sig.source.path,
	}
}

# METADATA
# title: Model artifacts are signed
# description: From params.provenance.signed_from up, every model artifact's sha256 is covered by a verified signature (an OpenSSF Model Signing signature of the model folder, or a Sigstore bundle).
# custom:
#   id: prov-artifact-unsigned
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 15(5)", "OpenSSF Model Signing v1.0", "NIST SSDF PS.2.1"]
#   remediation: Sign the model folder (e.g. `model_signing sign key model/ --private_key key.pem --signature model.sig`), list the signature in spec.signatures and pass the public key with --key.
deny contains f if {
	lib.tier_at_least(p.signed_from)
	some a in model_artifacts
	not verified_digests[a.sha256]
	f := {
		"id": "prov-artifact-unsigned",
		"msg": sprintf("artifact %s is not covered by a verified signature (risk tier %s)", [a.path, lib.tier]),
		"file": a.path,
		"target": a.path,
	}
}

# METADATA
# title: Evidence is signed when the tier requires it
# description: >
#   From the tier set per kind in params.provenance.signed_evidence_from, the model card, SBOMs
#   and robustness reports are covered by a verified signature (e.g. a Sigstore bundle named
#   after the file). This is organisational policy ("never" by default); the AI Act's duty to
#   sign high-risk test reports (Annex IV(2)(g)) is hr-test-report-signed.
# custom:
#   id: prov-evidence-unsigned
#   regime: baseline
#   severity: medium
#   controls: ["EU Cyber Resilience Act Annex I Part II(1)", "SLSA v1.0 Verifying artifacts"]
#   remediation: Sign the file (e.g. `cosign sign-blob --bundle FILE.sigstore.json FILE`), list the bundle in spec.signatures and configure the trusted root and identity.
deny contains f if {
	some e in evidence_files
	tier_requires(p.signed_evidence_from[e[0]])
	not verified_digests[e[1].sha256]
	f := {
		"id": "prov-evidence-unsigned",
		"msg": sprintf("%s %s is not covered by a verified signature (risk tier %s)", [e[0], e[1].path, lib.tier]),
		"file": e[1].path,
		"target": e[1].path,
	}
}

# METADATA
# title: Provenance is signed
# description: From params.provenance.provenance_signed_from up, every SLSA statement is in a DSSE envelope or Sigstore bundle that verifies against the configured keys or trusted root and identities; an unsigned statement proves nothing about the build.
# custom:
#   id: prov-provenance-unsigned
#   regime: baseline
#   severity: high
#   controls: ["SLSA v1.0 Build L2 (signed provenance)", "EU AI Act Art. 15(5)"]
#   remediation: Publish the provenance signed (a DSSE envelope or Sigstore bundle, as SLSA generators and GitHub attestations do) and configure the builder's key or identity.
deny contains f if {
	lib.tier_at_least(p.provenance_signed_from)
	some s in slsa_statements
	s.verified != true
	f := statement_finding("prov-provenance-unsigned", s, sprintf("SLSA provenance %s is not verified: %s", [s.source.path, object.get(s, "verify_error", "no signature")]))
}
