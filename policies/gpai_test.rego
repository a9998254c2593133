package modelgate.gpai_test

import data.modelgate.gpai

ids(findings) := {f.id | some f in findings}

duty_ids := {"gpai-technical-docs", "gpai-downstream-info", "gpai-copyright-policy", "gpai-training-summary", "gpai-systemic-risk"}

# 2026-12-06T12:00:00Z
now_ns := 1796558400000000000

# 2027-09-01T00:00:00Z, after the Art. 111(3) transition.
after_transition_ns := 1819756800000000000

full_gpai := {
	"general_purpose": true,
	"role": "provider",
	"training_compute_flop": 3e23,
	"technical_documentation": "TD-2026-011",
	"downstream_information": "https://models.example-lab.eu/foundation-7b/integrators",
	"copyright_policy": "POL-COPYRIGHT-3 (robots.txt and TDM-Rep opt-outs honoured)",
	"training_content_summary": "https://models.example-lab.eu/foundation-7b/training-summary",
}

sr_duties := {
	"model_evaluation": "EVAL-2026-07",
	"systemic_risk_assessment": "SRA-2026-02",
	"incident_reporting": "INC-PROC-4",
	"cybersecurity": "SEC-PLAN-9",
}

card := {"name": "foundation-7b", "license": "apache-2.0", "pipeline_tag": "text-generation", "task_types": ["text-generation"], "base_model": [], "tags": []}

# The AB 2013 documentation is posted: open weights reach Californians too.
inp(g) := {
	"manifest": {
		"name": "foundation-7b",
		"jurisdictions": ["EU"],
		"gpai": g,
		"california": {"training_data_disclosure": "https://models.example-lab.eu/foundation-7b/training-data"},
	},
	"model": card,
	"datasets": [],
	"artifacts": [{"path": "model/model.safetensors", "size": 3204}],
	"context": {"now": "2026-12-06T12:00:00Z", "now_ns": now_ns},
}

with_gpai(extra) := inp(object.union(full_gpai, extra))

without(keys) := inp(object.remove(full_gpai, keys))

with_model(g, m) := object.union(inp(g), {"model": object.union(card, m)})

with_manifest(g, m) := object.union(object.remove(inp(g), ["manifest"]), {"manifest": m})

# --- The complete release and each duty -------------------------------------------------------

test_complete_gpai_release_has_no_finding if {
	count(gpai.deny) == 0 with input as inp(full_gpai)
	count(gpai.warn) == 0 with input as inp(full_gpai)
}

test_each_art53_duty_missing_is_its_own_finding if {
	every pair in [
		["technical_documentation", "gpai-technical-docs"],
		["downstream_information", "gpai-downstream-info"],
		["copyright_policy", "gpai-copyright-policy"],
		["training_content_summary", "gpai-training-summary"],
	] {
		found := ids(gpai.deny) with input as without([pair[0]])
		found == {pair[1]}
	}
}

test_placeholders_are_not_documents if {
	every v in ["TBD", "  n/a ", "", "[More Information Needed]", "todo"] {
		found := ids(gpai.deny) with input as with_gpai({"technical_documentation": v, "copyright_policy": v})
		found == {"gpai-technical-docs", "gpai-copyright-policy"}
	}
}

test_a_non_string_document_is_not_a_document if {
	"gpai-copyright-policy" in ids(gpai.deny) with input as with_gpai({"copyright_policy": true})
}

test_training_summary_must_be_a_public_url if {
	every v in [
		"SUMMARY-2026-1",
		"see the wiki",
		"file:///srv/docs/summary.pdf",
		"https://localhost/summary",
		"https://10.2.3.4/summary",
		"http://192.168.1.10/summary",
		"https://wiki.corp/ai/summary",
		"https://confluence.internal/pages/summary",
		"https://docs.example/summary",
		"https://intranet/summary",
	] {
		"gpai-training-summary" in ids(gpai.deny) with input as with_gpai({"training_content_summary": v})
	}
	not "gpai-training-summary" in ids(gpai.deny) with input as with_gpai({"training_content_summary": "http://lab.example.org/summary.html"})
}

