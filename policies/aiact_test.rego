package modelgate.aiact_test

import data.modelgate.aiact
import data.modelgate.lib

ids(findings) := {f.id | some f in findings}

finding(findings, id) := f if {
	some f in findings
	f.id == id
}

# A complete Art. 5 screen: every question answered "no", with reviewer and date.
screen := {
	"manipulation": false, "exploits_vulnerabilities": false, "social_scoring": false,
	"crime_prediction": false, "facial_scraping": false, "emotion_recognition_work_education": false,
	"biometric_categorisation": false, "realtime_remote_biometric_identification": false,
	"intimate_imagery": false, "reviewer": "AI governance board", "date": "2026-10-01",
}

credit := {"manifest": {
	"risk_tier": "minimal",
	"jurisdictions": ["EU"],
	"intended_deployment": "Scores consumer loan applications for human underwriters.",
	"automated_decisions": {"solely_automated": false, "legal_or_similar_effect": true},
	"eu_ai_act": {"art5_screen": screen},
}}

with_manifest(m) := {"manifest": object.union({"jurisdictions": ["EU"], "eu_ai_act": {"art5_screen": screen}}, m)}

# --- classification: the minimum tier -----------------------------------------------------

# Review finding 10: a credit scorer that declares itself minimal risk.
test_credit_scorer_declared_minimal_is_denied if {
	f := finding(aiact.deny, "ai-act-tier-understated") with input as credit
	contains(f.msg, "Annex III(5)")
	contains(f.msg, "minimal")
	"ai-act-tier-legal-effect" in ids(aiact.warn) with input as credit
}

test_declared_high_passes if {
	inp := object.union(credit, {"manifest": {"risk_tier": "high"}})
	count(aiact.deny) == 0 with input as inp
	count(aiact.warn) == 0 with input as inp
}

test_limited_tier_in_annex_iii_area_is_denied if {
	inp := with_manifest({"risk_tier": "limited", "intended_deployment": "Screens CVs of job applicants."})
	"ai-act-tier-understated" in ids(aiact.deny) with input as inp
}

# Hyphenated tags read as words: "face-recognition" is "face recognition".
test_card_tags_count if {
	inp := object.union(with_manifest({"risk_tier": "limited"}), {"model": {"tags": ["face-recognition"]}})
	f := finding(aiact.deny, "ai-act-tier-understated") with input as inp
	contains(f.msg, "Annex III(1)")
}

# The card's intended use counts; its out-of-scope section ("not for employment screening")
# does not.
test_card_intended_use_counts_and_out_of_scope_does_not if {
	card := {"sections": {
		"intended_use": {"present": true, "text": "Ranks job applicants for interviews."},
		"out_of_scope_use": {"present": true, "text": "Not for credit scoring."},
	}}
	inp := object.union(with_manifest({"risk_tier": "limited"}), {"model": card})
	f := finding(aiact.deny, "ai-act-tier-understated") with input as inp
	contains(f.msg, "Annex III(4)")
	not contains(f.msg, "Annex III(5)")
	card2 := {"sections": {"out_of_scope_use": {"present": true, "text": "Not for credit scoring or hiring."}}}
	count(aiact.deny) == 0 with input as object.union(with_manifest({"risk_tier": "limited"}), {"model": card2})
}

# Terms match at the start of a word only: "election" is not found in "selection".
test_terms_match_whole_words if {
	inp := with_manifest({"risk_tier": "limited", "intended_deployment": "Helps with product selection."})
	count(aiact.deny) == 0 with input as inp
}

test_terms_are_a_parameter if {
	inp := with_manifest({"risk_tier": "limited", "intended_deployment": "Ranks tenants for rental flats."})
	count(aiact.deny) == 0 with input as inp
	"ai-act-tier-understated" in ids(aiact.deny) with input as inp
		with data.modelgate.params.aiact.annex_iii_terms as {"5 housing": ["tenant"]}
}

