# GDPR (Regulation (EU) 2016/679) duties for training and evaluation data holding personal data,
# and for the decisions the model takes about people. Every rule applies only where GDPR
# applies: the release's jurisdictions or a dataset's subject regions name an EU/EEA state
# (params.gdpr.jurisdictions).
package modelgate.gdpr

import data.modelgate.lib

# Parameters (override under data.modelgate.params.gdpr).
default_params := {
	# Jurisdictions (manifest spec.jurisdictions or dataset subject regions) where GDPR applies.
	"jurisdictions": [
		"EU", "EEA", "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
		"HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES",
		"SE", "IS", "LI", "NO",
	],
	# Longest retention accepted without a finding (days).
	"max_retention_days": 1095,
	# Destinations covered by an EU adequacy decision (Art. 45); transfers there need no other
	# mechanism. US-DPF: US organisations certified under the EU-US Data Privacy Framework.
	"adequacy": [
		"AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY",
		"US-DPF", "BR",
	],
	# Chapter V mechanisms accepted for a transfer to any other destination: adequacy (Art. 45),
	# standard contractual clauses (Art. 46(2)(c)), binding corporate rules (Art. 47) and the
	# Art. 49 derogations, as written in personalData.transfers[].mechanism.
	"transfer_mechanisms": ["adequacy", "scc", "bcr", "derogation_49"],
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
	# Art. 22(2) exceptions that allow solely automated decisions with legal or similarly
	# significant effect (manifest spec.automatedDecisions.exception).
	"art22_exceptions": ["contract", "law", "explicit_consent"],
	# Art. 9(2) conditions under which such decisions may be based on special categories
	# (Art. 22(4): 9(2)(a) explicit consent, 9(2)(g) substantial public interest).
	"art22_special_conditions": ["explicit_consent", "substantial_public_interest"],
}

p := lib.area_params("gdpr", default_params)

gdpr_applies if {
	some r in lib.regions
	r in p.jurisdictions
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

# True when the release takes solely automated decisions with legal or similarly significant
# effect on data subjects (Art. 22(1)).
solely_automated_significant if {
	input.manifest.automated_decisions.solely_automated == true
	input.manifest.automated_decisions.legal_or_similar_effect == true
}

# METADATA
# title: Personal data needs a lawful basis
# description: Where GDPR applies, processing personal data is lawful only on one of the bases of Art. 6(1)(a)-(f).
# custom:
#   id: gdpr-lawful-basis
#   severity: critical
#   controls: ["GDPR Art. 6(1)", "GDPR Art. 5(1)(a)"]
#   remediation: >
#     State personalData.lawfulBasis in the datasheet (consent, contract, legal_obligation,
#     vital_interests, public_task or legitimate_interests) and keep the assessment on file.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
	not ds.personal_data.lawful_basis
	f := finding("gdpr-lawful-basis", ds, "lawful_basis", sprintf("dataset %q holds personal data but states no GDPR Art. 6(1) lawful basis", [name(ds)]))
}

# METADATA
# title: Special categories need an Art. 9(2) condition
# description: Where GDPR applies, health, biometric, genetic and the other Art. 9(1) categories may only be processed under an Art. 9(2) condition.
# custom:
#   id: gdpr-special-category-condition
#   severity: critical
#   controls: ["GDPR Art. 9(1)", "GDPR Art. 9(2)"]
#   remediation: State personalData.specialCategoryCondition (e.g. explicit_consent, archiving_research_statistics) or remove the special-category data.
deny contains f if {
	gdpr_applies
	some ds in input.datasets
	count(ds.personal_data.special_categories) > 0
	not ds.personal_data.special_category_condition
	f := finding("gdpr-special-category-condition", ds, "special_categories", sprintf("dataset %q holds special categories %v without an Art. 9(2) condition", [name(ds), ds.personal_data.special_categories]))
}

