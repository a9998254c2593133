# GDPR (Regulation (EU) 2016/679) duties for training and evaluation data holding personal data,
# and for the decisions the model takes about people. Every rule applies only where GDPR
# applies: the release's jurisdictions or a dataset's subject regions name an EU/EEA state
# (params.gdpr.jurisdictions).
package modelgate.gdpr

import data.modelgate.lib

# Parameters (override under data.modelgate.params.gdpr).
default_params := {
	# Jurisdictions (manifest spec.jurisdictions or dataset subject regions) where GDPR applies;
	# a transfer to one of them is no Chapter V transfer.
	"jurisdictions": [
		"EU", "EEA", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
		"HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES",
		"SE", "IS", "LI", "NO",
	],
	# Codes that name the same country as an ISO 3166-1 code: UK for GB, EL (the EU's code for
	# Greece) for GR. A destination is upper-cased, cut at its first "-" (US-CA is the US) and
	# folded with this table before it is compared.
	"country_aliases": {"UK": "GB", "EL": "GR"},
	# Release environments (manifest spec.environment, compared in lower case) in which a model
	# is not put to use on people; any other environment counts as production.
	"non_production_environments": ["development", "dev", "test", "testing", "staging", "research", "sandbox"],
	# Codes of jurisdictions and subject regions that GDPR does not reach: a region is taken to
	# be outside the EU/EEA only when it is written as an ISO 3166-1 alpha-2 code, optionally
	# with an ISO 3166-2 subdivision (US, US-CA), whose country is not in `jurisdictions`. Any
	# other spelling (a country's name, "global", a three-letter code) cannot be placed, so GDPR
	# is assumed to apply: an author must not switch it off by spelling a region differently.
	"region_code_pattern": "^[A-Z]{2}(-[A-Z0-9]{1,3})?$",
	# Names of groups of states in `jurisdictions`: a transfer destination must name the state or
	# organisation that receives the data, so a group (or a code built on one, such as "EU-US")
	# is no destination inside the EEA.
	"regional_groupings": ["EU", "EEA"],
	# Values that state nothing, compared in lower case with everything but letters and digits
	# removed ("N/A", "TBD.", "-"): a reference or description holding one counts as absent.
	"placeholders": ["", "-", "n/a", "na", "none", "tbd", "todo", "to do", "unknown", "pending", "xxx", "[more information needed]"],
	# Longest retention accepted without a finding (days). Organisational policy, not a GDPR
	# figure: Art. 5(1)(e) lets data processed solely for Art. 89(1) purposes be kept longer.
	"max_retention_days": 1095,
	# The Art. 89(1) purposes (personalData.art89.purpose) for which Art. 5(1)(e) allows longer
	# storage.
	"art89_purposes": ["archiving_public_interest", "scientific_research", "historical_research", "statistics"],
	# Commission adequacy decisions (Art. 45(3)) in force, one entry per destination: the
	# decision, the first day it applies (since), the last day (until, where the decision has a
	# sunset) and its scope: "country" (the whole country or organisation), "pipeda" (only
	# recipients that are commercial organisations subject to PIPEDA; transfer pipedaCovered)
	# or "dpf_certified" (only recipients certified under the EU-US Data Privacy Framework;
	# transfer dpfCertified). Sources: the legal review §0 (verified: the list of countries,
	# the Canada and US scopes, Brazil's decision and date, the UK renewal and sunset, the EPO
	# decision date, the DPF upheld in T-553/23 with appeal C-703/25 P pending). The decision
	# numbers and dates of the other decisions are not in the review: they are taken from
	# public compliance repositories that agree with one another, not read on EUR-Lex.
	"adequacy": [
		{"country": "AD", "decision": "Commission Decision 2010/625/EU", "since": "2010-10-19", "scope": "country"},
		{"country": "AR", "decision": "Commission Decision 2003/490/EC", "since": "2003-06-30", "scope": "country"},
		{"country": "CA", "decision": "Commission Decision 2002/2/EC (PIPEDA)", "since": "2001-12-20", "scope": "pipeda"},
		{"country": "FO", "decision": "Commission Decision 2010/146/EU", "since": "2010-03-05", "scope": "country"},
		{"country": "GG", "decision": "Commission Decision 2003/821/EC", "since": "2003-11-21", "scope": "country"},
		{"country": "IL", "decision": "Commission Decision 2011/61/EU", "since": "2011-01-31", "scope": "country"},
		{"country": "IM", "decision": "Commission Decision 2004/411/EC", "since": "2004-04-28", "scope": "country"},
		{"country": "JE", "decision": "Commission Decision 2008/393/EC", "since": "2008-05-08", "scope": "country"},
		{"country": "NZ", "decision": "Commission Decision 2013/65/EU", "since": "2012-12-19", "scope": "country"},
		{"country": "CH", "decision": "Commission Decision 2000/518/EC", "since": "2000-07-26", "scope": "country"},
		{"country": "UY", "decision": "Commission Implementing Decision 2012/484/EU", "since": "2012-08-21", "scope": "country"},
		{"country": "JP", "decision": "Commission Implementing Decision (EU) 2019/419", "since": "2019-01-23", "scope": "country"},
		{"country": "KR", "decision": "Commission Implementing Decision (EU) 2022/254", "since": "2021-12-17", "scope": "country"},
		# Renewed 19 Dec 2025 until 27 Dec 2031 (review §0, verified).
		{"country": "GB", "decision": "Commission Implementing Decision (EU) 2021/1772, renewed 19 Dec 2025", "since": "2021-06-28", "until": "2031-12-27", "scope": "country"},
		# EU-US Data Privacy Framework, 10 Jul 2023 (decision number not in the review); upheld
		# in Latombe T-553/23, appeal C-703/25 P pending (review §0).
		{"country": "US", "decision": "Commission Implementing Decision (EU) 2023/1795 (EU-US Data Privacy Framework)", "since": "2023-07-10", "scope": "dpf_certified"},
		# Adopted 15 Jul 2025 (review §0; decision number not in the review).
		{"country": "EPO", "decision": "Commission adequacy decision for the European Patent Organisation", "since": "2025-07-15", "scope": "country"},
		{"country": "BR", "decision": "Commission Implementing Decision (EU) 2026/179", "since": "2026-01-26", "scope": "country"},
	],
	# Appropriate safeguards accepted for a transfer to any destination, as written in
	# personalData.transfers[].mechanism: standard contractual clauses (Art. 46(2)(c)) and
	# binding corporate rules (Art. 46(2)(b), 47).
	"transfer_mechanisms": ["scc", "bcr"],
	# Mechanisms that name an Art. 49 derogation, accepted only for an occasional transfer whose
	# justification is stated (transfer occasional: true and justification).
	"derogation_mechanisms": ["derogation_49"],
	# Risk tiers from which a DPIA reference is required for any personal data (Art. 35(1)).
	"dpia_tiers": ["high", "unacceptable"],
	# De-identification methods (personalData.anonymization.method) that protect direct
	# identifiers when the datasheet also says they were removed or replaced (Art. 4(5), 25(1),
	# 32(1)(a), 89(1)).
	"deidentification_methods": [
		"pseudonymisation", "anonymisation", "aggregation", "differential_privacy",
		"k_anonymity", "synthetic_data",
	],
	# The Art. 9(1) special categories, as written in personalData.specialCategories and in
	# fields[].personal; a field holding one must be declared as a special category.
	"special_categories": [
		"racial_or_ethnic_origin", "political_opinions", "religious_beliefs",
		"trade_union_membership", "genetic", "biometric", "health", "sex_life_or_orientation",
	],
	# The Art. 9(2)(a)-(j) conditions, as written in personalData.specialCategoryCondition.
	"special_category_conditions": [
		"explicit_consent", "employment_social_security", "vital_interests", "not_for_profit_body",
		"made_public_by_data_subject", "legal_claims", "substantial_public_interest",
		"health_or_social_care", "public_health", "archiving_research_statistics",
	],
	# The purposes (personalData.specialCategoryPurpose) each purpose-bound Art. 9(2) condition
	# covers, from the words of 9(2)(b), (c), (f), (h), (i) and (j). Credit scoring, insurance
	# pricing or marketing fit none of them.
	"special_category_purposes": {
		"employment_social_security": ["employment_law", "social_security_law", "social_protection_law"],
		"vital_interests": ["vital_interests"],
		"legal_claims": ["legal_claims", "judicial_capacity"],
		"health_or_social_care": [
			"preventive_medicine", "occupational_medicine", "working_capacity_assessment",
			"medical_diagnosis", "provision_of_health_or_social_care", "health_or_social_care_treatment",
			"management_of_health_or_social_care_systems",
		],
		"public_health": ["public_health"],
		"archiving_research_statistics": ["archiving_public_interest", "scientific_research", "historical_research", "statistics"],
	},
	# Conditions that rest on Union or Member State law (personalData.specialCategoryLawReference):
	# 9(2)(b), (g), (h) (or a contract with a health professional), (i) and (j).
	"special_conditions_needing_law": [
		"employment_social_security", "substantial_public_interest", "health_or_social_care",
		"public_health", "archiving_research_statistics",
	],
	# Conditions that need professional secrecy (Art. 9(3) for 9(2)(h)).
	"special_conditions_needing_secrecy": ["health_or_social_care"],
	# Conditions that need the Art. 89(1) safeguards (personalData.art89; 9(2)(j)).
	"special_conditions_needing_art89": ["archiving_research_statistics"],
	# Annex III points of the EU AI Act (manifest euAiAct.annexIII) whose use a condition can
	# never cover, whatever purpose the datasheet states: credit scoring (5(b)) and life and
	# health insurance pricing (5(c)) are not medicine, care or public health.
	"special_condition_excluded_uses": {
		"health_or_social_care": ["5(b)", "5(c)"],
		"public_health": ["5(b)", "5(c)"],
	},
	# Field categories (fields[].personal) that are criminal-offence data (Art. 10).
	"criminal_categories": ["criminal_convictions", "criminal_offences"],
	# Lawful bases that give data subjects the Art. 21(1) right to object: 6(1)(e) and (f).
	"objection_bases": ["public_task", "legitimate_interests"],
	# Art. 22(2) exceptions that allow solely automated decisions with legal or similarly
	# significant effect (manifest spec.automatedDecisions.exception): (a) contract, (b) law,
	# (c) explicit consent.
	"art22_exceptions": ["contract", "law", "explicit_consent"],
	# The exceptions after which the controller itself owes the Art. 22(3) measures (points (a)
	# and (c)); for (b) the authorising law lays them down.
	"art22_3_exceptions": ["contract", "explicit_consent"],
	# Whether solely automated decisions may concern children. Recital 71: "Such measure should
	# not concern a child."
	"art22_children_allowed": false,
	# Art. 9(2) conditions under which such decisions may be based on special categories
	# (Art. 22(4): 9(2)(a) explicit consent, 9(2)(g) substantial public interest).
	"art22_special_conditions": ["explicit_consent", "substantial_public_interest"],
}

