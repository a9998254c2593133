# Model documentation: EU AI Act Art. 11, 13 and Annex IV technical documentation, as far as a
# model card can show it.
package modelgate.documentation

import data.modelgate.lib

# Parameters (override under data.modelgate.params.documentation).
default_params := {
	# Model card sections (canonical ids, see README) required per EU AI Act risk tier.
	"required_sections": {
		"minimal": ["intended_use", "limitations"],
		"limited": ["intended_use", "limitations", "training_data", "evaluation", "contact"],
		"high": [
			"intended_use", "out_of_scope_use", "limitations", "training_data", "evaluation",
			"bias_fairness", "human_oversight", "contact",
		],
		"unacceptable": [
			"intended_use", "out_of_scope_use", "limitations", "training_data", "evaluation",
			"bias_fairness", "human_oversight", "contact",
		],
	},
	# A section with fewer words than this counts as missing.
	"min_words": 10,
	# Sections that are short by nature, with their own minimum.
	"min_words_by_section": {"contact": 1, "license": 1, "version": 1},
}

p := lib.area_params("documentation", default_params)

min_words(id) := object.get(p.min_words_by_section, id, p.min_words)

section_ok(id) if {
	input.model.sections[id].present
	input.model.sections[id].words >= min_words(id)
}

# METADATA
# title: A model card is required
# description: >
#   Every release needs a model card: the technical documentation of EU AI Act Art. 11 and the
#   instructions for use of Art. 13 start there.
# custom:
#   id: doc-model-card-missing
#   severity: high
#   controls: ["EU AI Act Art. 11(1)", "EU AI Act Art. 13(3)", "EU AI Act Annex IV(1)"]
#   remediation: >
#     Add a model card (a Hugging Face README.md, a Model Card Toolkit JSON or a CycloneDX
#     ML-BOM) and name it in spec.modelCard of modelgate.yaml.
deny contains f if {
	not input.model
	f := {"id": "doc-model-card-missing", "msg": "the bundle has no model card", "file": lib.manifest_file}
}

# METADATA
# title: Model card sections required for the risk tier
# description: >
#   The sections listed for the release's risk tier in params.documentation.required_sections
#   must be present with real content; template placeholders and sections shorter than
#   params.documentation.min_words (or the section's entry in min_words_by_section) count as
#   missing.
# custom:
#   id: doc-section-missing
#   severity: high
#   controls:
#     - "EU AI Act Annex IV(1)(a)"
#     - "EU AI Act Annex IV(2)(d)"
#     - "EU AI Act Annex IV(3)"
#     - "EU AI Act Art. 13(3)(b)"
#     - "EU AI Act Art. 14"
#   remediation: >
#     Write the named section of the model card (a heading such as "## Limitations" followed by
#     at least the configured number of words); replace every "[More Information Needed]".
deny contains f if {
	input.model
	some id in p.required_sections[lib.tier]
	not section_ok(id)
	s := object.get(input.model.sections, id, {})
	f := {
		"id": "doc-section-missing",
		"msg": sprintf(
			"model card section %q is missing, a placeholder or under %d words (risk tier %s)",
			[id, min_words(id), lib.tier],
		),
		"file": input.model.source.path,
		"line": object.get(s, "line", 0),
		"pointer": object.get(s, "pointer", ""),
		"target": id,
	}
}

# METADATA
# title: Model card version matches the release
# description: >
#   When both the manifest and the model card state a version, they must agree, so that the
#   documentation describes the model being released.
# custom:
#   id: doc-version-mismatch
#   severity: medium
#   controls: ["EU AI Act Annex IV(1)(c)"]
#   remediation: Update the version in the model card (front matter `version`) or in modelgate.yaml.
deny contains f if {
	mv := input.manifest.version
	cv := input.model.version
	mv != cv
	f := {
		"id": "doc-version-mismatch",
		"msg": sprintf("model card version %q differs from release version %q", [cv, mv]),
		"file": input.model.source.path,
	}
}

# METADATA
# title: The model's license is stated
# description: A deployer must know the terms under which the model may be used.
# custom:
#   id: doc-license-missing
#   severity: medium
#   controls: ["EU AI Act Annex IV(1)(a)", "EU AI Act Art. 53(1)(b)"]
#   remediation: Add `license:` (an SPDX identifier) to the model card's front matter.
deny contains f if {
	input.model
	not input.model.license
	not input.model.sections.license.present
	f := {"id": "doc-license-missing", "msg": "the model card states no license", "file": input.model.source.path}
}

# METADATA
# title: Evaluation results name metrics and datasets
# description: >
#   From the limited tier up, the card reports at least one evaluation metric together with the
#   dataset it was measured on (model-index results in a Hugging Face card).
# custom:
#   id: doc-metrics-missing
#   severity: medium
#   controls: ["EU AI Act Annex IV(2)(g)", "EU AI Act Art. 13(3)(b)(ii)"]
#   remediation: Add `model-index` results (task, dataset, metrics) to the card's front matter.
deny contains f if {
	input.model
	lib.tier_at_least("limited")
	not metric_with_dataset
	f := {
		"id": "doc-metrics-missing",
		"msg": "the model card reports no evaluation metric with the dataset it was measured on",
		"file": input.model.source.path,
	}
}

metric_with_dataset if {
	some m in input.model.metrics
	m.dataset
}

# METADATA
# title: Releases in the unacceptable tier are prohibited
# description: AI practices of the unacceptable tier are prohibited in the EU (Art. 5).
# custom:
#   id: doc-prohibited-practice
#   severity: critical
#   controls: ["EU AI Act Art. 5(1)"]
#   remediation: Do not deploy. Re-assess the use case; a release may not declare riskTier unacceptable.
deny contains f if {
	input.manifest.risk_tier == "unacceptable"
	f := {
		"id": "doc-prohibited-practice",
		"msg": "the release declares risk tier unacceptable (a prohibited AI practice)",
		"file": lib.manifest_file,
	}
}

# METADATA
# title: Datasets named by the model card are documented
# description: >
#   Each dataset the model card names should have a dataset manifest in the bundle, so that its
#   provenance and personal-data facts can be checked.
# custom:
#   id: doc-dataset-undocumented
#   severity: low
#   controls: ["EU AI Act Art. 10(2)", "EU AI Act Annex IV(2)(d)"]
#   remediation: Add a Croissant file, a Hugging Face dataset card or a dataset.yaml for the dataset and list it in spec.datasets.
warn contains f if {
	some name in input.model.datasets
	not documented(name)
	f := {
		"id": "doc-dataset-undocumented",
		"msg": sprintf("dataset %q named by the model card has no dataset manifest in the bundle", [name]),
		"file": input.model.source.path,
		"target": name,
	}
}

documented(name) if {
	some ds in input.datasets
	dn := lower(ds.name)
	n := lower(name)
	some candidate in {n, last(split(n, "/"))}
	candidate == dn
}

last(parts) := parts[count(parts) - 1]
