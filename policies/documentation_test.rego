package modelgate.documentation_test

import data.modelgate.documentation

section(words) := {"present": words > 0, "words": words, "distinct_words": words, "placeholder": false, "heading": "H", "line": 7, "text": "t"}

placeholder_section(words) := {"present": words > 0, "words": words, "distinct_words": words, "placeholder": true, "heading": "H", "line": 9, "text": "[More Information Needed]"}

# A section of `words` words of which `distinct` distinct content words.
thin_section(words, distinct) := object.union(section(words), {"distinct_words": distinct})

full_card := {
	"source": {"path": "README.md"},
	"name": "acme/Credit-Scorer",
	"version": "1.0.0",
	"license": "apache-2.0",
	"datasets": ["acme/loans"],
	"metrics": [{"type": "accuracy", "value": 0.9, "dataset": "acme/loans"}],
	"sections": {id: section(40) | some id in [
		"model_details", "intended_use", "out_of_scope_use", "limitations", "training_data",
		"training_procedure", "evaluation", "bias_fairness", "human_oversight", "contact",
	]},
}

base := {
	"manifest": {
		"source": {"path": "modelgate.yaml"},
		"name": "credit-scorer",
		"risk_tier": "high",
		"version": "1.0.0",
		# A use in no Annex III area, so that the tiers the tests set are the release's tiers (a
		# credit-scoring use would be high whatever it declares).
		"intended_deployment": "Ranks help-centre articles for the bank's support agents.",
		"jurisdictions": [],
	},
	"model": full_card,
	"datasets": [{"name": "loans", "source": {"path": "data/loans.yaml"}}],
}

ids(findings) := {f.id | some f in findings}

deny_ids(inp) := x if {
	x := ids(documentation.deny) with input as inp
}

warn_ids(inp) := x if {
	x := ids(documentation.warn) with input as inp
}

# The deny finding of rule `id` for input `inp`.
finding(id, inp) := f if {
	some f in documentation.deny with input as inp
	f.id == id
}

at_tier(inp, tier) := json.patch(inp, [{"op": "replace", "path": "/manifest/risk_tier", "value": tier}])

without_section(inp, id) := json.remove(inp, [concat("/", ["model/sections", id])])

with_section(inp, id, s) := json.patch(inp, [{"op": "add", "path": concat("/", ["/model/sections", id]), "value": s}])

params(p) := {"documentation": p}

# ---------------------------------------------------------------------------------------------
# The complete card

test_complete_card_passes_at_every_tier if {
	count(documentation.deny) == 0 with input as base
	count(documentation.warn) == 0 with input as base
	count(deny_ids(at_tier(base, "minimal"))) == 0
	count(deny_ids(at_tier(base, "limited"))) == 0
}

test_missing_card_denied_and_nothing_else if {
	deny_ids(object.remove(base, ["model"])) == {"doc-model-card-missing"}
	f := finding("doc-model-card-missing", object.remove(base, ["model"]))
	f.file == "modelgate.yaml"
}

# ---------------------------------------------------------------------------------------------
# One rule per documentation topic, each from its tier

test_intended_use_required_from_minimal if {
	inp := without_section(base, "intended_use")
	"doc-intended-use" in deny_ids(at_tier(inp, "minimal"))
	f := finding("doc-intended-use", inp)
	f.target == "intended_use"
	f.msg == "the model card has no intended_use section, needed from risk tier minimal (this release: high)"
	f.file == "README.md"
	f.line == 0
}

test_limitations_required_from_minimal if {
	"doc-limitations" in deny_ids(at_tier(without_section(base, "limitations"), "minimal"))
	not "doc-limitations" in deny_ids(at_tier(base, "minimal"))
}

# Attack (legal review E4, S11): a limited-risk chatbot whose card lacks the Annex IV topics is
# not blocked by articles that bind high-risk systems only; an organisation can still require
# them of every release by lowering the tier.
test_annex_iv_topics_not_required_below_high if {
	inp := without_section(without_section(without_section(base, "training_data"), "evaluation"), "contact")
	nometrics := json.patch(inp, [{"op": "replace", "path": "/model/metrics", "value": []}])
	every t in ["limited", "minimal"] {
		count({"doc-training-data", "doc-evaluation", "doc-contact", "doc-metrics-missing"} & deny_ids(at_tier(nometrics, t))) == 0
	}
	{"doc-training-data", "doc-evaluation", "doc-contact", "doc-metrics-missing"} == {"doc-training-data", "doc-evaluation", "doc-contact", "doc-metrics-missing"} & deny_ids(nometrics)
	lowered := params({"section_required_from": {"training_data": "limited"}})
	"doc-training-data" in deny_ids(at_tier(nometrics, "limited")) with data.modelgate.params as lowered
}