# METADATA
# title: Special-category fields are declared
# description: >
#   Where GDPR applies, a field whose personal-data category is an Art. 9(1) special category
#   (params.gdpr.special_categories) must be declared in personalData.specialCategories, so that
#   the Art. 9(2) condition, the DPIA and the record of processing cover it.
# custom:
#   id: gdpr-special-category-undeclared
#   severity: high
#   controls: ["GDPR Art. 9(1)", "GDPR Art. 30(1)(c)", "GDPR Art. 5(1)(c)"]
#   remediation: >
#     Add the category to personalData.specialCategories (with an Art. 9(2) condition), or drop
#     the field if the purpose does not need it (data minimisation).
deny contains f if {
	gdpr_applies
	some ds in input.datasets
	some fld in ds.fields
	fld.personal in p.special_categories
	not declared_special(ds, fld.personal)
	f := finding("gdpr-special-category-undeclared", ds, sprintf("fields.%s", [fld.name]), sprintf("field %q of dataset %q holds %s, an Art. 9(1) special category the datasheet does not declare", [fld.name, name(ds), fld.personal]))
}

declared_special(ds, category) if category in ds.personal_data.special_categories

# METADATA
# title: Consent is recorded
# description: >
#   Where GDPR applies and processing relies on consent (lawful basis consent, Art. 6(1)(a), or
#   the special-category condition explicit_consent, Art. 9(2)(a)), the controller must be able
#   to demonstrate it (Art. 7(1)): consent is recorded and the records are referenced.
# custom:
#   id: gdpr-consent-record
#   severity: high
#   controls: ["GDPR Art. 7(1)", "GDPR Art. 6(1)(a)", "GDPR Art. 9(2)(a)"]
#   remediation: Set personalData.consent.recorded to true with personalData.consent.reference naming the consent records.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
	relies_on_consent(ds)
	not consent_recorded(ds)
	f := finding("gdpr-consent-record", ds, "consent", sprintf("dataset %q relies on consent but no consent record is referenced", [name(ds)]))
}

relies_on_consent(ds) if ds.personal_data.lawful_basis == "consent"

relies_on_consent(ds) if ds.personal_data.special_category_condition == "explicit_consent"

consent_recorded(ds) if {
	ds.personal_data.consent.recorded == true
	ds.personal_data.consent.reference
}

# METADATA
# title: Consent can be withdrawn
# description: >
#   Where GDPR applies and processing relies on consent, data subjects can withdraw it at any
#   time, as easily as they gave it (Art. 7(3)); withdrawn subjects' records leave the data.
# custom:
#   id: gdpr-consent-withdrawal
#   severity: high
#   controls: ["GDPR Art. 7(3)", "GDPR Art. 17(1)(b)"]
#   remediation: >
#     Offer a withdrawal channel, remove withdrawn subjects' records from the training data and
#     set personalData.consent.withdrawable to true.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
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
#   verify it (Art. 8(2)).
# custom:
#   id: gdpr-children-consent
#   severity: high
#   controls: ["GDPR Art. 8(1)", "GDPR Art. 8(2)"]
#   remediation: >
#     Obtain consent from the holder of parental responsibility and state
#     personalData.children.parentalConsent: true and personalData.children.ageVerification (how
#     age or parental authorisation is verified), or remove children's records.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
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
#   special-category data, when decisions with legal or similarly significant effect are based
#   on the model's evaluation of people (manifest spec.automatedDecisions, Art. 35(3)(a)), or for
#   large-scale profiling (personalData.largeScale and personalData.profiling).
# custom:
#   id: gdpr-dpia
#   severity: high
#   controls: ["GDPR Art. 35(1)", "GDPR Art. 35(3)(a)", "GDPR Art. 35(3)(b)"]
#   remediation: Carry out a DPIA and record personalData.dpia.done, reference and date in the datasheet.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
	reasons := dpia_reasons(ds)
	count(reasons) > 0
	not dpia_done(ds)
	f := finding("gdpr-dpia", ds, "dpia", sprintf("dataset %q needs a DPIA reference: %s", [name(ds), concat("; ", sort(reasons))]))
}

