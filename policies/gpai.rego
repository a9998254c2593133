# General-purpose AI models (EU AI Act Chapter V: Art. 53, 55) and California's training-data
# transparency for generative AI (Civ. Code § 3111, AB 2013).
#
# Whether a model is general-purpose is not left to the manifest's `gpai.generalPurpose` alone:
# a generative model (pipeline tag, task types or tags of its card) trained with more compute
# than the Commission's indicative criterion is presumed general-purpose, a model above the
# Art. 51(2) compute threshold has systemic risk whatever it declares, open weights reach the
# EU and California whatever jurisdictions are listed, and a large generative model that states
# neither its compute nor its classification is a finding of its own (`gpai-classification`).
package modelgate.gpai

import data.modelgate.lib

# Parameters (override under data.modelgate.params.gpai).
default_params := {
	# Where the release is placed on the EU market (manifest spec.jurisdictions). EEA states can
	# be added once the AI Act is incorporated into the EEA Agreement.
	"jurisdictions": [
		"EU", "EEA", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
		"EL", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI",
		"ES", "SE",
	],
	# Where Californians are reached (Civ. Code § 3111: "made publicly available to
	# Californians").
	"california_jurisdictions": ["US-CA"],
	# Art. 51(2): a general-purpose model "shall be presumed to have high impact capabilities
	# ... when the cumulative amount of computation used for its training measured in floating
	# point operations is greater than 10^25". Art. 51(3) lets the Commission amend it.
	"systemic_risk_compute_flop": 1e25,
	# Commission Guidelines on the scope of the obligations for general-purpose AI models
	# (18 Jul 2025), para. 17: "an indicative criterion for a model to be considered a
	# general-purpose AI model is that its training compute is greater than 10^23 FLOP and it
	# can generate language (whether in the form of text or audio), text-to-image or
	# text-to-video". Guidance, not statute: a parameter.
	"general_purpose_compute_flop": 1e23,
	# Hugging Face pipeline tags and model-index task types of models that generate content
	# (language, audio, images, video): the "can generate" limb of the indicative criterion,
	# and "generative artificial intelligence" of Civ. Code § 3110(c).
	"generative_tasks": [
		"text-generation", "text2text-generation", "conversational", "summarization",
		"translation", "image-text-to-text", "audio-text-to-text", "video-text-to-text",
		"any-to-any", "image-to-text", "text-to-image", "image-to-image", "text-to-video",
		"image-to-video", "text-to-speech", "text-to-audio", "audio-to-audio", "text-to-3d",
		"image-to-3d",
	],
	# Card tags (lower case, exact) that also mark a generative model when the pipeline tag is
	# left out.
	"generative_tags": [
		"llm", "large-language-model", "causal-lm", "text-generation", "text-generation-inference",
		"chatbot", "diffusion", "stable-diffusion", "text-to-image", "text-to-speech",
	],
	# Total artifact bytes from which a generative model that states neither its training
	# compute nor whether it is general-purpose must say so (`gpai-classification`). The
	# guidelines (para. 18) relate 10^23 FLOP to "a model with one billion parameters trained on
	# a large amount of data"; one billion 16-bit parameters take 2e9 bytes.
	"classification_min_artifact_bytes": 2000000000,
	# Licences (the model card's `license`, lower case) that allow "the access, usage,
	# modification, and distribution of the model" (Art. 53(2)). Licences restricting use
	# (non-commercial, acceptable-use clauses) are left out: organisation policy.
	"open_source_licences": [
		"apache-2.0", "mit", "bsd-2-clause", "bsd-3-clause", "isc", "mpl-2.0", "gpl-2.0",
		"gpl-3.0", "lgpl-2.1", "lgpl-3.0", "agpl-3.0", "epl-2.0", "cc-by-4.0", "cc-by-sa-4.0",
		"cc0-1.0", "unlicense", "bsl-1.0", "zlib",
	],
	# gpai.role values (lower case) that are not the provider of the model: they integrate
	# another provider's model, which the card must then name as its base model.
	"non_provider_roles": ["downstream", "deployer"],
	# Art. 111(3): "Providers of general-purpose AI models that have been placed on the market
	# before 2 August 2025 shall take the necessary steps in order to comply with the
	# obligations laid down in this Regulation by 2 August 2027."
	"legacy_placed_before": "2025-08-02",
	"legacy_comply_by": "2027-08-02",
	# Values (trimmed, lower case) that state no document.
	"placeholders": [
		"", "-", "--", "n/a", "na", "none", "null", "tbd", "tba", "todo", "to do", "pending",
		"unknown", "wip", "later", "coming soon", "[more information needed]", "xxx", "?",
	],
	# URLs an author could call "published" that the public cannot reach (matched in lower
	# case): loopback and private addresses, and intranet names.
	"non_public_url": `^[a-z]+://([^/@\s]*@)?(localhost|127\.|0\.0\.0\.0|10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.|[^/:?#\s]*\.(local|localhost|internal|intranet|corp|lan|home\.arpa|example)([:/?#]|$))`,
}