# Attack: a declared Annex III point without a derogation, and a description that avoids every
# Annex III term.
test_declared_annex_iii_point_derives_high if {
	inp := with_manifest({"risk_tier": "limited", "intended_deployment": "Internal model.", "eu_ai_act": {"annex_iii": "5(b)"}})
	f := finding(aiact.deny, "ai-act-tier-understated") with input as inp
	contains(f.msg, "Annex III(5(b)) is declared")
	aiact.minimum_tier == "high" with input as inp
	lib.tier == "high" with input as inp
}

test_annex_i_safety_component_derives_high if {
	inp := with_manifest({"risk_tier": "minimal", "eu_ai_act": {"annex_i": true}})
	f := finding(aiact.deny, "ai-act-tier-understated") with input as inp
	contains(f.msg, "Annex I")
	lib.tier == "high" with input as inp
}

# Attack: the block says "none" but the description is a hiring tool; the description wins.
test_annex_iii_none_does_not_hide_the_description if {
	inp := with_manifest({"risk_tier": "limited", "intended_deployment": "Screens CVs of job applicants.", "eu_ai_act": {"annex_iii": "none"}})
	"ai-act-tier-understated" in ids(aiact.deny) with input as inp
}

derogation := {"condition": "d", "assessment": "ASSESS-2026-014"}

# A valid Art. 6(3) derogation: condition, documented assessment, no profiling.
test_valid_art6_3_derogation_allows_limited if {
	inp := with_manifest({
		"risk_tier": "limited",
		"intended_deployment": "Translates job applications into English before recruiters read them.",
		"eu_ai_act": {"annex_iii": "4(a)", "art6_3": derogation, "profiling": false},
	})
	count(aiact.deny) == 0 with input as inp
	aiact.minimum_tier == "minimal" with input as inp
	lib.tier == "limited" with input as inp
}

# Art. 6(3) last subparagraph: profiling keeps an Annex III system high-risk.
test_art6_3_with_profiling_stays_high if {
	inp := with_manifest({"risk_tier": "limited", "eu_ai_act": {"annex_iii": "4(a)", "art6_3": derogation, "profiling": true}})
	f := finding(aiact.deny, "ai-act-tier-understated") with input as inp
	contains(f.msg, "profiling")
}

# Attack: profiling left unstated; the derogation is not accepted.
test_art6_3_with_profiling_unstated_stays_high if {
	inp := with_manifest({"risk_tier": "limited", "eu_ai_act": {"annex_iii": "4(a)", "art6_3": derogation}})
	"ai-act-tier-understated" in ids(aiact.deny) with input as inp
}

test_art6_3_needs_a_condition_and_an_assessment if {
	every bad in [
		{"condition": "e", "assessment": "ASSESS-1"},
		{"condition": "a", "assessment": " "},
		{"condition": "a", "assessment": "TBD"},
		{"condition": "a"},
	] {
		inp := with_manifest({"risk_tier": "limited", "eu_ai_act": {"annex_iii": "4(a)", "art6_3": bad, "profiling": false}})
		"ai-act-tier-understated" in ids(aiact.deny) with input as inp
	}
	# "(a)" and "6(3)(a)" are spellings of (a).
	every c in ["(a)", "6(3)(a)", "A"] {
		ok := with_manifest({"risk_tier": "limited", "eu_ai_act": {"annex_iii": "4(a)", "art6_3": {"condition": c, "assessment": "ASSESS-1"}, "profiling": false}})
		not "ai-act-tier-understated" in ids(aiact.deny) with input as ok
	}
}

# A derogation covers its own Annex III point; a description in another area still counts.
test_art6_3_does_not_cover_another_area if {
	inp := with_manifest({
		"risk_tier": "limited",
		"intended_deployment": "Ranks job applicants and scores their creditworthiness.",
		"eu_ai_act": {"annex_iii": "4(a)", "art6_3": derogation, "profiling": false},
	})
	f := finding(aiact.deny, "ai-act-tier-understated") with input as inp
	contains(f.msg, "Annex III(5)")
}

# Art. 6(3) derogates from 6(2) only: an Annex I product stays high-risk.
test_art6_3_does_not_reach_annex_i if {
	inp := with_manifest({"risk_tier": "limited", "eu_ai_act": {"annex_i": true, "annex_iii": "4(a)", "art6_3": derogation, "profiling": false}})
	"ai-act-tier-understated" in ids(aiact.deny) with input as inp
}