test_finding_names_the_duty_and_why_the_model_is_general_purpose if {
	some f in gpai.deny with input as without(["copyright_policy"])
	f.id == "gpai-copyright-policy"
	contains(f.msg, "Art. 53(1)(c)")
	contains(f.msg, "generalPurpose: true")
	f.pointer == "/spec/gpai/copyrightPolicy"
	f.file == "."
}

# --- Art. 53(2): the open-source exemption -----------------------------------------------------

open_gpai := object.union(object.remove(full_gpai, ["technical_documentation", "downstream_information"]), {"open_source": true})

test_open_source_exempts_technical_docs_and_downstream_info if {
	count(gpai.deny) == 0 with input as inp(open_gpai)
}

test_open_source_does_not_exempt_copyright_or_training_summary if {
	g := object.remove(open_gpai, ["copyright_policy", "training_content_summary"])
	ids(gpai.deny) == {"gpai-copyright-policy", "gpai-training-summary"} with input as inp(g)
}

test_open_source_claim_needs_a_free_and_open_source_licence if {
	every lic in ["llama3", "cc-by-nc-4.0", "other", "proprietary"] {
		found := ids(gpai.deny) with input as with_model(open_gpai, {"license": lic})
		found == {"gpai-technical-docs", "gpai-downstream-info"}
	}
	some f in gpai.deny with input as with_model(open_gpai, {"license": "cc-by-nc-4.0"})
	f.id == "gpai-technical-docs"
	contains(f.msg, "needs a free and open-source licence")
}

test_open_source_claim_without_a_licence_is_not_exempt if {
	m := object.union(object.remove(inp(open_gpai), ["model"]), {"model": object.remove(card, ["license"])})
	"gpai-technical-docs" in ids(gpai.deny) with input as m
}

test_open_source_exemption_does_not_apply_with_systemic_risk if {
	g := object.union(open_gpai, object.union(sr_duties, {"training_compute_flop": 4e25}))
	ids(gpai.deny) == {"gpai-technical-docs", "gpai-downstream-info"} with input as inp(g)
	some f in gpai.deny with input as inp(g)
	f.id == "gpai-downstream-info"
	contains(f.msg, "does not apply to a model with systemic risk")
}

# --- Systemic risk (Art. 51, 55) ------------------------------------------------------------------

test_systemic_risk_false_above_the_compute_threshold_is_still_systemic if {
	g := object.union(full_gpai, {"systemic_risk": false, "training_compute_flop": 2e25})
	ids(gpai.deny) == {"gpai-systemic-risk"} with input as inp(g)
	some f in gpai.deny with input as inp(g)
	contains(f.msg, "Art. 55(1)(a)")
	contains(f.msg, "Art. 55(1)(d)")
	contains(f.msg, "whatever gpai.systemicRisk says")
}

test_compute_exactly_at_the_threshold_is_not_presumed if {
	g := object.union(full_gpai, {"training_compute_flop": 1e25})
	count(gpai.deny) == 0 with input as inp(g)
}

test_declared_systemic_risk_needs_the_art55_duties if {
	g := object.union(full_gpai, {"systemic_risk": true})
	ids(gpai.deny) == {"gpai-systemic-risk"} with input as inp(g)
	count(gpai.deny) == 0 with input as inp(object.union(g, sr_duties))
}

test_each_art55_duty_is_required if {
	every k in object.keys(sr_duties) {
		g := object.union(object.union(full_gpai, {"training_compute_flop": 5e25}), object.remove(sr_duties, [k]))
		ids(gpai.deny) == {"gpai-systemic-risk"} with input as inp(g)
	}
}

test_systemic_compute_makes_a_model_general_purpose_whatever_it_declares if {
	g := {"general_purpose": false, "generality_assessment": "GA-1: narrow weather model", "training_compute_flop": 2e25}
	found := ids(gpai.deny) with input as inp(g)
	found == duty_ids
}

test_general_purpose_model_must_declare_its_compute if {
	g := object.remove(full_gpai, ["training_compute_flop"])
	ids(gpai.deny) == {"gpai-systemic-risk"} with input as inp(g)
	some f in gpai.deny with input as inp(g)
	f.pointer == "/spec/gpai/trainingComputeFlop"
}

