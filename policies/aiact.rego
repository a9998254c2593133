# EU AI Act (Regulation (EU) 2024/1689): the classification of the release (Art. 6, Annex I and
# III), the practices Art. 5 prohibits, and the Art. 50 transparency duties. The minimum tier
# derived here (`minimum_tier`) raises `lib.tier`, so every other area applies its rules at the
# tier the law gives the release, not only the one its author declares. Every rule applies only
# where the AI Act reaches the release: its jurisdictions name the EU or a member state
# (params.aiact.jurisdictions), or it names none.
package modelgate.aiact

import data.modelgate.lib

# Parameters (override under data.modelgate.params.aiact).
default_params := {
	# Jurisdictions (manifest spec.jurisdictions, ISO 3166 codes) where the AI Act applies. A
	# release that states no jurisdiction, or one not spelled as an ISO 3166 code of a country
	# outside this list, is judged as placed on the Union market (fail closed, lib.placed_in).
	"jurisdictions": [
		"EU", "EEA", "EL", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
		"HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES",
		"SE", "IS", "LI", "NO",
	],
	# Model card sections (canonical ids) that state what the release is for. Out-of-scope
	# sections are not read: "not for hiring" must not make a release a hiring tool. Nor is the
	# model description: it describes training data in the same words as uses ("tuned on loan
	# application narratives").
	"use_sections": ["intended_use"],
	# Terms that place a use in an Annex III area, per point of the Annex. Matched in lower case
	# at the start of a word in the release's use text: spec.intendedDeployment, the card's
	# use_sections, tags and pipeline tag ("-" and "_" read as spaces). They raise the tier even
	# when spec.euAiAct is silent or says annexIII: none.
	"annex_iii_terms": {
		"1 biometrics": ["biometric", "face recognition", "facial recognition", "emotion recognition", "emotional state", "emotion detect", "infer emotion", "infers emotion", "detects emotion", "remote identification", "speaker identification"],
		"2 critical infrastructure": ["critical infrastructure", "power grid", "electricity supply", "water supply", "gas supply", "heating supply", "road traffic"],
		"3 education and vocational training": ["student admission", "admission to education", "education admission", "exam proctoring", "proctoring", "grading students", "student assessment", "learning outcome"],
		"4 employment and workers management": ["recruitment", "recruiting", "hiring", "job applicant", "job application", "job candidate", "open position", "shortlist", "candidate screening", "cv screening", "resume screening", "promotion decision", "termination of employment", "worker monitoring", "employee monitoring", "task allocation"],
		"5 essential private and public services": ["creditworth", "credit scor", "credit risk", "credit decision", "credit application", "credit applicant", "credit limit", "loan application", "loan applicant", "loan approval", "lending decision", "consumer loan", "mortgage", "life insurance", "health insurance", "insurance pricing", "public assistance", "social benefit", "welfare benefit", "emergency call", "emergency dispatch", "patient triage"],
		"6 law enforcement": ["law enforcement", "predictive policing", "recidivism", "crime prediction", "polygraph", "criminal offence"],
		"7 migration, asylum and border control": ["asylum", "visa application", "border control", "residence permit", "migration risk"],
		"8 administration of justice and democratic processes": ["judicial", "court decision", "sentencing", "election", "voting behaviour"],
	},
	# Terms of the use text that describe profiling (GDPR Art. 4(4): "automated processing of
	# personal data ... to evaluate certain personal aspects ..., in particular to analyse or
	# predict ... economic situation, ... reliability, behaviour"), which rules out the Art. 6(3)
	# derogation. Third person only: "it does not score or rank applicants" is not profiling.
	"profiling_terms": ["profiling", "profiles applicant", "profiles customer", "profiles user", "credit scor", "creditworth", "scores applica", "scores loan", "scores consumer", "scores customer", "scores candidate", "ranks applica", "ranks candidate", "risk scor", "probability of default", "default probability", "personality"],
	# The conditions of Art. 6(3), second subparagraph, as written in euAiAct.art6_3.condition.
	"art6_3_conditions": ["a", "b", "c", "d"],
	# The Art. 5(1) screen: the question (euAiAct.art5Screen key) for each point.
	"art5_questions": {
		"manipulation": "a",
		"exploits_vulnerabilities": "b",
		"social_scoring": "c",
		"crime_prediction": "d",
		"facial_scraping": "e",
		"emotion_recognition_work_education": "f",
		"biometric_categorisation": "g",
		"realtime_remote_biometric_identification": "h",
	},
	# What each Art. 5(1) point covers, for the findings.
	"art5_practices": {
		"a": "subliminal, manipulative or deceptive techniques that materially distort behaviour",
		"b": "exploiting vulnerabilities due to age, disability or a social or economic situation",
		"c": "social scoring leading to detrimental or unfavourable treatment",
		"d": "predicting criminal offences based solely on profiling or personality traits",
		"e": "facial recognition databases built by untargeted scraping of facial images",
		"f": "inferring emotions of natural persons in the workplace or in education institutions",
		"g": "biometric categorisation to deduce race, political opinions, trade union membership, religious or philosophical beliefs, sex life or sexual orientation",
		"h": "real-time remote biometric identification in publicly accessible spaces for law enforcement",
	},
	# Art. 5(1) practices recognised in the use text: per point, groups of terms; the text must
	# mention a term of every group. Points (b) and (d) are left to the screen: their words
	# ("exploit", "vulnerability", "crime risk") are too common in lawful releases.
	"art5_text": {
		"a": [["subliminal"]],
		"c": [["social scor", "social credit", "citizen scor", "trustworthiness scor"]],
		"e": [["scrap"], ["facial", "face"]],
		"f": [
			["emotional state", "emotion recogni", "emotion detect", "emotion analy", "emotion inference", "infer emotion", "infers emotion", "inferring emotion", "detect emotion", "detects emotion", "recognise emotion", "recognises emotion", "recognize emotion", "recognizes emotion", "mood", "affective state", "stress level", "frustration level"],
			["employee", "worker", "workforce", "workplace", "staff member", "call centre agent", "call center agent", "job candidate", "job interview", "student", "pupil", "learner", "classroom", "school", "exam candidate"],
		],
		"g": [["biometric"], ["race", "racial", "ethnic", "political", "trade union", "religio", "sex life", "sexual orientation"]],
		"h": [["real time remote biometric identification", "live facial recognition"], ["law enforcement", "police", "public space", "publicly accessible"]],
	},
	# The ban the Digital Omnibus on AI adds to Art. 5 (review §0: adopted June 2026, applies
	# from 2 Dec 2026; Official Journal reference unverified): generators of non-consensual
	# intimate imagery and child sexual abuse material. Term groups as for art5_text.
	"omnibus_intimate_imagery_text": [
		["nudif", "undress", "remove clothing", "removes clothing", "removing clothing", "deepnude", "deep nude", "non consensual intimate", "nonconsensual intimate", "sexual abuse material", "csam"],
		["generat", "synthes", "creat", "manipulat", "app", "photo", "image", "picture", "video"],
	],
	# Art. 50(1): pipeline tags and terms of the use text that make a system one "intended to
	# interact directly with natural persons". A tag in interaction_pipeline_tags or a term
	# counts whatever transparency.interactsWithNaturalPersons says; a tag in
	# possibly_interactive_pipeline_tags counts unless the manifest states false.
	"interaction_pipeline_tags": ["conversational"],
	"possibly_interactive_pipeline_tags": ["text-generation", "text2text-generation", "image-text-to-text", "visual-question-answering", "question-answering"],
	"interaction_terms": ["chat", "conversational", "virtual assistant", "voice assistant", "digital assistant", "ai assistant", "virtual agent", "voicebot", "voice bot", "dialogue system", "answers customer questions", "talks to", "talks with", "speaks with"],
	# Phrases of the use text that contradict a stated disclosure: the card says the system
	# passes itself off as a human. They make the disclosure finding fire whatever
	# transparency.aiDisclosure or obviousFromContext say.
	"nondisclosure_terms": ["not labelled as an ai", "not labeled as an ai", "not disclosed as an ai", "poses as a human", "posing as a human", "pretends to be a human", "pretending to be a human", "without revealing that it is an ai"],
	# Art. 50(2): pipeline tags of systems "generating synthetic audio, image, video or text
	# content".
	"generative_pipeline_tags": [
		"text-generation", "text2text-generation", "conversational", "image-text-to-text", "summarization",
		"text-to-image", "image-to-image", "unconditional-image-generation", "image-to-video", "text-to-video",
		"text-to-speech", "text-to-audio", "audio-to-audio", "any-to-any", "translation", "image-to-text",
		"audio-text-to-text", "video-text-to-text",
	],
	# Marking techniques accepted in transparency.outputMarking.method ("marked in a
	# machine-readable format and detectable").
	"marking_methods": ["c2pa", "content_credentials", "watermark", "metadata", "fingerprint", "iptc"],
	# The Art. 50(2) exceptions, as written in transparency.markingExemption.
	"marking_exemptions": ["standard_editing", "no_substantial_alteration"],
	# Digital Omnibus on AI (review §0, adopted; Official Journal reference unverified): systems
	# placed on the market before `placed_before` have until `deadline` for Art. 50(2) marking.
	"marking_legacy": {"placed_before": "2026-08-02", "deadline": "2026-12-02"},
	# Art. 50(4): terms of the use text that describe deep fakes.
	"deepfake_terms": ["deepfake", "deep fake", "face swap", "faceswap", "voice clon", "lip sync", "face reenactment", "digital double"],
	# Art. 50(3): terms of the use text that describe emotion recognition or biometric
	# categorisation.
	"emotion_biocat_terms": ["emotional state", "emotion recogni", "emotion detect", "emotion analy", "emotion inference", "infer emotion", "infers emotion", "inferring emotion", "detect emotion", "detects emotion", "biometric categoris", "biometric categoriz"],
	# Look-alike letters of the use text and their Latin letters, applied after lower case:
	# fullwidth Latin, and the Cyrillic and Greek letters (small, or small forms of capitals) that
	# render like Latin ones (after the Unicode confusables list, UTS #39).
	"confusables": {
		"ａ": "a", "ｂ": "b", "ｃ": "c", "ｄ": "d", "ｅ": "e", "ｆ": "f", "ｇ": "g", "ｈ": "h", "ｉ": "i",
		"ｊ": "j", "ｋ": "k", "ｌ": "l", "ｍ": "m", "ｎ": "n", "ｏ": "o", "ｐ": "p", "ｑ": "q", "ｒ": "r",
		"ｓ": "s", "ｔ": "t", "ｕ": "u", "ｖ": "v", "ｗ": "w", "ｘ": "x", "ｙ": "y", "ｚ": "z", "０": "0",
		"１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7", "８": "8", "９": "9",
		"а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "і": "i", "ї": "i", "ј": "j", "к": "k",
		"м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
		"һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ү": "y", "ɡ": "g", "α": "a", "β": "b",
		"ε": "e", "ζ": "z", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v", "ο": "o", "ρ": "p",
		"τ": "t", "υ": "u", "χ": "x", "ı": "i", "ℓ": "l",
	},
	# Values that state nothing (compared in lower case after trimming).
	"placeholders": ["", "-", "?", "n/a", "na", "none", "null", "tbd", "todo", "unknown", "[more information needed]"],
}