test_training_data_required_from_high if {
	inp := without_section(base, "training_data")
	"doc-training-data" in deny_ids(inp)
	not "doc-training-data" in deny_ids(at_tier(inp, "limited"))
}

test_evaluation_required_from_high if {
	inp := without_section(base, "evaluation")
	"doc-evaluation" in deny_ids(inp)
	not "doc-evaluation" in deny_ids(at_tier(inp, "limited"))
}

test_contact_required_from_high_and_short_by_nature if {
	inp := without_section(base, "contact")
	"doc-contact" in deny_ids(inp)
	not "doc-contact" in deny_ids(at_tier(inp, "limited"))
	# One word (an address) is enough for a contact.
	not "doc-contact" in deny_ids(with_section(base, "contact", section(1)))
}

test_out_of_scope_use_required_from_high if {
	inp := without_section(base, "out_of_scope_use")
	"doc-out-of-scope-use" in deny_ids(inp)
	not "doc-out-of-scope-use" in deny_ids(at_tier(inp, "limited"))
}

test_bias_fairness_required_from_high if {
	inp := without_section(base, "bias_fairness")
	"doc-bias-fairness" in deny_ids(inp)
	not "doc-bias-fairness" in deny_ids(at_tier(inp, "limited"))
}

test_human_oversight_required_from_high_and_unacceptable if {
	inp := without_section(base, "human_oversight")
	"doc-human-oversight" in deny_ids(inp)
	"doc-human-oversight" in deny_ids(at_tier(inp, "unacceptable"))
	not "doc-human-oversight" in deny_ids(at_tier(inp, "limited"))
}

test_undeclared_tier_is_judged_high if {
	inp := json.remove(without_section(base, "human_oversight"), ["manifest/risk_tier"])
	f := finding("doc-human-oversight", inp)
	f.msg == "the model card has no human_oversight section, needed from risk tier high (this release: high)"
}

test_short_section_denied_with_line_and_count if {
	f := finding("doc-limitations", with_section(base, "limitations", section(3)))
	f.line == 7
	f.target == "limitations"
	f.msg == "model card section limitations (\"H\", line 7) has 3 words of content, under 10; needed from risk tier minimal (this release: high)"
}

test_placeholder_section_denied_even_above_min_words if {
	# 20 words is above min_words (10) but a placeholder is left: 30 are needed.
	f := finding("doc-evaluation", with_section(base, "evaluation", placeholder_section(20)))
	f.line == 9
	f.msg == "model card section evaluation (\"H\", line 9) still holds a template placeholder and only 20 words of other content (30 needed while a placeholder is left); needed from risk tier high (this release: high)"
	not "doc-evaluation" in deny_ids(with_section(base, "evaluation", placeholder_section(30)))
}

test_unfilled_template_section_denied if {
	s := {"present": false, "words": 0, "placeholder": true, "heading": "Human Oversight", "line": 42, "text": "[More Information Needed]"}
	f := finding("doc-human-oversight", with_section(base, "human_oversight", s))
	f.line == 42
	f.target == "human_oversight"
}

test_json_card_sections_are_located_by_pointer if {
	s := {"present": true, "words": 2, "placeholder": false, "heading": "limitations", "pointer": "/considerations/limitations", "text": "t"}
	f := finding("doc-limitations", with_section(base, "limitations", s))
	f.pointer == "/considerations/limitations"
	f.line == 0
	contains(f.msg, "(\"limitations\", /considerations/limitations)")
}

# ---------------------------------------------------------------------------------------------
# Parameters of the topic rules

test_topic_tier_is_a_parameter if {
	inp := at_tier(without_section(base, "out_of_scope_use"), "limited")
	"doc-out-of-scope-use" in deny_ids(inp) with data.modelgate.params as params({"section_required_from": {"out_of_scope_use": "limited"}})
	not "doc-intended-use" in deny_ids(without_section(base, "intended_use")) with data.modelgate.params as params({"section_required_from": {"intended_use": "never"}})
}