p := lib.area_params("gpai", default_params)

manifest := object.get(input, "manifest", {})

gpai := object.get(manifest, "gpai", {})

california := object.get(manifest, "california", {})

model := object.get(input, "model", {})

jurisdictions := object.get(manifest, "jurisdictions", [])

# --- What the model is -----------------------------------------------------------------------

model_tasks contains lower(t) if {
	t := model.pipeline_tag
	is_string(t)
}

model_tasks contains lower(t) if {
	some t in object.get(model, "task_types", [])
	is_string(t)
}

# The model generates language, audio, images or video, by its card or the manifest's Art. 50(2)
# answer.
generative if {
	some t in model_tasks
	t in p.generative_tasks
}

generative if {
	some t in object.get(model, "tags", [])
	is_string(t)
	lower(t) in p.generative_tags
}

generative if object.get(object.get(manifest, "transparency", {}), "generates_synthetic_content", false) == true

# The declared training compute, where it is a positive number.
compute := c if {
	c := gpai.training_compute_flop
	is_number(c)
	c > 0
}

artifact_bytes := sum([a.size | some a in object.get(input, "artifacts", []); is_number(a.size)])

# A documented assessment lets `generalPurpose: false` stand against the indicative criterion.
generality_rebutted if {
	gpai.general_purpose == false
	documented(object.get(gpai, "generality_assessment", null))
}

# Why the model is treated as general-purpose (one reason suffices).
gp_reasons contains "it declares generalPurpose: true" if gpai.general_purpose == true

gp_reasons contains "it declares systemic risk" if gpai.systemic_risk == true

# Messages name thresholds by parameter, not by value: OPA and regorus print floats differently.
gp_reasons contains "it generates content and its declared training compute exceeds the indicative criterion of the Commission's GPAI guidelines (params.gpai.general_purpose_compute_flop)" if {
	generative
	compute > p.general_purpose_compute_flop
	not generality_rebutted
}

# Above the systemic-risk threshold no assessment of generality is accepted: only the
# Commission decides against the presumption (Art. 52(2)); a waiver records that decision.
gp_reasons contains "its declared training compute exceeds the Art. 51(2) threshold (params.gpai.systemic_risk_compute_flop)" if {
	compute > p.systemic_risk_compute_flop
}

general_purpose if count(gp_reasons) > 0

gp_reason := concat("; ", sort(gp_reasons))

# Systemic risk (Art. 51): declared, or presumed from compute whatever is declared (only the
# Commission can accept a provider's arguments against the presumption, Art. 52(2)).
systemic if {
	general_purpose
	gpai.systemic_risk == true
}

systemic if {
	general_purpose
	compute > p.systemic_risk_compute_flop
}

systemic_reason := "it declares systemic risk" if gpai.systemic_risk == true

systemic_reason := "its declared training compute exceeds the Art. 51(2) threshold (params.gpai.systemic_risk_compute_flop), so systemic risk is presumed whatever gpai.systemicRisk says" if {
	object.get(gpai, "systemic_risk", null) != true
	compute > p.systemic_risk_compute_flop
}

