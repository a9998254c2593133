# Model documentation: EU AI Act Art. 11, 13 and Annex IV technical documentation, as far as a
# model card can show it. Each documentation topic has its own rule, so that each finding cites
# the provision that asks for that topic.
package modelgate.documentation

import data.modelgate.lib

# Parameters (override under data.modelgate.params.documentation).
default_params := {
	# Lowest risk tier (minimal | limited | high | unacceptable) from which each model card topic
	# is required; each topic is checked by its own rule (doc-intended-use, doc-license-missing,
	# ...). Keys are canonical section ids (see README). Any other value, e.g. "never", turns the
	# topic's rule off. `license` and `version` are also met by the card's front matter.
	"section_required_from": {
		"intended_use": "minimal",
		"limitations": "minimal",
		"license": "minimal",
		"training_data": "limited",
		"evaluation": "limited",
		"contact": "limited",
		"out_of_scope_use": "high",
		"bias_fairness": "high",
		"human_oversight": "high",
		"version": "high",
	},
	# Further sections required per risk tier, checked by doc-section-missing (ids that have a
	# topic in section_required_from are left to their own rule). A tier's list replaces the
	# default list of that tier.
	"required_sections": {
		"minimal": [],
		"limited": ["model_details"],
		"high": ["model_details", "training_procedure"],
		"unacceptable": ["model_details", "training_procedure"],
	},
	# A section with fewer words of content than this counts as missing.
	"min_words": 10,
	# Sections that are short by nature, with their own minimum.
	"min_words_by_section": {"contact": 1, "license": 1, "version": 1},
	# A section that still holds a template placeholder ("[More Information Needed]") counts as
	# missing unless it has at least this many words of content besides the placeholder.
	"placeholder_min_words": 30,
	# A section with fewer distinct content words than this (input sections.<id>.distinct_words:
	# words compared folded, stop words, numbers and "None"/"N/A" left out) is thin: "data data
	# data ..." or a list of numbers is no documentation. A section whose min_words is lower
	# needs only that many.
	"min_distinct_words": 4,
	# Sections with their own minimum of distinct content words (a version may be only "1.0").
	"min_distinct_words_by_section": {"version": 0},
	# Lowest risk tier from which the card reports a metric with the dataset it was measured on.
	"metrics_required_from": "limited",
	# Lowest risk tier from which a dataset named by the card without a dataset manifest in the
	# bundle blocks (doc-dataset-undocumented); below it the finding is a warning
	# (doc-dataset-undocumented-advisory).
	"dataset_documentation_required_from": "limited",
	# Lowest risk tier from which the manifest states spec.intendedDeployment.
	"intended_deployment_required_from": "high",
}

p := lib.area_params("documentation", default_params)

min_words(id) := object.get(p.min_words_by_section, id, p.min_words)

# Words of content a section needs: more when a template placeholder is left in it.
needed_words(id, s) := max([min_words(id), p.placeholder_min_words]) if s.placeholder == true

needed_words(id, s) := min_words(id) if object.get(s, "placeholder", false) != true

# Distinct content words a section needs; never more than its words.
needed_distinct(id) := object.get(p.min_distinct_words_by_section, id, min([p.min_distinct_words, min_words(id)]))

# Counts missing from a section (an input made by another tool) are 0: the section is thin.
words(s) := object.get(s, "words", 0)

distinct_words(s) := object.get(s, "distinct_words", 0)

section_ok(id) if {
	s := input.model.sections[id]
	s.present == true
	words(s) >= needed_words(id, s)
	distinct_words(s) >= needed_distinct(id)
}

# The topic `id` is required at the release's risk tier.
topic_required(id) if lib.tier_at_least(p.section_required_from[id])

# Where a section is written: "line 42" or "/modelCard/limitations".
section_at(s) := sprintf("line %d", [s.line]) if s.line

section_at(s) := object.get(s, "pointer", "no location") if not s.line

section_name(id, s) := sprintf("%s (\"%s\", %s)", [id, object.get(s, "heading", id), section_at(s)])

# What is wrong with a required section that is not ok; `why` says from which tier it is needed.
section_problem(id, why) := sprintf("the model card has no %s section, needed %s", [id, why]) if not input.model.sections[id]

