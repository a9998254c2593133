package modelgate.provenance_test

import data.modelgate.provenance

digest := "b3bd1f13021ed00fda5ae8e632170108005fec038a44881ab90d05d4ddc81745"

generator := "https://github.com/slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@refs/tags/v2.0.0"

statement := {
	"source": {"path": "provenance/model.intoto.jsonl"},
	"line": 1,
	"envelope": "dsse",
	"signatures": 1,
	"verified": true,
	"predicate_type": "https://slsa.dev/provenance/v1",
	"slsa_version": "1",
	"builder_id": generator,
	"source_repo": "git+https://github.com/example/credit-risk@refs/heads/main",
	"source_commit": "7f3c1e0a9b2d4c5e6f708192a3b4c5d6e7f80912",
	"subjects": [{"name": "model.safetensors", "sha256": digest}, {"name": "config.json", "sha256": "00"}],
}

signature := {
	"source": {"path": "model.sig"},
	"kind": "oms",
	"verified": true,
	"signer": {"key_id": "ab"},
	"covers": [digest, "00"],
}

base := {
	"manifest": {"risk_tier": "high"},
	"signatures": [signature],
	"artifacts": [
		{"path": "model/model.safetensors", "sha256": digest, "size": 10},
		{"path": "model/config.json", "sha256": "00", "size": 1},
	],
	"provenance": [statement],
}

ids(findings) := {f.id | some f in findings}

test_good_provenance_passes if {
	count(provenance.deny) == 0 with input as base
	count(provenance.warn) == 0 with input as base
}

test_missing_provenance_denied_for_high_tier if {
	"prov-missing" in ids(provenance.deny) with input as object.union(base, {"provenance": []})
	not "prov-missing" in ids(provenance.deny) with input as object.union(base, {"provenance": [], "manifest": {"risk_tier": "limited"}})
}

test_uncovered_artifact_denied if {
	s := object.union(statement, {"subjects": [{"name": "other", "sha256": "11"}]})
	some f in provenance.deny with input as object.union(base, {"provenance": [s]})
	f.id == "prov-artifact-not-covered"
	f.target == "model/model.safetensors"
}

# Every artifact needs provenance and a signature, whatever its name: a pickle, an upper-case
# extension or an undeclared model file found by content is no exception.
test_every_artifact_needs_provenance_and_a_signature if {
	s := object.union(statement, {"subjects": [{"name": "model.safetensors", "sha256": digest}]})
	inp := object.union(base, {"provenance": [s], "artifacts": array.concat(base.artifacts, [{"path": "model/evil.PKL", "sha256": "11", "size": 3, "declared": false, "format": "pickle"}])})
	denied := {[f.id, f.target] | some f in provenance.deny with input as inp}
	["prov-artifact-not-covered", "model/config.json"] in denied
	["prov-artifact-not-covered", "model/evil.PKL"] in denied
	["prov-artifact-unsigned", "model/evil.PKL"] in denied
	not ["prov-artifact-unsigned", "model/config.json"] in denied
}

test_exempt_artifacts_are_a_parameter if {
	s := object.union(statement, {"subjects": [{"name": "model.safetensors", "sha256": digest}]})
	inp := object.union(base, {"provenance": [s]})
	not "prov-artifact-not-covered" in ids(provenance.deny) with input as inp
		with data.modelgate.params.provenance.exempt_artifacts as ["model/config.json"]
}

test_unknown_builder_denied if {
	s := object.union(statement, {"builder_id": "https://ci.example.com/runner"})
	some f in provenance.deny with input as object.union(base, {"provenance": [s]})
	f.id == "prov-builder-not-allowed"
	f.line == 1
}

test_builder_level_below_tier_denied if {
	s := object.union(statement, {"builder_id": "https://github.com/actions/runner/github-hosted"})
	"prov-slsa-level" in ids(provenance.deny) with input as object.union(base, {"provenance": [s]})
	inp := object.union(base, {"provenance": [s], "manifest": {"risk_tier": "limited"}})
	not "prov-slsa-level" in ids(provenance.deny) with input as inp
}

test_builders_are_a_parameter if {
	s := object.union(statement, {"builder_id": "https://ci.example.com/runner"})
	inp := object.union(base, {"provenance": [s]})
	params := {"provenance": {"builders": [{"id": "https://ci.example.com/*", "level": 3}]}}
	count(provenance.deny) == 0 with input as inp with data.modelgate.params as params
}

test_source_unknown_warned if {
	s := object.remove(statement, ["source_commit"])
	"prov-source-unknown" in ids(provenance.warn) with input as object.union(base, {"provenance": [s]})
}

test_non_slsa_statement_warned if {
	other := object.remove(object.union(statement, {"predicate_type": "https://spdx.dev/Document"}), ["slsa_version"])
	"prov-not-slsa" in ids(provenance.warn) with input as object.union(base, {"provenance": [statement, other]})
}

test_invalid_signature_denied if {
	bad := object.union(signature, {"verified": false, "error": "file changed: model.safetensors", "covers": []})
	some f in provenance.deny with input as object.union(base, {"signatures": [bad]})
	f.id == "prov-signature-invalid"
	contains(f.msg, "file changed: model.safetensors")
}

test_unsigned_artifact_denied_from_tier if {
	"prov-artifact-unsigned" in ids(provenance.deny) with input as object.union(base, {"signatures": []})
	inp := object.union(base, {"signatures": [], "manifest": {"risk_tier": "limited"}})
	not "prov-artifact-unsigned" in ids(provenance.deny) with input as inp
}

test_evidence_signing_is_a_parameter if {
	inp := object.union(base, {
		"model": {"source": {"path": "README.md", "sha256": "cc"}},
		"sboms": [{"source": {"path": "sbom.cdx.json", "sha256": "dd"}}],
		"robustness": [{"source": {"path": "eval/robustness.json", "sha256": "ee"}}],
	})
	# By default no evidence must be signed by this organisational rule (high-risk test reports
	# are hr-test-report-signed's).
	not "prov-evidence-unsigned" in ids(provenance.deny) with input as inp
	params := {"provenance": {"signed_evidence_from": {"model_card": "high", "sbom": "limited", "robustness": "high"}}}
	findings := {f.target | some f in provenance.deny; f.id == "prov-evidence-unsigned"} with input as inp with data.modelgate.params as params
	findings == {"README.md", "sbom.cdx.json", "eval/robustness.json"}
	signed := object.union(inp, {"signatures": [object.union(signature, {"covers": [digest, "00", "cc", "dd", "ee"]})]})
	count(provenance.deny) == 0 with input as signed with data.modelgate.params as params
}

test_unsigned_provenance_denied if {
	bare := object.union(statement, {"envelope": "none", "verified": false, "verify_error": "the statement is not signed"})
	some f in provenance.deny with input as object.union(base, {"provenance": [bare]})
	f.id == "prov-provenance-unsigned"
	contains(f.msg, "not signed")
}

# Kept apart from the test above: regorus 0.14 reuses a rule evaluated under one `with input`
# for a later `with input` in the same body when the first binds it with `some ... in`.
test_unsigned_provenance_allowed_below_tier if {
	bare := object.union(statement, {"envelope": "none", "verified": false})
	"prov-provenance-unsigned" in ids(provenance.deny) with input as object.union(base, {"provenance": [bare]})
	inp := object.union(base, {"provenance": [bare], "manifest": {"risk_tier": "limited"}})
	not "prov-provenance-unsigned" in ids(provenance.deny) with input as inp
}
