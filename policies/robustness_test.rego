package modelgate.robustness_test

import data.modelgate.robustness

digest := "a3f1c2d4e5b6a7980123456789abcdef0123456789abcdef0123456789abcdef"

pgd := {
	"name": "pgd", "threat_model": "white-box", "norm": "linf", "epsilon": 0.03,
	"clean_accuracy": 0.8, "robust_accuracy": 0.71, "success_rate": 0.12, "samples": 1000,
	"pointer": "/attacks/0",
}

hsj := {
	"name": "hopskipjump", "threat_model": "black-box", "norm": "l2", "epsilon": 0.5,
	"robust_accuracy": 0.75, "success_rate": 0.1, "samples": 600, "pointer": "/attacks/1",
}

report := {
	"source": {"path": "eval/robustness.json"},
	"format": "modelgate-robustness",
	"model_sha256": digest,
	"date": "2026-10-01T00:00:00Z",
	"clean_accuracy": 0.8,
	"attacks": [pgd, hsj],
	"probes": [],
}

garak := {
	"source": {"path": "garak.report.jsonl"},
	"format": "garak",
	"tool": "garak",
	"date": "2026-10-15T10:00:00Z",
	"attacks": [],
	"probes": [probe("lmrc.Profanity", 0, 10)],
	"targets": [target("acme/credit-risk-scorer")],
	"runs": ["5b1f3c2e-8a7d-4e0b-9c61-2f4d8e9a0b17"],
}

# A target as the loader reads it from a garak >= 0.13.1 setup entry.
target(name) := {"name": name, "type": "huggingface", "field": "plugins.target_name", "line": 1}

# A garak probe result with `failed` of `total` attempts failed.
probe(name, failed, total) := {
	"probe": name, "detector": "d.D", "passed": total - failed, "total": total,
	"failure_rate": failed / total, "line": 12,
}

base := {
	"manifest": {"name": "credit-risk-scorer", "version": "2.3.0", "risk_tier": "high", "source": {"path": "modelgate.yaml"}},
	"artifacts": [{"path": "model/model.safetensors", "sha256": digest, "size": 10}],
	"robustness": [report],
	"context": {"now": "2026-11-01T00:00:00Z", "now_ns": time.parse_rfc3339_ns("2026-11-01T00:00:00Z")},
}

llm := object.union(base, {"model": {"source": {"path": "README.md"}, "pipeline_tag": "text-generation"}})

ids(findings) := {f.id | some f in findings}

deny_ids(inp) := x if {
	x := ids(robustness.deny) with input as inp
}

# The deny finding of rule `id` for input `inp`.
finding(id, inp) := f if {
	some f in robustness.deny with input as inp
	f.id == id
}

at_tier(inp, tier) := json.patch(inp, [{"op": "replace", "path": "/manifest/risk_tier", "value": tier}])

# `base` with the report's attack `i` changed by `patch` (an object merged over it).
with_attack(i, patch) := json.patch(base, [{"op": "replace", "path": sprintf("/robustness/0/attacks/%d", [i]), "value": object.union(report.attacks[i], patch)}])

with_report(r) := json.patch(base, [{"op": "replace", "path": "/robustness/0", "value": r}])

params(p) := {"robustness": p}

# ---------------------------------------------------------------------------------------------

test_good_report_passes if {
	count(robustness.deny) == 0 with input as base
	count(deny_ids(json.patch(llm, [{"op": "replace", "path": "/robustness", "value": [garak]}]))) == 0
}

test_missing_report_denied_from_required_tier if {
	inp := json.patch(base, [{"op": "replace", "path": "/robustness", "value": []}])
	deny_ids(inp) == {"rob-report-missing"}
	f := finding("rob-report-missing", inp)
	f.msg == "risk tier high requires a robustness report and the bundle has none"
	f.file == "modelgate.yaml"
	not "rob-report-missing" in deny_ids(at_tier(inp, "limited"))
	"rob-report-missing" in deny_ids(at_tier(inp, "limited")) with data.modelgate.params as params({"required_from": "limited"})
}

test_wrong_or_missing_digest_denied if {
	f := finding("rob-model-digest", with_report(object.union(report, {"model_sha256": "00"})))
	f.msg == "robustness report tested model 00, which is not an artifact of this release"
	f.pointer == "/model/sha256"
	g := finding("rob-model-digest", with_report(object.remove(report, ["model_sha256"])))
	contains(g.msg, "(none)")
	# garak reports name no digest: the rule is for robustness.json.
	not "rob-model-digest" in deny_ids(json.patch(base, [{"op": "add", "path": "/robustness/-", "value": garak}]))
}