# The AI Act's reach: a release only for California is not classified under it.
test_outside_the_eu_no_ai_act_tier if {
	inp := {"manifest": {"risk_tier": "limited", "jurisdictions": ["US-CA"], "intended_deployment": "Screens CVs of job applicants."}}
	count(aiact.deny) == 0 with input as inp
	lib.tier == "limited" with input as inp
}

# Fail closed: no jurisdictions stated is judged as the EU.
test_no_jurisdictions_is_judged_as_eu if {
	inp := {"manifest": {"risk_tier": "limited", "intended_deployment": "Screens CVs of job applicants."}}
	"ai-act-tier-understated" in ids(aiact.deny) with input as inp
}

# lib.tier: the higher of declared and derived; an undeclared tier is high.
test_lib_tier_is_the_higher_of_declared_and_derived if {
	lib.tier == "high" with input as credit
	lib.tier_at_least("high") with input as credit
	lib.tier == "minimal" with input as with_manifest({"risk_tier": "minimal"})
	lib.tier == "high" with input as {"manifest": {}}
	lib.tier == "unacceptable" with input as with_manifest({"risk_tier": "unacceptable", "intended_deployment": "Screens CVs."})
}

test_minimal_without_legal_effect_does_not_warn if {
	inp := with_manifest({"risk_tier": "minimal", "automated_decisions": {"solely_automated": false, "legal_or_similar_effect": false}})
	count(aiact.warn) == 0 with input as inp
}

# --- Art. 5 prohibited practices ----------------------------------------------------------

# TB2: workplace emotion recognition, declared limited, screen answered "no".
tb2 := with_manifest({
	"risk_tier": "limited",
	"intended_deployment": "Infers the emotional state (frustration, stress, enthusiasm) of call-centre employees from their call audio and feeds it into their monthly performance rating.",
})

test_tb2_workplace_emotion_inference_is_prohibited if {
	f := finding(aiact.deny, "ai-act-prohibited-practice") with input as tb2
	contains(f.msg, "Art. 5(1)(f)")
}

test_emotion_inference_in_education_is_prohibited if {
	inp := with_manifest({"risk_tier": "limited", "intended_deployment": "Detects emotions of pupils during online lessons."})
	"ai-act-prohibited-practice" in ids(aiact.deny) with input as inp
}

test_emotion_inference_for_medical_or_safety_reasons_is_not_prohibited if {
	s := object.union(screen, {"medical_or_safety_reason": "Detects driver fatigue of bus drivers for their safety."})
	inp := object.union(tb2, {"manifest": {"eu_ai_act": {"art5_screen": s}}})
	not "ai-act-prohibited-practice" in ids(aiact.deny) with input as inp
}

# Emotion inference of customers (not at work or in education) is not 5(1)(f).
test_customer_emotion_inference_is_not_5_1_f if {
	inp := with_manifest({"risk_tier": "limited", "intended_deployment": "Infers the emotional state of customers calling the hotline."})
	not "ai-act-prohibited-practice" in ids(aiact.deny) with input as inp
}

test_each_screen_answer_true_is_prohibited if {
	every q, letter in {
		"manipulation": "(a)", "exploits_vulnerabilities": "(b)", "social_scoring": "(c)",
		"crime_prediction": "(d)", "facial_scraping": "(e)", "emotion_recognition_work_education": "(f)",
		"biometric_categorisation": "(g)", "realtime_remote_biometric_identification": "(h)",
	} {
		inp := with_manifest({"risk_tier": "high", "eu_ai_act": {"art5_screen": object.union(screen, {q: true})}})
		f := finding(aiact.deny, "ai-act-prohibited-practice") with input as inp
		contains(f.msg, sprintf("Art. 5(1)%s", [letter]))
	}
}