test_min_words_is_a_parameter if {
	inp := with_section(base, "training_data", section(5))
	"doc-training-data" in deny_ids(inp)
	not "doc-training-data" in deny_ids(inp) with data.modelgate.params as params({"min_words": 5})
}

test_min_words_by_section_is_a_parameter if {
	inp := with_section(base, "contact", section(2))
	not "doc-contact" in deny_ids(inp)
	"doc-contact" in deny_ids(inp) with data.modelgate.params as params({"min_words_by_section": {"contact": 3}})
}

test_placeholder_min_words_is_a_parameter if {
	inp := with_section(base, "bias_fairness", placeholder_section(20))
	"doc-bias-fairness" in deny_ids(inp)
	not "doc-bias-fairness" in deny_ids(inp) with data.modelgate.params as params({"placeholder_min_words": 15})
	# A placeholder never lowers the bar below min_words.
	"doc-bias-fairness" in deny_ids(with_section(base, "bias_fairness", placeholder_section(8))) with data.modelgate.params as params({"placeholder_min_words": 5})
}

# ---------------------------------------------------------------------------------------------
# Further sections per tier (doc-section-missing)

test_further_sections_required_per_tier if {
	f := finding("doc-section-missing", without_section(base, "training_procedure"))
	f.target == "training_procedure"
	f.msg == "the model card has no training_procedure section, needed at risk tier high"
	"doc-section-missing" in deny_ids(at_tier(without_section(base, "model_details"), "limited"))
	not "doc-section-missing" in deny_ids(at_tier(without_section(base, "training_procedure"), "limited"))
	not "doc-section-missing" in deny_ids(at_tier(without_section(base, "model_details"), "minimal"))
}

test_further_sections_are_a_parameter if {
	p := params({"required_sections": {"high": ["environmental_impact", "contact"]}})
	f := finding("doc-section-missing", base) with data.modelgate.params as p
	f.target == "environmental_impact"
	# The list replaces the default: model_details is no longer required at high.
	fs1 := documentation.deny with input as without_section(base, "model_details") with data.modelgate.params as p
	{x.target | some x in fs1} == {"environmental_impact"}

	# A listed topic with its own rule is left to that rule.
	inp := without_section(base, "contact")
	fs2 := documentation.deny with input as inp with data.modelgate.params as p
	{x.id | some x in fs2; x.target == "contact"} == {"doc-contact"}
}

# ---------------------------------------------------------------------------------------------
# License, version, name

test_license_missing_denied if {
	inp := json.remove(base, ["model/license"])
	"doc-license-missing" in deny_ids(at_tier(inp, "minimal"))
	f := finding("doc-license-missing", inp)
	f.msg == "the model card states no license"
	# A License section in the card body is enough.
	not "doc-license-missing" in deny_ids(with_section(inp, "license", section(2)))
	not "doc-license-missing" in deny_ids(at_tier(inp, "minimal")) with data.modelgate.params as params({"section_required_from": {"license": "limited"}})
}

test_version_missing_denied_from_high if {
	inp := json.remove(base, ["model/version"])
	f := finding("doc-version-missing", inp)
	f.msg == "the model card states no version (required from risk tier high)"
	not "doc-version-missing" in deny_ids(at_tier(inp, "limited"))
	not "doc-version-missing" in deny_ids(with_section(inp, "version", section(3)))
	"doc-version-missing" in deny_ids(at_tier(inp, "limited")) with data.modelgate.params as params({"section_required_from": {"version": "limited"}})
}

test_version_mismatch_denied if {
	f := finding("doc-version-mismatch", json.patch(base, [{"op": "replace", "path": "/manifest/version", "value": "2.0.0"}]))
	f.msg == "model card version \"1.0.0\" differs from release version \"2.0.0\""
	not "doc-version-mismatch" in deny_ids(json.patch(base, [{"op": "replace", "path": "/model/version", "value": "V1.0.0"}]))
}