# ---------------------------------------------------------------------------------------------
# Coverage of the attack suite

test_required_attack_missing_denied if {
	inp := with_attack(0, {"name": "apgd-ce"})
	f := finding("rob-attack-missing", inp)
	f.target == "pgd"
	f.msg == "the robustness reports have no pgd attack (required from risk tier high)"
	f.file == "eval/robustness.json"
	not "rob-attack-missing" in deny_ids(at_tier(inp, "limited"))
	# Names match ignoring case.
	not "rob-attack-missing" in deny_ids(with_attack(0, {"name": "PGD"}))
}

test_required_attacks_are_a_parameter if {
	f := finding("rob-attack-missing", base) with data.modelgate.params as params({"required_attacks": ["pgd", "AutoAttack"]})
	f.target == "AutoAttack"
	not "rob-attack-missing" in deny_ids(with_attack(0, {"name": "fgsm"})) with data.modelgate.params as params({"required_attacks": []})
}

test_threat_model_missing_denied if {
	inp := with_attack(1, {"threat_model": "white-box"})
	f := finding("rob-threat-model-missing", inp)
	f.target == "black-box"
	f.msg == "no black-box attack in the robustness reports (required from risk tier high)"
	not "rob-threat-model-missing" in deny_ids(at_tier(inp, "limited"))
	not "rob-threat-model-missing" in deny_ids(inp) with data.modelgate.params as params({"required_threat_models": ["white-box"]})
}

test_budget_untested_denied if {
	inp := json.patch(base, [
		{"op": "replace", "path": "/robustness/0/attacks/0/epsilon", "value": 0.01},
		{"op": "replace", "path": "/robustness/0/attacks/1/epsilon", "value": 0.1},
	])
	f := finding("rob-budget-untested", inp)
	f.msg == "no attack reports a robust accuracy at the configured budget (l2 0.5, linf 0.03)"
	g := finding("rob-budget-untested", inp) with data.modelgate.params as params({"epsilon": {"l2": null}})
	g.msg == "no attack reports a robust accuracy at the configured budget (linf 0.03)"
	not "rob-budget-untested" in deny_ids(at_tier(inp, "limited"))
	not "rob-budget-untested" in deny_ids(inp) with data.modelgate.params as params({"epsilon": {"linf": 0.01}})

	# An attack at the budget without a robust accuracy does not count.
	r := json.patch(report, [
		{"op": "remove", "path": "/attacks/0/robust_accuracy"},
		{"op": "replace", "path": "/attacks/1/norm", "value": "l1"},
	])
	"rob-budget-untested" in deny_ids(with_report(r))
}

test_llm_is_judged_by_garak_not_attacks if {
	# An LLM with only a garak report needs no attack suite.
	inp := json.patch(llm, [{"op": "replace", "path": "/robustness", "value": [garak]}])
	not "rob-attack-missing" in deny_ids(inp)
	not "rob-threat-model-missing" in deny_ids(inp)
	not "rob-budget-untested" in deny_ids(inp)
	# A classifier with only a garak report does.
	ids := deny_ids(json.patch(base, [{"op": "replace", "path": "/robustness", "value": [garak]}]))
	{"rob-attack-missing", "rob-threat-model-missing", "rob-budget-untested"} - ids == set()
}

test_garak_report_required_for_llms if {
	f := finding("rob-garak-missing", llm)
	f.msg == "the model is an LLM (pipeline tag text-generation) and the bundle has no garak report"
	not "rob-garak-missing" in deny_ids(json.patch(llm, [{"op": "add", "path": "/robustness/-", "value": garak}]))
	not "rob-garak-missing" in deny_ids(at_tier(llm, "limited"))
	not "rob-garak-missing" in deny_ids(llm) with data.modelgate.params as params({"llm_pipeline_tags": ["conversational"]})
	not "rob-garak-missing" in deny_ids(base)
}

# ---------------------------------------------------------------------------------------------
# Thresholds at the budget

test_low_robust_accuracy_denied_with_pointer if {
	f := finding("rob-robust-accuracy", with_attack(0, {"robust_accuracy": 0.2}))
	f.pointer == "/attacks/0"
	f.target == "pgd"
	f.msg == "attack pgd (linf epsilon 0.03): robust accuracy 0.2 is below 0.5"
}

