package modelgate.aiact_test

import data.modelgate.aiact

ids(findings) := {f.id | some f in findings}

credit := {"manifest": {
	"risk_tier": "minimal",
	"intended_deployment": "Scores consumer loan applications for human underwriters.",
	"automated_decisions": {"solely_automated": false, "legal_or_similar_effect": true},
}}

# Review finding 10: a credit scorer that declares itself minimal risk.
test_credit_scorer_declared_minimal_is_denied if {
	some f in aiact.deny with input as credit
	f.id == "aiact-tier-understated"
	contains(f.msg, "Annex III(5)")
	"aiact-tier-legal-effect" in ids(aiact.warn) with input as credit
}

test_declared_high_passes if {
	inp := object.union(credit, {"manifest": {"risk_tier": "high"}})
	count(aiact.deny) == 0 with input as inp
	count(aiact.warn) == 0 with input as inp
}

test_limited_tier_in_annex_iii_area_is_denied if {
	inp := {"manifest": {"risk_tier": "limited", "intended_deployment": "Screens CVs of job applicants."}}
	"aiact-tier-understated" in ids(aiact.deny) with input as inp
}

test_card_tags_count if {
	inp := {"manifest": {"risk_tier": "limited"}, "model": {"tags": ["face-recognition", "biometric-identification"]}}
	"aiact-tier-understated" in ids(aiact.deny) with input as inp
}

# Terms match at the start of a word only: "election" is not found in "selection".
test_terms_match_whole_words if {
	inp := {"manifest": {"risk_tier": "limited", "intended_deployment": "Helps with product selection and answers customer questions."}}
	count(aiact.deny) == 0 with input as inp
}

test_chat_assistant_is_not_annex_iii if {
	inp := {"manifest": {"risk_tier": "limited", "intended_deployment": "Answers customer questions in the Example Bank help-centre chat and hands over to a human agent."}}
	count(aiact.deny) == 0 with input as inp
}

test_terms_are_a_parameter if {
	inp := {"manifest": {"risk_tier": "limited", "intended_deployment": "Ranks tenants for rental flats."}}
	count(aiact.deny) == 0 with input as inp
	"aiact-tier-understated" in ids(aiact.deny) with input as inp
		with data.modelgate.params.aiact.annex_iii_terms as {"5 housing": ["tenant"]}
}

test_minimal_without_legal_effect_does_not_warn if {
	inp := {"manifest": {"risk_tier": "minimal", "automated_decisions": {"solely_automated": false, "legal_or_similar_effect": false}}}
	count(aiact.warn) == 0 with input as inp
}