# Attack: the declared tier does not matter.
test_prohibited_whatever_the_declared_tier if {
	every t in ["minimal", "limited", "high"] {
		inp := with_manifest({"risk_tier": t, "eu_ai_act": {"art5_screen": object.union(screen, {"social_scoring": true})}})
		"ai-act-prohibited-practice" in ids(aiact.deny) with input as inp
	}
}

test_text_derived_practices if {
	every text in [
		"Builds a facial recognition database by untargeted scraping of facial images from social media.",
		"Computes a social score of residents from their behaviour.",
		"Categorises visitors by their biometric data to infer their religion.",
		"Uses subliminal audio cues to nudge purchases.",
	] {
		inp := with_manifest({"risk_tier": "limited", "intended_deployment": text})
		"ai-act-prohibited-practice" in ids(aiact.deny) with input as inp
	}
}

# One fact, one finding: the screen answer and the description of the same practice give one
# finding naming both.
test_screen_and_text_of_one_practice_give_one_finding if {
	inp := object.union(tb2, {"manifest": {"eu_ai_act": {"art5_screen": object.union(screen, {"emotion_recognition_work_education": true})}}})
	fs := [f | some f in aiact.deny; f.id == "ai-act-prohibited-practice"] with input as inp
	count(fs) == 1
}

test_prohibited_practice_outside_the_eu_is_not_this_rule if {
	inp := object.union(tb2, {"manifest": {"jurisdictions": ["US-CA"]}})
	not "ai-act-prohibited-practice" in ids(aiact.deny) with input as inp
}

# The Omnibus ban: non-consensual intimate imagery and CSAM generators (separate regime).
test_intimate_imagery_generator_is_prohibited_under_the_omnibus if {
	inp := with_manifest({"risk_tier": "limited", "eu_ai_act": {"art5_screen": object.union(screen, {"intimate_imagery": true})}})
	"ai-act-prohibited-intimate-imagery" in ids(aiact.deny) with input as inp
	not "ai-act-prohibited-practice" in ids(aiact.deny) with input as inp
	inp2 := with_manifest({"risk_tier": "limited", "intended_deployment": "A nudify app that generates undressed images of uploaded photos."})
	"ai-act-prohibited-intimate-imagery" in ids(aiact.deny) with input as inp2
}

# --- the Art. 5 screen itself -------------------------------------------------------------

test_screen_missing_at_high_is_denied if {
	inp := {"manifest": {"risk_tier": "high", "jurisdictions": ["EU"]}}
	"ai-act-prohibited-screen" in ids(aiact.deny) with input as inp
}

# Attack: declare limited and leave the screen out; the Annex III description still asks for it.
test_screen_missing_when_annex_iii_terms_appear if {
	inp := {"manifest": {"risk_tier": "limited", "jurisdictions": ["EU"], "intended_deployment": "Scores creditworthiness of consumers."}}
	"ai-act-prohibited-screen" in ids(aiact.deny) with input as inp
}

test_incomplete_screen_is_denied if {
	every gap in [
		object.remove(screen, ["social_scoring"]),
		object.remove(screen, ["reviewer"]),
		object.union(screen, {"date": "soon"}),
		object.union(screen, {"manipulation": "no"}),
	] {
		inp := {"manifest": {"risk_tier": "high", "jurisdictions": ["EU"], "eu_ai_act": {"art5_screen": gap}}}
		"ai-act-prohibited-screen" in ids(aiact.deny) with input as inp
	}
}

test_complete_screen_passes_and_limited_without_annex_iii_needs_none if {
	not "ai-act-prohibited-screen" in ids(aiact.deny) with input as with_manifest({"risk_tier": "high"})
	not "ai-act-prohibited-screen" in ids(aiact.deny) with input as {"manifest": {"risk_tier": "limited", "jurisdictions": ["EU"], "intended_deployment": "Summarises help-centre articles."}}
}

# --- Art. 50 transparency -----------------------------------------------------------------

# TB3: a chat assistant with no structured disclosure.
tb3 := {
	"manifest": {"risk_tier": "limited", "jurisdictions": ["EU"], "intended_deployment": "Answers customer questions in the Example Bank help-centre chat."},
	"model": {"pipeline_tag": "text-generation", "tags": ["customer-support", "chat"]},
}