test_robust_accuracy_judged_at_or_above_the_budget_only if {
	# Above the budget: judged.
	"rob-robust-accuracy" in deny_ids(with_attack(0, {"robust_accuracy": 0.2, "epsilon": 0.1}))
	# Below the budget, without a norm, or of a norm without a budget: not judged.
	not "rob-robust-accuracy" in deny_ids(with_attack(0, {"robust_accuracy": 0.2, "epsilon": 0.01}))
	not "rob-robust-accuracy" in deny_ids(json.patch(base, [
		{"op": "replace", "path": "/robustness/0/attacks/1/robust_accuracy", "value": 0.2},
		{"op": "remove", "path": "/robustness/0/attacks/1/norm"},
	]))
	not "rob-robust-accuracy" in deny_ids(with_attack(1, {"robust_accuracy": 0.2, "norm": "l0"}))
}

test_robust_accuracy_parameters if {
	"rob-robust-accuracy" in deny_ids(base) with data.modelgate.params as params({"min_robust_accuracy": 0.8})
	not "rob-robust-accuracy" in deny_ids(with_attack(0, {"robust_accuracy": 0.4})) with data.modelgate.params as params({"min_robust_accuracy": 0.3})
	# A larger budget leaves the PGD run at 0.03 unjudged; null turns the norm off.
	not "rob-robust-accuracy" in deny_ids(with_attack(0, {"robust_accuracy": 0.2})) with data.modelgate.params as params({"epsilon": {"linf": 0.05}})
	not "rob-robust-accuracy" in deny_ids(with_attack(0, {"robust_accuracy": 0.2})) with data.modelgate.params as params({"epsilon": {"linf": null}})
}

test_high_success_rate_denied if {
	f := finding("rob-success-rate", with_attack(0, {"success_rate": 0.8}))
	f.msg == "attack pgd (linf epsilon 0.03) succeeds at rate 0.8, above 0.5"
	not "rob-success-rate" in deny_ids(with_attack(0, {"success_rate": 0.8, "epsilon": 0.01}))
	"rob-success-rate" in deny_ids(base) with data.modelgate.params as params({"max_success_rate": 0.11})
}

test_accuracy_drop_denied if {
	f := finding("rob-accuracy-drop", with_attack(0, {"clean_accuracy": 0.9, "robust_accuracy": 0.6}))
	f.msg == "attack pgd (linf epsilon 0.03) lowers accuracy from 0.9 to 0.6, a drop of more than 0.15"
	f.pointer == "/attacks/0"
	not "rob-accuracy-drop" in deny_ids(with_attack(0, {"clean_accuracy": 0.9, "robust_accuracy": 0.6})) with data.modelgate.params as params({"max_accuracy_drop": 0.4})
}

test_accuracy_drop_uses_the_reports_clean_accuracy if {
	# hopskipjump states no clean accuracy of its own: the report's (0.8) applies.
	g := finding("rob-accuracy-drop", with_attack(1, {"robust_accuracy": 0.55}))
	g.target == "hopskipjump"
	# Without any clean accuracy the drop is not judged.
	r := json.patch(report, [
		{"op": "remove", "path": "/clean_accuracy"},
		{"op": "replace", "path": "/attacks/1/robust_accuracy", "value": 0.55},
	])
	not "rob-accuracy-drop" in deny_ids(with_report(r))
}

test_sample_count_denied if {
	f := finding("rob-sample-count", with_attack(1, {"samples": 100}))
	f.msg == "attack hopskipjump ran on 100 inputs, fewer than 500"
	f.pointer == "/attacks/1"
	g := finding("rob-sample-count", with_report(json.remove(report, ["attacks/1/samples"])))
	g.msg == "attack hopskipjump ran on an unstated number of inputs, fewer than 500"
	not "rob-sample-count" in deny_ids(with_attack(1, {"samples": 100})) with data.modelgate.params as params({"min_samples": 100})
}

# ---------------------------------------------------------------------------------------------
# Dates

test_undated_report_denied if {
	f := finding("rob-report-undated", json.patch(llm, [{"op": "replace", "path": "/robustness", "value": [object.remove(garak, ["date"])]}]))
	f.msg == "robustness report (garak) states no date"
	f.file == "garak.report.jsonl"
}

test_stale_report_denied if {
	f := finding("rob-report-stale", with_report(object.union(report, {"date": "2025-01-01T00:00:00Z"})))
	f.msg == "robustness report of 2025-01-01T00:00:00Z is 669 days old (limit 180)"
	"rob-report-stale" in deny_ids(base) with data.modelgate.params as params({"max_age_days": 30})
	not "rob-report-stale" in deny_ids(base) with data.modelgate.params as params({"max_age_days": 31})
}

test_future_report_denied if {
	f := finding("rob-report-future", with_report(object.union(report, {"date": "2026-11-03T00:00:00Z"})))
	f.msg == "robustness report is dated 2026-11-03T00:00:00Z, after the evaluation time 2026-11-01T00:00:00Z"
	# Within the tolerance for time zones.
	ahead := with_report(object.union(report, {"date": "2026-11-01T20:00:00Z"}))
	not "rob-report-future" in deny_ids(ahead)
	"rob-report-future" in deny_ids(ahead) with data.modelgate.params as params({"max_future_hours": 1})
}