p := lib.area_params("gdpr", default_params)

# GDPR applies where a region of the release or its data is in the EU/EEA, or cannot be placed
# outside it (params.gdpr.region_code_pattern): lower case, blanks, subdivisions (DE-BY) and
# names all fail closed.
gdpr_applies if {
	some r in lib.regions
	not region_outside_eea(r)
}

gdpr_applies if lib.regions_unknown

# The region is written as an ISO 3166 code whose country is not in the EU/EEA.
region_outside_eea(r) if {
	is_string(r)
	regex.match(p.region_code_pattern, upper(trim_space(r)))
	not country(r) in p.jurisdictions
}

# The datasets that hold personal data: those that say so, and those that describe personal
# fields or categories while saying no or nothing, unless they are shown anonymous (Recital 26).
# A datasheet cannot drop `contains`, or set it false over fields it marks personal, to escape.
personal_datasets contains ds if some ds in lib.personal_datasets

personal_datasets contains ds if {
	some ds in input.datasets
	not ds.personal_data.contains_personal_data == true
	personal_signals(ds)
	not shown_anonymous(ds)
}

personal_signals(ds) if count(object.get(object.get(ds, "personal_data", {}), "categories", [])) > 0

personal_signals(ds) if {
	some fld in object.get(ds, "fields", [])
	is_string(fld.personal)
	trim_space(fld.personal) != ""
}

shown_anonymous(ds) if {
	ds.personal_data.anonymization.method == "anonymisation"
	stated(object.get(ds.personal_data.anonymization, "justification", null))
}

name(ds) := object.get(ds, "name", ds.source.path)

# Line of a datasheet key: `parent.key` (e.g. `children.parental_consent`, `fields.email`) falls
# back to the line of `parent`, then to the personal-data block.
key_line(ds, key) := object.get(ds.lines, key, lib.line_of(ds, split(key, ".")[0]))

finding(id, ds, key, msg) := {
	"id": id,
	"msg": msg,
	"file": ds.source.path,
	"line": key_line(ds, key),
	"target": name(ds),
}

# Findings about the release as a whole point at the manifest's automatedDecisions block.
manifest_finding(id, msg) := {
	"id": id,
	"msg": msg,
	"file": lib.manifest_file,
	"pointer": "/spec/automatedDecisions",
	"target": object.get(input.manifest, "name", lib.manifest_file),
}