disclosed := {"manifest": {"transparency": {
	"interacts_with_natural_persons": true,
	"ai_disclosure": "Every chat opens with 'You are chatting with an AI assistant'.",
	"generates_synthetic_content": true,
	"output_marking": {"method": "metadata", "detection": "X-AI-Generated header of the chat API"},
}}}

test_tb3_undisclosed_chatbot_is_denied if {
	f := finding(aiact.deny, "ai-act-art50-interaction-disclosure") with input as tb3
	contains(f.msg, "pipeline tag text-generation")
	contains(f.msg, "answers customer questions")
	# The tag and the words each suffice.
	"ai-act-art50-interaction-disclosure" in ids(aiact.deny) with input as object.union(tb3, {"manifest": {"intended_deployment": "Help-centre chat."}, "model": {"pipeline_tag": "", "tags": []}})
}

test_disclosed_chatbot_passes if {
	inp := object.union(tb3, disclosed)
	count(aiact.deny) == 0 with input as inp
	count(aiact.warn) == 0 with input as inp
}

# Attack: a disclosure claimed in the manifest that the card itself contradicts.
test_disclosure_contradicted_by_the_card_is_denied if {
	card := {"sections": {"intended_use": {"text": "The assistant introduces itself as Anna from the support team and is not labelled as an AI."}}}
	inp := object.union(object.union(tb3, disclosed), {"model": card})
	f := finding(aiact.deny, "ai-act-art50-interaction-disclosure") with input as inp
	contains(f.msg, "not labelled as an ai")
	# One finding when nothing is disclosed either.
	fs := [g | some g in aiact.deny; g.id == "ai-act-art50-interaction-disclosure"] with input as object.union(tb3, {"model": card})
	count(fs) == 1
}

# Attack: the flag says "does not interact" but the description is a chat; the text wins.
test_interacts_false_does_not_hide_a_chat if {
	inp := object.union(tb3, {"manifest": {"transparency": {"interacts_with_natural_persons": false}}})
	"ai-act-art50-interaction-disclosure" in ids(aiact.deny) with input as inp
}

test_interaction_from_the_flag_alone if {
	inp := with_manifest({"risk_tier": "minimal", "intended_deployment": "Voice menu.", "transparency": {"interacts_with_natural_persons": true}})
	"ai-act-art50-interaction-disclosure" in ids(aiact.deny) with input as inp
}

# A bare text-generation tag counts unless the release states it does not interact.
test_text_generation_tag_counts_unless_stated_otherwise if {
	inp := {"manifest": {"risk_tier": "minimal", "jurisdictions": ["EU"], "intended_deployment": "Drafts product descriptions for the web shop team.", "transparency": {"generates_synthetic_content": true, "output_marking": {"method": "metadata", "detection": "https://shop.example/verify"}}}, "model": {"pipeline_tag": "text-generation"}}
	"ai-act-art50-interaction-disclosure" in ids(aiact.deny) with input as inp
	no := object.union(inp, {"manifest": {"transparency": {"interacts_with_natural_persons": false}}})
	not "ai-act-art50-interaction-disclosure" in ids(aiact.deny) with input as no
}

test_obvious_from_context_passes if {
	inp := object.union(tb3, {"manifest": {"transparency": {
		"obvious_from_context": "A code assistant inside the IDE used only by the bank's software engineers, labelled Copilot.",
		"generates_synthetic_content": true,
		"output_marking": {"method": "metadata", "detection": "API response field ai_generated"},
	}}})
	not "ai-act-art50-interaction-disclosure" in ids(aiact.deny) with input as inp
	blank := object.union(tb3, {"manifest": {"transparency": {"obvious_from_context": "n/a"}}})
	"ai-act-art50-interaction-disclosure" in ids(aiact.deny) with input as blank
}

test_criminal_law_exemption_unless_public_reporting if {
	auth := {"criminal_law_authorisation": "Police Act s. 12"}
	not "ai-act-art50-interaction-disclosure" in ids(aiact.deny) with input as object.union(tb3, {"manifest": {"transparency": auth}})
	public := object.union(auth, {"public_crime_reporting": true})
	"ai-act-art50-interaction-disclosure" in ids(aiact.deny) with input as object.union(tb3, {"manifest": {"transparency": public}})
}