# ---------------------------------------------------------------------------------------------
# garak probes

with_probes(probes) := json.patch(llm, [{"op": "replace", "path": "/robustness", "value": [object.union(garak, {"probes": probes})]}])

test_failing_garak_probe_denied if {
	f := finding("rob-garak-probe", with_probes([probe("lmrc.Profanity", 3, 10)]))
	f.msg == "garak probe lmrc.Profanity (detector d.D) failed 3 of 10 attempts, above its limit 0.1"
	f.line == 12
	f.target == "lmrc.Profanity"
	f.file == "garak.report.jsonl"
	not "rob-garak-probe" in deny_ids(with_probes([probe("lmrc.Profanity", 1, 10)]))
}

test_probe_limits_per_family_and_probe if {
	# dan's family limit (0.05) is below the default (0.1).
	"rob-garak-probe" in deny_ids(with_probes([probe("dan.Dan_11_0", 7, 100)]))
	not "rob-garak-probe" in deny_ids(with_probes([probe("dan.Dan_11_0", 4, 100)]))
	# xss allows no failure at all.
	"rob-garak-probe" in deny_ids(with_probes([probe("xss.MarkdownImageExfil", 1, 100)]))
	# A probe's own entry wins over its family's.
	p := params({"probe_failure_rates": {"dan.Dan_11_0": 0.2}})
	not "rob-garak-probe" in deny_ids(with_probes([probe("dan.Dan_11_0", 7, 100)])) with data.modelgate.params as p
	"rob-garak-probe" in deny_ids(with_probes([probe("dan.AntiDAN", 7, 100)])) with data.modelgate.params as p
	# The default applies to other families.
	not "rob-garak-probe" in deny_ids(with_probes([probe("lmrc.Profanity", 3, 10)])) with data.modelgate.params as params({"max_probe_failure_rate": 0.3})
}

# ---------------------------------------------------------------------------------------------
# garak reports are bound to the release by their target

# `llm` with one garak report whose targets are `targets`.
with_targets(targets) := json.patch(llm, [{"op": "replace", "path": "/robustness", "value": [object.union(garak, {"targets": targets})]}])

target_ok(name) if not "rob-report-target" in deny_ids(with_targets([target(name)]))

test_garak_target_naming_the_release_passes if {
	# The manifest's name, with or without an organisation, in any case, with "_" for "-".
	target_ok("credit-risk-scorer")
	target_ok("acme/credit-risk-scorer")
	target_ok("Example_Bank/Credit_Risk_Scorer")
	# A URI or a path ending in it (query, fragment and trailing "/" ignored), a model file.
	target_ok("https://huggingface.co/acme/credit-risk-scorer/")
	target_ok("https://hf.co/acme/credit-risk-scorer?revision=main#top")
	target_ok("/srv/models/credit-risk-scorer.gguf")
	target_ok(`C:\models\credit-risk-scorer`)
	# With the release version.
	target_ok("credit-risk-scorer:2.3.0")
	target_ok("acme/credit-risk-scorer-v2.3.0")
	target_ok("credit-risk-scorer@2.3.0")
	# Containing the sha256 of an artifact (any case).
	target_ok(sprintf("registry.example/credit@sha256:%s", [upper(digest)]))
}

test_garak_target_of_another_model_denied if {
	inp := with_targets([target("support-assistant")])
	f := finding("rob-report-target", inp)
	f.msg == `garak report probed "support-assistant" (huggingface, plugins.target_name), which is neither release credit-risk-scorer nor names the sha256 of one of its artifacts`
	f.file == "garak.report.jsonl"
	f.line == 1
	f.target == "support-assistant"
	not target_ok("acme/support-assistant-7b")
	# Near names, other versions, folders and prefixes are other models.
	not target_ok("credit-risk-scorer-evil")
	not target_ok("credit-risk")
	not target_ok("credit-risk-scorer:9.9.9")
	not target_ok("credit-risk-scorer/model")
	not target_ok("credit-risk-scorer.json")
	# Part of a digest is not the digest.
	not target_ok(substring(digest, 0, 32))
	# No wildcards, and nothing matches an empty target.
	not target_ok("*")
	not target_ok(".*")
	not target_ok("")
	not target_ok("/")
}