p := lib.area_params("aiact", default_params)

tiers_below_high := {"minimal", "limited"}

manifest := object.get(input, "manifest", {})

eu := object.get(manifest, "eu_ai_act", {})

screen := object.get(eu, "art5_screen", {})

tr := object.get(manifest, "transparency", {})

# True when a manifest value says something: a string that is not blank or a placeholder.
stated(x) if {
	is_string(x)
	not lower(trim_space(x)) in p.placeholders
}

# A YYYY-MM-DD date.
dated(x) if {
	is_string(x)
	regex.match(`^\d{4}-\d{2}-\d{2}$`, x)
}

# Where the AI Act reaches the release: a jurisdiction not recognisably outside
# params.aiact.jurisdictions ("de", "E.U." and "Europe" are inside), or none stated.
ai_act_applies if lib.placed_in(p.jurisdictions)

# The obligations of deployers (Art. 50(3), (4)) bind unless the organisation is only the
# provider.
deployer if object.get(eu, "role", "") != "provider"

# --- the release's own description --------------------------------------------------------

# The text the rules match, folded so that spelling around a term fails: lower case, invisible
# characters removed (soft hyphen, zero-width spaces and joiners, bidi controls, variation
# selectors: they render as nothing), look-alike letters (params.aiact.confusables) mapped to
# Latin ones, and every run of whitespace, hyphens, dashes, "_" and "/" one space. The loader
# does not fold card text (src/text.rs is applied to file names and licences only), so this is
# done here.
normalise(s) := fold_spaces(lower(s)) if regex.match(`^[\x{0000}-\x{007F}]*$`, s)