# A text fact is stated when it is a string that says something: letters or digits that are not
# a placeholder (params.gdpr.placeholders). Zero-width and other invisible characters count for
# nothing.
stated(x) if {
	is_string(x)
	t := essence(x)
	t != ""
	not t in placeholder_essences
}

essence(x) := regex.replace(lower(x), `[^\pL\pN]+`, "")

# The placeholders as `stated` compares them, folded once per evaluation rather than per call.
placeholder_essences := {essence(ph) | some ph in p.placeholders}

# A category as written in a datasheet, compared in lower case without surrounding blanks.
category(c) := lower(trim_space(c)) if is_string(c)

pd_get(ds, key) := object.get(ds.personal_data, key, null)

# METADATA
# title: Personal data needs a lawful basis
# description: >
#   Where GDPR applies, processing personal data is lawful only on one of the bases of Art.
#   6(1)(a)-(f), and the controller must be able to demonstrate it (Art. 5(2)). For training on
#   legitimate interests, EDPB Opinion 28/2024 sets out the three-step test to document.
# custom:
#   id: gdpr-lawful-basis
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: critical
#   controls: ["GDPR Art. 6(1)", "GDPR Art. 5(1)(a)", "GDPR Art. 5(2)", "EDPB Opinion 28/2024"]
#   remediation: >
#     State personalData.lawfulBasis in the datasheet (consent, contract, legal_obligation,
#     vital_interests, public_task or legitimate_interests) and keep the assessment on file.
deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	not ds.personal_data.lawful_basis
	f := finding("gdpr-lawful-basis", ds, "lawful_basis", sprintf("dataset %q holds personal data but states no GDPR Art. 6(1) lawful basis", [name(ds)]))
}

# METADATA
# title: Legitimate interests rest on a documented balancing test
# description: >
#   Where GDPR applies and the lawful basis is legitimate interests, Art. 6(1)(f) holds only
#   "except where such interests are overridden by the interests or fundamental rights and
#   freedoms of the data subject which require protection of personal data, in particular where
#   the data subject is a child". The controller must be able to show the balancing (Art. 5(2);
#   EDPB Opinion 28/2024: three steps, for development and deployment), so the dataset
#   references the legitimate-interests assessment, and where records describe children the
#   assessment weighed their interests. "Point (f) of the first subparagraph shall not apply to
#   processing carried out by public authorities in the performance of their tasks": an
#   organisation configured as a public authority (organisation.publicAuthority) cannot use it.
# custom:
#   id: gdpr-legitimate-interests-assessment
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: high
#   controls: ["GDPR Art. 6(1)(f)", "GDPR Art. 6(1) second subparagraph", "GDPR Art. 5(2)", "EDPB Opinion 28/2024"]
#   remediation: >
#     Carry out the legitimate-interests assessment (interest, necessity, balancing; children's
#     interests where records describe children) and set personalData.legitimateInterests
#     {assessmentRef, date, childrenConsidered}; a public authority processing for its tasks
#     relies on public_task (Art. 6(1)(e)) with its legal basis instead.
deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	ds.personal_data.lawful_basis == "legitimate_interests"
	gaps := lia_gaps(ds)
	count(gaps) > 0
	f := finding("gdpr-legitimate-interests-assessment", ds, "legitimate_interests", sprintf("dataset %q relies on legitimate interests (Art. 6(1)(f)) but %s", [name(ds), concat("; ", sort(gaps))]))
}

lia(ds) := object.get(ds.personal_data, "legitimate_interests", {})

lia_gaps(ds) := (({"references no legitimate-interests assessment" | not stated(object.get(lia(ds), "assessment_ref", null))} | {"its records describe children and the assessment does not say it weighed their interests (\"in particular where the data subject is a child\")" | children_present(ds); not object.get(lia(ds), "children_considered", false) == true}) | {"the organisation is a public authority, for which point (f) \"shall not apply to processing carried out by public authorities in the performance of their tasks\"" | input.organisation.public_authority == true})

children_present(ds) if ds.personal_data.children.present == true

# METADATA
# title: Data subjects can object to processing on public task or legitimate interests
# description: >
#   Where GDPR applies and the lawful basis is public task or legitimate interests
#   (params.gdpr.objection_bases), "The data subject shall have the right to object, on grounds
#   relating to his or her particular situation, at any time to processing of personal data
#   concerning him or her which is based on point (e) or (f) of Article 6(1), including
#   profiling based on those provisions" (Art. 21(1)). The dataset references the process that
#   receives objections and takes the objector's records out of the data (and the model).
# custom:
#   id: gdpr-right-to-object
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: medium
#   controls: ["GDPR Art. 21(1)", "GDPR Art. 21(4)", "GDPR Art. 12(2)"]
#   remediation: >
#     Set personalData.objectionProcess to the process (channel, assessment of compelling
#     grounds, removal from the training data) and name the right in the privacy notice.
deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	ds.personal_data.lawful_basis in p.objection_bases
	not stated(pd_get(ds, "objection_process"))
	f := finding("gdpr-right-to-object", ds, "lawful_basis", sprintf("dataset %q is processed on %s (Art. 6(1)(%s)) but references no process for objections under Art. 21(1)", [name(ds), ds.personal_data.lawful_basis, basis_letter(ds.personal_data.lawful_basis)]))
}

basis_letter(b) := object.get({"consent": "a", "contract": "b", "legal_obligation": "c", "vital_interests": "d", "public_task": "e", "legitimate_interests": "f"}, b, "?")

# METADATA
# title: Special categories need an Art. 9(2) condition that fits the purpose
# description: >
#   Where GDPR applies, health, biometric, genetic and the other Art. 9(1) categories may only
#   be processed under an Art. 9(2) condition, and only for what that condition covers. A
#   purpose-bound condition (params.gdpr.special_category_purposes) needs a purpose it names:
#   9(2)(h) covers "preventive or occupational medicine, ... medical diagnosis, the provision of
#   health or social care or treatment or the management of health or social care systems and
#   services", not credit scoring (and never a release classified under an Annex III point in
#   params.gdpr.special_condition_excluded_uses). 9(2)(b), (g), (h), (i) and (j) rest "on the
#   basis of Union or Member State law", referenced; 9(2)(h) also needs the professional
#   secrecy of Art. 9(3), and 9(2)(j) the Art. 89(1) safeguards. 9(2)(a) needs "explicit
#   consent", which ordinary consent (Art. 6(1)(a)) is not.
# custom:
#   id: gdpr-special-category-condition
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: critical
#   controls: ["GDPR Art. 9(1)", "GDPR Art. 9(2)(a)-(j)", "GDPR Art. 9(3)", "GDPR Art. 89(1)"]
#   remediation: >
#     State personalData.specialCategoryCondition with, as the condition needs,
#     specialCategoryPurpose, specialCategoryLawReference, professionalSecrecy, art89 or
#     consent.explicit; or remove the special-category data.
deny contains f if {
	gdpr_applies
	some ds in input.datasets
	count(ds.personal_data.special_categories) > 0
	not ds.personal_data.special_category_condition
	f := finding("gdpr-special-category-condition", ds, "special_categories", sprintf("dataset %q holds special categories %v without an Art. 9(2) condition", [name(ds), ds.personal_data.special_categories]))
}