test_garak_target_must_name_something if {
	# A report without any target entry.
	f := finding("rob-report-target", with_targets([]))
	f.msg == "garak report names no target (plugins.target_name): its results cannot be bound to release credit-risk-scorer"
	# A target entry without a name (e.g. a REST generator run without --target_name).
	g := finding("rob-report-target", with_targets([{"type": "rest", "field": "plugins.target_name", "line": 3}]))
	g.msg == "garak report probed no named target (rest, plugins.target_name), which is neither release credit-risk-scorer nor names the sha256 of one of its artifacts"
	g.line == 3
	# Every target of a report must be the release: a second run of another model is not hidden
	# by a first run of this one.
	h := finding("rob-report-target", with_targets([target("credit-risk-scorer"), object.union(target("gpt-4o"), {"line": 9})]))
	h.target == "gpt-4o"
	h.line == 9
}

test_garak_target_names_are_the_manifest_and_the_card if {
	unnamed := json.patch(llm, [
		{"op": "remove", "path": "/manifest/name"},
		{"op": "replace", "path": "/robustness", "value": [garak]},
	])
	# Without metadata.name the card's name is the release's name.
	not "rob-report-target" in deny_ids(json.patch(unnamed, [{"op": "add", "path": "/model/name", "value": "Credit Risk Scorer"}]))
	# base_model is another model.
	based := json.patch(unnamed, [{"op": "add", "path": "/model/base_model", "value": ["acme/credit-risk-scorer"]}])
	f := finding("rob-report-target", based)
	contains(f.msg, "which is neither this release, which has no name nor")
	# A name without letters or digits names nothing, even the same target.
	dashed := json.patch(unnamed, [
		{"op": "add", "path": "/manifest/name", "value": "-"},
		{"op": "replace", "path": "/robustness/0/targets", "value": [target("-")]},
	])
	"rob-report-target" in deny_ids(dashed)
	# An artifact digest still binds a report of an unnamed release.
	not "rob-report-target" in deny_ids(json.patch(unnamed, [{"op": "replace", "path": "/robustness/0/targets", "value": [target(digest)]}]))
	# An artifact without a digest does not make every target contain "its" digest.
	nodigest := json.patch(unnamed, [{"op": "replace", "path": "/artifacts/0/sha256", "value": ""}])
	"rob-report-target" in deny_ids(nodigest)
}

test_garak_target_file_suffixes_are_a_parameter if {
	inp := with_targets([target("/srv/models/credit-risk-scorer.gguf")])
	"rob-report-target" in deny_ids(inp) with data.modelgate.params as params({"target_file_suffixes": []})
	not "rob-report-target" in deny_ids(with_targets([target("/m/credit-risk-scorer.tar")])) with data.modelgate.params as params({"target_file_suffixes": [".tar"]})
}

test_robustness_json_is_not_judged_by_target if {
	# robustness.json is bound by its digest (rob-model-digest), not by garak targets.
	not "rob-report-target" in deny_ids(base)
}

test_garak_stub_generator_denied if {
	f := finding("rob-garak-stub-target", with_targets([object.union(target("credit-risk-scorer"), {"type": "test.Blank"})]))
	f.msg == "garak report probed generator test.Blank, a garak test generator that runs no model"
	f.target == "test.Blank"
	f.line == 1
	every ty in ["test", "Test.Lipsum", "generators.test.Repeat", " test.Nones "] {
		"rob-garak-stub-target" in deny_ids(with_targets([object.union(target("credit-risk-scorer"), {"type": ty})]))
	}
	not "rob-garak-stub-target" in deny_ids(with_targets([target("credit-risk-scorer")]))
	not "rob-garak-stub-target" in deny_ids(with_targets([object.union(target("credit-risk-scorer"), {"type": "testing.Custom"})]))
	not "rob-garak-stub-target" in deny_ids(with_targets([object.union(target("credit-risk-scorer"), {"type": "test.Blank"})])) with data.modelgate.params as params({"garak_stub_target_types": []})
	"rob-garak-stub-target" in deny_ids(with_targets([target("credit-risk-scorer")])) with data.modelgate.params as params({"garak_stub_target_types": ["huggingface"]})
}

# ---------------------------------------------------------------------------------------------
# The robustness regime follows every task claim

# `base` (robustness.json with a passing attack suite) with a model card `card`.
with_card(card) := object.union(base, {"model": object.union({"source": {"path": "README.md"}, "name": "credit-risk-scorer", "tags": [], "task_types": []}, card)})

suite_ids := {"rob-attack-missing", "rob-threat-model-missing", "rob-budget-untested"}