# Text beyond ASCII (the common case is ASCII, where there is nothing to fold and the
# confusables table would cost a replacement pass per entry).
normalise(s) := fold_spaces(strings.replace_n(p.confusables, regex.replace(lower(s), invisible_chars, ""))) if not regex.match(`^[\x{0000}-\x{007F}]*$`, s)

fold_spaces(s) := regex.replace(
	s,
	`[-_/\s\x{0085}\x{00A0}\x{1680}\x{2000}-\x{200A}\x{2010}-\x{2015}\x{2028}\x{2029}\x{202F}\x{205F}\x{2212}\x{3000}]+`,
	" ",
)

invisible_chars := `[\x{00AD}\x{034F}\x{061C}\x{115F}\x{1160}\x{17B4}\x{17B5}\x{180B}-\x{180F}\x{200B}-\x{200F}\x{202A}-\x{202E}\x{2060}-\x{206F}\x{3164}\x{FE00}-\x{FE0F}\x{FEFF}\x{FFA0}]`

card_use_texts contains s.text if {
	some id in p.use_sections
	s := input.model.sections[id]
	is_string(s.text)
}

# What the release says it is for: intended deployment, the card's use sections, tags and
# pipeline tag, lower case, hyphens and underscores as spaces.
use_text := normalise(concat(" ", array.concat(
	array.concat([object.get(manifest, "intended_deployment", "")], [t | some t in card_use_texts]),
	array.concat(
		[t | some t in object.get(object.get(input, "model", {}), "tags", []); is_string(t)],
		[object.get(object.get(input, "model", {}), "pipeline_tag", "")],
	),
)))

# The use text as words: every run of other characters than a-z and 0-9 is one space, and a
# space pads each end, so that a term matches at the start of a word by a substring search.
use_words := concat("", [" ", regex.replace(use_text, `[^a-z0-9]+`, " "), " "])

# The use text mentions `term` (a parameter: words in lower case) at the start of a word. A
# substring search rather than a regular expression per term: the terms are hundreds, and each
# pattern would be compiled on every evaluation.
mentions(term) if contains(use_words, concat("", [" ", term_words(term)]))

# A term in the same form. Terms are words of a-z and 0-9 ("-", "_" and "/" read as spaces);
# a term with other characters never matches, so keep parameters to these.
term_words(term) := trim_space(replace(replace(replace(lower(term), "-", " "), "_", " "), "/", " "))

# The first term of `terms` the use text mentions, if any.
mentioned(terms) := sort(mentioned_terms(terms))[0]

# The terms of `terms` the use text mentions. The terms are folded as term_words does in one
# pass over the joined list, not term by term: the lists hold hundreds of terms and each call
# costs the engine more than the folding. lower() maps a term alike inside the list (NUL is
# neither cased nor case-ignorable, so even a final sigma folds as at the end of a text). Term
# by term where the list cannot be folded so (a term that is no string or holds the separator).
mentioned_terms(terms) := [t | some i, t in list; contains(use_words, forms[i])] if {
	list := [t | some t in terms]
	forms := term_forms(list)
} else := [t | some t in terms; mentions(t)]