# --- Who the release is ----------------------------------------------------------------------

base_models := [b | some b in base_model_list; is_string(b); trim_space(b) != ""; lower(b) != model_name]

default model_name := ""

model_name := lower(model.name) if is_string(model.name)

default base_model_list := []

base_model_list := model.base_model if is_array(model.base_model)

base_model_list := [model.base_model] if is_string(model.base_model)

claims_non_provider if {
	is_string(gpai.role)
	lower(gpai.role) in p.non_provider_roles
}

# A downstream integrator is not the model's provider only if the card names the model it
# integrates; otherwise the claim is refused and the release is its own provider.
not_provider if {
	claims_non_provider
	count(base_models) > 0
}

# Open weights are on the EU market and available to Californians wherever the manifest says
# the release is deployed.
public_weights if gpai.open_source == true

eu_applies if {
	some j in jurisdictions
	j in p.jurisdictions
}

eu_applies if public_weights

# No jurisdiction stated: fail closed.
eu_applies if count(jurisdictions) == 0

# The Art. 53 and 55 duties reach this release (before any exemption or transition).
duties_apply if {
	eu_applies
	general_purpose
	not not_provider
}

# Art. 53(2): an open-source model is exempt from (a) and (b) unless it has systemic risk; the
# open-source claim must match a free and open-source licence on the card.
default licence := ""

licence := lower(model.license) if is_string(model.license)

open_source_exempt if {
	gpai.open_source == true
	licence in p.open_source_licences
	not systemic
}

default exemption_note := ""

exemption_note := " (the Art. 53(2) open-source exemption does not apply to a model with systemic risk)" if {
	gpai.open_source == true
	systemic
}

exemption_note := sprintf(" (the Art. 53(2) open-source exemption needs a free and open-source licence; the card's licence is %q)", [object.get(model, "license", "none")]) if {
	gpai.open_source == true
	not systemic
	not licence in p.open_source_licences
}

# Art. 111(3): a model placed on the market before the cut-off has until the transition ends.
legacy_grace if {
	d := gpai.placed_on_market
	is_string(d)
	# A calendar date, compared as text (ISO dates sort as they fall); parsing an impossible
	# date would be an error in OPA.
	regex.match(`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`, d)
	d < p.legacy_placed_before
	input.context.now_ns < time.parse_rfc3339_ns(sprintf("%sT00:00:00Z", [p.legacy_comply_by]))
}

# --- Evidence values -------------------------------------------------------------------------

documented(x) if {
	is_string(x)
	not lower(trim_space(x)) in p.placeholders
}

# A URL the public can open: http(s), a dotted host name, not a private or intranet address.
public_url(x) if {
	documented(x)
	u := lower(trim_space(x))
	regex.match(`^https?://([^/@\s]*@)?[^/?#\s]+\.[^/?#\s]+`, u)
	not regex.match(p.non_public_url, u)
}

finding(id, pointer, msg) := {
	"id": id,
	"msg": msg,
	"file": lib.manifest_file,
	"pointer": pointer,
	"target": object.get(manifest, "name", "release"),
}

# --- Duty gaps: [rule id, pointer, what is missing] -------------------------------------------

gaps contains ["gpai-technical-docs", "/spec/gpai/technicalDocumentation", sprintf("technical documentation with the Annex XI information (Art. 53(1)(a))%s", [exemption_note])] if {
	duties_apply
	not open_source_exempt
	not documented(object.get(gpai, "technical_documentation", null))
}

gaps contains ["gpai-downstream-info", "/spec/gpai/downstreamInformation", sprintf("information for downstream providers with the Annex XII elements (Art. 53(1)(b))%s", [exemption_note])] if {
	duties_apply
	not open_source_exempt
	not documented(object.get(gpai, "downstream_information", null))
}

gaps contains ["gpai-copyright-policy", "/spec/gpai/copyrightPolicy", "a policy to comply with Union copyright law, including text-and-data-mining reservations under Art. 4(3) of Directive (EU) 2019/790 (Art. 53(1)(c))"] if {
	duties_apply
	not documented(object.get(gpai, "copyright_policy", null))
}