test_open_source_does_not_excuse_missing_compute if {
	g := object.remove(open_gpai, ["training_compute_flop"])
	ids(gpai.deny) == {"gpai-systemic-risk"} with input as inp(g)
}

test_compute_that_is_not_a_positive_number_is_not_declared if {
	every c in ["1e26", 0, -5e25, null] {
		found := ids(gpai.deny) with input as with_gpai({"training_compute_flop": c})
		found == {"gpai-systemic-risk"}
	}
}

test_systemic_risk_threshold_is_a_parameter if {
	g := object.union(full_gpai, {"training_compute_flop": 5e24})
	ids(gpai.deny) == {"gpai-systemic-risk"} with input as inp(g) with data.modelgate.params as {"gpai": {"systemic_risk_compute_flop": 1e24}}
}

# --- General-purpose from evidence, not only the flag --------------------------------------------

test_generative_model_above_indicative_compute_is_general_purpose_without_the_flag if {
	g := {"training_compute_flop": 5e23}
	ids(gpai.deny) == duty_ids - {"gpai-systemic-risk"} with input as inp(g)
	some f in gpai.deny with input as inp(g)
	contains(f.msg, "indicative")
}

test_general_purpose_false_needs_an_assessment_above_indicative_compute if {
	g := {"general_purpose": false, "training_compute_flop": 5e23}
	ids(gpai.deny) == duty_ids - {"gpai-systemic-risk"} with input as inp(g)
	count(gpai.deny) == 0 with input as inp(object.union(g, {"generality_assessment": "GA-2026-3: speech-to-text only"}))
	ids(gpai.deny) == duty_ids - {"gpai-systemic-risk"} with input as inp(object.union(g, {"generality_assessment": "TBD"}))
}

test_generative_from_task_types_or_tags_when_pipeline_tag_is_left_out if {
	g := {"training_compute_flop": 5e23}
	m1 := with_model(g, {"pipeline_tag": null, "task_types": ["text2text-generation"]})
	"gpai-copyright-policy" in ids(gpai.deny) with input as m1
	m2 := with_model(g, {"pipeline_tag": null, "task_types": [], "tags": ["LLM"]})
	"gpai-copyright-policy" in ids(gpai.deny) with input as m2
	m3 := object.union(with_model(g, {"pipeline_tag": null, "task_types": []}), {"manifest": {"name": "x", "jurisdictions": ["EU"], "gpai": g, "transparency": {"generates_synthetic_content": true}}})
	"gpai-copyright-policy" in ids(gpai.deny) with input as m3
}

test_non_generative_model_below_systemic_compute_is_not_presumed if {
	g := {"training_compute_flop": 5e23}
	count(gpai.deny) == 0 with input as with_model(g, {"pipeline_tag": "tabular-classification", "task_types": ["tabular-classification"]})
}

test_indicative_compute_is_a_parameter if {
	g := {"training_compute_flop": 5e22}
	count(gpai.deny) == 0 with input as inp(g)
	"gpai-copyright-policy" in ids(gpai.deny) with input as inp(g) with data.modelgate.params as {"gpai": {"general_purpose_compute_flop": 1e22}}
}

# --- Who is the provider ------------------------------------------------------------------------

test_downstream_integrator_naming_its_base_model_has_no_provider_duties if {
	g := {"general_purpose": true, "role": "downstream", "training_compute_flop": 3e23}
	count(gpai.deny) == 0 with input as with_model(g, {"base_model": ["example-org/open-chat-7b"]})
	count(gpai.deny) == 0 with input as with_model(g, {"base_model": "example-org/open-chat-7b"})
}

test_downstream_claim_without_a_base_model_is_refused if {
	g := {"general_purpose": true, "role": "Downstream", "training_compute_flop": 3e23}
	"gpai-copyright-policy" in ids(gpai.deny) with input as inp(g)
	# The model itself named as its base is no base model.
	"gpai-copyright-policy" in ids(gpai.deny) with input as with_model(g, {"base_model": ["foundation-7b", " "]})
}

test_modifier_has_provider_duties if {
	g := object.union(full_gpai, {"role": "modifier"})
	ids(gpai.deny) == {"gpai-copyright-policy"} with input as inp(object.remove(g, ["copyright_policy"]))
}