# Each term of the array `list` as mentions compares it: a space, then its term_words.
term_forms(list) := [concat("", [" ", trim_space(w)]) | some w in words] if {
	folded := replace(replace(replace(lower(concat("\u0000", list)), "-", " "), "_", " "), "/", " ")
	words := split(folded, "\u0000")
	count(words) == count(list)
}

# The use text mentions a term of every group; the terms found.
mentions_all(groups) := found if {
	found := [mentioned(g) | some g in groups]
	count(found) == count(groups)
}

# The card's pipeline tag in the Hugging Face spelling: lower case, "_" and spaces as "-"
# ("Text_Generation" is text-generation).
default pipeline_tag := ""

pipeline_tag := regex.replace(lower(trim_space(t)), `[\s_]+`, "-") if {
	t := input.model.pipeline_tag
	is_string(t)
}

# --- classification: Art. 6, Annex I, Annex III -------------------------------------------

declared_point := trim_space(eu.annex_iii) if {
	is_string(eu.annex_iii)
	trim_space(eu.annex_iii) != ""
}

annex_iii_declared if {
	declared_point
	lower(declared_point) != "none"
}

# The Annex III area (its first digit) of the declared point.
declared_area := regex.find_n(`[1-8]`, declared_point, 1)[0] if annex_iii_declared

# Annex III areas whose terms the use text mentions, with the term.
annex_iii_hits contains [split(area, " ")[0], term] if {
	some area, terms in p.annex_iii_terms
	term := mentioned(terms)
}

art6_3 := object.get(eu, "art6_3", {})

default art6_3_condition := ""

art6_3_condition := c if {
	stated(object.get(art6_3, "condition", null))
	c := regex.replace(lower(trim_space(art6_3.condition)), `^(6\(3\))?\(?([a-z])\)?$`, "$2")
}

# Why a claimed Art. 6(3) derogation does not hold.
derogation_gaps contains "the system performs profiling of natural persons (Art. 6(3), last subparagraph: \"shall always be considered to be high-risk\")" if eu.profiling == true

derogation_gaps contains "profiling of natural persons is not stated false (spec.euAiAct.profiling)" if object.get(eu, "profiling", null) == null

derogation_gaps contains sprintf("dataset %s states it is used for profiling (personalData.profiling), so the system profiles natural persons (Art. 6(3), last subparagraph)", [object.get(ds, "name", "?")]) if {
	some ds in object.get(input, "datasets", [])
	ds.personal_data.profiling == true
}

derogation_gaps contains sprintf("the release describes profiling (\"%s\")", [term]) if term := mentioned(p.profiling_terms)

derogation_gaps contains "the system takes decisions without meaningful human involvement (spec.automatedDecisions.solelyAutomated), so it materially influences their outcome (Art. 6(3), first subparagraph)" if manifest.automated_decisions.solely_automated == true

derogation_gaps contains sprintf("the condition is not one of Art. 6(3)(%s)", [concat(", ", p.art6_3_conditions)]) if not art6_3_condition in p.art6_3_conditions

derogation_gaps contains "no assessment documented before release is referenced (Art. 6(4))" if not stated(object.get(art6_3, "assessment", null))

derogation_claimed if count(art6_3) > 0

derogation_valid if {
	annex_iii_declared
	derogation_claimed
	count(derogation_gaps) == 0
	not eu.annex_i == true
}

# Why the release is high-risk, whatever it declares.
high_reasons contains "it is, or is a safety component of, a product under the Union harmonisation legislation of Annex I (Art. 6(1); Art. 6(3) does not apply to it)" if eu.annex_i == true

high_reasons contains sprintf("Annex III(%s) is declared (Art. 6(2)) and no Art. 6(3) derogation is claimed", [declared_point]) if {
	annex_iii_declared
	not derogation_claimed
}

high_reasons contains sprintf("Annex III(%s) is declared (Art. 6(2)) and its Art. 6(3) derogation does not hold: %s", [declared_point, concat("; ", sort(derogation_gaps))]) if {
	annex_iii_declared
	derogation_claimed
	count(derogation_gaps) > 0
}

# A description in an Annex III area counts unless a valid derogation covers that area.
high_reasons contains sprintf("the release describes a use in Annex III(%s) (\"%s\")%s", [hit[0], hit[1], none_note]) if {
	some hit in annex_iii_hits
	not derogation_covers(hit[0])
}

derogation_covers(area) if {
	derogation_valid
	declared_area == area
}

none_note := " although spec.euAiAct.annexIII says none" if {
	declared_point
	not annex_iii_declared
}

default none_note := ""

# The lowest tier the AI Act gives the release; `lib.tier` is the higher of this and the
# declared tier.
default minimum_tier := "minimal"

minimum_tier := "high" if {
	ai_act_applies
	count(high_reasons) > 0
}