deny contains f if {
	gdpr_applies
	some ds in input.datasets
	count(ds.personal_data.special_categories) > 0
	cond := ds.personal_data.special_category_condition
	gaps := special_condition_gaps(ds, cond)
	count(gaps) > 0
	f := finding("gdpr-special-category-condition", ds, "special_category_condition", sprintf("dataset %q holds special categories %v under condition %s, which does not hold: %s", [name(ds), ds.personal_data.special_categories, cond, concat("; ", sort(gaps))]))
}

special_condition_gaps(ds, cond) := ((((((
	{sprintf("%s is not an Art. 9(2) condition (%s)", [cond, concat(", ", p.special_category_conditions)]) | not cond in p.special_category_conditions} |
	{sprintf("the purpose %s is not one the condition covers (%s)", [purpose_text(ds), concat(", ", p.special_category_purposes[cond])]) | p.special_category_purposes[cond]; not purpose_fits(ds, cond)}) |
	{sprintf("the release is classified under EU AI Act Annex III(%s), a use the condition does not cover", [annex_iii]) | some annex_iii in excluded_use(cond)}) |
	{"no Union or Member State law it rests on is referenced (specialCategoryLawReference)" | cond in p.special_conditions_needing_law; not stated(pd_get(ds, "special_category_law_reference"))}) |
	{"the data is not stated to be processed under professional secrecy (Art. 9(3))" | cond in p.special_conditions_needing_secrecy; not pd_get(ds, "professional_secrecy") == true}) |
	{"no Art. 89(1) purpose and safeguards are stated (art89)" | cond in p.special_conditions_needing_art89; not art89_stated(ds)}) |
	{"the consent is not stated to be explicit (consent.explicit), and consent under Art. 6(1)(a) is not the explicit consent of Art. 9(2)(a)" | cond == "explicit_consent"; not ds.personal_data.consent.explicit == true})

purpose_text(ds) := x if {
	stated(pd_get(ds, "special_category_purpose"))
	x := ds.personal_data.special_category_purpose
} else := "(none stated)"

purpose_fits(ds, cond) if ds.personal_data.special_category_purpose in p.special_category_purposes[cond]

excluded_use(cond) := {a |
	a := annex_point(input.manifest.eu_ai_act.annex_iii)
	a in {annex_point(x) | some x in object.get(p.special_condition_excluded_uses, cond, [])}
}

# An Annex III point as "5(b)", however it is written ("5(b) ", "5b", "Annex III 5 (b)").
annex_point(x) := sprintf("%s(%s)", [m[1], lower(m[2])]) if {
	is_string(x)
	m := regex.find_all_string_submatch_n(`^(?:ANNEXIII)?(?:POINT)?([1-8])\(?([A-Z])\)?$`, regex.replace(upper(x), `[\s.]+`, ""), 1)[0]
} else := lower(trim_space(x))

art89_stated(ds) if {
	ds.personal_data.art89.purpose in p.art89_purposes
	stated(ds.personal_data.art89.safeguards)
}

# METADATA
# title: Special-category fields are declared
# description: >
#   Where GDPR applies, a field whose personal-data category is an Art. 9(1) special category
#   (params.gdpr.special_categories) must be declared in personalData.specialCategories, so that
#   the Art. 9(2) condition, the DPIA and the record of processing cover it.
# custom:
#   id: gdpr-special-category-undeclared
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: high
#   controls: ["GDPR Art. 9(1)", "GDPR Art. 30(1)(c)", "GDPR Art. 5(1)(c)"]
#   remediation: >
#     Add the category to personalData.specialCategories (with an Art. 9(2) condition), or drop
#     the field if the purpose does not need it (data minimisation).
deny contains f if {
	gdpr_applies
	some ds in input.datasets
	some fld in ds.fields
	category(fld.personal) in p.special_categories
	not declared_special(ds, category(fld.personal))
	f := finding("gdpr-special-category-undeclared", ds, sprintf("fields.%s", [fld.name]), sprintf("field %q of dataset %q holds %s, an Art. 9(1) special category the datasheet does not declare", [fld.name, name(ds), fld.personal]))
}

declared_special(ds, category) if category in ds.personal_data.special_categories

# METADATA
# title: Criminal-offence data is processed only under official authority or an authorising law
# description: >
#   Where GDPR applies, "Processing of personal data relating to criminal convictions and
#   offences or related security measures based on Article 6(1) shall be carried out only under
#   the control of official authority or when the processing is authorised by Union or Member
#   State law providing for appropriate safeguards for the rights and freedoms of data subjects"
#   (Art. 10). A dataset that holds such data (personalData.criminalData, or a field of a
#   category in params.gdpr.criminal_categories) declares it and names the authorising law or
#   the official authority's control.
# custom:
#   id: gdpr-criminal-data
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: critical
#   controls: ["GDPR Art. 10", "GDPR Art. 30(1)(c)"]
#   remediation: >
#     Set personalData.criminalData {present: true, lawReference} naming the Union or Member
#     State law that authorises the processing (or officialAuthority: true), or remove the data.
deny contains f if {
	gdpr_applies
	some ds in input.datasets
	ds.personal_data.criminal_data.present == true
	not criminal_data_authorised(ds)
	f := finding("gdpr-criminal-data", ds, "criminal_data", sprintf("dataset %q holds criminal-offence data without an authorising Union or Member State law or the control of official authority (Art. 10)", [name(ds)]))
}

deny contains f if {
	gdpr_applies
	some ds in input.datasets
	some fld in ds.fields
	category(fld.personal) in p.criminal_categories
	not ds.personal_data.criminal_data.present == true
	f := finding("gdpr-criminal-data", ds, sprintf("fields.%s", [fld.name]), sprintf("field %q of dataset %q holds %s, criminal-offence data (Art. 10) the datasheet does not declare", [fld.name, name(ds), fld.personal]))
}

criminal_data_authorised(ds) if stated(ds.personal_data.criminal_data.law_reference)

criminal_data_authorised(ds) if ds.personal_data.criminal_data.official_authority == true

criminal_data(ds) if ds.personal_data.criminal_data.present == true

criminal_data(ds) if {
	some fld in ds.fields
	category(fld.personal) in p.criminal_categories
}