# --- Where ---------------------------------------------------------------------------------------

test_release_outside_the_eu_has_no_gpai_duties if {
	g := object.remove(full_gpai, ["copyright_policy"])
	count(gpai.deny) == 0 with input as with_manifest(g, {"name": "x", "jurisdictions": ["US-TX"], "gpai": g})
}

test_open_weights_reach_the_eu_whatever_the_jurisdictions if {
	g := object.remove(open_gpai, ["copyright_policy"])
	m := {"name": "x", "jurisdictions": ["US-TX"], "gpai": g, "california": {"training_data_disclosure": "https://lab.example.org/training-data"}}
	ids(gpai.deny) == {"gpai-copyright-policy"} with input as with_manifest(g, m)
	# ... and Californians: without the AB 2013 documentation that is a finding too.
	ids(gpai.deny) == {"gpai-copyright-policy", "ca-ab2013-training-data"} with input as with_manifest(g, object.remove(m, ["california"]))
}

test_no_jurisdiction_fails_closed if {
	g := object.remove(full_gpai, ["copyright_policy"])
	ids(gpai.deny) == {"gpai-copyright-policy"} with input as with_manifest(g, {"name": "x", "gpai": g})
	ids(gpai.deny) == {"gpai-copyright-policy"} with input as with_manifest(g, {"name": "x", "jurisdictions": [], "gpai": g})
}

test_member_state_code_is_the_eu if {
	g := object.remove(full_gpai, ["copyright_policy"])
	ids(gpai.deny) == {"gpai-copyright-policy"} with input as with_manifest(g, {"name": "x", "jurisdictions": ["DE"], "gpai": g})
}

# --- Art. 111(3): models placed on the market before 2 August 2025 --------------------------------

legacy := object.union(object.remove(full_gpai, ["copyright_policy", "training_content_summary"]), {"placed_on_market": "2024-05-01"})

test_legacy_model_warns_until_the_transition_ends if {
	count(gpai.deny) == 0 with input as inp(legacy)
	ids(gpai.warn) == {"gpai-legacy-transition"} with input as inp(legacy)
	some f in gpai.warn with input as inp(legacy)
	contains(f.msg, "2027-08-02")
	contains(f.msg, "Art. 53(1)(c)")
	contains(f.msg, "Art. 53(1)(d)")
}

test_legacy_model_blocks_after_the_transition if {
	i := object.union(inp(legacy), {"context": {"now": "2027-09-01T00:00:00Z", "now_ns": after_transition_ns}})
	ids(gpai.deny) == {"gpai-copyright-policy", "gpai-training-summary"} with input as i
	count(gpai.warn) == 0 with input as i
}

test_legacy_claim_must_be_a_real_date_before_the_cutoff if {
	every d in ["2025-08-02", "2025-09-01", "2024-13-45", "May 2024", "2024-5-1", 20240501] {
		found := ids(gpai.deny) with input as inp(object.union(legacy, {"placed_on_market": d}))
		found == {"gpai-copyright-policy", "gpai-training-summary"}
	}
}

test_complete_legacy_model_has_no_warning if {
	count(gpai.warn) == 0 with input as inp(object.union(full_gpai, {"placed_on_market": "2024-05-01"}))
}

test_transition_dates_are_parameters if {
	i := object.union(inp(legacy), {"context": {"now": "2027-09-01T00:00:00Z", "now_ns": after_transition_ns}})
	ids(gpai.warn) == {"gpai-legacy-transition"} with input as i with data.modelgate.params as {"gpai": {"legacy_comply_by": "2028-01-01"}}
}

# --- gpai-classification: leaving the block out ----------------------------------------------------

big := [{"path": "model/model-00001-of-00002.safetensors", "size": 2000000000}, {"path": "model/model-00002-of-00002.safetensors", "size": 1500000000}]

no_block := object.union(inp({}), {"manifest": {"name": "chat-7b", "jurisdictions": ["EU"]}, "artifacts": big})

test_large_generative_model_without_a_gpai_block_must_classify_itself if {
	ids(gpai.deny) == {"gpai-classification"} with input as no_block
}

