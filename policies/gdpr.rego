# GDPR (Regulation (EU) 2016/679) duties for training and evaluation data holding personal data.
# Rules apply where GDPR applies: the release's jurisdictions or a dataset's subject regions
# name an EU/EEA state (params.gdpr.jurisdictions).
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
	# Risk tiers from which a DPIA reference is required for any personal data (Art. 35(1)).
	"dpia_tiers": ["high", "unacceptable"],
}

p := lib.area_params("gdpr", default_params)

gdpr_applies if {
	some r in lib.regions
	r in p.jurisdictions
}

finding(id, ds, key, msg) := {
	"id": id,
	"msg": msg,
	"file": ds.source.path,
	"line": lib.line_of(ds, key),
	"target": object.get(ds, "name", ds.source.path),
}

# METADATA
# title: Personal data needs a lawful basis
# description: Processing personal data is lawful only on one of the bases of Art. 6(1)(a)-(f).
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
	f := finding("gdpr-lawful-basis", ds, "lawful_basis", sprintf("dataset %q holds personal data but states no GDPR Art. 6(1) lawful basis", [object.get(ds, "name", ds.source.path)]))
}

# METADATA
# title: Special categories need an Art. 9(2) condition
# description: Health, biometric, genetic and the other Art. 9(1) categories may only be processed under an Art. 9(2) condition.
# custom:
#   id: gdpr-special-category-condition
#   severity: critical
#   controls: ["GDPR Art. 9(1)", "GDPR Art. 9(2)"]
#   remediation: State personalData.specialCategoryCondition (e.g. explicit_consent, scientific_research) or remove the special-category data.
deny contains f if {
	gdpr_applies
	some ds in input.datasets
	count(ds.personal_data.special_categories) > 0
	not ds.personal_data.special_category_condition
	f := finding("gdpr-special-category-condition", ds, "special_categories", sprintf("dataset %q holds special categories %v without an Art. 9(2) condition", [object.get(ds, "name", ds.source.path), ds.personal_data.special_categories]))
}

# METADATA
# title: Consent as lawful basis needs a consent record
# description: Where processing is based on consent, the controller must be able to demonstrate it (Art. 7(1)).
# custom:
#   id: gdpr-consent-record
#   severity: high
#   controls: ["GDPR Art. 7(1)", "GDPR Art. 6(1)(a)"]
#   remediation: Set personalData.consent.recorded to true with a reference to the consent records.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
	ds.personal_data.lawful_basis == "consent"
	not ds.personal_data.consent.recorded
	f := finding("gdpr-consent-record", ds, "consent", sprintf("dataset %q relies on consent but no consent record is referenced", [object.get(ds, "name", ds.source.path)]))
}

# METADATA
# title: DPIA for high-risk processing
# description: >
#   A data protection impact assessment is required before high-risk processing: personal data
#   in a release of a tier listed in params.gdpr.dpia_tiers, or any special-category data.
# custom:
#   id: gdpr-dpia
#   severity: high
#   controls: ["GDPR Art. 35(1)", "GDPR Art. 35(3)(b)"]
#   remediation: Carry out a DPIA and record personalData.dpia.reference and date in the datasheet.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
	dpia_needed(ds)
	not dpia_done(ds)
	f := finding("gdpr-dpia", ds, "dpia", sprintf("dataset %q needs a DPIA reference (risk tier %s)", [object.get(ds, "name", ds.source.path), lib.tier]))
}

dpia_needed(_) if lib.tier in p.dpia_tiers

dpia_needed(ds) if count(ds.personal_data.special_categories) > 0

dpia_done(ds) if {
	ds.personal_data.dpia.done
	ds.personal_data.dpia.reference
}

# METADATA
# title: Retention is stated and bounded
# description: Personal data is kept no longer than necessary (storage limitation).
# custom:
#   id: gdpr-retention
#   severity: medium
#   controls: ["GDPR Art. 5(1)(e)", "GDPR Art. 13(2)(a)"]
#   remediation: State personalData.retentionDays, no more than params.gdpr.max_retention_days unless justified.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
	not ds.personal_data.retention_days
	f := finding("gdpr-retention", ds, "retention_days", sprintf("dataset %q states no retention period", [object.get(ds, "name", ds.source.path)]))
}

deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
	ds.personal_data.retention_days > p.max_retention_days
	f := finding("gdpr-retention", ds, "retention_days", sprintf("dataset %q keeps personal data %d days, more than the %d allowed", [object.get(ds, "name", ds.source.path), ds.personal_data.retention_days, p.max_retention_days]))
}

# METADATA
# title: Transfers outside the EEA name a mechanism
# description: >
#   A transfer to a third country needs an adequacy decision (Art. 45), appropriate safeguards
#   such as SCCs or BCRs (Art. 46, 47) or an Art. 49 derogation.
# custom:
#   id: gdpr-transfer-mechanism
#   severity: high
#   controls: ["GDPR Art. 44", "GDPR Art. 45", "GDPR Art. 46(2)", "GDPR Art. 47", "GDPR Art. 49(1)"]
#   remediation: For each entry of personalData.transfers set mechanism to adequacy, scc, bcr or derogation_49.
deny contains f if {
	gdpr_applies
	some ds in lib.personal_datasets
	some t in ds.personal_data.transfers
	not t.destination in p.jurisdictions
	not t.destination in p.adequacy
	not has_mechanism(t)
	f := finding("gdpr-transfer-mechanism", ds, "transfers", sprintf("dataset %q is transferred to %s without an adequacy decision, SCCs, BCRs or Art. 49 derogation", [object.get(ds, "name", ds.source.path), t.destination]))
}

# Written as a helper so that an absent mechanism reads the same in OPA and regorus: OPA
# evaluates a reference inside `not x in s` outside the negation.
has_mechanism(t) if t.mechanism in {"adequacy", "scc", "bcr", "derogation_49"}

# METADATA
# title: Personal data status is stated
# description: Records of processing need to know whether a dataset holds personal data at all.
# custom:
#   id: gdpr-personal-data-unknown
#   severity: low
#   controls: ["GDPR Art. 30(1)(c)"]
#   remediation: State personalData.contains in the datasheet, or a Personal and Sensitive Information section in the dataset card.
warn contains f if {
	gdpr_applies
	some ds in input.datasets
	not "contains_personal_data" in object.keys(ds.personal_data)
	f := finding("gdpr-personal-data-unknown", ds, "personal_data", sprintf("dataset %q does not say whether it holds personal data", [object.get(ds, "name", ds.source.path)]))
}