# METADATA
# title: Consent is recorded
# description: >
#   Where GDPR applies and processing relies on consent (lawful basis consent, Art. 6(1)(a), or
#   the special-category condition explicit_consent, Art. 9(2)(a)), the controller must be able
#   to demonstrate it (Art. 7(1)): consent is recorded and the records are referenced.
# custom:
#   id: gdpr-consent-record
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: high
#   controls: ["GDPR Art. 7(1)", "GDPR Art. 6(1)(a)", "GDPR Art. 9(2)(a)"]
#   remediation: Set personalData.consent.recorded to true with personalData.consent.reference naming the consent records.
deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	relies_on_consent(ds)
	not consent_recorded(ds)
	f := finding("gdpr-consent-record", ds, "consent", sprintf("dataset %q relies on consent but no consent record is referenced", [name(ds)]))
}

relies_on_consent(ds) if ds.personal_data.lawful_basis == "consent"

relies_on_consent(ds) if ds.personal_data.special_category_condition == "explicit_consent"

consent_recorded(ds) if {
	ds.personal_data.consent.recorded == true
	stated(ds.personal_data.consent.reference)
}

# METADATA
# title: Consent can be withdrawn
# description: >
#   Where GDPR applies and processing relies on consent, data subjects can withdraw it at any
#   time, as easily as they gave it (Art. 7(3)); withdrawn subjects' records leave the data.
# custom:
#   id: gdpr-consent-withdrawal
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: high
#   controls: ["GDPR Art. 7(3)", "GDPR Art. 17(1)(b)"]
#   remediation: >
#     Offer a withdrawal channel, remove withdrawn subjects' records from the training data and
#     set personalData.consent.withdrawable to true.
deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	relies_on_consent(ds)
	not ds.personal_data.consent.withdrawable
	f := finding("gdpr-consent-withdrawal", ds, "consent.withdrawable", sprintf("dataset %q relies on consent but does not say that consent can be withdrawn", [name(ds)]))
}

# METADATA
# title: Children's consent is authorised by a parent and ages are verified
# description: >
#   Where GDPR applies, consent is the lawful basis and the records describe children
#   (personalData.children.present), consent must be given or authorised by the holder of
#   parental responsibility (Art. 8(1)) and the controller must make reasonable efforts to
#   verify it (Art. 8(2)). Art. 8(1) itself applies only "in relation to the offer of
#   information society services directly to a child" below 16 (a Member State may lower the
#   age to no less than 13); applying it to every consent-based dataset with children is
#   organisational policy.
# custom:
#   id: gdpr-children-consent
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: high
#   controls: ["GDPR Art. 8(1) (information society services offered directly to a child)", "GDPR Art. 8(2)"]
#   remediation: >
#     Obtain consent from the holder of parental responsibility and state
#     personalData.children.parentalConsent: true and personalData.children.ageVerification (how
#     age or parental authorisation is verified), or remove children's records.
deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	ds.personal_data.lawful_basis == "consent"
	ds.personal_data.children.present == true
	gaps := children_gaps(ds)
	count(gaps) > 0
	f := finding("gdpr-children-consent", ds, "children", sprintf("dataset %q relies on consent for children's data without %s", [name(ds), concat(" and ", sort(gaps))]))
}

children_gaps(ds) := {"parental consent (Art. 8(1))" | not ds.personal_data.children.parental_consent} | {"age verification (Art. 8(2))" | not ds.personal_data.children.age_verification}

# METADATA
# title: DPIA for high-risk processing
# description: >
#   Where GDPR applies, a data protection impact assessment is required before high-risk
#   processing of personal data: in a release of a tier listed in params.gdpr.dpia_tiers, with
#   special-category or criminal-offence data, when decisions with legal or similarly
#   significant effect are based on the model's evaluation of people (manifest
#   spec.automatedDecisions, Art. 35(3)(a)), or for large-scale profiling
#   (personalData.largeScale and personalData.profiling). The tier trigger rests on EU AI Act
#   Art. 26(9): deployers of high-risk systems use the Art. 13 information to carry out their
#   DPIA. Art. 35(3)(b) covers processing "on a large scale" of special categories and of Art.
#   10 data; requiring a DPIA for such data at any scale is organisational policy.
# custom:
#   id: gdpr-dpia
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: high
#   controls: ["GDPR Art. 35(1)", "GDPR Art. 35(3)(a)", "GDPR Art. 35(3)(b) (large scale)", "EU AI Act Art. 26(9)"]
#   remediation: Carry out a DPIA and record personalData.dpia.done, reference and date in the datasheet.
deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	reasons := dpia_reasons(ds)
	count(reasons) > 0
	not dpia_done(ds)
	f := finding("gdpr-dpia", ds, "dpia", sprintf("dataset %q needs a DPIA reference: %s", [name(ds), concat("; ", sort(reasons))]))
}

dpia_reasons(ds) := (((({sprintf("risk tier %s", [lib.tier]) | lib.tier in p.dpia_tiers} | {"special-category data" | count(ds.personal_data.special_categories) > 0}) | {"criminal-offence data" | criminal_data(ds)}) | {"decisions with legal or similarly significant effect are based on profiling" | input.manifest.automated_decisions.legal_or_similar_effect == true}) | {"large-scale profiling" | large_scale_profiling(ds)})

large_scale_profiling(ds) if {
	ds.personal_data.large_scale == true
	ds.personal_data.profiling == true
}

dpia_done(ds) if {
	ds.personal_data.dpia.done == true
	stated(ds.personal_data.dpia.reference)
}

# METADATA
# title: Retention is stated and bounded
# description: >
#   Where GDPR applies, personal data is kept no longer than necessary (storage limitation).
#   Data subjects are told "the period for which the personal data will be stored, or if that is
#   not possible, the criteria used to determine that period" (Art. 13(2)(a), 14(2)(a); also
#   Art. 30(1)(f)), so the datasheet states retentionDays or retentionCriteria. A period above
#   params.gdpr.max_retention_days (organisational policy, not a GDPR figure) is a finding,
#   unless the data is processed solely for an Art. 89(1) purpose under stated safeguards
#   (personalData.art89): Art. 5(1)(e) lets such data "be stored for longer periods". A release
#   that takes decisions with legal or similar effect about people does not process the data
#   solely for those purposes.
# custom:
#   id: gdpr-retention
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: medium
#   controls: ["GDPR Art. 5(1)(e)", "GDPR Art. 13(2)(a)", "GDPR Art. 14(2)(a)", "GDPR Art. 30(1)(f)", "GDPR Art. 89(1)"]
#   remediation: >
#     State personalData.retentionDays (at most params.gdpr.max_retention_days) or the
#     retentionCriteria; for archiving, research or statistics state personalData.art89
#     {purpose, safeguards}.
deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	not ds.personal_data.retention_days
	not stated(pd_get(ds, "retention_criteria"))
	f := finding("gdpr-retention", ds, "retention_days", sprintf("dataset %q states no retention period and no criteria that determine it", [name(ds)]))
}

deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	ds.personal_data.retention_days > p.max_retention_days
	not art89_longer_storage(ds)
	f := finding("gdpr-retention", ds, "retention_days", sprintf("dataset %q keeps personal data %d days, more than the %d allowed%s", [name(ds), ds.personal_data.retention_days, p.max_retention_days, art89_note(ds)]))
}

art89_longer_storage(ds) if {
	art89_stated(ds)
	not release_decides_about_people
}

release_decides_about_people if input.manifest.automated_decisions.legal_or_similar_effect == true

# A model released to production that profiles people or is high-risk under the EU AI Act is put
# to use on them, so its data is not processed solely for an Art. 89(1) purpose, whatever the
# automatedDecisions block says (or leaves out).
release_decides_about_people if {
	not non_production
	production_use_on_people
}

# The release names an environment that puts it to no use on people (params.gdpr
# .non_production_environments); an absent or other environment ("Production", "prod") is
# taken as production.
non_production if lower(trim_space(input.manifest.environment)) in p.non_production_environments

production_use_on_people if lib.tier_at_least("high")

production_use_on_people if input.manifest.eu_ai_act.profiling == true

production_use_on_people if {
	some ds in input.datasets
	ds.personal_data.profiling == true
}

art89_note(ds) := " (the Art. 89(1) purpose is not the sole purpose: the release takes decisions with legal or similar effect about people, or is put to use on them in production)" if {
	art89_stated(ds)
	release_decides_about_people
} else := " (no Art. 89(1) purpose and safeguards are stated)"

# METADATA
# title: Transfers outside the EEA rest on a Chapter V ground
# description: >
#   Where GDPR applies, a transfer to a third country or international organisation (Art. 44)
#   needs an adequacy decision in force for its destination and covering its recipient (Art.
#   45; params.gdpr.adequacy, judged per destination whatever the transfer's label: Canada only
#   for PIPEDA-covered commercial organisations, the US only for recipients certified under
#   the EU-US Data Privacy Framework), or appropriate safeguards such as SCCs or BCRs (Art.
#   46(2), 47), which Art. 46(1) accepts "on condition that enforceable data subject rights and
#   effective legal remedies for data subjects are available", or an Art. 49 derogation, which
#   serves occasional transfers only (its residual ground covers a transfer that "is not
#   repetitive, concerns only a limited number of data subjects") and whose justification is
#   stated. Destination codes are folded (UK is GB, EL is GR, US-CA is the US); destinations in
#   params.gdpr.jurisdictions need no ground.
# custom:
#   id: gdpr-transfer-mechanism
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: high
#   controls: ["GDPR Art. 44", "GDPR Art. 45(1)", "GDPR Art. 45(3)", "GDPR Art. 46(1)", "GDPR Art. 46(2)", "GDPR Art. 47", "GDPR Art. 49(1)", "GDPR Art. 49(1) second subparagraph"]
#   remediation: >
#     For each entry of personalData.transfers rely on an adequacy decision that covers the
#     destination and the recipient (dpfCertified for the US, pipedaCovered for Canada), or set
#     mechanism to scc or bcr, or to derogation_49 with occasional: true and the justification.
deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	some t in ds.personal_data.transfers
	not in_eea(t)
	not adequate(t)
	not safeguarded(t)
	not derogation_ok(t)
	f := finding("gdpr-transfer-mechanism", ds, "transfers", sprintf("dataset %q is transferred to %s without a Chapter V ground: %s", [name(ds), t.destination, transfer_reason(t)]))
}

# The ISO 3166-1 country (or organisation) a destination code names.
country(code) := object.get(p.country_aliases, c, c) if {
	c := split(upper(trim_space(code)), "-")[0]
}

# The destination is an EU/EEA state: a group of states (params.gdpr.regional_groupings), or a
# code built on one ("EU-US"), names no recipient's state and is judged as a third country.
in_eea(t) if {
	country(t.destination) in p.jurisdictions
	not country(t.destination) in p.regional_groupings
}

# Adequacy decisions in force for the transfer's destination at the evaluation time.
decisions_for(t) := [d |
	some d in p.adequacy
	country(d.country) == country(t.destination)
	decision_in_force(d)
]

day_ns := ((24 * 60) * 60) * 1000000000

date_ns(d) := time.parse_rfc3339_ns(sprintf("%sT00:00:00Z", [d]))

decision_in_force(d) if {
	date_ns(d.since) <= input.context.now_ns
	not decision_expired(d)
}

decision_expired(d) if input.context.now_ns >= date_ns(d.until) + day_ns

adequate(t) if {
	some d in decisions_for(t)
	scope_met(d, t)
}

scope_met(d, _) if d.scope == "country"

scope_met(d, t) if {
	d.scope == "dpf_certified"
	t.dpf_certified == true
}

scope_met(d, t) if {
	d.scope == "pipeda"
	t.pipeda_covered == true
}

safeguarded(t) if t.mechanism in p.transfer_mechanisms

derogation_ok(t) if {
	t.mechanism in p.derogation_mechanisms
	t.occasional == true
	stated(t.justification)
}

scope_words := {
	"dpf_certified": "recipients certified under the EU-US Data Privacy Framework (dpfCertified)",
	"pipeda": "commercial organisations subject to PIPEDA (pipedaCovered)",
}

transfer_reason(t) := r if {
	scopes := {object.get(scope_words, d.scope, d.scope) | some d in decisions_for(t)}
	count(scopes) > 0
	r := sprintf("the adequacy decision for %s covers only %s, and the transfer does not say its recipient is one", [country(t.destination), concat(", ", sort(scopes))])
} else := r if {
	t.mechanism == "adequacy"
	r := sprintf("it is labelled adequacy, but no adequacy decision in force covers %s (params.gdpr.adequacy)", [country(t.destination)])
} else := r if {
	t.mechanism in p.derogation_mechanisms
	r := "an Art. 49 derogation covers only an occasional transfer whose justification is stated (occasional: true, justification)"
} else := "no adequacy decision covers it and it names no SCCs, BCRs or Art. 49 derogation"

# METADATA
# title: Direct identifiers are pseudonymised or anonymised
# description: >
#   Where GDPR applies, a field marked directIdentifier in a dataset holding personal data is
#   only kept when the dataset is de-identified (an anonymization method of
#   params.gdpr.deidentification_methods with directIdentifiersRemoved) or the field states why
#   it is needed (data minimisation, data protection by design, security of processing,
#   research safeguards).
# custom:
#   id: gdpr-direct-identifiers
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: high
#   controls: ["GDPR Art. 5(1)(c)", "GDPR Art. 25(1)", "GDPR Art. 32(1)(a)", "GDPR Art. 89(1)"]
#   remediation: >
#     Drop the identifier, or pseudonymise it (e.g. a keyed hash with the key held outside the ML
#     platform) and set personalData.anonymization {method, directIdentifiersRemoved: true}; if
#     the identifier is strictly needed, say why in the field's justification.
deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	not identifiers_protected(ds)
	some fld in ds.fields
	fld.direct_identifier == true
	not fld.justification
	f := finding("gdpr-direct-identifiers", ds, sprintf("fields.%s", [fld.name]), sprintf("dataset %q keeps direct identifier %q without pseudonymisation or anonymisation (anonymization method: %s) and without a justification", [name(ds), fld.name, deidentification_method(ds)]))
}