gaps contains ["gpai-training-summary", "/spec/gpai/trainingContentSummary", "a publicly available summary of the training content on the AI Office template, as a public URL (Art. 53(1)(d))"] if {
	duties_apply
	not public_url(object.get(gpai, "training_content_summary", null))
}

sr_items := [
	["model_evaluation", "model evaluation with standardised protocols, including adversarial testing (Art. 55(1)(a))"],
	["systemic_risk_assessment", "assessment and mitigation of systemic risks at Union level (Art. 55(1)(b))"],
	["incident_reporting", "tracking and reporting of serious incidents to the AI Office (Art. 55(1)(c))"],
	["cybersecurity", "cybersecurity protection of the model and its physical infrastructure (Art. 55(1)(d))"],
]

gaps contains ["gpai-systemic-risk", "/spec/gpai", sprintf("%s, because %s", [item[1], systemic_reason])] if {
	duties_apply
	systemic
	some item in sr_items
	not documented(object.get(gpai, item[0], null))
}

# Without its compute a general-purpose model cannot show it is below the Art. 51(2)
# presumption; open source does not help (Art. 53(2), last sentence).
gaps contains ["gpai-systemic-risk", "/spec/gpai/trainingComputeFlop", "the cumulative training compute (trainingComputeFlop), without which the Art. 51(2) presumption of systemic risk cannot be excluded"] if {
	duties_apply
	not systemic
	not compute
}

gap_list(id) := sort([g[2] | some g in gaps; g[0] == id])

gap_pointer(id) := sort([g[1] | some g in gaps; g[0] == id])[0]

duty_finding(id, what) := finding(id, gap_pointer(id), sprintf("general-purpose AI model (%s) lacks %s: %s", [gp_reason, what, concat("; ", gap_list(id))]))

# METADATA
# title: GPAI technical documentation (Annex XI)
# description: >
#   The provider of a general-purpose AI model placed on the EU market draws up and keeps up to
#   date the technical documentation of the model with at least the Annex XI information, for the
#   AI Office and national authorities (Art. 53(1)(a)). A model released under a free and
#   open-source licence with public weights is exempt unless it has systemic risk (Art. 53(2)).
#   A model counts as general-purpose when it says so, when it declares systemic risk, or when it
#   generates content and its training compute exceeds the Commission's indicative criterion.
# custom:
#   id: gpai-technical-docs
#   regime: eu-ai-act-gpai
#   effective_from: "2025-08-02"
#   severity: medium
#   controls: ["EU AI Act Art. 53(1)(a)", "EU AI Act Annex XI", "EU AI Act Art. 53(2)"]
#   remediation: >
#     Set spec.gpai.technicalDocumentation to the reference of the Annex XI documentation
#     (general description, architecture and parameters, training data, compute, energy,
#     evaluation). An open-source model is exempt only with a free and open-source licence on its
#     card, public weights, and no systemic risk.
deny contains f if {
	not legacy_grace
	count(gap_list("gpai-technical-docs")) > 0
	f := duty_finding("gpai-technical-docs", "the technical documentation")
}

# METADATA
# title: GPAI information for downstream providers (Annex XII)
# description: >
#   The provider of a general-purpose AI model draws up, keeps up to date and makes available to
#   providers of AI systems that integrate it the information and documentation of Annex XII,
#   so they understand its capabilities and limitations (Art. 53(1)(b)). Exempt like the
#   technical documentation for open-source models without systemic risk (Art. 53(2)).
# custom:
#   id: gpai-downstream-info
#   regime: eu-ai-act-gpai
#   effective_from: "2025-08-02"
#   severity: medium
#   controls: ["EU AI Act Art. 53(1)(b)", "EU AI Act Annex XII", "EU AI Act Art. 53(2)"]
#   remediation: Set spec.gpai.downstreamInformation to where integrators get the Annex XII information (tasks, acceptable use policy, architecture, modalities, licence, integration means, training data).
deny contains f if {
	not legacy_grace
	count(gap_list("gpai-downstream-info")) > 0
	f := duty_finding("gpai-downstream-info", "the information for downstream providers")
}