test_small_or_non_generative_model_needs_no_classification if {
	count(gpai.deny) == 0 with input as object.union(no_block, {"artifacts": [{"path": "m.safetensors", "size": 14000000}]})
	count(gpai.deny) == 0 with input as object.union(no_block, {"model": object.union(card, {"pipeline_tag": "image-classification", "task_types": []})})
}

test_general_purpose_false_alone_does_not_classify_a_large_generative_model if {
	i := object.union(no_block, {"manifest": {"gpai": {"general_purpose": false}}})
	ids(gpai.deny) == {"gpai-classification"} with input as i
	i2 := object.union(no_block, {"manifest": {"gpai": {"general_purpose": false, "generality_assessment": "GA-7"}}})
	count(gpai.deny) == 0 with input as i2
}

test_declared_compute_replaces_classification_by_size if {
	small := object.union(no_block, {"manifest": {"gpai": {"training_compute_flop": 8e21}}})
	count(gpai.deny) == 0 with input as small
	large := object.union(no_block, {"manifest": {"gpai": {"training_compute_flop": 8e23}}})
	ids(gpai.deny) == duty_ids - {"gpai-systemic-risk"} with input as large
}

test_downstream_integrator_of_a_large_model_needs_no_classification if {
	i := object.union(no_block, {"manifest": {"gpai": {"role": "downstream"}}, "model": object.union(card, {"base_model": ["example-org/open-chat-7b"]})})
	count(gpai.deny) == 0 with input as i
}

# --- California AB 2013 ----------------------------------------------------------------------------

ca_release(cal) := object.union(object.remove(inp({}), ["manifest"]), {"manifest": {"name": "chat", "jurisdictions": ["US-CA"], "gpai": {}, "california": cal}})

test_generative_system_for_californians_posts_training_data_documentation if {
	ids(gpai.deny) == {"ca-ab2013-training-data"} with input as ca_release({})
	count(gpai.deny) == 0 with input as ca_release({"training_data_disclosure": "https://www.example-bank.com/ai/training-data"})
}

test_ab2013_disclosure_must_be_a_public_url if {
	every v in ["TBD", "DOC-12", "https://sharepoint.corp/ai", "https://10.0.0.5/docs"] {
		ids(gpai.deny) == {"ca-ab2013-training-data"} with input as ca_release({"training_data_disclosure": v})
	}
}

test_ab2013_does_not_apply_to_systems_not_public if {
	count(gpai.deny) == 0 with input as ca_release({"generative_ai_public": false})
}

test_open_weights_are_public_whatever_the_flag if {
	i := object.union(ca_release({"generative_ai_public": false}), {"manifest": {"gpai": {"open_source": true, "general_purpose": false}}})
	"ca-ab2013-training-data" in ids(gpai.deny) with input as i
}

test_ab2013_applies_to_a_declared_generative_system_whatever_the_card if {
	i := object.union(ca_release({"generative_ai_public": true}), {"model": object.union(card, {"pipeline_tag": "tabular-classification", "task_types": []})})
	ids(gpai.deny) == {"ca-ab2013-training-data"} with input as i
}

test_ab2013_does_not_apply_outside_california_or_to_non_generative_systems if {
	count(gpai.deny) == 0 with input as object.union(ca_release({}), {"manifest": {"jurisdictions": ["US-TX"]}})
	count(gpai.deny) == 0 with input as object.union(ca_release({}), {"model": object.union(card, {"pipeline_tag": "tabular-classification", "task_types": []})})
}

test_non_developer_claim_stands_only_without_own_training_data if {
	count(gpai.deny) == 0 with input as ca_release({"developer": false})
	i := object.union(ca_release({"developer": false}), {"datasets": [{"name": "support-dialogues", "source": {"path": "data/d.yaml"}}]})
	ids(gpai.deny) == {"ca-ab2013-training-data"} with input as i
}


test_values_of_the_wrong_type_are_not_errors if {
	g := object.union(full_gpai, {"role": 7, "placed_on_market": "2024-02-31x"})
	count(gpai.deny) == 0 with input as with_model(g, {"name": 12, "base_model": [3, null]})
}