test_name_mismatch_denied_ignoring_case_and_org if {
	f := finding("doc-name-mismatch", json.patch(base, [{"op": "replace", "path": "/manifest/name", "value": "fraud-scorer"}]))
	f.msg == "model card names the model \"acme/Credit-Scorer\", the release is \"fraud-scorer\""
	f.target == "acme/Credit-Scorer"
	not "doc-name-mismatch" in deny_ids(json.patch(base, [{"op": "replace", "path": "/manifest/name", "value": "other-org/credit-scorer"}]))
	not "doc-name-mismatch" in deny_ids(json.remove(base, ["model/name"]))
}

# ---------------------------------------------------------------------------------------------
# Metrics, prohibited practice, intended deployment

test_metrics_missing_denied_from_high if {
	inp := json.patch(base, [{"op": "replace", "path": "/model/metrics", "value": [{"type": "accuracy", "value": 0.9}]}])
	"doc-metrics-missing" in deny_ids(inp)
	not "doc-metrics-missing" in deny_ids(at_tier(inp, "limited"))
	"doc-metrics-missing" in deny_ids(at_tier(inp, "limited")) with data.modelgate.params as params({"metrics_required_from": "limited"})
}

test_unacceptable_tier_denied if {
	"doc-prohibited-practice" in deny_ids(at_tier(base, "unacceptable"))
	not "doc-prohibited-practice" in deny_ids(base)
}

test_intended_deployment_required_from_high if {
	inp := json.remove(base, ["manifest/intended_deployment"])
	f := finding("doc-intended-deployment", inp)
	f.file == "modelgate.yaml"
	f.msg == "risk tier high requires the intended deployment (spec.intendedDeployment) and the release states none"
	"doc-intended-deployment" in deny_ids(json.patch(base, [{"op": "replace", "path": "/manifest/intended_deployment", "value": "  "}]))
	not "doc-intended-deployment" in deny_ids(at_tier(inp, "limited"))
	"doc-intended-deployment" in deny_ids(at_tier(inp, "limited")) with data.modelgate.params as params({"intended_deployment_required_from": "limited"})
}

test_no_manifest_states_no_deployment if {
	f := finding("doc-intended-deployment", {"manifest": {"jurisdictions": []}, "model": full_card, "datasets": []})
	f.file == "."
}

# ---------------------------------------------------------------------------------------------
# Datasets named by the card

other_dataset := json.patch(base, [{"op": "replace", "path": "/model/datasets", "value": ["acme/other"]}])

test_undocumented_dataset_denied_from_high if {
	f := finding("doc-dataset-undocumented", other_dataset)
	f.target == "acme/other"
	f.msg == "dataset \"acme/other\" named by the model card has no dataset manifest in the bundle"
	not "doc-dataset-undocumented-advisory" in warn_ids(other_dataset)
}

test_undocumented_dataset_only_warned_below_the_tier if {
	inp := at_tier(other_dataset, "minimal")
	not "doc-dataset-undocumented" in deny_ids(inp)
	"doc-dataset-undocumented-advisory" in warn_ids(inp)
	"doc-dataset-undocumented-advisory" in warn_ids(at_tier(other_dataset, "limited"))
	not "doc-dataset-undocumented" in deny_ids(at_tier(other_dataset, "limited"))
	p := params({"dataset_documentation_required_from": "limited"})
	"doc-dataset-undocumented" in deny_ids(at_tier(other_dataset, "limited")) with data.modelgate.params as p
	not "doc-dataset-undocumented-advisory" in warn_ids(at_tier(other_dataset, "limited")) with data.modelgate.params as p
}

card_named(n) := json.patch(base, [{"op": "replace", "path": "/model/datasets", "value": [n]}])

test_dataset_names_match_ignoring_case_and_org if {
	not "doc-dataset-undocumented" in deny_ids(card_named("Loans"))
	inp := json.patch(card_named("loans"), [{"op": "replace", "path": "/datasets/0/name", "value": "ACME/Loans"}])
	not "doc-dataset-undocumented" in deny_ids(inp)
}

# ---------------------------------------------------------------------------------------------
# Placeholders left in sections that pass or are not required

test_placeholder_left_warned if {
	inp := with_section(base, "environmental_impact", placeholder_section(4))
	some f in documentation.warn with input as inp
	f.id == "doc-placeholder-left"
	f.target == "environmental_impact"
	f.msg == "model card section environmental_impact (\"H\", line 9) still holds a template placeholder"

	# A required section with a placeholder and enough other words passes, with a warning.
	inp2 := with_section(base, "evaluation", placeholder_section(45))
	not "doc-evaluation" in deny_ids(inp2)
	"doc-placeholder-left" in warn_ids(inp2)
}

