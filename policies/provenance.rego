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
	# Model files that need provenance: globs over artifact paths.
	"artifact_patterns": ["*.safetensors", "**/*.safetensors", "*.onnx", "**/*.onnx", "*.gguf", "**/*.gguf", "*.pt", "**/*.pt", "*.bin", "**/*.bin"],
}

p := lib.area_params("provenance", default_params)

slsa_statements contains s if {
	some s in input.provenance
	s.slsa_version
}

# Artifacts whose path matches params.provenance.artifact_patterns.
model_artifacts contains a if {
	some a in input.artifacts
	some g in p.artifact_patterns
	glob.match(g, ["/"], a.path)
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
#   severity: high
#   controls: ["EU AI Act Annex IV(2)(b)", "EU AI Act Art. 15(5)", "SLSA v1.0 Build L1 (provenance exists)"]
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
#   severity: high
#   controls: ["SLSA v1.0 Verifying artifacts (subject digest)", "EU AI Act Annex IV(2)(b)"]
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
#   severity: medium
#   controls: ["SLSA v1.0 Source track (provenance names the source)", "EU AI Act Annex IV(2)(b)"]
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
#   severity: low
#   controls: ["SLSA v1.0 Provenance format"]
#   remediation: List SLSA provenance (predicateType https://slsa.dev/provenance/v1) in spec.provenance; keep other attestations elsewhere.
warn contains f if {
	some s in input.provenance
	not s.slsa_version
	f := statement_finding("prov-not-slsa", s, sprintf("statement of predicate type %q is not SLSA provenance", [s.predicate_type]))
}