section_problem(id, why) := msg if {
	s := input.model.sections[id]
	s.placeholder == true
	words(s) < needed_words(id, s)
	msg := sprintf(
		"model card section %s still holds a template placeholder and only %d words of other content (%d needed while a placeholder is left); needed %s",
		[section_name(id, s), words(s), needed_words(id, s), why],
	)
}

section_problem(id, why) := msg if {
	s := input.model.sections[id]
	object.get(s, "placeholder", false) != true
	words(s) < needed_words(id, s)
	msg := sprintf(
		"model card section %s has %d words of content, under %d; needed %s",
		[section_name(id, s), words(s), needed_words(id, s), why],
	)
}

section_problem(id, why) := msg if {
	s := input.model.sections[id]
	words(s) >= needed_words(id, s)
	distinct_words(s) < needed_distinct(id)
	msg := sprintf(
		"model card section %s has %d words but only %d distinct content words, under %d (repeated or filler words are not documentation); needed %s",
		[section_name(id, s), words(s), distinct_words(s), needed_distinct(id), why],
	)
}

# Counts that are enough on a section marked as not present (an inconsistent input): still a
# problem, so that the rule fails closed.
section_problem(id, why) := msg if {
	s := input.model.sections[id]
	object.get(s, "present", false) != true
	words(s) >= needed_words(id, s)
	distinct_words(s) >= needed_distinct(id)
	msg := sprintf("model card section %s is marked as having no content; needed %s", [section_name(id, s), why])
}

