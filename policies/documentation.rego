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
	# The topics that only the technical documentation (Art. 11, Annex IV) and the instructions
	# for use (Art. 13) of a high-risk system ask for are required from high; an organisation
	# that wants them of every release lowers them here (then they are its own policy). The
	# intended use, the limitations and the licence are good practice at every tier (NIST AI RMF
	# MAP 1.1, ISO/IEC 42001 A.6.2.7, ISO/IEC 5230), not AI Act duties below high.
	"section_required_from": {
		"intended_use": "minimal",
		"limitations": "minimal",
		"license": "minimal",
		"training_data": "high",
		"evaluation": "high",
		"contact": "high",
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
	# Lowest risk tier from which the card reports a metric with the dataset it was measured on
	# (Annex IV(2)(g) and (4), Art. 15(3): high-risk systems).
	"metrics_required_from": "high",
	# Lowest risk tier from which a dataset named by the card without a dataset manifest in the
	# bundle blocks (doc-dataset-undocumented; Art. 10(2)(b), Annex IV(2)(d): high-risk
	# systems); below it the finding is a warning (doc-dataset-undocumented-advisory).
	"dataset_documentation_required_from": "high",
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
#   Every release needs a model card. For a high-risk system it is where the technical
#   documentation of EU AI Act Art. 11(1) and Annex IV(1) and the instructions for use of
#   Art. 13(3) start; those bind high-risk systems only, so below high the card is required as
#   organisational policy after ISO/IEC 42001 A.6.2.7 (AI system technical documentation) and
#   NIST AI RMF MAP 1.1 (intended purposes and settings of deployment documented).
# custom:
#   id: doc-model-card-missing
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 11(1) (high-risk)", "EU AI Act Art. 13(3) (high-risk)", "EU AI Act Annex IV(1) (high-risk)", "ISO/IEC 42001 A.6.2.7", "NIST AI RMF MAP 1.1"]
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
#   measure applies to every section rule below. Art. 13(3)(b)(i) and Annex IV(1)(a) bind
#   high-risk systems only; below high the rule applies NIST AI RMF MAP 1.1 and ISO/IEC 42001
#   A.6.2.7 as organisational policy.
# custom:
#   id: doc-intended-use
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 13(3)(b)(i) (high-risk)", "EU AI Act Annex IV(1)(a) (high-risk)", "NIST AI RMF MAP 1.1", "ISO/IEC 42001 A.6.2.7"]
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
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 13(3)(b)(iii)", "EU AI Act Art. 9(2)(b)", "EU AI Act Annex IV(3)"]
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
#   Art. 13(3)(b) and Annex IV(3) bind high-risk systems only; below high this is
#   organisational policy after ISO/IEC 42001 A.6.2.7.
# custom:
#   id: doc-limitations
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 13(3)(b)(ii) (high-risk)", "EU AI Act Art. 13(3)(b)(iii) (high-risk)", "EU AI Act Annex IV(3) (high-risk)", "ISO/IEC 42001 A.6.2.7"]
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
#   high), the model card describes the data sets the model was trained on: origin, scope,
#   main characteristics and preparation (section training_data, e.g. "### Training Data").
#   Art. 10(2), Annex IV(2)(d) and Art. 13(3)(b)(vi) bind high-risk systems; providers of
#   general-purpose AI models document the training data under Art. 53(1)(a) and Annex XI
#   Section 1(2)(c); developers of generative AI offered in California post it under Civ. Code
#   3111 (AB 2013). Art. 50 (limited-risk) systems have no training-data duty under the AI Act,
#   so an organisation that lowers the tier applies its own policy after ISO/IEC 42001 A.6.2.7
#   and A.7.5.
# custom:
#   id: doc-training-data
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 10(2) (high-risk)", "EU AI Act Annex IV(2)(d) (high-risk)", "EU AI Act Art. 13(3)(b)(vi) (high-risk)", "EU AI Act Art. 53(1)(a) (GPAI providers)", "EU AI Act Annex XI Section 1(2)(c) (GPAI providers)", "California Civ. Code 3111 (AB 2013, generative AI)", "ISO/IEC 42001 A.6.2.7", "ISO/IEC 42001 A.7.5"]
#   remediation: >
#     Write the "### Training Data" section: which data sets, where they come from, how they were
#     selected, cleaned and labelled; link their dataset cards.
deny contains f if {
	f := section_finding("doc-training-data", "training_data")
}

# METADATA
# title: The evaluation is documented
# description: >
#   From risk tier params.documentation.section_required_from.evaluation up (default: high),
#   the model card describes how the model was validated and tested: testing data, metrics and
#   results (section evaluation, e.g. "## Evaluation"). The AI Act provisions bind high-risk
#   systems only; an organisation that lowers the tier applies its own policy after ISO/IEC
#   42001 A.6.2.7.
# custom:
#   id: doc-evaluation
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Annex IV(2)(g) (high-risk)", "EU AI Act Annex IV(4) (high-risk)", "EU AI Act Art. 15(3) (high-risk)", "EU AI Act Art. 13(3)(b)(ii) (high-risk)", "ISO/IEC 42001 A.6.2.7"]
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
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 10(2)(f)", "EU AI Act Art. 10(2)(g)", "EU AI Act Art. 13(3)(b)(v)", "EU AI Act Annex IV(2)(g)", "EU AI Act Annex IV(3)"]
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
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 14(4)(a)-(e)", "EU AI Act Art. 13(3)(d)", "EU AI Act Annex IV(2)(e)"]
#   remediation: >
#     Add a "## Human Oversight" section: the review step, who can override or stop the model and
#     the aids they get to interpret its outputs.
deny contains f if {
	f := section_finding("doc-human-oversight", "human_oversight")
}

# METADATA
# title: A contact is documented
# description: >
#   From risk tier params.documentation.section_required_from.contact up (default: high), the
#   model card names who provides the model and how to reach them (section contact, e.g.
#   "## Model Card Contact"). Art. 13(3)(a) binds high-risk systems only; an organisation that
#   lowers the tier applies its own policy after ISO/IEC 42001 A.6.2.7.
# custom:
#   id: doc-contact
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 13(3)(a) (high-risk)", "ISO/IEC 42001 A.6.2.7"]
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
#   params.documentation.min_words words. Topics with their own rule are left to it. The AI Act
#   provisions bind high-risk systems only; below high this is organisational policy after
#   ISO/IEC 42001 A.6.2.7.
# custom:
#   id: doc-section-missing
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 11(1) (high-risk)", "EU AI Act Annex IV(1) (high-risk)", "EU AI Act Annex IV(2)(a) (high-risk)", "ISO/IEC 42001 A.6.2.7"]
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
#   matter or a License section. The AI Act asks for the licence only from providers of
#   general-purpose AI models (Art. 53(1)(b), Annex XI Section 1(1)(f), Annex XII(1)(h)); for
#   other models this is organisational policy (ISO/IEC 5230 license compliance).
# custom:
#   id: doc-license-missing
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 53(1)(b) (GPAI providers)", "EU AI Act Annex XI Section 1(1)(f) (GPAI providers)", "EU AI Act Annex XII(1)(h) (GPAI providers)", "ISO/IEC 5230:2020 3.3.2"]
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
#   regime: baseline
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
#   leading "v"), so that the documentation describes the model being released. The AI Act
#   provisions bind high-risk systems only; below high this is organisational policy after
#   ISO/IEC 42001 A.6.2.7.
# custom:
#   id: doc-version-mismatch
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Annex IV(1)(a) (high-risk)", "EU AI Act Art. 11(1) (high-risk)", "ISO/IEC 42001 A.6.2.7"]
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
#   that the card documents the system being released. The AI Act provisions bind high-risk
#   systems only; below high this is organisational policy after ISO/IEC 42001 A.6.2.7.
# custom:
#   id: doc-name-mismatch
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 11(1) (high-risk)", "EU AI Act Annex VIII Section A(4) (high-risk)", "ISO/IEC 42001 A.6.2.7"]
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
#   From risk tier params.documentation.metrics_required_from up (default: high), the card
#   reports at least one evaluation metric together with the dataset it was measured on
#   (model-index results in a Hugging Face card). The AI Act provisions bind high-risk systems
#   only; an organisation that lowers the tier applies its own policy after ISO/IEC 42001
#   A.6.2.7.
# custom:
#   id: doc-metrics-missing
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Annex IV(2)(g) (high-risk)", "EU AI Act Annex IV(4) (high-risk)", "EU AI Act Art. 13(3)(b)(ii) (high-risk)", "EU AI Act Art. 15(3) (high-risk)", "ISO/IEC 42001 A.6.2.7"]
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
# description: >
#   AI practices of the unacceptable tier are prohibited in the EU by Art. 5(1), which applies
#   since 2 Feb 2025 (Art. 113(a)). The Digital Omnibus on AI adds prohibitions of generators of
#   non-consensual intimate images and child sexual abuse material from 2 Dec 2026 (its Official
#   Journal reference is unverified, so it is not listed as a control).
# custom:
#   id: doc-prohibited-practice
#   regime: eu-ai-act-prohibitions
#   effective_from: "2025-02-02"
#   severity: critical
#   controls: ["EU AI Act Art. 5(1)", "EU AI Act Art. 113(a)"]
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
#   manifest is judged as high risk and states none. For deployers that carry out a fundamental
#   rights impact assessment it is the description of Art. 27(1)(a).
# custom:
#   id: doc-intended-deployment
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 13(3)(b)(i)", "EU AI Act Annex IV(1)(a)", "EU AI Act Art. 27(1)(a) (deployers)"]
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
#   high), each dataset the model card names has a dataset manifest in the bundle, so that
#   its provenance and personal-data facts can be checked. Names match ignoring case and an
#   organisation prefix. Art. 10(2)(b) and Annex IV(2)(d) bind high-risk systems only; an
#   organisation that lowers the tier applies its own policy after ISO/IEC 42001 A.7.5 (data
#   provenance).
# custom:
#   id: doc-dataset-undocumented
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 10(2)(b) (high-risk)", "EU AI Act Annex IV(2)(d) (high-risk)", "ISO/IEC 42001 A.7.5"]
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
#   model card names without a dataset manifest in the bundle is reported as a warning, as
#   organisational policy after ISO/IEC 42001 A.7.5 (data provenance); Art. 10(2)(b) and Annex
#   IV(2)(d) bind high-risk systems only.
# custom:
#   id: doc-dataset-undocumented-advisory
#   regime: baseline
#   severity: low
#   controls: ["EU AI Act Art. 10(2)(b) (high-risk)", "EU AI Act Annex IV(2)(d) (high-risk)", "ISO/IEC 42001 A.7.5"]
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
# title: The model card's model-index is a list
# description: >
#   The Hugging Face card format writes `model-index` as a list of models with their results. A
#   card whose model-index is a mapping is kept, but nothing in that block is read (no name, no
#   metrics), so the evaluation rules see none of the results it holds.
# custom:
#   id: doc-model-index-ignored
#   regime: baseline
#   severity: low
#   controls: ["EU AI Act Annex IV(2)(g) (high-risk)", "ISO/IEC 42001 A.6.2.7"]
#   remediation: Write model-index as a list of models, each with its name and results, as the Hub card format does.
warn contains f if {
	mi := input.model.metadata["model-index"]
	not is_array(mi)
	f := {
		"id": "doc-model-index-ignored",
		"msg": sprintf("the model card's model-index is a %s, not a list: its name and results were not read", [type_name(mi)]),
		"file": input.model.source.path,
		"target": "model-index",
	}
}

# METADATA
# title: No template placeholders are left in the model card
# description: >
#   A model card section that still holds a template placeholder ("[More Information Needed]")
#   is reported, unless a deny finding already names that section. Art. 13(2) binds high-risk
#   systems only; below high this is organisational policy after ISO/IEC 42001 A.6.2.7.
# custom:
#   id: doc-placeholder-left
#   regime: baseline
#   severity: low
#   controls: ["EU AI Act Art. 13(2) (high-risk)", "ISO/IEC 42001 A.6.2.7"]
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