identifiers_protected(ds) if {
	ds.personal_data.anonymization.method in p.deidentification_methods
	ds.personal_data.anonymization.direct_identifiers_removed == true
}

deidentification_method(ds) := object.get(object.get(ds.personal_data, "anonymization", {}), "method", "not stated")

# The release's decisions about people fall under Art. 22(1): they have legal or similarly
# significant effect and are taken solely by the model, or a third party draws strongly on the
# model's score for its own decision, which makes the score itself the decision (CJEU C-634/21
# SCHUFA).
art22_decisions if {
	ad := input.manifest.automated_decisions
	ad.legal_or_similar_effect == true
	art22_trigger(ad)
}

art22_trigger(ad) if ad.solely_automated == true

art22_trigger(ad) if ad.relied_on_by_third_parties == true

# The Art. 22(3) measures are owed by the controller unless the decisions rest on an authorising
# law (22(2)(b)), which lays down its own measures; a release that names no exception owes them.
owes_art22_3(ad) if ad.exception in p.art22_3_exceptions

owes_art22_3(ad) if not has_art22_exception(ad)

has_art22_exception(ad) if ad.exception in p.art22_exceptions

art22_subject := "solely automated decisions with legal or similarly significant effect" if {
	input.manifest.automated_decisions.solely_automated == true
} else := "decisions with legal or similarly significant effect that third parties draw strongly on the model's score for (C-634/21 SCHUFA)"

# METADATA
# title: Automated decisions rest on an Art. 22(2) exception with its safeguards
# description: >
#   Where GDPR applies and the release takes decisions based solely on automated processing
#   with legal or similarly significant effect (manifest spec.automatedDecisions; a score third
#   parties draw strongly on counts, CJEU C-634/21 SCHUFA), they need an Art. 22(2) exception
#   (params.gdpr.art22_exceptions). Under (b), the decision is authorised by Union or Member
#   State law, which is referenced (lawReference). Under (a) contract and (c) explicit consent,
#   "the data controller shall implement suitable measures to safeguard the data subject's
#   rights and freedoms and legitimate interests, at least the right to obtain human
#   intervention on the part of the controller, to express his or her point of view and to
#   contest the decision" (Art. 22(3); the point of view is gdpr-art22-point-of-view). Recital
#   71: "Such measure should not concern a child" (params.gdpr.art22_children_allowed).
# custom:
#   id: gdpr-automated-decision
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: critical
#   controls: ["GDPR Art. 22(1)", "GDPR Art. 22(2)(a)-(c)", "GDPR Art. 22(3)", "GDPR Recital 71", "CJEU C-634/21 SCHUFA"]
#   remediation: >
#     Put a human in the loop (solelyAutomated: false), or state spec.automatedDecisions.exception:
#     contract or explicit_consent with humanIntervention and contestation, or law with the
#     lawReference that authorises the decisions; do not take such decisions about children.
deny contains f if {
	gdpr_applies
	art22_decisions
	gaps := art22_gaps(input.manifest.automated_decisions)
	count(gaps) > 0
	f := manifest_finding("gdpr-automated-decision", sprintf("%s lack %s", [art22_subject, concat(", ", sort(gaps))]))
}

# Attack: a release that decides about people leaves spec.automatedDecisions out, and every
# Art. 22 rule goes quiet. Where the evidence says it is about people (a dataset that profiles
# them, or a high-risk release trained on personal data), the facts must be stated.
deny contains f if {
	gdpr_applies
	not input.manifest.automated_decisions
	reasons := art22_unstated_reasons
	count(reasons) > 0
	f := manifest_finding("gdpr-automated-decision", sprintf("spec.automatedDecisions does not state whether the release takes decisions about people (solely automated, legal or similarly significant effect), although %s", [concat(" and ", sort(reasons))]))
}

art22_unstated_reasons contains "a dataset is used for profiling" if {
	some ds in personal_datasets
	ds.personal_data.profiling == true
}

art22_unstated_reasons contains sprintf("the release is of risk tier %s and trained on personal data", [lib.tier]) if {
	lib.tier_at_least("high")
	count(personal_datasets) > 0
}

art22_gaps(ad) := (((({sprintf("an Art. 22(2) exception (%s)", [concat(", ", p.art22_exceptions)]) | not has_art22_exception(ad)} | {"human intervention (Art. 22(3))" | owes_art22_3(ad); not stated(object.get(ad, "human_intervention", null))}) | {"a way to contest the decision (Art. 22(3))" | owes_art22_3(ad); not stated(object.get(ad, "contestation", null))}) | {"the authorising Union or Member State law (Art. 22(2)(b), lawReference)" | ad.exception == "law"; not stated(object.get(ad, "law_reference", null))}) | {"a population without children (Recital 71: \"Such measure should not concern a child\")" | ad.affects_children == true; not p.art22_children_allowed == true})

# METADATA
# title: Data subjects of automated decisions can express their point of view
# description: >
#   Where GDPR applies and Art. 22(1) decisions rest on the contract or explicit-consent
#   exception (or on none), Art. 22(3) requires "at least the right to obtain human
#   intervention on the part of the controller, to express his or her point of view and to
#   contest the decision". The manifest states how a person puts their point of view
#   (spec.automatedDecisions.pointOfView) before or after the decision.
# custom:
#   id: gdpr-art22-point-of-view
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: high
#   controls: ["GDPR Art. 22(3)", "GDPR Art. 22(2)(a)", "GDPR Art. 22(2)(c)"]
#   remediation: State spec.automatedDecisions.pointOfView (the channel through which a person expresses their view and how it reaches the reviewer).
deny contains f if {
	gdpr_applies
	art22_decisions
	ad := input.manifest.automated_decisions
	owes_art22_3(ad)
	not stated(object.get(ad, "point_of_view", null))
	f := manifest_finding("gdpr-art22-point-of-view", sprintf("%s offer no way for a person to express his or her point of view (Art. 22(3))", [art22_subject]))
}