# The finding of topic rule `rule` when the section `id` it checks is required and not ok.
section_finding(rule, id) := f if {
	input.model
	topic_required(id)
	not section_ok(id)
	s := object.get(input.model.sections, id, {})
	why := sprintf("from risk tier %s (this release: %s)", [p.section_required_from[id], lib.tier])
	f := {
		"id": rule,
		"msg": section_problem(id, why),
		"file": input.model.source.path,
		"line": object.get(s, "line", 0),
		"pointer": object.get(s, "pointer", ""),
		"target": id,
	}
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
# title: The intended use is documented
# description: >
#   From risk tier params.documentation.section_required_from.intended_use up (default: every
#   tier), the model card states the model's intended purpose (section intended_use, e.g.
#   "## Uses" or "### Direct Use") with at least params.documentation.min_words words, of
#   which params.documentation.min_distinct_words distinct content words; a section that still
#   holds a template placeholder needs params.documentation.placeholder_min_words. The same
#   measure applies to every section rule below.
# custom:
#   id: doc-intended-use
#   severity: high
#   controls: ["EU AI Act Art. 13(3)(b)(i)", "EU AI Act Annex IV(1)(a)"]
#   remediation: >
#     Write the "## Uses" section of the model card: what the model is for, who uses it and in
#     which setting; replace every "[More Information Needed]".
deny contains f if {
	f := section_finding("doc-intended-use", "intended_use")
}

# METADATA
# title: Out-of-scope use and foreseeable misuse are documented
# description: >
#   From risk tier params.documentation.section_required_from.out_of_scope_use up (default:
#   high), the model card names the uses the model is not for and the reasonably foreseeable
#   misuse to guard against (section out_of_scope_use, e.g. "### Out-of-Scope Use").
# custom:
#   id: doc-out-of-scope-use
#   severity: high
#   controls: ["EU AI Act Art. 13(3)(b)(iii)"]
#   remediation: >
#     Write the "### Out-of-Scope Use" section: uses the model must not be put to and
#     foreseeable misuse, with why; replace every "[More Information Needed]".
deny contains f if {
	f := section_finding("doc-out-of-scope-use", "out_of_scope_use")
}

# METADATA
# title: Limitations and risks are documented
# description: >
#   From risk tier params.documentation.section_required_from.limitations up (default: every
#   tier), the model card states the known limitations of performance and the circumstances
#   that may lead to risks (section limitations, e.g. "## Bias, Risks, and Limitations").
# custom:
#   id: doc-limitations
#   severity: high
#   controls: ["EU AI Act Art. 13(3)(b)(ii)", "EU AI Act Art. 13(3)(b)(iii)", "EU AI Act Annex IV(3)"]
#   remediation: >
#     Write the "## Bias, Risks, and Limitations" section: where performance degrades, for whom,
#     and which circumstances lead to risks; replace every "[More Information Needed]".
deny contains f if {
	f := section_finding("doc-limitations", "limitations")
}

# METADATA
# title: The training data is documented
# description: >
#   From risk tier params.documentation.section_required_from.training_data up (default:
#   limited), the model card describes the data sets the model was trained on: origin, scope,
#   main characteristics and preparation (section training_data, e.g. "### Training Data").
# custom:
#   id: doc-training-data
#   severity: high
#   controls: ["EU AI Act Art. 10(2)", "EU AI Act Annex IV(2)(d)", "EU AI Act Art. 13(3)(b)(vi)"]
#   remediation: >
#     Write the "### Training Data" section: which data sets, where they come from, how they were
#     selected, cleaned and labelled; link their dataset cards.
deny contains f if {
	f := section_finding("doc-training-data", "training_data")
}

# METADATA
# title: The evaluation is documented
# description: >
#   From risk tier params.documentation.section_required_from.evaluation up (default: limited),
#   the model card describes how the model was validated and tested: testing data, metrics and
#   results (section evaluation, e.g. "## Evaluation").
# custom:
#   id: doc-evaluation
#   severity: high
#   controls: ["EU AI Act Annex IV(2)(g)", "EU AI Act Art. 15(3)", "EU AI Act Art. 13(3)(b)(ii)"]
#   remediation: >
#     Write the "## Evaluation" section: the testing data, the metrics and the levels of accuracy
#     reached; replace every "[More Information Needed]".
deny contains f if {
	f := section_finding("doc-evaluation", "evaluation")
}

# METADATA
# title: Bias and fairness are examined
# description: >
#   From risk tier params.documentation.section_required_from.bias_fairness up (default: high),
#   the model card reports the examination for possible biases, the measures taken against them
#   and the performance for the groups of persons concerned (section bias_fairness).
# custom:
#   id: doc-bias-fairness
#   severity: high
#   controls: ["EU AI Act Art. 10(2)(f)", "EU AI Act Art. 10(2)(g)", "EU AI Act Art. 13(3)(b)(v)"]
#   remediation: >
#     Add a "## Bias and Fairness" section: groups examined, fairness metrics and results, and
#     the mitigations applied.
deny contains f if {
	f := section_finding("doc-bias-fairness", "bias_fairness")
}

# METADATA
# title: Human oversight is documented
# description: >
#   From risk tier params.documentation.section_required_from.human_oversight up (default:
#   high), the model card describes the human oversight measures: who reviews the outputs, how
#   they interpret, override or stop the model (section human_oversight).
# custom:
#   id: doc-human-oversight
#   severity: high
#   controls: ["EU AI Act Art. 14", "EU AI Act Art. 13(3)(d)", "EU AI Act Annex IV(2)(e)"]
#   remediation: >
#     Add a "## Human Oversight" section: the review step, who can override or stop the model and
#     the aids they get to interpret its outputs.
deny contains f if {
	f := section_finding("doc-human-oversight", "human_oversight")
}

# METADATA
# title: A contact is documented
# description: >
#   From risk tier params.documentation.section_required_from.contact up (default: limited),
#   the model card names who provides the model and how to reach them (section contact, e.g.
#   "## Model Card Contact").
# custom:
#   id: doc-contact
#   severity: medium
#   controls: ["EU AI Act Art. 13(3)(a)"]
#   remediation: Fill in the "## Model Card Contact" section with the provider's team and a contact address.
deny contains f if {
	f := section_finding("doc-contact", "contact")
}

# METADATA
# title: Further model card sections required for the risk tier
# description: >
#   The sections listed for the release's risk tier in params.documentation.required_sections
#   (by default the general description, model_details, from limited and the training
#   procedure, training_procedure, from high) are present with at least
#   params.documentation.min_words words. Topics with their own rule are left to it.
# custom:
#   id: doc-section-missing
#   severity: medium
#   controls: ["EU AI Act Art. 11(1)", "EU AI Act Annex IV(1)", "EU AI Act Annex IV(2)(a)"]
#   remediation: >
#     Write the named section of the model card (e.g. "## Model Details", "### Training
#     Procedure"); replace every "[More Information Needed]".
deny contains f if {
	input.model
	some id in object.get(p.required_sections, lib.tier, [])
	not p.section_required_from[id]
	not section_ok(id)
	s := object.get(input.model.sections, id, {})
	f := {
		"id": "doc-section-missing",
		"msg": section_problem(id, sprintf("at risk tier %s", [lib.tier])),
		"file": input.model.source.path,
		"line": object.get(s, "line", 0),
		"pointer": object.get(s, "pointer", ""),
		"target": id,
	}
}

# METADATA
# title: The model's license is stated
# description: >
#   From risk tier params.documentation.section_required_from.license up (default: every tier),
#   the card states the license under which the model may be used: `license` in its front
#   matter or a License section.
# custom:
#   id: doc-license-missing
#   severity: medium
#   controls: ["EU AI Act Art. 53(1)(b)", "EU AI Act Annex XII(1)(h)"]
#   remediation: Add `license:` (an SPDX identifier) to the model card's front matter.
deny contains f if {
	input.model
	topic_required("license")
	not license_stated
	f := {"id": "doc-license-missing", "msg": "the model card states no license", "file": input.model.source.path}
}

license_stated if trim_space(input.model.license) != ""

license_stated if section_ok("license")

# METADATA
# title: The model card states the version
# description: >
#   From risk tier params.documentation.section_required_from.version up (default: high), the
#   card states which version of the model it documents: `version` in its front matter or a
#   version section (changelog, version history).
# custom:
#   id: doc-version-missing
#   severity: medium
#   controls: ["EU AI Act Annex IV(1)(a)", "EU AI Act Annex IV(6)"]
#   remediation: Add `version:` to the model card's front matter, equal to metadata.version in modelgate.yaml.
deny contains f if {
	input.model
	topic_required("version")
	not version_stated
	f := {
		"id": "doc-version-missing",
		"msg": sprintf("the model card states no version (required from risk tier %s)", [p.section_required_from.version]),
		"file": input.model.source.path,
	}
}

version_stated if trim_space(input.model.version) != ""

version_stated if section_ok("version")

# METADATA
# title: Model card version matches the release
# description: >
#   When both the manifest and the model card state a version, they agree (ignoring case and a
#   leading "v"), so that the documentation describes the model being released.
# custom:
#   id: doc-version-mismatch
#   severity: medium
#   controls: ["EU AI Act Annex IV(1)(a)", "EU AI Act Art. 11(1)"]
#   remediation: Update the version in the model card (front matter `version`) or in modelgate.yaml.
deny contains f if {
	mv := input.manifest.version
	cv := input.model.version
	version_key(mv) != version_key(cv)
	f := {
		"id": "doc-version-mismatch",
		"msg": sprintf("model card version %q differs from release version %q", [cv, mv]),
		"file": input.model.source.path,
	}
}

version_key(v) := trim_prefix(lower(trim_space(v)), "v")

# METADATA
# title: Model card name matches the release
# description: >
#   When both the manifest and the model card name the model, the names agree, ignoring case and
#   an organisation prefix ("example-bank/credit-risk-scorer" matches "credit-risk-scorer"), so
#   that the card documents the system being released.
# custom:
#   id: doc-name-mismatch
#   severity: medium
#   controls: ["EU AI Act Art. 11(1)", "EU AI Act Annex VIII Section A(4)"]
#   remediation: Make the model card's name (model-index name or title) and metadata.name in modelgate.yaml agree.
deny contains f if {
	mn := input.manifest.name
	cn := input.model.name
	short_name(mn) != short_name(cn)
	f := {
		"id": "doc-name-mismatch",
		"msg": sprintf("model card names the model %q, the release is %q", [cn, mn]),
		"file": input.model.source.path,
		"target": cn,
	}
}

short_name(n) := last(split(lower(trim_space(n)), "/"))

# METADATA
# title: Evaluation results name metrics and datasets
# description: >
#   From risk tier params.documentation.metrics_required_from up (default: limited), the card
#   reports at least one evaluation metric together with the dataset it was measured on
#   (model-index results in a Hugging Face card).
# custom:
#   id: doc-metrics-missing
#   severity: medium
#   controls: ["EU AI Act Annex IV(2)(g)", "EU AI Act Art. 13(3)(b)(ii)", "EU AI Act Art. 15(3)"]
#   remediation: Add `model-index` results (task, dataset, metrics) to the card's front matter.
deny contains f if {
	input.model
	lib.tier_at_least(p.metrics_required_from)
	not metric_with_dataset
	f := {
		"id": "doc-metrics-missing",
		"msg": "the model card reports no evaluation metric with the dataset it was measured on",
		"file": input.model.source.path,
	}
}

metric_with_dataset if {
	some m in input.model.metrics
	trim_space(m.dataset) != ""
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
# title: The intended deployment is stated
# description: >
#   From risk tier params.documentation.intended_deployment_required_from up (default: high),
#   the manifest states where and by whom the model is deployed (spec.intendedDeployment): the
#   specific context of use that the intended purpose is judged against. A bundle without a
#   manifest is judged as high risk and states none.
# custom:
#   id: doc-intended-deployment
#   severity: medium
#   controls: ["EU AI Act Art. 13(3)(b)(i)", "EU AI Act Annex IV(1)(a)"]
#   remediation: Add spec.intendedDeployment to modelgate.yaml (who runs the model, for whom, in which process).
deny contains f if {
	lib.tier_at_least(p.intended_deployment_required_from)
	not deployment_stated
	f := {
		"id": "doc-intended-deployment",
		"msg": sprintf("risk tier %s requires the intended deployment (spec.intendedDeployment) and the release states none", [lib.tier]),
		"file": lib.manifest_file,
	}
}

deployment_stated if trim_space(input.manifest.intended_deployment) != ""

# METADATA
# title: Datasets named by the model card are documented
# description: >
#   From risk tier params.documentation.dataset_documentation_required_from up (default:
#   limited), each dataset the model card names has a dataset manifest in the bundle, so that
#   its provenance and personal-data facts can be checked. Names match ignoring case and an
#   organisation prefix.
# custom:
#   id: doc-dataset-undocumented
#   severity: medium
#   controls: ["EU AI Act Art. 10(2)", "EU AI Act Annex IV(2)(d)"]
#   remediation: Add a Croissant file, a Hugging Face dataset card or a dataset.yaml for the dataset and list it in spec.datasets.
deny contains f if {
	lib.tier_at_least(p.dataset_documentation_required_from)
	some name in undocumented_datasets
	f := dataset_finding("doc-dataset-undocumented", name)
}

# METADATA
# title: Datasets named by the model card should be documented
# description: >
#   Below risk tier params.documentation.dataset_documentation_required_from, a dataset the
#   model card names without a dataset manifest in the bundle is reported as a warning.
# custom:
#   id: doc-dataset-undocumented-advisory
#   severity: low
#   controls: ["EU AI Act Art. 10(2)", "EU AI Act Annex IV(2)(d)"]
#   remediation: Add a Croissant file, a Hugging Face dataset card or a dataset.yaml for the dataset and list it in spec.datasets.
warn contains f if {
	not lib.tier_at_least(p.dataset_documentation_required_from)
	some name in undocumented_datasets
	f := dataset_finding("doc-dataset-undocumented-advisory", name)
}

undocumented_datasets contains name if {
	some name in input.model.datasets
	not documented(name)
}

dataset_finding(rule, name) := {
	"id": rule,
	"msg": sprintf("dataset %q named by the model card has no dataset manifest in the bundle", [name]),
	"file": input.model.source.path,
	"target": name,
}

documented(name) if {
	some ds in input.datasets
	short_name(ds.name) == short_name(name)
}

# METADATA
# title: No template placeholders are left in the model card
# description: >
#   A model card section that still holds a template placeholder ("[More Information Needed]")
#   is reported, unless a deny finding already names that section.
# custom:
#   id: doc-placeholder-left
#   severity: low
#   controls: ["EU AI Act Art. 13(2)"]
#   remediation: Replace the placeholder with the information or delete the empty template heading.
warn contains f if {
	some id, s in input.model.sections
	s.placeholder == true
	not denied_section(id)
	f := {
		"id": "doc-placeholder-left",
		"msg": sprintf("model card section %s still holds a template placeholder", [section_name(id, s)]),
		"file": input.model.source.path,
		"line": object.get(s, "line", 0),
		"pointer": object.get(s, "pointer", ""),
		"target": id,
	}
}

denied_section(id) if {
	some f in deny
	f.file == input.model.source.path
	f.target == id
}

last(parts) := parts[count(parts) - 1]