dpia_reasons(ds) := (({sprintf("risk tier %s", [lib.tier]) | lib.tier in p.dpia_tiers} | {"special-category data" | count(ds.personal_data.special_categories) > 0}) | {"decisions with legal or similarly significant effect are based on profiling" | input.manifest.automated_decisions.legal_or_similar_effect == true}) | {"large-scale profiling" | large_scale_profiling(ds)}

large_scale_profiling(ds) if {
	ds.personal_data.large_scale == true
	ds.personal_data.profiling == true
}

dpia_done(ds) if {
	ds.personal_data.dpia.done == true
	ds.personal_data.dpia.reference
}

# METADATA
# title: Retention is stated and bounded
# description: Where GDPR applies, personal data is kept no longer than necessary (storage limitation); the period is stated and at most params.gdpr.max_retention_days.
# custom:
#   id: gdpr-retention
#   severity: medium
#   controls: ["GDPR Art. 5(1)(e)", "GDPR Art. 13(2)(a)"]
#   remediation: State personalData.retentionDays, no more than params.gdpr.max_retention_days unless justified.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
	not ds.personal_data.retention_days
	f := finding("gdpr-retention", ds, "retention_days", sprintf("dataset %q states no retention period", [name(ds)]))
}

deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
	ds.personal_data.retention_days > p.max_retention_days
	f := finding("gdpr-retention", ds, "retention_days", sprintf("dataset %q keeps personal data %d days, more than the %d allowed", [name(ds), ds.personal_data.retention_days, p.max_retention_days]))
}

# METADATA
# title: Transfers outside the EEA name a mechanism
# description: >
#   Where GDPR applies, a transfer to a third country needs an adequacy decision (Art. 45),
#   appropriate safeguards such as SCCs or BCRs (Art. 46, 47) or an Art. 49 derogation
#   (params.gdpr.transfer_mechanisms); destinations in params.gdpr.jurisdictions or
#   params.gdpr.adequacy need none.
# custom:
#   id: gdpr-transfer-mechanism
#   severity: high
#   controls: ["GDPR Art. 44", "GDPR Art. 45", "GDPR Art. 46(2)", "GDPR Art. 47", "GDPR Art. 49(1)"]
#   remediation: For each entry of personalData.transfers set mechanism to adequacy, scc, bcr or derogation_49.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
	some t in ds.personal_data.transfers
	not free_destination(t)
	not has_mechanism(t)
	f := finding("gdpr-transfer-mechanism", ds, "transfers", sprintf("dataset %q is transferred to %s without an adequacy decision, SCCs, BCRs or Art. 49 derogation", [name(ds), t.destination]))
}

# Written as helpers so that an absent value reads the same in OPA and regorus: OPA evaluates a
# reference inside `not x in s` outside the negation.
free_destination(t) if t.destination in p.jurisdictions

free_destination(t) if t.destination in p.adequacy

has_mechanism(t) if t.mechanism in p.transfer_mechanisms

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
#   severity: high
#   controls: ["GDPR Art. 5(1)(c)", "GDPR Art. 25(1)", "GDPR Art. 32(1)(a)", "GDPR Art. 89(1)"]
#   remediation: >
#     Drop the identifier, or pseudonymise it (e.g. a keyed hash with the key held outside the ML
#     platform) and set personalData.anonymization {method, directIdentifiersRemoved: true}; if
#     the identifier is strictly needed, say why in the field's justification.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
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

# METADATA
# title: Solely automated decisions offer human intervention and contestation
# description: >
#   Where GDPR applies and the release takes solely automated decisions with legal or similarly
#   significant effect (manifest spec.automatedDecisions), they need an Art. 22(2) exception
#   (params.gdpr.art22_exceptions) and the data subject's rights to obtain human intervention,
#   express their view and contest the decision (Art. 22(3)), stated whatever the exception.
# custom:
#   id: gdpr-automated-decision
#   severity: critical
#   controls: ["GDPR Art. 22(1)", "GDPR Art. 22(2)", "GDPR Art. 22(3)"]
#   remediation: >
#     Put a human in the loop (solelyAutomated: false), or state spec.automatedDecisions.exception
#     (contract, law or explicit_consent), humanIntervention (how a person reviews a decision on
#     request) and contestation (how a decision is contested) in modelgate.yaml.
deny contains f if {
	gdpr_applies
	solely_automated_significant
	gaps := art22_gaps(input.manifest.automated_decisions)
	count(gaps) > 0
	f := manifest_finding("gdpr-automated-decision", sprintf("solely automated decisions with legal or similarly significant effect lack %s", [concat(", ", sort(gaps))]))
}