# METADATA
# title: Data subjects get meaningful information about automated decisions
# description: >
#   Where GDPR applies and the release takes Art. 22(1) decisions, data subjects are told of
#   their existence and given "meaningful information about the logic involved, as well as the
#   significance and the envisaged consequences of such processing" (Art. 13(2)(f), 14(2)(g))
#   and on access (Art. 15(1)(h)). The manifest references that information
#   (spec.automatedDecisions.logicInformation).
# custom:
#   id: gdpr-adm-information
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: medium
#   controls: ["GDPR Art. 13(2)(f)", "GDPR Art. 14(2)(g)", "GDPR Art. 15(1)(h)", "CJEU C-634/21 SCHUFA"]
#   remediation: >
#     Write the explanation of the logic involved, the significance and the envisaged
#     consequences for data subjects and set spec.automatedDecisions.logicInformation to it.
deny contains f if {
	gdpr_applies
	art22_decisions
	not stated(object.get(input.manifest.automated_decisions, "logic_information", null))
	f := manifest_finding("gdpr-adm-information", sprintf("%s come with no meaningful information about the logic involved, their significance and envisaged consequences (Art. 13(2)(f), 14(2)(g), 15(1)(h))", [art22_subject]))
}

# METADATA
# title: Automated decisions use special categories only on explicit consent or public interest, with safeguards
# description: >
#   Where GDPR applies, Art. 22(1) decisions may not be based on Art. 9(1) special categories
#   "unless point (a) or (g) of Article 9(2) applies" (params.gdpr.art22_special_conditions)
#   "and suitable measures to safeguard the data subject's rights and freedoms and legitimate
#   interests are in place" (Art. 22(4)): human intervention, the point of view and contestation,
#   or an authorising law (Art. 22(2)(b)) that lays them down.
# custom:
#   id: gdpr-automated-special-categories
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: critical
#   controls: ["GDPR Art. 22(4)", "GDPR Art. 9(2)(a)", "GDPR Art. 9(2)(g)"]
#   remediation: >
#     Remove the special categories from the model's data, obtain explicit consent or rely on a
#     substantial public interest in Union or Member State law, with human intervention, point of
#     view and contestation in place; or keep a human in the decision.
deny contains f if {
	gdpr_applies
	art22_decisions
	some ds in input.datasets
	count(ds.personal_data.special_categories) > 0
	gaps := art22_4_gaps(ds)
	count(gaps) > 0
	f := finding("gdpr-automated-special-categories", ds, "special_categories", sprintf("%s rely on dataset %q with special categories %v, without %s (Art. 22(4))", [art22_subject, name(ds), ds.personal_data.special_categories, concat(" and ", sort(gaps))]))
}

art22_4_gaps(ds) := {"explicit consent or substantial public interest (Art. 9(2)(a) or (g))" | not art22_special_condition(ds)} | {"suitable safeguarding measures" | not art22_4_measures(input.manifest.automated_decisions)}

art22_special_condition(ds) if ds.personal_data.special_category_condition in p.art22_special_conditions

art22_4_measures(ad) if {
	stated(object.get(ad, "human_intervention", null))
	stated(object.get(ad, "point_of_view", null))
	stated(object.get(ad, "contestation", null))
}

art22_4_measures(ad) if {
	ad.exception == "law"
	stated(object.get(ad, "law_reference", null))
}

# METADATA
# title: Processing is in the records of processing activities
# description: >
#   Where GDPR applies, every dataset holding personal data references its entry in the
#   controller's records of processing activities. The Art. 30(5) exemption for organisations
#   under 250 staff does not reach processing that is not occasional or includes Art. 9 or 10
#   data, so it almost never covers training data.
# custom:
#   id: gdpr-records-of-processing
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: medium
#   controls: ["GDPR Art. 30(1)", "GDPR Art. 30(5)", "GDPR Art. 5(2)"]
#   remediation: Record the processing (purposes, categories, recipients, transfers, retention, security measures) and set personalData.recordsOfProcessing to the entry's id or link.
deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	not ds.personal_data.records_of_processing
	f := finding("gdpr-records-of-processing", ds, "records_of_processing", sprintf("dataset %q references no entry in the records of processing activities", [name(ds)]))
}

# METADATA
# title: Data subjects are informed
# description: >
#   Where GDPR applies, data subjects are told about the processing: at collection when the data
#   comes from them (Art. 13), within a month otherwise (Art. 14). Each dataset holding personal
#   data references the notice (or the documented Art. 14(5) exemption).
# custom:
#   id: gdpr-transparency-notice
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: medium
#   controls: ["GDPR Art. 12(1)", "GDPR Art. 13(1)", "GDPR Art. 14(1)", "GDPR Art. 14(5)(b)", "GDPR Art. 5(1)(a)"]
#   remediation: Set personalData.transparencyNotice to the privacy notice that covers training models on the data (or to the assessment of an Art. 14(5) exemption).
deny contains f if {
	gdpr_applies
	some ds in personal_datasets
	not ds.personal_data.transparency_notice
	f := finding("gdpr-transparency-notice", ds, "transparency_notice", sprintf("dataset %q references no privacy notice to its data subjects", [name(ds)]))
}


# METADATA
# title: Personal data status is stated
# description: >
#   Where GDPR applies, the controller must be able to demonstrate compliance (Art. 5(2)), which
#   starts with knowing whether a dataset holds personal data at all (Art. 4(1)); the records of
#   processing (Art. 30(1)(c)) follow once it does.
# custom:
#   id: gdpr-personal-data-unknown
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: low
#   controls: ["GDPR Art. 4(1)", "GDPR Art. 5(2)"]
#   remediation: State personalData.contains in the datasheet, or a Personal and Sensitive Information section in the dataset card.
warn contains f if {
	gdpr_applies
	some ds in input.datasets
	not "contains_personal_data" in object.keys(ds.personal_data)
	f := finding("gdpr-personal-data-unknown", ds, "personal_data", sprintf("dataset %q does not say whether it holds personal data", [name(ds)]))
}

# METADATA
# title: Anonymisation claims are justified
# description: >
#   Where GDPR applies, data is anonymous only when no one can identify a person by means
#   reasonably likely to be used (Recital 26); a claim of anonymisation states why, or the data
#   stays personal data.
# custom:
#   id: gdpr-anonymisation-unjustified
#   regime: gdpr
#   effective_from: "2018-05-25"
#   severity: low
#   controls: ["GDPR Recital 26", "GDPR Art. 4(1)", "GDPR Art. 4(5)", "EDPB Opinion 28/2024"]
#   remediation: Set personalData.anonymization.justification (e.g. the motivated-intruder test or the re-identification risk assessment), or treat the data as pseudonymised personal data.
warn contains f if {
	gdpr_applies
	some ds in input.datasets
	ds.personal_data.anonymization.method == "anonymisation"
	not ds.personal_data.anonymization.justification
	f := finding("gdpr-anonymisation-unjustified", ds, "anonymization", sprintf("dataset %q claims anonymisation without a re-identification assessment", [name(ds)]))
}