test_llm_claims_beyond_the_pipeline_tag if {
	# A model-index task, a tag, a differently written pipeline tag or a GGUF file makes an LLM.
	f := finding("rob-garak-missing", with_card({"task_types": ["text-generation"]}))
	f.msg == "the model is an LLM (model-index task text-generation) and the bundle has no garak report"
	g := finding("rob-garak-missing", with_card({"tags": ["chat", "Conversational"]}))
	g.msg == "the model is an LLM (tag conversational) and the bundle has no garak report"
	"rob-garak-missing" in deny_ids(with_card({"pipeline_tag": " Text-Generation"}))
	gguf := json.patch(with_card({}), [{"op": "add", "path": "/artifacts/-", "value": {"path": "model/credit.Q4_K_M.GGUF", "sha256": digest, "size": 1}}])
	h := finding("rob-garak-missing", gguf)
	h.msg == "the model is an LLM (artifact model/credit.Q4_K_M.GGUF) and the bundle has no garak report"
	not "rob-garak-missing" in deny_ids(gguf) with data.modelgate.params as params({"llm_artifact_suffixes": []})
	# Tags that are not pipeline tags claim nothing.
	not "rob-garak-missing" in deny_ids(with_card({"tags": ["chatbot", "llm", "gpt"]}))
}

test_consistent_llm_cards_get_garak_only if {
	card := {"pipeline_tag": "text-generation", "tags": ["conversational", "text-generation", "question-answering", "translation"], "task_types": ["text-generation", "summarization"]}
	inp := json.patch(with_card(card), [{"op": "replace", "path": "/robustness", "value": [garak]}])
	ids := deny_ids(inp)
	count(ids) == 0
}

test_contradicting_claims_need_both_regimes if {
	# An LLM pipeline tag with a tabular model-index task: the attack suite is due as well.
	card := {"pipeline_tag": "text-generation", "task_types": ["tabular-classification"]}
	inp := json.patch(with_card(card), [{"op": "replace", "path": "/robustness", "value": [garak]}])
	suite_ids - deny_ids(inp) == set()
	# ... and with only the attack suite, the garak report.
	"rob-garak-missing" in deny_ids(with_card(card))
	# Below the mismatch tier the finding goes, the stricter regime stays (from required_from).
	p := params({"task_mismatch_from": "unacceptable"})
	not "rob-task-mismatch" in deny_ids(inp) with data.modelgate.params as p
	suite_ids - deny_ids(inp) == set() with data.modelgate.params as p
	# A classical ML artifact is a claim too.
	pkl := json.patch(with_card({"pipeline_tag": "text-generation"}), [
		{"op": "replace", "path": "/robustness", "value": [garak]},
		{"op": "add", "path": "/artifacts/-", "value": {"path": "model/scorer.joblib", "sha256": digest, "size": 1}},
	])
	suite_ids - deny_ids(pkl) == set()
}

test_pipeline_tag_contradicting_the_card_denied if {
	card := {"pipeline_tag": "text-generation", "tags": ["finance", "tabular-classification"], "task_types": ["tabular-classification"]}
	inp := with_card(card)
	msgs := {f.msg | some f in robustness.deny with input as inp; f.id == "rob-task-mismatch"}
	msgs == {
		"pipeline tag text-generation (text-generation) contradicts model-index task tabular-classification (tabular)",
		"pipeline tag text-generation (text-generation) contradicts tag tabular-classification (tabular)",
	}
	{[f.file, f.target] | some f in robustness.deny with input as inp; f.id == "rob-task-mismatch"} == {["README.md", "tabular-classification"]}
	# From params.robustness.task_mismatch_from (default limited) up.
	"rob-task-mismatch" in deny_ids(at_tier(inp, "limited"))
	not "rob-task-mismatch" in deny_ids(at_tier(inp, "minimal"))
	"rob-task-mismatch" in deny_ids(at_tier(inp, "minimal")) with data.modelgate.params as params({"task_mismatch_from": "minimal"})
	# Families are a parameter: one family for both tags makes them agree.
	not "rob-task-mismatch" in deny_ids(inp) with data.modelgate.params as params({"task_families": {"all": ["text-generation", "tabular-classification"]}})
}

test_pipeline_tag_agreeing_with_the_card_passes if {
	# Tags of one family, tags in two families of which one is shared, unknown tags and task
	# names that are not pipeline tags (MTEB's "Summarization") do not contradict.
	every card in [
		{"pipeline_tag": "sentence-similarity", "tags": ["sentence-transformers", "feature-extraction", "sentence-similarity"]},
		{"pipeline_tag": "sentence-similarity", "task_types": ["Summarization", "Classification", "STS"]},
		{"pipeline_tag": "text2text-generation", "tags": ["text-generation", "text2text-generation"]},
		{"pipeline_tag": "question-answering", "task_types": ["question-answering"], "tags": ["text-classification"]},
		{"pipeline_tag": "automatic-speech-recognition", "tags": ["audio", "translation", "hf-asr-leaderboard"]},
		{"pipeline_tag": "image-text-to-text", "tags": ["visual-question-answering", "image-to-text", "conversational"]},
		{"pipeline_tag": "credit-scoring", "tags": ["tabular-classification"]},
		{"tags": ["text-to-image", "text-classification"]},
	] {
		not "rob-task-mismatch" in deny_ids(with_card(card))
	}
	"rob-task-mismatch" in deny_ids(with_card({"pipeline_tag": "text-classification", "tags": ["text-to-image"]}))
}

