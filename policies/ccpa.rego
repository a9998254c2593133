# California Consumer Privacy Act as amended by the CPRA (Cal. Civ. Code 1798.100 et seq.).
# Every rule applies only where the release or its data subjects are in California
# (params.ccpa.jurisdictions). Rules about personal information skip datasets that are validly
# deidentified (1798.140(m): not personal information under 1798.140(v)(3)).
package modelgate.ccpa

import data.modelgate.lib

# Parameters (override under data.modelgate.params.ccpa).
default_params := {
	# Regions of California consumers.
	"jurisdictions": ["US-CA"],
	# De-identification methods (personalData.anonymization.method) that can be the "reasonable
	# measures" of 1798.140(m)(1). Pseudonymised information is still personal information
	# (1798.140(aa)), so pseudonymisation is not among them.
	"deidentification_methods": [
		"anonymisation", "aggregation", "differential_privacy", "k_anonymity", "synthetic_data",
	],
	# Whether a GDPR DPIA of the same processing (personalData.dpia with done and reference)
	# counts as the CCPA risk assessment of 1798.185(a)(15)(B).
	"dpia_counts_as_risk_assessment": true,
}

p := lib.area_params("ccpa", default_params)

ccpa_applies if {
	some r in lib.regions
	r in p.jurisdictions
}

name(ds) := object.get(ds, "name", ds.source.path)

# Line of a datasheet key: `ccpa.opt_out` falls back to the line of `ccpa`, then to the
# personal-data block.
key_line(ds, key) := object.get(ds.lines, key, lib.line_of(ds, split(key, ".")[0]))

finding(id, ds, key, msg) := {
	"id": id,
	"msg": msg,
	"file": ds.source.path,
	"line": key_line(ds, key),
	"target": name(ds),
}

# Datasets holding California consumers' personal information: those that state personal data,
# except the validly deidentified ones.
consumer_datasets contains ds if {
	some ds in lib.personal_datasets
	not deidentified_ok(ds)
}

deidentified_ok(ds) if {
	ds.personal_data.ccpa.deidentified == true
	count(deidentified_gaps(ds)) == 0
}

sold_or_shared(ds) if ds.personal_data.ccpa.sold == true

sold_or_shared(ds) if ds.personal_data.ccpa.shared == true

# The line key of the first of `sold` and `shared` that is true, for findings about the sale.
sale_key(ds) := sprintf("ccpa.%s", [[k | some k in ["sold", "shared"]; ds.personal_data.ccpa[k] == true][0]])

has_sensitive(ds) if count(ds.personal_data.ccpa.sensitive) > 0

# METADATA
# title: Notice at collection
# description: >
#   Where CCPA applies, consumers are told, at or before collection, the categories of personal
#   information collected and the purposes they are collected and used for.
# custom:
#   id: ccpa-notice-at-collection
#   severity: high
#   controls: ["CCPA 1798.100(a)(1)", "CCPA 1798.100(b)"]
#   remediation: >
#     Set personalData.ccpa.noticeAtCollection (a link to the notice), personalData.ccpa.purposes
#     and personalData.categories.
deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	gaps := notice_gaps(ds)
	count(gaps) > 0
	f := finding("ccpa-notice-at-collection", ds, "ccpa.notice_at_collection", sprintf("dataset %q holds California consumers' personal information but names no %s", [name(ds), concat(", ", sort(gaps))]))
}

notice_gaps(ds) := ({"notice at collection" | not ds.personal_data.ccpa.notice_at_collection} | {"purposes" | not has_purposes(ds)}) | {"categories of personal information" | not has_categories(ds)}

has_purposes(ds) if count(ds.personal_data.ccpa.purposes) > 0

has_categories(ds) if count(ds.personal_data.categories) > 0

# METADATA
# title: Retention is disclosed per category
# description: >
#   Where CCPA applies, the notice at collection says how long each category of personal
#   information is kept: one period for all (personalData.retentionDays) or one per category
#   (personalData.ccpa.retentionByCategory).
# custom:
#   id: ccpa-retention-disclosed
#   severity: medium
#   controls: ["CCPA 1798.100(a)(3)"]
#   remediation: State personalData.retentionDays, or personalData.ccpa.retentionByCategory with a period for every category of personalData.categories.
deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	not ds.personal_data.retention_days
	count(retention_by_category(ds)) == 0
	f := finding("ccpa-retention-disclosed", ds, "retention_days", sprintf("dataset %q discloses no retention period", [name(ds)]))
}

deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	not ds.personal_data.retention_days
	by := retention_by_category(ds)
	count(by) > 0
	missing := {c | some c in ds.personal_data.categories; not by[c]}
	count(missing) > 0
	f := finding("ccpa-retention-disclosed", ds, "ccpa.retention_by_category", sprintf("dataset %q discloses no retention period for %s", [name(ds), concat(", ", sort(missing))]))
}

retention_by_category(ds) := object.get(object.get(ds.personal_data, "ccpa", {}), "retention_by_category", {})

# METADATA
# title: Sale or sharing has an opt-out
# description: Where CCPA applies, consumers may opt out of the sale or sharing of their personal information.
# custom:
#   id: ccpa-opt-out
#   severity: critical
#   controls: ["CCPA 1798.120(a)", "CCPA 1798.135(a)(1)"]
#   remediation: Provide a "Do Not Sell or Share My Personal Information" link and set personalData.ccpa.optOut.
deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	sold_or_shared(ds)
	not ds.personal_data.ccpa.opt_out
	f := finding("ccpa-opt-out", ds, sale_key(ds), sprintf("dataset %q is sold or shared without an opt-out", [name(ds)]))
}