# METADATA
# title: The declared risk tier is not below the tier the AI Act gives the release
# description: >
#   The tier is derived, not only declared: an Annex I product or safety component (Art. 6(1)),
#   a declared Annex III point (Art. 6(2)) and a use the release's own description places in an
#   Annex III area are high-risk, unless a valid Art. 6(3) derogation covers that Annex III
#   point (one of the conditions (a)-(d), the assessment documented before release under
#   Art. 6(4), and no profiling of natural persons). Every other area applies its rules at the
#   higher tier either way; this finding says the declaration is wrong.
# custom:
#   id: ai-act-tier-understated
#   regime: baseline
#   severity: high
#   controls: ["EU AI Act Art. 6(1)", "EU AI Act Art. 6(2)", "EU AI Act Annex III", "EU AI Act Art. 6(3)", "EU AI Act Art. 6(4)", "EU AI Act Art. 49(2)"]
#   remediation: >
#     Declare spec.riskTier high. If an Annex III system falls under Art. 6(3), state
#     spec.euAiAct.art6_3 {condition (a-d), assessment} and profiling false, document the
#     assessment before release (Art. 6(4)) and register it (Art. 49(2)). If the description
#     only mentions an Annex III use to exclude it, move that sentence to Out-of-Scope Use.
deny contains f if {
	input.manifest.risk_tier in tiers_below_high
	minimum_tier == "high"
	f := {
		"id": "ai-act-tier-understated",
		"msg": sprintf("risk tier %s is declared, but the release is high-risk under the EU AI Act: %s", [input.manifest.risk_tier, concat("; ", sort(high_reasons))]),
		"file": lib.manifest_file,
		"target": input.manifest.risk_tier,
	}
}

# METADATA
# title: Decisions with legal effect are not minimal risk
# description: A release that takes decisions producing legal or similarly significant effects on people (GDPR Art. 22) while declaring riskTier minimal claims it needs no safeguards at all; such systems are at least subject to transparency and usually high-risk.
# custom:
#   id: ai-act-tier-legal-effect
#   regime: baseline
#   severity: medium
#   controls: ["EU AI Act Art. 6(2)", "GDPR Art. 22(1)"]
#   remediation: Assess the risk tier again (Art. 6 and Annex III) and declare it; a system that decides about people with legal or similar effect is rarely minimal risk.
warn contains f if {
	input.manifest.risk_tier == "minimal"
	input.manifest.automated_decisions.legal_or_similar_effect == true
	f := {
		"id": "ai-act-tier-legal-effect",
		"msg": "risk tier minimal is declared for a system whose decisions have legal or similarly significant effects on people",
		"file": lib.manifest_file,
		"target": "minimal",
	}
}

# --- Art. 5 prohibited practices ----------------------------------------------------------

medical_or_safety_reason if stated(object.get(screen, "medical_or_safety_reason", null))

# Evidence of an Art. 5(1) practice, per point: the screen's answer and the description.
practice_evidence contains [letter, sprintf("the Art. 5 screen answers %s: true", [q])] if {
	some q, letter in p.art5_questions
	screen[q] == true
	not excepted(letter)
}

practice_evidence contains [letter, sprintf("the release describes it (%s)", [concat(" + ", [sprintf("\"%s\"", [t]) | some t in found])])] if {
	some letter, groups in p.art5_text
	found := mentions_all(groups)
	not excepted(letter)
}

# Art. 5(1)(f): "except where the use ... is intended ... for medical or safety reasons".
excepted("f") if medical_or_safety_reason

practices contains e[0] if some e in practice_evidence

# METADATA
# title: No practice Art. 5 prohibits
# description: >
#   Art. 5(1)(a)-(h) prohibits placing on the market, putting into service or using AI systems
#   for these practices, since 2 Feb 2025 (Art. 113(a)), whatever tier the release declares.
#   A practice is recognised from a "true" answer of spec.euAiAct.art5Screen or from the
#   release's own description (workplace or education emotion inference, social scoring,
#   facial-image scraping, sensitive biometric categorisation, subliminal techniques, real-time
#   remote biometric identification for law enforcement). The 5(1)(f) exception for medical or
#   safety reasons needs art5Screen.medicalOrSafetyReason. A release that declares riskTier
#   unacceptable is doc-prohibited-practice, not this rule.
# custom:
#   id: ai-act-prohibited-practice
#   regime: eu-ai-act-prohibitions
#   effective_from: "2025-02-02"
#   severity: critical
#   controls: ["EU AI Act Art. 5(1)(a)", "EU AI Act Art. 5(1)(b)", "EU AI Act Art. 5(1)(c)", "EU AI Act Art. 5(1)(d)", "EU AI Act Art. 5(1)(e)", "EU AI Act Art. 5(1)(f)", "EU AI Act Art. 5(1)(g)", "EU AI Act Art. 5(1)(h)", "EU AI Act Art. 113(a)"]
#   remediation: >
#     Do not deploy in the EU. Change the use case so that it no longer performs the practice.
#     If the description or a screen answer is wrong, correct it; where emotion inference at work
#     or in education serves medical or safety reasons, state the reason in
#     spec.euAiAct.art5Screen.medicalOrSafetyReason.
deny contains f if {
	ai_act_applies
	some letter in practices
	evidence := sort({e[1] | some e in practice_evidence; e[0] == letter})
	f := {
		"id": "ai-act-prohibited-practice",
		"msg": sprintf("prohibited practice under EU AI Act Art. 5(1)(%s), %s: %s", [letter, p.art5_practices[letter], concat("; ", evidence)]),
		"file": lib.manifest_file,
		"target": sprintf("Art. 5(1)(%s)", [letter]),
	}
}