art22_gaps(ad) := ({sprintf("an Art. 22(2) exception (%s)", [concat(", ", p.art22_exceptions)]) | not has_art22_exception(ad)} | {"human intervention (Art. 22(3))" | not ad.human_intervention}) | {"a way to contest the decision (Art. 22(3))" | not ad.contestation}

has_art22_exception(ad) if ad.exception in p.art22_exceptions

# METADATA
# title: Solely automated decisions use special categories only on explicit consent or public interest
# description: >
#   Where GDPR applies, solely automated decisions with legal or similarly significant effect may
#   not be based on Art. 9(1) special categories unless the Art. 9(2)(a) or (g) condition applies
#   (params.gdpr.art22_special_conditions).
# custom:
#   id: gdpr-automated-special-categories
#   severity: critical
#   controls: ["GDPR Art. 22(4)", "GDPR Art. 9(2)(a)", "GDPR Art. 9(2)(g)"]
#   remediation: >
#     Remove the special categories from the model's data, obtain explicit consent, rely on a
#     substantial public interest in Union or Member State law, or keep a human in the decision.
deny contains f if {
	gdpr_applies
	solely_automated_significant
	some ds in input.datasets
	count(ds.personal_data.special_categories) > 0
	not art22_special_condition(ds)
	f := finding("gdpr-automated-special-categories", ds, "special_categories", sprintf("solely automated decisions with legal or similarly significant effect rely on dataset %q with special categories %v, without explicit consent or substantial public interest", [name(ds), ds.personal_data.special_categories]))
}

art22_special_condition(ds) if ds.personal_data.special_category_condition in p.art22_special_conditions

# METADATA
# title: Processing is in the records of processing activities
# description: Where GDPR applies, every dataset holding personal data references its entry in the controller's records of processing activities.
# custom:
#   id: gdpr-records-of-processing
#   severity: medium
#   controls: ["GDPR Art. 30(1)", "GDPR Art. 5(2)"]
#   remediation: Record the processing (purposes, categories, recipients, transfers, retention, security measures) and set personalData.recordsOfProcessing to the entry's id or link.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
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
#   severity: medium
#   controls: ["GDPR Art. 12(1)", "GDPR Art. 13(1)", "GDPR Art. 14(1)", "GDPR Art. 5(1)(a)"]
#   remediation: Set personalData.transparencyNotice to the privacy notice that covers training models on the data (or to the assessment of an Art. 14(5) exemption).
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
	not ds.personal_data.transparency_notice
	f := finding("gdpr-transparency-notice", ds, "transparency_notice", sprintf("dataset %q references no privacy notice to its data subjects", [name(ds)]))
}

# METADATA
# title: Personal data status is stated
# description: Where GDPR applies, records of processing need to know whether a dataset holds personal data at all.
# custom:
#   id: gdpr-personal-data-unknown
#   severity: low
#   controls: ["GDPR Art. 30(1)(c)"]
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
#   severity: low
#   controls: ["GDPR Recital 26", "GDPR Art. 4(1)", "GDPR Art. 4(5)"]
#   remediation: Set personalData.anonymization.justification (e.g. the motivated-intruder test or the re-identification risk assessment), or treat the data as pseudonymised personal data.
warn contains f if {
	gdpr_applies
	some ds in input.datasets
	ds.personal_data.anonymization.method == "anonymisation"
	not ds.personal_data.anonymization.justification
	f := finding("gdpr-anonymisation-unjustified", ds, "anonymization", sprintf("dataset %q claims anonymisation without a re-identification assessment", [name(ds)]))
}