# METADATA
# title: Minors under 16 opt in to sale or sharing
# description: >
#   Where CCPA applies, personal information of consumers under 16 is not sold or shared unless
#   the consumer (aged 13 to 15) or a parent or guardian (under 13) affirmatively authorised it.
# custom:
#   id: ccpa-minors-opt-in
#   severity: critical
#   controls: ["CCPA 1798.120(c)"]
#   remediation: >
#     Stop selling or sharing minors' information, or obtain opt-in consent (parental consent
#     under 13) and set personalData.ccpa.optInMinors to true.
deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	ds.personal_data.ccpa.minors_under_16 == true
	sold_or_shared(ds)
	not ds.personal_data.ccpa.opt_in_minors
	f := finding("ccpa-minors-opt-in", ds, "ccpa.minors_under_16", sprintf("dataset %q sells or shares personal information of consumers under 16 without their opt-in consent", [name(ds)]))
}

# METADATA
# title: Use of sensitive personal information is limited
# description: >
#   Where CCPA applies, sensitive personal information is either only used for the purposes
#   1798.121(a) allows (personalData.ccpa.sensitiveUseLimited), or consumers get a "Limit the Use
#   of My Sensitive Personal Information" notice and link (personalData.ccpa.limitNotice).
# custom:
#   id: ccpa-sensitive-limit
#   severity: high
#   controls: ["CCPA 1798.121(a)", "CCPA 1798.135(a)(2)"]
#   remediation: >
#     Limit the use to the purposes of 1798.121(a) and set personalData.ccpa.sensitiveUseLimited
#     to true, or publish the limit link and set personalData.ccpa.limitNotice.
deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	has_sensitive(ds)
	not ds.personal_data.ccpa.sensitive_use_limited
	not ds.personal_data.ccpa.limit_notice
	f := finding("ccpa-sensitive-limit", ds, "ccpa.sensitive", sprintf("dataset %q uses sensitive personal information %v without limiting its use or a notice of the right to limit", [name(ds), ds.personal_data.ccpa.sensitive]))
}

# METADATA
# title: Deidentified data carries its commitments
# description: >
#   Where CCPA applies, information is deidentified only when the business takes reasonable
#   measures against reidentification (an anonymization method of
#   params.ccpa.deidentification_methods), publicly commits to keep it deidentified and not to
#   reidentify it, and contractually binds every recipient to the same; otherwise it stays
#   personal information and every other CCPA rule applies to it.
# custom:
#   id: ccpa-deidentified-commitments
#   severity: high
#   controls: ["CCPA 1798.140(m)(1)", "CCPA 1798.140(m)(2)", "CCPA 1798.140(m)(3)"]
#   remediation: >
#     Set personalData.anonymization.method and personalData.ccpa.deidentifiedCommitment
#     {publicCommitment (link), noReidentification: true, contractual: true}, or drop the
#     deidentified claim.
deny contains f if {
	ccpa_applies
	some ds in input.datasets
	ds.personal_data.ccpa.deidentified == true
	gaps := deidentified_gaps(ds)
	count(gaps) > 0
	f := finding("ccpa-deidentified-commitments", ds, "ccpa.deidentified", sprintf("dataset %q is declared deidentified without %s", [name(ds), concat(", ", sort(gaps))]))
}

deidentified_gaps(ds) := (({"reasonable measures against reidentification (1798.140(m)(1))" | not deidentification_measures(ds)} | {"a public commitment to keep it deidentified (1798.140(m)(2))" | not ds.personal_data.ccpa.deidentified_commitment.public_commitment}) | {"a commitment not to reidentify (1798.140(m)(2))" | not ds.personal_data.ccpa.deidentified_commitment.no_reidentification}) | {"contractual obligations on recipients (1798.140(m)(3))" | not ds.personal_data.ccpa.deidentified_commitment.contractual}

deidentification_measures(ds) if ds.personal_data.anonymization.method in p.deidentification_methods

# METADATA
# title: Significant-risk processing has a risk assessment
# description: >
#   Where CCPA applies, processing that presents significant risk to consumers' privacy (selling
#   or sharing, sensitive personal information, solely automated decisions with legal or
#   similarly significant effect) has a risk assessment; a GDPR DPIA of the same processing
#   counts when params.ccpa.dpia_counts_as_risk_assessment is true.
# custom:
#   id: ccpa-risk-assessment
#   severity: medium
#   controls: ["CCPA 1798.185(a)(15)(B)", "CCPA Regs. 7150"]
#   remediation: Carry out the risk assessment and set personalData.ccpa.riskAssessment to its reference (or record a DPIA that covers it).
deny contains f if {
	ccpa_applies
	some ds in consumer_datasets
	reasons := risk_reasons(ds)
	count(reasons) > 0
	not risk_assessed(ds)
	f := finding("ccpa-risk-assessment", ds, "ccpa.risk_assessment", sprintf("dataset %q needs a risk assessment: %s", [name(ds), concat(", ", sort(reasons))]))
}

risk_reasons(ds) := ({"selling or sharing" | sold_or_shared(ds)} | {"sensitive personal information" | has_sensitive(ds)}) | {"solely automated significant decisions" | admt_significant}

admt_significant if {
	input.manifest.automated_decisions.solely_automated == true
	input.manifest.automated_decisions.legal_or_similar_effect == true
}

risk_assessed(ds) if ds.personal_data.ccpa.risk_assessment

risk_assessed(ds) if {
	p.dpia_counts_as_risk_assessment == true
	ds.personal_data.dpia.done == true
	ds.personal_data.dpia.reference
}