intimate_imagery_evidence contains "the Art. 5 screen answers intimate_imagery: true" if screen.intimate_imagery == true

intimate_imagery_evidence contains sprintf("the release describes it (%s)", [concat(" + ", [sprintf("\"%s\"", [t]) | some t in found])]) if {
	found := mentions_all(p.omnibus_intimate_imagery_text)
}

# METADATA
# title: No generator of non-consensual intimate imagery or child sexual abuse material
# description: >
#   The Digital Omnibus on AI adds to Art. 5 a prohibition of AI systems that generate
#   non-consensual intimate imagery or child sexual abuse material, applicable from 2 Dec 2026
#   (adopted by the Parliament on 16 Jun 2026 and the Council on 29 Jun 2026; its Official
#   Journal reference and point numbering are unverified, so the control names the Omnibus).
#   Recognised from art5Screen.intimateImagery or the release's description.
# custom:
#   id: ai-act-prohibited-intimate-imagery
#   regime: eu-ai-act-prohibitions-omnibus
#   effective_from: "2026-12-02"
#   severity: critical
#   controls: ["EU AI Act Art. 5 as amended by the Digital Omnibus on AI (non-consensual intimate imagery, child sexual abuse material)"]
#   remediation: Do not deploy in the EU. Remove the capability, or correct the screen answer or the description if they are wrong.
deny contains f if {
	ai_act_applies
	count(intimate_imagery_evidence) > 0
	f := {
		"id": "ai-act-prohibited-intimate-imagery",
		"msg": sprintf("generating non-consensual intimate imagery or child sexual abuse material is prohibited by the Digital Omnibus on AI: %s", [concat("; ", sort(intimate_imagery_evidence))]),
		"file": lib.manifest_file,
		"target": "intimate imagery",
	}
}

# Why the Art. 5 screen cannot be relied on.
screen_gaps contains "spec.euAiAct.art5Screen is missing" if count(screen) == 0

screen_gaps contains sprintf("unanswered: %s", [concat(", ", sort(unanswered))]) if {
	count(screen) > 0
	unanswered := {sprintf("%s (5(1)(%s))", [q, l]) | some q, l in p.art5_questions; not is_boolean(object.get(screen, q, null))}
	count(unanswered) > 0
}

screen_gaps contains "no reviewer" if {
	count(screen) > 0
	not stated(object.get(screen, "reviewer", null))
}

screen_gaps contains "no date (YYYY-MM-DD)" if {
	count(screen) > 0
	not dated(object.get(screen, "date", null))
}

screen_reasons contains "risk tier high" if lib.tier_at_least("high")

screen_reasons contains "an Annex III point is declared" if annex_iii_declared

screen_reasons contains "the release describes an Annex III use" if count(annex_iii_hits) > 0

# METADATA
# title: High-risk and Annex III releases carry a complete Art. 5 screen
# description: >
#   A release at risk tier high (declared or derived), or that declares or describes an Annex III
#   use, answers every question of the Art. 5(1)(a)-(h) screen (spec.euAiAct.art5Screen), with
#   the reviewer and the date. Without it the gate knows of a prohibited practice only from the
#   description's words.
# custom:
#   id: ai-act-prohibited-screen
#   regime: eu-ai-act-prohibitions
#   effective_from: "2025-02-02"
#   severity: medium
#   controls: ["EU AI Act Art. 5(1)(a)", "EU AI Act Art. 5(1)(b)", "EU AI Act Art. 5(1)(c)", "EU AI Act Art. 5(1)(d)", "EU AI Act Art. 5(1)(e)", "EU AI Act Art. 5(1)(f)", "EU AI Act Art. 5(1)(g)", "EU AI Act Art. 5(1)(h)", "EU AI Act Art. 113(a)"]
#   remediation: >
#     Add spec.euAiAct.art5Screen with a true/false answer to manipulation, exploitsVulnerabilities,
#     socialScoring, crimePrediction, facialScraping, emotionRecognitionWorkEducation,
#     biometricCategorisation and realtimeRemoteBiometricIdentification, the reviewer and the date.
deny contains f if {
	ai_act_applies
	count(screen_reasons) > 0
	count(screen_gaps) > 0
	f := {
		"id": "ai-act-prohibited-screen",
		"msg": sprintf("the Art. 5 prohibited-practice screen is incomplete (%s) although %s", [concat("; ", sort(screen_gaps)), concat(" and ", sort(screen_reasons))]),
		"file": lib.manifest_file,
	}
}

# --- Art. 50 transparency -----------------------------------------------------------------

criminal_law_authorised if stated(object.get(tr, "criminal_law_authorisation", null))

# Why the system is one "intended to interact directly with natural persons".
interaction_reasons contains "transparency.interactsWithNaturalPersons is true" if tr.interacts_with_natural_persons == true

interaction_reasons contains sprintf("pipeline tag %s", [pipeline_tag]) if pipeline_tag in p.interaction_pipeline_tags

interaction_reasons contains sprintf("pipeline tag %s", [pipeline_tag]) if {
	pipeline_tag in p.possibly_interactive_pipeline_tags
	not tr.interacts_with_natural_persons == false
}

interaction_reasons contains sprintf("the release describes \"%s\"", [term]) if term := mentioned(p.interaction_terms)