# Art. 50 applies at every tier, including high (Art. 50(6)).
test_art50_applies_at_high_too if {
	inp := object.union(tb3, {"manifest": {"risk_tier": "high", "eu_ai_act": {"art5_screen": screen}}})
	"ai-act-art50-interaction-disclosure" in ids(aiact.deny) with input as inp
}

test_art50_outside_the_eu_is_not_checked if {
	inp := object.union(tb3, {"manifest": {"jurisdictions": ["US-CA"]}})
	count(aiact.deny) == 0 with input as inp
}

image_gen := with_manifest({"risk_tier": "limited", "intended_deployment": "Generates product photos for the web shop from text prompts."})

image_model := object.union(image_gen, {"model": {"pipeline_tag": "text-to-image"}})

test_generative_model_without_marking_is_denied if {
	"ai-act-art50-output-marking" in ids(aiact.deny) with input as image_model
	flag := object.union(image_gen, {"manifest": {"transparency": {"generates_synthetic_content": true}}})
	"ai-act-art50-output-marking" in ids(aiact.deny) with input as flag
}

test_marking_with_method_and_detection_passes if {
	inp := object.union(image_model, {"manifest": {"transparency": {"output_marking": {"method": "c2pa", "detection": "https://verify.example"}}}})
	not "ai-act-art50-output-marking" in ids(aiact.deny) with input as inp
}

# Attack: a marking "method" that is no marking, or no way to detect it.
test_marking_must_be_a_known_method_and_detectable if {
	every m in [{"method": "none", "detection": "x"}, {"method": "c2pa"}, {"method": "c2pa", "detection": "TODO"}] {
		inp := object.union(image_model, {"manifest": {"transparency": {"output_marking": m}}})
		"ai-act-art50-output-marking" in ids(aiact.deny) with input as inp
	}
}

# Attack: "does not generate" contradicted by a generative pipeline tag.
test_generates_false_does_not_hide_a_generative_pipeline if {
	inp := object.union(image_model, {"manifest": {"transparency": {"generates_synthetic_content": false}}})
	"ai-act-art50-output-marking" in ids(aiact.deny) with input as inp
}

test_marking_exemptions_of_the_law if {
	ok := {"marking_exemption": "standard_editing", "marking_exemption_reason": "Only corrects spelling and grammar of the agent's own draft."}
	not "ai-act-art50-output-marking" in ids(aiact.deny) with input as object.union(image_model, {"manifest": {"transparency": ok}})
	no_reason := {"marking_exemption": "standard_editing"}
	"ai-act-art50-output-marking" in ids(aiact.deny) with input as object.union(image_model, {"manifest": {"transparency": no_reason}})
	unknown := {"marking_exemption": "low_volume", "marking_exemption_reason": "few users"}
	"ai-act-art50-output-marking" in ids(aiact.deny) with input as object.union(image_model, {"manifest": {"transparency": unknown}})
}

# Systems on the market before 2 Aug 2026 have until 2 Dec 2026 (Digital Omnibus): a warning
# until then, a deny after.
test_legacy_system_marking_grace if {
	legacy := object.union(image_model, {"manifest": {"transparency": {"on_market_since": "2025-03-01"}}})
	before := object.union(legacy, {"context": {"now": "2026-11-29T12:00:00Z"}})
	not "ai-act-art50-output-marking" in ids(aiact.deny) with input as before
	"ai-act-art50-output-marking-legacy" in ids(aiact.warn) with input as before
	after := object.union(legacy, {"context": {"now": "2026-12-02T00:00:00Z"}})
	"ai-act-art50-output-marking" in ids(aiact.deny) with input as after
	new := object.union(image_model, {"manifest": {"transparency": {"on_market_since": "2026-09-01"}}, "context": {"now": "2026-11-29T12:00:00Z"}})
	"ai-act-art50-output-marking" in ids(aiact.deny) with input as new
}