# METADATA
# title: GPAI copyright policy
# description: >
#   The provider of a general-purpose AI model puts in place a policy to comply with Union
#   copyright law, in particular to identify and comply with reservations of rights under
#   Art. 4(3) of Directive (EU) 2019/790 (Art. 53(1)(c)). The open-source exemption of
#   Art. 53(2) does not cover this duty.
# custom:
#   id: gpai-copyright-policy
#   regime: eu-ai-act-gpai
#   effective_from: "2025-08-02"
#   severity: medium
#   controls: ["EU AI Act Art. 53(1)(c)", "Directive (EU) 2019/790 Art. 4(3)"]
#   remediation: Set spec.gpai.copyrightPolicy to the reference of the copyright policy, including how text-and-data-mining opt-outs are identified and honoured when training data is collected.
deny contains f if {
	not legacy_grace
	count(gap_list("gpai-copyright-policy")) > 0
	f := duty_finding("gpai-copyright-policy", "a copyright policy")
}

# METADATA
# title: GPAI public training-content summary
# description: >
#   The provider of a general-purpose AI model draws up and makes publicly available a
#   sufficiently detailed summary of the content used for training, on the AI Office's template
#   (Art. 53(1)(d)). "Publicly available" means a URL the public can open: an intranet address
#   or a placeholder is not one. The open-source exemption of Art. 53(2) does not cover it.
# custom:
#   id: gpai-training-summary
#   regime: eu-ai-act-gpai
#   effective_from: "2025-08-02"
#   severity: medium
#   controls: ["EU AI Act Art. 53(1)(d)"]
#   remediation: Publish the training-content summary on the AI Office template and set spec.gpai.trainingContentSummary to its public https URL.
deny contains f if {
	not legacy_grace
	count(gap_list("gpai-training-summary")) > 0
	f := duty_finding("gpai-training-summary", "a public training-content summary")
}

# METADATA
# title: GPAI models with systemic risk
# description: >
#   A general-purpose AI model whose training compute exceeds the Art. 51(2) threshold is
#   presumed to have high-impact capabilities and so systemic risk, whatever the manifest
#   declares. Its provider performs model evaluation including adversarial testing, assesses and
#   mitigates systemic risks, tracks and reports serious incidents, and ensures cybersecurity
#   (Art. 55(1)(a)-(d)). A general-purpose model that declares no training compute cannot show
#   that the presumption does not apply.
# custom:
#   id: gpai-systemic-risk
#   regime: eu-ai-act-gpai
#   effective_from: "2025-08-02"
#   severity: high
#   controls: ["EU AI Act Art. 51(1)(a)", "EU AI Act Art. 51(2)", "EU AI Act Art. 55(1)(a)", "EU AI Act Art. 55(1)(b)", "EU AI Act Art. 55(1)(c)", "EU AI Act Art. 55(1)(d)", "EU AI Act Annex XI §1(2)(d)"]
#   remediation: >
#     Declare spec.gpai.trainingComputeFlop. For a model with systemic risk set
#     spec.gpai.modelEvaluation, systemicRiskAssessment, incidentReporting and cybersecurity. A
#     provider that argues its model does not present systemic risk despite the compute
#     (Art. 52(2)) waives this finding with the reference of the Commission's decision.
deny contains f if {
	not legacy_grace
	count(gap_list("gpai-systemic-risk")) > 0
	f := duty_finding("gpai-systemic-risk", "what Art. 51 and 55 require")
}