test_pipeline_tag_contradicting_artifacts_denied if {
	joblib := {"path": "model/scorer.joblib", "sha256": digest, "size": 1}
	f := finding("rob-task-mismatch", json.patch(with_card({"pipeline_tag": "text-generation"}), [{"op": "add", "path": "/artifacts/-", "value": joblib}]))
	f.msg == "pipeline tag text-generation declares an LLM, but artifact model/scorer.joblib is a format of models that are not (.joblib)"
	f.target == "model/scorer.joblib"
	gguf := {"path": "model/m.gguf", "sha256": digest, "size": 1}
	g := finding("rob-task-mismatch", json.patch(with_card({"pipeline_tag": "tabular-classification"}), [{"op": "add", "path": "/artifacts/-", "value": gguf}]))
	g.msg == "pipeline tag tabular-classification (tabular) declares a model that is not an LLM, but artifact model/m.gguf is an LLM format (.gguf)"
	# A GGUF embedding model (embedding is not an LLM family) is reported too; a text-generation
	# GGUF is what it says.
	not "rob-task-mismatch" in deny_ids(json.patch(with_card({"pipeline_tag": "text-generation"}), [{"op": "add", "path": "/artifacts/-", "value": gguf}]))
	not "rob-task-mismatch" in deny_ids(json.patch(with_card({"pipeline_tag": "text-generation"}), [{"op": "add", "path": "/artifacts/-", "value": joblib}])) with data.modelgate.params as params({"non_llm_artifact_suffixes": []})
}

# ---------------------------------------------------------------------------------------------
# Security review finding 9 (FM1), as the review built it: the approved credit scorer with
# `pipeline_tag: text-generation` (tags and model-index still tabular-classification) and, in
# place of robustness.json, the passing garak report of another model.

fm1 := {
	"manifest": {"name": "credit-risk-scorer", "version": "2.3.0", "risk_tier": "high", "source": {"path": "modelgate.yaml"}},
	"model": {
		"source": {"path": "README.md"},
		"name": "credit-risk-scorer",
		"version": "2.3.0",
		"base_model": ["example-bank/tabular-encoder-base"],
		"pipeline_tag": "text-generation",
		"tags": ["credit-risk", "tabular-classification", "finance"],
		"task_types": ["tabular-classification"],
	},
	"artifacts": [
		{"path": "model/model.safetensors", "sha256": digest, "size": 10},
		{"path": "model/config.json", "sha256": "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", "size": 2},
	],
	"robustness": [{
		"source": {"path": "eval/garak.report.jsonl"},
		"format": "garak",
		"tool": "garak",
		"date": "2026-11-18T08:12:40.215377Z",
		"attacks": [],
		"probes": [probe("dan.Dan_11_0", 1, 50), probe("promptinject.HijackHateHumans", 4, 250)],
		"targets": [{"name": "support-assistant", "type": "openai.OpenAICompatible", "field": "plugins.target_name", "line": 1}],
		"runs": ["c41e7a90-5d2b-4f8e-a3c6-91b0d7e2f358"],
	}],
	"context": {"now": "2026-11-29T12:00:00Z", "now_ns": time.parse_rfc3339_ns("2026-11-29T12:00:00Z")},
}

test_fm1_attack_blocked if {
	ids := deny_ids(fm1)
	{"rob-report-target", "rob-task-mismatch", "rob-attack-missing", "rob-threat-model-missing", "rob-budget-untested"} - ids == set()
	# Each cause blocks on its own: a report that names the release still leaves the attack
	# suite due and the tag contradicted ...
	named := json.patch(fm1, [{"op": "replace", "path": "/robustness/0/targets/0/name", "value": "example-bank/credit-risk-scorer"}])
	{"rob-task-mismatch", "rob-attack-missing"} - deny_ids(named) == set()
	not "rob-report-target" in deny_ids(named)
	# ... and a consistent card (all tabular) with the foreign garak report is judged as a
	# classifier, and the report is not its report.
	honest := json.patch(fm1, [{"op": "replace", "path": "/model/pipeline_tag", "value": "tabular-classification"}])
	{"rob-report-target", "rob-attack-missing"} - deny_ids(honest) == set()
	not "rob-task-mismatch" in deny_ids(honest)
	# Dropping the contradicting tags and task leaves the pipeline tag alone: still not this
	# release's report.
	stripped := json.patch(fm1, [{"op": "replace", "path": "/model/tags", "value": []}, {"op": "replace", "path": "/model/task_types", "value": []}])
	"rob-report-target" in deny_ids(stripped)
}