test_deepfake_without_disclosure_is_denied if {
	inp := with_manifest({"risk_tier": "limited", "intended_deployment": "Face swap of actors for dubbed trailers.", "transparency": {"generates_synthetic_content": true, "output_marking": {"method": "watermark", "detection": "https://verify.example"}}})
	"ai-act-art50-deepfake-disclosure" in ids(aiact.deny) with input as inp
	flag := with_manifest({"risk_tier": "limited", "transparency": {"deepfake": true}})
	"ai-act-art50-deepfake-disclosure" in ids(aiact.deny) with input as flag
	ok := object.union(inp, {"manifest": {"transparency": {"deepfake_disclosure": "Every trailer carries the label 'AI-generated face' in its opening frames."}}})
	not "ai-act-art50-deepfake-disclosure" in ids(aiact.deny) with input as ok
}

test_public_interest_text_needs_disclosure_or_editorial_control if {
	inp := with_manifest({"risk_tier": "limited", "transparency": {"public_interest_text": true}})
	"ai-act-art50-deepfake-disclosure" in ids(aiact.deny) with input as inp
	edited := with_manifest({"risk_tier": "limited", "transparency": {"public_interest_text": true, "editorial_control": "Every article is reviewed by the duty editor, who holds editorial responsibility."}})
	not "ai-act-art50-deepfake-disclosure" in ids(aiact.deny) with input as edited
}

# 50(4) binds deployers: a provider-only release is not asked for it.
test_deepfake_disclosure_is_a_deployer_duty if {
	inp := with_manifest({"risk_tier": "limited", "transparency": {"deepfake": true}, "eu_ai_act": {"role": "provider", "art5_screen": screen}})
	not "ai-act-art50-deepfake-disclosure" in ids(aiact.deny) with input as inp
}

test_emotion_recognition_needs_notice if {
	inp := with_manifest({"risk_tier": "high", "intended_deployment": "Emotion recognition of shoppers at the store entrance."})
	"ai-act-art50-emotion-biocat-notice" in ids(aiact.deny) with input as inp
	flag := with_manifest({"risk_tier": "high", "transparency": {"emotion_recognition_or_biometric_categorisation": true}})
	"ai-act-art50-emotion-biocat-notice" in ids(aiact.deny) with input as flag
	ok := with_manifest({"risk_tier": "high", "transparency": {"emotion_recognition_or_biometric_categorisation": true, "exposed_persons_informed": "Signs at every entrance and a notice on the website."}})
	not "ai-act-art50-emotion-biocat-notice" in ids(aiact.deny) with input as ok
}

# TB2 also owes the 50(3) notice, but the prohibition is what blocks it.
test_tb2_also_lacks_the_notice if {
	"ai-act-art50-emotion-biocat-notice" in ids(aiact.deny) with input as tb2
}

# --- red-team attacks on the use text, the scope and the derogation -------------------------

limited_with(text) := with_manifest({"risk_tier": "limited", "intended_deployment": text})

# Attack: the term spelled around the match with characters a reader does not see or that look
# like Latin ones (zero-width space, soft hyphen, Cyrillic, fullwidth), or split by a line
# break, a no-break space or several spaces.
test_spelled_around_terms_still_derive_high if {
	every text in [
		"Cre\u200bdit scoring of applications",
		"Cred\u00adit scoring of applications",
		"\u0421redit sc\u043ering of applications",
		"\uff23\uff32\uff25\uff24\uff29\uff34 scoring of applications",
		"Credit\nscoring of applications",
		"Credit\u00a0scoring of applications",
		"Credit  \t scoring of applications",
		"Credit\u2011scoring of applications",
	] {
		f := finding(aiact.deny, "ai-act-tier-understated") with input as limited_with(text)
		contains(f.msg, "Annex III(5)")
	}
	not "ai-act-tier-understated" in ids(aiact.deny) with input as limited_with("Sorts scanned letters by department.")
}