# METADATA
# title: GPAI model placed on the market before 2 August 2025
# description: >
#   A general-purpose AI model placed on the market before 2 August 2025 has until 2 August 2027
#   to comply with Chapter V (Art. 111(3)). Until then its missing Art. 53 and 55 evidence is
#   reported, not blocked; from then on the duty rules block. The dates are parameters.
# custom:
#   id: gpai-legacy-transition
#   regime: eu-ai-act-gpai
#   effective_from: "2025-08-02"
#   severity: medium
#   controls: ["EU AI Act Art. 111(3)", "EU AI Act Art. 53(1)", "EU AI Act Art. 55(1)"]
#   remediation: Complete the missing evidence before the transition ends (params.gpai.legacy_comply_by).
warn contains f if {
	legacy_grace
	count(gaps) > 0
	missing := sort({g[2] | some g in gaps})
	f := finding("gpai-legacy-transition", "/spec/gpai/placedOnMarket", sprintf("general-purpose AI model placed on the market on %s must by %s (Art. 111(3)) have: %s", [gpai.placed_on_market, p.legacy_comply_by, concat("; ", missing)]))
}

# METADATA
# title: A large generative model states whether it is a general-purpose AI model
# description: >
#   A generative model whose artifacts are as large as a model of about one billion parameters
#   (the size the Commission's GPAI guidelines associate with the indicative 10^23 FLOP) and that
#   states neither its training compute nor a documented assessment of its generality leaves the
#   gate unable to tell whether Chapter V applies; leaving the gpai block out must not switch the
#   duties off.
# custom:
#   id: gpai-classification
#   regime: eu-ai-act-gpai
#   effective_from: "2025-08-02"
#   severity: medium
#   controls: ["EU AI Act Art. 3(63)", "EU AI Act Art. 51(2)", "EU AI Act Art. 53(1)"]
#   remediation: >
#     Declare spec.gpai.trainingComputeFlop and spec.gpai.generalPurpose; a model meeting the
#     indicative criterion that lacks significant generality states generalPurpose false with
#     spec.gpai.generalityAssessment. An integrator of another provider's model states role
#     downstream and names the base model on the card.
deny contains f if {
	eu_applies
	generative
	not general_purpose
	not compute
	not generality_rebutted
	not not_provider
	artifact_bytes >= p.classification_min_artifact_bytes
	f := finding("gpai-classification", "/spec/gpai", "generative model whose artifacts reach the size of a model of about one billion parameters (params.gpai.classification_min_artifact_bytes) states neither its training compute nor an assessment of its generality (spec.gpai)")
}

# --- California AB 2013 ----------------------------------------------------------------------

ca_applies if {
	some j in jurisdictions
	j in p.california_jurisdictions
}

ca_applies if public_weights

genai if california.generative_ai_public == true

genai if generative

# Publicly available unless the manifest says otherwise; open weights are public regardless.
publicly_available if object.get(california, "generative_ai_public", null) != false

publicly_available if public_weights

# The release's own datasheets describe data it trained or fine-tuned on, which makes it a
# developer (§ 3110(b), (d), (f)) whatever `developer` says.
developer if object.get(california, "developer", null) != false

developer if count(object.get(input, "datasets", [])) > 0

# METADATA
# title: California training-data documentation (AB 2013)
# description: >
#   The developer of a generative AI system or service made publicly available to Californians
#   posts on its website documentation of the data used to train it, before each release or
#   substantial modification (Civ. Code § 3111). Fine-tuning makes a developer (§ 3110(b), (d)).
#   The system counts as generative from its card (pipeline tag, task types, tags) or the
#   manifest, and as public unless the manifest states generativeAiPublic false.
# custom:
#   id: ca-ab2013-training-data
#   regime: ca-ab2013
#   effective_from: "2026-01-01"
#   severity: medium
#   controls: ["Cal. Civ. Code § 3111", "Cal. Civ. Code § 3110(b)", "Cal. Civ. Code § 3110(d)"]
#   remediation: >
#     Post the § 3111(a) documentation (sources and owners of the datasets, number and types of
#     data points, copyright, purchase or licence, personal information, cleaning, collection
#     period, synthetic data) on the public website and set
#     spec.california.trainingDataDisclosure to its https URL.
deny contains f if {
	ca_applies
	genai
	publicly_available
	developer
	not public_url(object.get(california, "training_data_disclosure", null))
	f := finding("ca-ab2013-training-data", "/spec/california/trainingDataDisclosure", "generative AI system made publicly available to Californians has no training-data documentation at a public URL (spec.california.trainingDataDisclosure)")
}
