# EU AI Act risk classification: the risk tier a release declares is the switch that turns most
# obligations of the other areas on or off, so a tier below what the release itself says it
# does is a finding (Art. 6(2) and Annex III; Art. 6(3) lets a provider show that an Annex III
# system is not high-risk, which is a documented assessment, not a lower tier written down).
package modelgate.aiact

import data.modelgate.lib

# Parameters (override under data.modelgate.params.aiact).
default_params := {
	# Terms that place a use in an Annex III area, per point of the Annex. Matched in lower case
	# at the start of a word in the manifest's intendedDeployment and the model card's tags and
	# pipeline tag.
	"annex_iii_terms": {
		"1 biometrics": ["biometric", "face recognition", "facial recognition", "emotion recognition", "remote identification", "speaker identification"],
		"2 critical infrastructure": ["critical infrastructure", "power grid", "electricity supply", "water supply", "gas supply", "heating supply", "road traffic"],
		"3 education and vocational training": ["student admission", "admission to education", "exam proctoring", "proctoring", "grading students", "student assessment", "learning outcome"],
		"4 employment and workers management": ["recruitment", "recruiting", "hiring", "job applicant", "job application", "candidate screening", "cv screening", "resume screening", "promotion decision", "termination of employment", "worker monitoring", "employee monitoring", "task allocation"],
		"5 essential private and public services": ["creditworth", "credit scor", "credit risk", "credit decision", "loan application", "consumer loan", "mortgage", "life insurance", "health insurance", "insurance pricing", "public assistance", "social benefit", "welfare benefit", "emergency call", "emergency dispatch", "patient triage"],
		"6 law enforcement": ["law enforcement", "predictive policing", "recidivism", "crime prediction", "polygraph", "criminal offence"],
		"7 migration, asylum and border control": ["asylum", "visa application", "border control", "residence permit", "migration risk"],
		"8 administration of justice and democratic processes": ["judicial", "court decision", "sentencing", "election", "voting behaviour"],
	},
}

p := lib.area_params("aiact", default_params)

tiers_below_high := {"minimal", "limited"}

# What the release says it is for, in lower case.
use_text := lower(concat(" ", array.concat(
	[object.get(input.manifest, "intended_deployment", "")],
	array.concat(object.get(object.get(input, "model", {}), "tags", []), [object.get(object.get(input, "model", {}), "pipeline_tag", "")]),
)))

# Annex III points whose terms the release's own description uses, with the term.
annex_iii_hits contains [area, term] if {
	some area, terms in p.annex_iii_terms
	some term in terms
	regex.match(sprintf(`(^|[^a-z0-9])%s`, [regex.replace(lower(term), `[.*+?()|\[\]{}^$\\]`, `\$0`)]), use_text)
}

# METADATA
# title: The risk tier is not below what the release says it does
# description: A release whose intended deployment or card places it in an EU AI Act Annex III area (credit scoring, recruitment, biometrics, ...) is high-risk under Art. 6(2); declaring riskTier minimal or limited switches off the high-risk obligations that every other area enforces.
# custom:
#   id: aiact-tier-understated
#   severity: high
#   controls: ["EU AI Act Art. 6(2)", "EU AI Act Annex III", "EU AI Act Art. 6(4)"]
#   remediation: Declare spec.riskTier high. If the system falls under Art. 6(3) (it poses no significant risk of harm), document that assessment before release as Art. 6(4) requires, register it (Art. 49(2)), and waive this finding with a reference to the assessment.
deny contains f if {
	input.manifest.risk_tier in tiers_below_high
	count(annex_iii_hits) > 0
	areas := sort({sprintf("Annex III(%s) (\"%s\")", [split(h[0], " ")[0], h[1]]) | some h in annex_iii_hits})
	f := {
		"id": "aiact-tier-understated",
		"msg": sprintf("risk tier %s is declared, but the release describes a use in %s: high-risk under EU AI Act Art. 6(2)", [input.manifest.risk_tier, concat(", ", areas)]),
		"file": lib.manifest_file,
		"target": input.manifest.risk_tier,
	}
}

# METADATA
# title: Decisions with legal effect are not minimal risk
# description: A release that takes decisions producing legal or similarly significant effects on people (GDPR Art. 22) while declaring riskTier minimal claims it needs no safeguards at all; such systems are at least subject to transparency and usually high-risk.
# custom:
#   id: aiact-tier-legal-effect
#   severity: medium
#   controls: ["EU AI Act Art. 6(2)", "GDPR Art. 22(1)"]
#   remediation: Assess the risk tier again (Art. 6 and Annex III) and declare it; a system that decides about people with legal or similar effect is rarely minimal risk.
warn contains f if {
	input.manifest.risk_tier == "minimal"
	input.manifest.automated_decisions.legal_or_similar_effect == true
	f := {
		"id": "aiact-tier-legal-effect",
		"msg": "risk tier minimal is declared for a system whose decisions have legal or similarly significant effects on people",
		"file": lib.manifest_file,
		"target": "minimal",
	}
}