# METADATA
# title: People are told they are interacting with an AI system
# description: >
#   Art. 50(1): providers ensure that AI systems intended to interact directly with natural
#   persons inform them that they are interacting with an AI system, unless this is obvious to a
#   reasonably well-informed, observant and circumspect person; at the latest at the first
#   interaction (Art. 50(5)). Applies at every tier, in addition to any high-risk duty
#   (Art. 50(6)). The system is recognised from transparency.interactsWithNaturalPersons, a chat
#   pipeline tag or its description; transparency.aiDisclosure or obviousFromContext answers it.
#   Systems authorised by law to detect, prevent, investigate or prosecute criminal offences are
#   exempt unless the public can report a criminal offence through them.
# custom:
#   id: ai-act-art50-interaction-disclosure
#   regime: eu-ai-act-transparency
#   effective_from: "2026-08-02"
#   severity: high
#   controls: ["EU AI Act Art. 50(1)", "EU AI Act Art. 50(5)", "EU AI Act Art. 50(6)"]
#   remediation: >
#     Tell people at the first interaction that they are talking to an AI system and state how in
#     spec.transparency.aiDisclosure (the opening line or the UI element). If it is obvious from
#     the context, say why in spec.transparency.obviousFromContext.
deny contains f if {
	ai_act_applies
	count(interaction_reasons) > 0
	not disclosure_claimed
	not interaction_exempt
	f := {
		"id": "ai-act-art50-interaction-disclosure",
		"msg": sprintf("the system interacts directly with natural persons (%s) and the release states no AI disclosure (transparency.aiDisclosure) nor why it is obvious (transparency.obviousFromContext)", [concat("; ", sort(interaction_reasons))]),
		"file": lib.manifest_file,
	}
}

disclosure_claimed if stated(object.get(tr, "ai_disclosure", null))

disclosure_claimed if stated(object.get(tr, "obvious_from_context", null))

# A stated disclosure that the release's own description contradicts.
deny contains f if {
	ai_act_applies
	count(interaction_reasons) > 0
	disclosure_claimed
	some phrase in p.nondisclosure_terms
	mentions(phrase)
	not interaction_exempt
	f := {
		"id": "ai-act-art50-interaction-disclosure",
		"msg": sprintf("the system interacts directly with natural persons (%s) and the release describes it as \"%s\", whatever its stated disclosure", [concat("; ", sort(interaction_reasons)), phrase]),
		"file": lib.manifest_file,
	}
}

interaction_exempt if {
	criminal_law_authorised
	not tr.public_crime_reporting == true
}

generative_reasons contains "transparency.generatesSyntheticContent is true" if tr.generates_synthetic_content == true

generative_reasons contains sprintf("pipeline tag %s", [pipeline_tag]) if pipeline_tag in p.generative_pipeline_tags

generative_reasons contains "it generates deep fakes (transparency.deepfake)" if tr.deepfake == true

marking := object.get(tr, "output_marking", {})

default marking_method := ""

marking_method := lower(trim_space(m)) if {
	m := object.get(marking, "method", "")
	is_string(m)
}

marking_gaps contains sprintf("no marking method among %s (transparency.outputMarking.method)", [concat(", ", p.marking_methods)]) if not marking_method in p.marking_methods

marking_gaps contains "no way to detect the marking (transparency.outputMarking.detection)" if not stated(object.get(marking, "detection", null))

marking_exempt if {
	tr.marking_exemption in p.marking_exemptions
	stated(object.get(tr, "marking_exemption_reason", null))
}

marking_exempt if criminal_law_authorised

marking_due if {
	ai_act_applies
	count(generative_reasons) > 0
	count(marking_gaps) > 0
	not marking_exempt
}

# The Omnibus grace: on the market before `placed_before`, checked before `deadline`.
marking_grace if {
	since := tr.on_market_since
	dated(since)
	since < p.marking_legacy.placed_before
	substring(input.context.now, 0, 10) < p.marking_legacy.deadline
}

marking_msg := sprintf("the system generates synthetic content (%s) and its outputs are not marked as artificially generated: %s", [concat("; ", sort(generative_reasons)), concat("; ", sort(marking_gaps))])

# METADATA
# title: Generated content is marked as artificially generated
# description: >
#   Art. 50(2): providers of AI systems generating synthetic audio, image, video or text content
#   ensure that the outputs are marked in a machine-readable format and detectable as
#   artificially generated or manipulated. The law's exceptions: an assistive function for
#   standard editing, no substantial alteration of the deployer's input or its semantics
#   (transparency.markingExemption with its reason), or authorisation by law for criminal
#   offences. Applies at every tier. Systems on the market before 2 Aug 2026 have until
#   2 Dec 2026 (Digital Omnibus; ai-act-art50-output-marking-legacy warns until then).
# custom:
#   id: ai-act-art50-output-marking
#   regime: eu-ai-act-transparency
#   effective_from: "2026-08-02"
#   severity: high
#   controls: ["EU AI Act Art. 50(2)", "EU AI Act Art. 50(6)"]
#   remediation: >
#     Mark outputs in a machine-readable way (C2PA content credentials, a watermark or metadata)
#     and state spec.transparency.outputMarking {method, detection}. If an Art. 50(2) exception
#     applies, state markingExemption (standard_editing or no_substantial_alteration) and
#     markingExemptionReason.
deny contains f if {
	marking_due
	not marking_grace
	f := {
		"id": "ai-act-art50-output-marking",
		"msg": marking_msg,
		"file": lib.manifest_file,
	}
}