# ---------------------------------------------------------------------------------------------
# Thresholds deny where the law asks for them (legal review S11)

warn_ids(inp) := x if {
	x := ids(robustness.warn) with input as inp
}

threshold_ids := {"rob-robust-accuracy", "rob-success-rate", "rob-accuracy-drop", "rob-sample-count", "rob-report-stale", "rob-garak-probe"}

# A limited-tier chatbot (Art. 50 only) whose garak report shows jailbreaks.
jailbroken := at_tier(with_probes([probe("dan.Dan_11_0", 40, 100)]), "limited")

# Attack: supplying a garak report must not make a limited-tier release worse off than
# leaving it out, which approves.
test_limited_tier_evidence_is_not_penalised if {
	count(deny_ids(jailbroken) & threshold_ids) == 0
	count(deny_ids(json.patch(jailbroken, [{"op": "replace", "path": "/robustness", "value": []}]))) == 0
	some f in robustness.warn with input as jailbroken
	f.id == "rob-result-advisory"
	f.target == "dan.Dan_11_0"
	f.msg == "garak probe dan.Dan_11_0 (detector d.D) failed 40 of 100 attempts, above its limit 0.05 (rob-garak-probe, a deny from risk tier high; this release: limited)"
}

test_limited_tier_attack_results_only_warn if {
	weak := at_tier(with_attack(0, {"robust_accuracy": 0.2, "success_rate": 0.9, "samples": 10}), "limited")
	count(deny_ids(weak) & threshold_ids) == 0
	"rob-result-advisory" in warn_ids(weak)
	# At high the same results deny, and nothing is only advised.
	high := at_tier(weak, "high")
	{"rob-robust-accuracy", "rob-success-rate", "rob-accuracy-drop", "rob-sample-count"} == deny_ids(high) & threshold_ids
	not "rob-result-advisory" in warn_ids(high)
}

test_thresholds_from_is_a_parameter if {
	p := params({"thresholds_from": "limited"})
	"rob-garak-probe" in deny_ids(jailbroken) with data.modelgate.params as p
	not "rob-result-advisory" in warn_ids(jailbroken) with data.modelgate.params as p
	stale := json.patch(at_tier(base, "minimal"), [{"op": "replace", "path": "/robustness/0/date", "value": "2025-01-01T00:00:00Z"}])
	not "rob-report-stale" in deny_ids(stale)
	"rob-report-stale" in deny_ids(stale) with data.modelgate.params as params({"thresholds_from": "minimal"})
}

# Reports that are not about this release are false evidence at every tier.
test_evidence_integrity_checked_at_every_tier if {
	"rob-model-digest" in deny_ids(at_tier(with_report(object.union(report, {"model_sha256": "00"})), "minimal"))
	"rob-report-target" in deny_ids(at_tier(with_targets([target("acme/other-model")]), "limited"))
}

# A general-purpose AI model with systemic risk: Art. 55(1)(a) adversarial testing at any tier.
gpai_sr(inp) := json.patch(inp, [{"op": "add", "path": "/manifest/gpai", "value": {"general_purpose": true, "systemic_risk": true}}])

test_gpai_with_systemic_risk_needs_and_meets_the_evidence if {
	"rob-garak-probe" in deny_ids(gpai_sr(jailbroken))
	not "rob-result-advisory" in warn_ids(gpai_sr(jailbroken))
	none := json.patch(gpai_sr(at_tier(llm, "minimal")), [{"op": "replace", "path": "/robustness", "value": []}])
	f := finding("rob-report-missing", none)
	f.msg == "a general-purpose AI model with systemic risk (EU AI Act Art. 55(1)(a)) requires a robustness report and the bundle has none"
	"rob-garak-missing" in deny_ids(json.patch(gpai_sr(at_tier(llm, "minimal")), [{"op": "replace", "path": "/robustness", "value": [report]}]))
	# A general-purpose model without systemic risk is not in scope below high.
	plain := json.patch(none, [{"op": "replace", "path": "/manifest/gpai/systemic_risk", "value": false}])
	not "rob-report-missing" in deny_ids(plain)
	not "rob-report-missing" in deny_ids(none) with data.modelgate.params as params({"gpai_systemic_risk": false})
}