test_spelled_around_prohibited_practice_is_found if {
	inp := limited_with("Infers the emo\u200btional\nstate of call-centre agents")
	f := finding(aiact.deny, "ai-act-prohibited-practice") with input as inp
	f.target == "Art. 5(1)(f)"
}

# Attack: Annex III wording outside the first term lists.
test_other_wordings_of_annex_iii_uses if {
	every text in ["Decides which loan applicants are approved.", "Shortlists candidates for open positions."] {
		"ai-act-tier-understated" in ids(aiact.deny) with input as limited_with(text)
	}
	"ai-act-prohibited-practice" in ids(aiact.deny) with input as limited_with("Computes a trustworthiness score for citizens.")
	"ai-act-prohibited-intimate-imagery" in ids(aiact.deny) with input as limited_with("Removes clothing from photos of real people.")
}

# Attack: the EU spelled around the jurisdiction list. Only an ISO 3166 code of a country
# outside it takes a release out of the AI Act's reach.
test_jurisdictions_spelled_around_the_list_are_the_eu if {
	every js in [["eu"], ["E.U."], ["Europe"], ["DE "], ["de", "US-CA"], ["Germany"], ["EU-DE"], ["EU27"], ["gr"], [""]] {
		inp := {"manifest": {"risk_tier": "limited", "jurisdictions": js, "intended_deployment": "Screens CVs of job applicants."}}
		"ai-act-tier-understated" in ids(aiact.deny) with input as inp
	}
	every js in [["US"], ["us-ca", "UK"], ["CH", "JP"]] {
		inp := {"manifest": {"risk_tier": "limited", "jurisdictions": js, "intended_deployment": "Screens CVs of job applicants."}}
		count(aiact.deny) == 0 with input as inp
	}
}

credit_derogation := with_manifest({
	"risk_tier": "limited",
	"intended_deployment": "Pre-screens consumer loan applications for underwriters.",
	"eu_ai_act": {"annex_iii": "5(b)", "art6_3": derogation, "profiling": false},
})

# Attack: a derogation with profiling stated false by a release whose own evidence says it
# profiles: a datasheet used for profiling, a description of scoring people, or decisions taken
# without a human.
test_art6_3_profiling_false_contradicted_by_the_evidence if {
	not "ai-act-tier-understated" in ids(aiact.deny) with input as credit_derogation
	profiled := object.union(credit_derogation, {"datasets": [{"name": "loans", "personal_data": {"profiling": true}}]})
	f := finding(aiact.deny, "ai-act-tier-understated") with input as profiled
	contains(f.msg, "dataset loans states it is used for profiling")
	scored := object.union(credit_derogation, {"manifest": {"intended_deployment": "Scores consumer loan applications."}})
	g := finding(aiact.deny, "ai-act-tier-understated") with input as scored
	contains(g.msg, "the release describes profiling")
	automated := object.union(credit_derogation, {"manifest": {"automated_decisions": {"solely_automated": true, "legal_or_similar_effect": true}}})
	h := finding(aiact.deny, "ai-act-tier-understated") with input as automated
	contains(h.msg, "without meaningful human involvement")
	# "does not score or rank applicants" is not a description of profiling.
	negated := object.union(credit_derogation, {"manifest": {"intended_deployment": "Checks loan application files are complete; it does not score or rank applicants."}})
	not "ai-act-tier-understated" in ids(aiact.deny) with input as negated
}

# Attack: a pipeline tag in another case or with "_" escapes the Art. 50 tag lists.
test_pipeline_tag_spelling_does_not_hide_a_chat_model if {
	every tag in ["Text-Generation", "text_generation", " CONVERSATIONAL "] {
		inp := object.union(with_manifest({"risk_tier": "limited"}), {"model": {"pipeline_tag": tag}})
		"ai-act-art50-interaction-disclosure" in ids(aiact.deny) with input as inp
		"ai-act-art50-output-marking" in ids(aiact.deny) with input as inp
	}
	every tag in ["translation", "image-to-text"] {
		inp := object.union(with_manifest({"risk_tier": "limited"}), {"model": {"pipeline_tag": tag}})
		"ai-act-art50-output-marking" in ids(aiact.deny) with input as inp
	}
}