test_placeholder_in_denied_section_not_warned_twice if {
	inp := with_section(base, "evaluation", placeholder_section(0))
	"doc-evaluation" in deny_ids(inp)
	not "doc-placeholder-left" in warn_ids(inp)
}

# ---------------------------------------------------------------------------------------------
# Distinct content words (filler, repetition, numbers)

test_repeated_word_section_is_thin if {
	# "data data data ..." 50 times: enough words, one distinct word.
	f := finding("doc-limitations", with_section(base, "limitations", thin_section(50, 1)))
	f.target == "limitations"
	f.msg == "model card section limitations (\"H\", line 7) has 50 words but only 1 distinct content words, under 4 (repeated or filler words are not documentation); needed from risk tier minimal (this release: high)"
	not "doc-limitations" in deny_ids(with_section(base, "limitations", thin_section(50, 4)))
}

test_numbers_only_section_is_thin if {
	# A table of numbers: words, but no distinct content word.
	"doc-evaluation" in deny_ids(with_section(base, "evaluation", thin_section(40, 0)))
	"doc-section-missing" in deny_ids(with_section(base, "training_procedure", thin_section(40, 0)))
}

test_placeholder_section_with_enough_words_still_needs_distinct_words if {
	s := object.union(placeholder_section(35), {"distinct_words": 2})
	f := finding("doc-bias-fairness", with_section(base, "bias_fairness", s))
	contains(f.msg, "has 35 words but only 2 distinct content words, under 4")
}

test_min_distinct_words_is_a_parameter if {
	inp := with_section(base, "training_data", thin_section(20, 3))
	"doc-training-data" in deny_ids(inp)
	not "doc-training-data" in deny_ids(inp) with data.modelgate.params as params({"min_distinct_words": 3})
	"doc-training-data" in deny_ids(with_section(base, "training_data", thin_section(20, 5))) with data.modelgate.params as params({"min_distinct_words": 6})
}

test_short_sections_need_fewer_distinct_words if {
	documentation.needed_distinct("limitations") == 4
	documentation.needed_distinct("contact") == 1
	documentation.needed_distinct("version") == 0
	not "doc-contact" in deny_ids(with_section(base, "contact", thin_section(1, 1)))
	"doc-contact" in deny_ids(with_section(base, "contact", thin_section(1, 0)))
	# A version section may be only a number; the front matter version is taken away.
	no_version := json.remove(base, ["model/version"])
	not "doc-version-missing" in deny_ids(with_section(no_version, "version", thin_section(1, 0)))
	"doc-version-missing" in deny_ids(with_section(no_version, "version", thin_section(0, 0)))
}

test_min_distinct_words_by_section_is_a_parameter if {
	inp := with_section(base, "contact", thin_section(3, 1))
	not "doc-contact" in deny_ids(inp)
	"doc-contact" in deny_ids(inp) with data.modelgate.params as params({"min_distinct_words_by_section": {"contact": 2}})
}

test_missing_counts_fail_closed if {
	# An input without distinct_words (or words) counts as thin, not as filled.
	no_distinct := json.remove(section(40), ["distinct_words"])
	"doc-limitations" in deny_ids(with_section(base, "limitations", no_distinct))
	no_words := json.remove(section(40), ["words"])
	"doc-limitations" in deny_ids(with_section(base, "limitations", no_words))
}

test_section_marked_not_present_is_denied if {
	s := object.union(section(40), {"present": false})
	f := finding("doc-limitations", with_section(base, "limitations", s))
	f.msg == "model card section limitations (\"H\", line 7) is marked as having no content; needed from risk tier minimal (this release: high)"
}

test_model_index_mapping_warns if {
	inp := {"model": {"source": {"path": "README.md"}, "sections": {}, "metadata": {"model-index": {"name": "x", "results": []}}}}
	some f in documentation.warn with input as inp
	f.id == "doc-model-index-ignored"
	contains(f.msg, "object")
	listed := {"model": {"source": {"path": "README.md"}, "sections": {}, "metadata": {"model-index": [{"name": "x"}]}}}
	not "doc-model-index-ignored" in {g.id | some g in documentation.warn with input as listed}
}