# METADATA
# title: Generated content of a system already on the market is marked by 2 Dec 2026
# description: >
#   The Digital Omnibus on AI gives systems placed on the market before 2 Aug 2026 until
#   2 Dec 2026 for the Art. 50(2) marking (params.aiact.marking_legacy; the Omnibus's Official
#   Journal reference is unverified). Until then a missing marking warns; from then on it is
#   ai-act-art50-output-marking.
# custom:
#   id: ai-act-art50-output-marking-legacy
#   regime: eu-ai-act-transparency
#   effective_from: "2026-08-02"
#   severity: medium
#   controls: ["EU AI Act Art. 50(2)", "Digital Omnibus on AI (Art. 50(2) transitional period)"]
#   remediation: Mark the outputs before the deadline and state spec.transparency.outputMarking {method, detection}.
warn contains f if {
	marking_due
	marking_grace
	f := {
		"id": "ai-act-art50-output-marking-legacy",
		"msg": sprintf("%s; on the market since %s, so due by %s", [marking_msg, tr.on_market_since, p.marking_legacy.deadline]),
		"file": lib.manifest_file,
	}
}

emotion_biocat_reasons contains "transparency.emotionRecognitionOrBiometricCategorisation is true" if tr.emotion_recognition_or_biometric_categorisation == true

emotion_biocat_reasons contains sprintf("the Art. 5 screen answers %s: true", [q]) if {
	some q in ["emotion_recognition_work_education", "biometric_categorisation"]
	screen[q] == true
}

emotion_biocat_reasons contains sprintf("the release describes \"%s\"", [term]) if term := mentioned(p.emotion_biocat_terms)

# METADATA
# title: People exposed to emotion recognition or biometric categorisation are informed
# description: >
#   Art. 50(3): deployers of an emotion recognition or a biometric categorisation system inform
#   the natural persons exposed to it of its operation, unless the system is permitted by law to
#   detect, prevent or investigate criminal offences. A deployer duty: skipped when
#   spec.euAiAct.role is provider. Applies at every tier.
# custom:
#   id: ai-act-art50-emotion-biocat-notice
#   regime: eu-ai-act-transparency
#   effective_from: "2026-08-02"
#   severity: high
#   controls: ["EU AI Act Art. 50(3)", "EU AI Act Art. 50(5)"]
#   remediation: Inform the exposed persons of the system's operation (signage, a notice before use) and state how in spec.transparency.exposedPersonsInformed.
deny contains f if {
	ai_act_applies
	deployer
	count(emotion_biocat_reasons) > 0
	not stated(object.get(tr, "exposed_persons_informed", null))
	not criminal_law_authorised
	f := {
		"id": "ai-act-art50-emotion-biocat-notice",
		"msg": sprintf("the system recognises emotions or categorises people biometrically (%s) and the release does not state how the persons exposed are informed (transparency.exposedPersonsInformed)", [concat("; ", sort(emotion_biocat_reasons))]),
		"file": lib.manifest_file,
	}
}

deepfake_gaps contains sprintf("it generates or manipulates deep fakes (%s) and states no disclosure (transparency.deepfakeDisclosure)", [concat("; ", sort(why))]) if {
	why := {"transparency.deepfake is true" | tr.deepfake == true} | {sprintf("the release describes \"%s\"", [t]) | t := mentioned(p.deepfake_terms)}
	count(why) > 0
	not stated(object.get(tr, "deepfake_disclosure", null))
}

deepfake_gaps contains "it generates or manipulates text published to inform the public on matters of public interest and states neither a disclosure (transparency.textDisclosure) nor human review or editorial control (transparency.editorialControl)" if {
	tr.public_interest_text == true
	not stated(object.get(tr, "text_disclosure", null))
	not stated(object.get(tr, "editorial_control", null))
}

# METADATA
# title: Deep fakes and AI-generated public-interest text are disclosed
# description: >
#   Art. 50(4): deployers of an AI system that generates or manipulates image, audio or video
#   content constituting a deep fake disclose that it is artificially generated or manipulated
#   (for evidently artistic, creative, satirical or fictional works, in a manner that does not
#   hamper the work); deployers of a system generating or manipulating text published to inform
#   the public on matters of public interest disclose it too, unless the text has undergone
#   human review or editorial control with editorial responsibility. Neither applies where the
#   use is authorised by law for criminal offences. A deployer duty; applies at every tier.
# custom:
#   id: ai-act-art50-deepfake-disclosure
#   regime: eu-ai-act-transparency
#   effective_from: "2026-08-02"
#   severity: high
#   controls: ["EU AI Act Art. 50(4)", "EU AI Act Art. 50(5)"]
#   remediation: >
#     Label deep fakes as artificially generated or manipulated and state how in
#     spec.transparency.deepfakeDisclosure; for public-interest text state textDisclosure, or the
#     editorial control and who holds editorial responsibility in editorialControl.
deny contains f if {
	ai_act_applies
	deployer
	not criminal_law_authorised
	some gap in deepfake_gaps
	f := {
		"id": "ai-act-art50-deepfake-disclosure",
		"msg": sprintf("Art. 50(4) disclosure missing: %s", [gap]),
		"file": lib.manifest_file,
	}
}
